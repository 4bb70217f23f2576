from enum import StrEnum


class HandoverInMethod(StrEnum):
    BOTH = "both"
    VERBAL = "verbal"
    WRITTEN = "written"

    def __str__(self) -> str:
        return str(self.value)
