from enum import StrEnum


class ConsentReadRecipient(StrEnum):
    AUDIT = "audit"
    FOREIGN_COUNTERPART = "foreign_counterpart"
    HEALTH = "health"
    IMMIGRATION = "immigration"
    LABOUR_INSPECTORATE = "labour_inspectorate"
    LEGAL_AID = "legal_aid"
    NGO = "ngo"
    OPERATIONS = "operations"
    POLICE = "police"
    PROSECUTOR = "prosecutor"
    SHELTER = "shelter"
    SOCIAL_SERVICES = "social_services"

    def __str__(self) -> str:
        return str(self.value)
