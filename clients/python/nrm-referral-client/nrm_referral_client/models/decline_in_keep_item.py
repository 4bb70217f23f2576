from enum import StrEnum


class DeclineInKeepItem(StrEnum):
    NEEDS = "needs"
    NOTE = "note"

    def __str__(self) -> str:
        return str(self.value)
