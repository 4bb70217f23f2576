from enum import StrEnum


class HandoverReadMethod(StrEnum):
    BOTH = "both"
    VERBAL = "verbal"
    WRITTEN = "written"

    def __str__(self) -> str:
        return str(self.value)
