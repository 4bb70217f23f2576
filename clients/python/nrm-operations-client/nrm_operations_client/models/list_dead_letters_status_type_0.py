from enum import StrEnum


class ListDeadLettersStatusType0(StrEnum):
    DISCARDED = "discarded"
    NEW = "new"
    REPLAYED = "replayed"

    def __str__(self) -> str:
        return str(self.value)
