from enum import StrEnum


class MoveOutInReason(StrEnum):
    ASKED_TO_LEAVE_UNDER_HOUSE_RULE = "asked_to_leave_under_house_rule"
    LEFT_WITHOUT_NOTICE = "left_without_notice"
    MOVED_TO_OTHER_ACCOMMODATION = "moved_to_other_accommodation"
    RETURNED_HOME = "returned_home"
    TRANSFERRED = "transferred"

    def __str__(self) -> str:
        return str(self.value)
