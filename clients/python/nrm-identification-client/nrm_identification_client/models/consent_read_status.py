from enum import StrEnum


class ConsentReadStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
