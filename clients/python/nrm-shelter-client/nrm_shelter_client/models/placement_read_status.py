from enum import StrEnum


class PlacementReadStatus(StrEnum):
    CONFIRMED = "confirmed"
    ENDED = "ended"
    HELD = "held"
    RELEASED = "released"

    def __str__(self) -> str:
        return str(self.value)
