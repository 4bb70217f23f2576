from enum import StrEnum


class ConsentCreateDataCategoriesItem(StrEnum):
    CONTACT = "contact"
    EXPLOITATION = "exploitation"
    HEALTH = "health"
    IDENTITY = "identity"
    LOCATION = "location"
    NEEDS = "needs"

    def __str__(self) -> str:
        return str(self.value)
