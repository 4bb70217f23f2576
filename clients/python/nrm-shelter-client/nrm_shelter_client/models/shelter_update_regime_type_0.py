from enum import StrEnum


class ShelterUpdateRegimeType0(StrEnum):
    CLOSED = "closed"
    COMMUNITY = "community"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
