from enum import StrEnum


class PurposeRuleReadTrack(StrEnum):
    ASSISTANCE = "assistance"
    JUSTICE = "justice"
    STATISTICS = "statistics"

    def __str__(self) -> str:
        return str(self.value)
