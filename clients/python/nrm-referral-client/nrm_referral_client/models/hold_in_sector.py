from enum import StrEnum


class HoldInSector(StrEnum):
    POLICE = "police"
    PROSECUTOR = "prosecutor"

    def __str__(self) -> str:
        return str(self.value)
