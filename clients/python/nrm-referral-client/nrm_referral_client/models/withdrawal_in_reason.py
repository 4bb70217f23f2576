from enum import StrEnum


class WithdrawalInReason(StrEnum):
    CONTACT_LOST = "contact_lost"
    DUPLICATE = "duplicate"
    ENTERED_IN_ERROR = "entered_in_error"
    LEFT_THE_AREA = "left_the_area"
    NEEDS_CHANGED = "needs_changed"
    SERVED_ELSEWHERE = "served_elsewhere"

    def __str__(self) -> str:
        return str(self.value)
