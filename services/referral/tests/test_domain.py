"""Referral rules, without a database: the lifecycle, and that only a consent for the
service's own recipient sector opens it (never a justice consent)."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from nrm_bus.gate import ConsentRecord
from referral.domain.model import (
    DeclineReason,
    DomainError,
    Referral,
    ServiceType,
    Status,
    Subject,
    covering_consent,
)

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
SUBJECT = Subject(uuid.uuid4(), "North", "NO", "women", False, ["ro"])


def consent(recipient: str, purpose: str, **overrides: object) -> ConsentRecord:
    fields: dict[str, object] = {
        "consent_id": uuid.uuid4(),
        "subject_id": SUBJECT.subject_id,
        "purpose": purpose,
        "recipient": recipient,
        "data_categories": frozenset({"needs"}),
        "expires_at": None,
        "withdrawn_at": None,
        "expired_at": None,
        **overrides,
    }
    return ConsentRecord(**fields)  # type: ignore[arg-type]


def referral() -> Referral:
    return Referral.start(
        SUBJECT, ServiceType.SHELTER, None, {}, consent("shelter", "shelter"), NOW
    )


def test_only_an_active_consent_for_the_services_sector_covers_it() -> None:
    shelter = consent("shelter", "shelter")
    assert covering_consent([shelter], ServiceType.SHELTER, NOW) is shelter
    assert covering_consent([shelter], ServiceType.MEDICAL, NOW) is None
    expired = consent("shelter", "shelter", expires_at=NOW - timedelta(seconds=1))
    withdrawn = consent("shelter", "shelter", withdrawn_at=NOW - timedelta(days=1))
    assert covering_consent([expired, withdrawn], ServiceType.SHELTER, NOW) is None


@pytest.mark.parametrize("purpose", ["law_enforcement", "prosecution", "statistics"])
def test_a_justice_or_statistics_consent_never_opens_assistance(purpose: str) -> None:
    assert covering_consent([consent("shelter", purpose)], ServiceType.SHELTER, NOW) is None


def test_offer_accept_keeps_the_full_history() -> None:
    shelter_referral = referral()
    placement = {
        "shelter_id": str(uuid.uuid4()),
        "shelter_name": "H",
        "placement_id": "p",
        "hold_expires_at": (NOW + timedelta(hours=24)).isoformat(),
    }
    shelter_referral.offer(placement, NOW)
    shelter_referral.accept(NOW + timedelta(hours=1))
    assert shelter_referral.status is Status.ACCEPTED
    assert [entry["status"] for entry in shelter_referral.history] == [
        "requested",
        "offered",
        "accepted",
    ]


def test_declining_is_recorded_with_its_reason_and_drops_the_placement() -> None:
    shelter_referral = referral()
    shelter_referral.offer({"shelter_id": "s"}, NOW)
    shelter_referral.decline(DeclineReason.FEAR_OF_TRAFFICKER_OR_REPRISALS, None, NOW)
    assert shelter_referral.status is Status.DECLINED
    assert shelter_referral.placement is None
    assert shelter_referral.history[-1]["reason"] == "fear_of_trafficker_or_reprisals"


@pytest.mark.parametrize("move", ["accept", "waitlist"])
def test_impossible_transitions_are_refused_and_change_nothing(move: str) -> None:
    declined = referral()
    declined.decline(DeclineReason.DOES_NOT_NEED_IT, None, NOW)
    before = list(declined.history)
    with pytest.raises(DomainError, match="declined referral cannot become"):
        getattr(declined, move)(NOW)
    assert declined.status is Status.DECLINED
    assert declined.history == before


def test_an_offer_whose_hold_expired_is_withdrawn_and_drops_the_placement() -> None:
    shelter_referral = referral()
    shelter_referral.offer({"shelter_id": "s", "placement_id": "p"}, NOW)
    shelter_referral.expire_hold(NOW + timedelta(hours=24))
    assert shelter_referral.status is Status.WITHDRAWN
    assert shelter_referral.placement is None
    assert shelter_referral.history[-1] == {
        "status": "withdrawn",
        "at": (NOW + timedelta(hours=24)).isoformat(),
        "reason": "hold_expired",
    }


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_only_an_open_offer_can_expire(answer: str) -> None:
    answered = referral()
    answered.offer({"shelter_id": "s"}, NOW)
    if answer == "accept":
        answered.accept(NOW)
    else:
        answered.decline(DeclineReason.DOES_NOT_NEED_IT, None, NOW)
    before = (answered.status, list(answered.history))
    with pytest.raises(DomainError, match="no hold to expire"):
        answered.expire_hold(NOW)
    assert (answered.status, answered.history) == before


def test_an_expired_offer_cannot_be_accepted() -> None:
    shelter_referral = referral()
    shelter_referral.offer(
        {"shelter_id": "s", "hold_expires_at": (NOW + timedelta(hours=24)).isoformat()}, NOW
    )
    with pytest.raises(DomainError, match="expired"):
        shelter_referral.accept(NOW + timedelta(hours=24))
    assert shelter_referral.status is Status.OFFERED
    shelter_referral.accept(NOW + timedelta(hours=23))
    assert shelter_referral.status is Status.ACCEPTED


def test_withdrawing_the_consent_ends_an_open_referral() -> None:
    open_referral = referral()
    assert open_referral.is_open
    open_referral.withdraw_for_consent(NOW)
    assert open_referral.status is Status.WITHDRAWN
    assert open_referral.history[-1]["reason"] == "consent_withdrawn"
    assert not open_referral.is_open


def test_after_a_decline_only_what_the_person_agreed_to_keep_is_kept() -> None:
    forgetful = Referral.start(
        SUBJECT,
        ServiceType.SHELTER,
        None,
        {"with_children": True},
        consent("shelter", "shelter"),
        NOW,
    )
    forgetful.decline(DeclineReason.STIGMA, "afraid of what her family will say", NOW)
    assert forgetful.needs == {}
    assert "note" not in forgetful.history[-1]
    assert forgetful.history[-1]["reason"] == "stigma"

    keeping = Referral.start(
        SUBJECT,
        ServiceType.SHELTER,
        None,
        {"with_children": True},
        consent("shelter", "shelter"),
        NOW,
    )
    keeping.decline(DeclineReason.STIGMA, "call back in May", NOW, frozenset({"needs", "note"}))
    assert keeping.needs == {"with_children": True}
    assert keeping.history[-1]["note"] == "call back in May"
    assert keeping.history[-1]["kept"] == ["needs", "note"]
