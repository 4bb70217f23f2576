from enum import StrEnum


class InformedReadMethod(StrEnum):
    BOTH = "both"
    VERBAL = "verbal"
    WRITTEN = "written"

    def __str__(self) -> str:
        return str(self.value)
