from enum import StrEnum


class RepresentativeInRole(StrEnum):
    GUARDIAN = "guardian"
    REPRESENTATIVE = "representative"

    def __str__(self) -> str:
        return str(self.value)
