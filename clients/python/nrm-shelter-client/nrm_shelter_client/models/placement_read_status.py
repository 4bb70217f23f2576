from enum import StrEnum


class PlacementReadStatus(StrEnum):
    CONFIRMED = "confirmed"
    HELD = "held"
    RELEASED = "released"

    def __str__(self) -> str:
        return str(self.value)
