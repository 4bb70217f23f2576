from enum import StrEnum


class CaseReadRecipient(StrEnum):
    POLICE = "police"
    PROSECUTOR = "prosecutor"

    def __str__(self) -> str:
        return str(self.value)
