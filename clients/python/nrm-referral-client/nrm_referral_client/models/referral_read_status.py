from enum import StrEnum


class ReferralReadStatus(StrEnum):
    ACCEPTED = "accepted"
    COMPLETED = "completed"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"
    OFFERED = "offered"
    REQUESTED = "requested"
    WAITLISTED = "waitlisted"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
