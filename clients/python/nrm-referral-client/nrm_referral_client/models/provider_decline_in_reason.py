from enum import StrEnum


class ProviderDeclineInReason(StrEnum):
    NOT_ELIGIBLE = "not_eligible"
    NO_CAPACITY = "no_capacity"
    OTHER = "other"
    OUTSIDE_AREA = "outside_area"

    def __str__(self) -> str:
        return str(self.value)
