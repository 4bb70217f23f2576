from enum import StrEnum


class ProviderReadTargetGroupsItem(StrEnum):
    CHILDREN = "children"
    DISABILITIES = "disabilities"
    FAMILIES = "families"
    LGBTQ = "lgbtq"
    MEN = "men"
    UNSPECIFIED = "unspecified"
    WOMEN = "women"

    def __str__(self) -> str:
        return str(self.value)
