from enum import StrEnum


class AcknowledgementReadAction(StrEnum):
    ERASED = "erased"
    RESTRICTED = "restricted"

    def __str__(self) -> str:
        return str(self.value)
