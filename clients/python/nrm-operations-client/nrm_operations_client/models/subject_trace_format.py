from enum import StrEnum


class SubjectTraceFormat(StrEnum):
    BUNDLE = "bundle"
    JSON = "json"

    def __str__(self) -> str:
        return str(self.value)
