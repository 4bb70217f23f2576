from enum import StrEnum


class CapacityReadRegime(StrEnum):
    CLOSED = "closed"
    COMMUNITY = "community"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
