from enum import StrEnum


class ProviderInServiceTypesItem(StrEnum):
    FAMILY = "family"
    FINANCIAL = "financial"
    LANGUAGE = "language"
    LEGAL = "legal"
    MEDICAL = "medical"
    PSYCHOLOGICAL = "psychological"
    VOCATIONAL = "vocational"

    def __str__(self) -> str:
        return str(self.value)
