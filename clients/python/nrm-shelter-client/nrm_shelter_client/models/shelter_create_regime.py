from enum import StrEnum


class ShelterCreateRegime(StrEnum):
    CLOSED = "closed"
    COMMUNITY = "community"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
