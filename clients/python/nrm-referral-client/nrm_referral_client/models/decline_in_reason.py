from enum import StrEnum


class DeclineInReason(StrEnum):
    DID_NOT_UNDERSTAND_OFFER = "did_not_understand_offer"
    DOES_NOT_NEED_IT = "does_not_need_it"
    DOES_NOT_SEE_SELF_AS_VICTIM = "does_not_see_self_as_victim"
    DOES_NOT_TRUST_HELPERS = "does_not_trust_helpers"
    FAMILY_NEEDS_OR_PRESSURE = "family_needs_or_pressure"
    FEAR_OF_TRAFFICKER_OR_REPRISALS = "fear_of_trafficker_or_reprisals"
    OFFER_DOES_NOT_FIT = "offer_does_not_fit"
    PROVIDER_DECLINED = "provider_declined"
    RULES_AND_RESTRICTIONS = "rules_and_restrictions"
    STIGMA = "stigma"
    WANTS_TO_MIGRATE_FURTHER = "wants_to_migrate_further"

    def __str__(self) -> str:
        return str(self.value)
