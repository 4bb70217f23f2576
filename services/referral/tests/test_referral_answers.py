"""Which consent covers each service, without a database: the table referrals are checked
against is the one served as reference data."""

import uuid
from datetime import UTC, datetime
from typing import Any, get_args

import pytest

from nrm_bus.auth import Caller
from nrm_bus.gate import ConsentRecord
from nrm_bus.vocabulary import DataCategory, Purpose, Sector
from referral.domain.model import (
    NON_ASSISTANCE_PURPOSES,
    ServiceType,
    Subject,
    consent_needed,
    covering_consent,
)
from referral.service_layer import handlers

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
SUBJECT_ID = uuid.uuid4()
ACTOR = Caller("ngo-outreach", "Outreach (demo)", "ngo", frozenset(), None)


def consent(recipient: str, purpose: str, *categories: str, **overrides: Any) -> ConsentRecord:
    fields: dict[str, Any] = {
        "consent_id": uuid.uuid4(),
        "subject_id": SUBJECT_ID,
        "purpose": purpose,
        "recipient": recipient,
        "data_categories": frozenset(categories or ("needs",)),
        "expires_at": None,
        "withdrawn_at": None,
        "expired_at": None,
        **overrides,
    }
    return ConsentRecord(**fields)


def subject(*consents: ConsentRecord) -> Subject:
    return Subject(
        SUBJECT_ID, "North", "NO", "women", False, ["ro"], [c.consent_id for c in consents]
    )


def command(service_type: ServiceType = ServiceType.SHELTER) -> handlers.StartReferral:
    return handlers.StartReferral(SUBJECT_ID, service_type, {}, None, ACTOR)


@pytest.mark.parametrize("service_type", list(ServiceType))
def test_a_consent_covers_a_service_exactly_as_the_served_table_says(
    service_type: ServiceType,
) -> None:
    needed = consent_needed(service_type)
    assert not needed.purposes & NON_ASSISTANCE_PURPOSES  # help never hangs on justice
    assert needed.recipient in get_args(Sector)
    for sector in get_args(Sector):
        for purpose in get_args(Purpose):
            for categories in (("needs",), ("identity",), ("needs", "health")):
                covers = covering_consent(
                    [consent(sector, purpose, *categories)], service_type, NOW
                )
                expected = (
                    sector == needed.recipient
                    and purpose in needed.purposes
                    and needed.data_categories <= set(categories)
                )
                assert (covers is not None) == expected, (sector, purpose, categories)
    assert needed.data_categories <= set(get_args(DataCategory))


def test_a_referral_abroad_needs_a_cross_border_consent_and_shelter_any_assistance() -> None:
    assert consent_needed(ServiceType.RETURN).purposes == {"cross_border"}
    assert consent_needed(ServiceType.RETURN).recipient == "foreign_counterpart"
    assert {"shelter", "assistance"} <= consent_needed(ServiceType.SHELTER).purposes
