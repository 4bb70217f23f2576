"""Reference data for integrators: the consent rules, served from the tables the service
enforces (identification.domain.model), never from a copy."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from identification.domain import model
from identification.entrypoints.deps import ReferenceReaderDep
from nrm_bus.vocabulary import DataCategory, Purpose, Sector

router = APIRouter(prefix="/v1/reference", tags=["reference"])


class PurposeRuleRead(BaseModel):
    purpose: Purpose = Field(description="What a consent's data may be used for.")
    recipients: list[Sector] = Field(
        description="The sectors a consent for this purpose may name as its recipient; any "
        "other is refused (422 naming `recipient`)."
    )
    track: model.Track = Field(
        description="Assistance never depends on a consent of the justice or statistics track."
    )
    referable_with: list[DataCategory] = Field(
        description="The data categories that, in a consent for this purpose, make the person "
        "referable (the referral service learns of them); empty: such a consent never does."
    )
    child_needs_representative: bool = Field(
        description="For a child (or a person whose age is uncertain), the consent is taken "
        "only together with their guardian or representative (`with_representative`)."
    )


class ConsentRulesRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "purposes": [
                        {
                            "purpose": "shelter",
                            "recipients": ["shelter"],
                            "track": "assistance",
                            "referable_with": ["needs"],
                            "child_needs_representative": False,
                        },
                        {
                            "purpose": "law_enforcement",
                            "recipients": ["police"],
                            "track": "justice",
                            "referable_with": [],
                            "child_needs_representative": True,
                        },
                    ]
                }
            ]
        }
    )

    purposes: list[PurposeRuleRead] = Field(description="One rule per purpose.")


@router.get("/consent-rules", response_model=ConsentRulesRead)
async def consent_rules(reader: ReferenceReaderDep) -> ConsentRulesRead:
    """Which recipient sectors a consent for each purpose may name, and what each purpose
    opens: the rules every consent is checked against, as the service enforces them. Which
    consent covers each referral is on the referral service's
    `GET /v1/reference/service-consents`."""
    return ConsentRulesRead(
        purposes=[
            PurposeRuleRead.model_validate({**asdict(rule), "purpose": rule.purpose.value})
            for rule in model.purpose_rules()
        ]
    )
