from enum import StrEnum


class CaseReadPurpose(StrEnum):
    LAW_ENFORCEMENT = "law_enforcement"
    PROSECUTION = "prosecution"

    def __str__(self) -> str:
        return str(self.value)
