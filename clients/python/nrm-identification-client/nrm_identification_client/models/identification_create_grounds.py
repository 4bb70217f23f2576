from enum import StrEnum


class IdentificationCreateGrounds(StrEnum):
    BOTH = "both"
    INDICATORS = "indicators"
    SELF_IDENTIFIED = "self_identified"

    def __str__(self) -> str:
        return str(self.value)
