"""Reference data for integrators: which consent covers each service, served from the
table referrals are checked against (referral.domain.model.consent_needed), never a copy."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from nrm_bus.vocabulary import DataCategory, Purpose, Sector
from referral.domain import model
from referral.entrypoints.api import ServiceTypeIn
from referral.entrypoints.deps import ReferenceReaderDep

router = APIRouter(prefix="/v1/reference", tags=["reference"])


class ServiceConsentRead(BaseModel):
    service_type: ServiceTypeIn = Field(description="The service a referral offers.")
    recipient: Sector = Field(
        description="The sector an active consent must name for a referral to this service; "
        "without one, POST /v1/referrals is 409 missing-consent naming it."
    )
    purposes: list[Purpose] = Field(
        description="A consent for any of these purposes covers the service (which of them "
        "a consent to this recipient may have: identification's "
        "GET /v1/reference/consent-rules). Justice and statistics purposes never do."
    )
    data_categories: list[DataCategory] = Field(
        description="The consent must include every one of these categories."
    )


class ServiceConsentsRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "services": [
                        {
                            "service_type": "shelter",
                            "recipient": "shelter",
                            "purposes": ["assistance", "shelter"],
                            "data_categories": ["needs"],
                        }
                    ]
                }
            ]
        }
    )

    services: list[ServiceConsentRead] = Field(description="One rule per service type.")


@router.get("/service-consents", response_model=ServiceConsentsRead)
async def service_consents(reader: ReferenceReaderDep) -> ServiceConsentsRead:
    """For each service type, the consent a referral to it needs: recipient sector,
    purposes and data categories, exactly as referrals are checked."""
    services = []
    for service_type in model.ServiceType:
        needed = model.consent_needed(service_type)
        services.append(
            ServiceConsentRead.model_validate(
                {
                    "service_type": service_type.value,
                    "recipient": needed.recipient,
                    "purposes": sorted(needed.purposes),
                    "data_categories": sorted(needed.data_categories),
                }
            )
        )
    return ServiceConsentsRead(services=services)
