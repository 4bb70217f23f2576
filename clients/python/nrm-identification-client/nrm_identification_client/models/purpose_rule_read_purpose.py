from enum import StrEnum


class PurposeRuleReadPurpose(StrEnum):
    ASSISTANCE = "assistance"
    CROSS_BORDER = "cross_border"
    HEALTH = "health"
    LAW_ENFORCEMENT = "law_enforcement"
    LEGAL_AID = "legal_aid"
    PROSECUTION = "prosecution"
    RETURN = "return"
    SHELTER = "shelter"
    SOCIAL_SERVICES = "social_services"
    STATISTICS = "statistics"

    def __str__(self) -> str:
        return str(self.value)
