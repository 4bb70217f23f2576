from enum import StrEnum


class ReferralReadServiceType(StrEnum):
    FAMILY = "family"
    FINANCIAL = "financial"
    LANGUAGE = "language"
    LEGAL = "legal"
    MEDICAL = "medical"
    PSYCHOLOGICAL = "psychological"
    RETURN = "return"
    SHELTER = "shelter"
    VOCATIONAL = "vocational"

    def __str__(self) -> str:
        return str(self.value)
