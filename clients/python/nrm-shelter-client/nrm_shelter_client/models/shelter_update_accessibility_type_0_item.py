from enum import StrEnum


class ShelterUpdateAccessibilityType0Item(StrEnum):
    HEARING_LOOP = "hearing_loop"
    STEP_FREE = "step_free"
    VISUAL_AIDS = "visual_aids"
    WHEELCHAIR = "wheelchair"

    def __str__(self) -> str:
        return str(self.value)
