"""Identification rules, without a database: self-identification suffices, consents have a
status over time, reflection periods follow the jurisdiction's policy file."""

from datetime import UTC, date, datetime, timedelta

import pytest

from identification.bootstrap import load_reflection_policies
from identification.domain.model import (
    Actor,
    Consent,
    ConsentStatus,
    DomainError,
    Grounds,
    Identification,
    Informed,
    InvalidField,
    Person,
    Purpose,
    Representative,
)

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
POLICIES = load_reflection_policies()
INFORMED = Informed("ro", "written")
ACTOR = Actor("ngo-worker", "ngo-lighthouse", "ngo")
# Where and by whom every consent in these tests is recorded.
AT = {"jurisdiction": "NO", "recorded_by": ACTOR}
GUARDIAN = Representative("guardian", "Child Welfare Service (demo)")


def identify(
    jurisdiction: str = "NO",
    grounds: Grounds = Grounds.SELF_IDENTIFIED,
    indicators: list[str] | None = None,
    **person: object,
) -> Identification:
    return Identification.record(
        grounds=grounds,
        indicators=indicators or [],
        exploitation_types=["labour"],
        person=Person(languages=["ro"], **person),  # type: ignore[arg-type]
        region="North",
        jurisdiction=jurisdiction,
        consents=[],
        now=NOW,
        policies=POLICIES,
        actor=ACTOR,
        representative=GUARDIAN if person.get("is_child") or person.get("age_uncertain") else None,
    )


def test_the_persons_own_account_is_enough() -> None:
    assert identify().grounds is Grounds.SELF_IDENTIFIED


def test_indicator_grounds_need_an_indicator() -> None:
    with pytest.raises(DomainError, match="at least one indicator"):
        identify(grounds=Grounds.INDICATORS)


@pytest.mark.parametrize(("jurisdiction", "days"), [("NO", 180), ("RS", 30)])
def test_reflection_period_follows_the_jurisdiction_policy(jurisdiction: str, days: int) -> None:
    period = identify(jurisdiction).reflection_period
    assert period.days == days
    assert period.starts_on == date(2026, 11, 1)
    assert period.ends_on == date(2026, 11, 1) + timedelta(days=days)


def test_every_policy_names_its_source() -> None:
    assert all(policy.source for policy in POLICIES.values())


@pytest.mark.parametrize(
    ("person", "group"),
    [
        ({"gender": "female"}, "women"),
        ({"gender": "male"}, "men"),
        ({"gender": "other"}, "unspecified"),
        ({"gender": "male", "is_child": True}, "children"),
    ],
)
def test_target_group_says_what_place_fits_without_saying_why(
    person: dict[str, object], group: str
) -> None:
    assert identify(**person).person.target_group == group


def test_consent_is_active_then_expires_and_can_be_withdrawn_once() -> None:
    consent = Consent.give(
        identify().subject_id,
        Purpose.SHELTER,
        "shelter",
        ["needs"],
        NOW + timedelta(days=30),
        INFORMED,
        NOW,
        **AT,
    )
    assert consent.status(NOW) is ConsentStatus.ACTIVE
    assert consent.status(NOW + timedelta(days=30)) is ConsentStatus.EXPIRED
    consent.withdraw(NOW + timedelta(days=1), ACTOR)
    assert consent.status(NOW + timedelta(days=2)) is ConsentStatus.WITHDRAWN
    with pytest.raises(DomainError, match="already withdrawn"):
        consent.withdraw(NOW + timedelta(days=2), ACTOR)


def test_consent_cannot_expire_in_the_past() -> None:
    with pytest.raises(DomainError, match="future"):
        Consent.give(
            identify().subject_id,
            Purpose.SHELTER,
            "shelter",
            ["needs"],
            NOW - timedelta(seconds=1),
            INFORMED,
            NOW,
            **AT,
        )


def test_only_police_or_prosecutor_consents_open_the_justice_track() -> None:
    subject = identify().subject_id
    police = Consent.give(
        subject, Purpose.LAW_ENFORCEMENT, "police", ["exploitation"], None, INFORMED, NOW, **AT
    )
    shelter = Consent.give(
        subject, Purpose.SHELTER, "shelter", ["needs"], None, INFORMED, NOW, **AT
    )
    assert police.opens_justice_track
    assert not police.covers_assistance
    assert shelter.covers_assistance
    assert not shelter.opens_justice_track


@pytest.mark.parametrize(
    ("purpose", "recipient"),
    [
        (Purpose.PROSECUTION, "shelter"),
        (Purpose.SHELTER, "police"),
        (Purpose.LAW_ENFORCEMENT, "ngo"),
    ],
)
def test_a_consent_goes_only_to_a_sector_that_serves_its_purpose(
    purpose: Purpose, recipient: str
) -> None:
    with pytest.raises(InvalidField) as refused:
        Consent.give(
            identify().subject_id, purpose, recipient, ["needs"], None, INFORMED, NOW, **AT
        )
    assert refused.value.field == "recipient"


def test_erasure_forgets_the_person_and_ends_their_consents_but_keeps_the_pseudonym() -> None:
    identification = identify(given_name="Ana", family_name="Test", birth_year=1999)
    identification.consents.append(
        Consent.give(
            identification.subject_id,
            Purpose.SHELTER,
            "shelter",
            ["needs"],
            None,
            INFORMED,
            NOW,
            **AT,
        )
    )
    identification.erase(NOW + timedelta(days=1))
    assert identification.person.given_name is None
    assert identification.indicators == []
    assert identification.exploitation_types == []
    assert all(
        c.status(NOW + timedelta(days=2)) is ConsentStatus.WITHDRAWN
        for c in identification.consents
    )
    with pytest.raises(DomainError, match="already erased"):
        identification.erase(NOW + timedelta(days=2))


def test_only_the_identifying_organisation_or_an_auditor_may_erase() -> None:
    identification = identify()
    assert identification.may_be_erased_by(ACTOR)
    assert identification.may_be_erased_by(Actor("auditor", "nrm-audit-office", "audit"))
    assert not identification.may_be_erased_by(Actor("police-north", "police-north", "police"))


def test_a_person_who_may_be_a_child_is_treated_as_one() -> None:
    assert identify(age_uncertain=True).person.target_group == "children"
    with pytest.raises(InvalidField) as refused:
        Identification.record(
            grounds=Grounds.SELF_IDENTIFIED,
            indicators=[],
            exploitation_types=[],
            person=Person(languages=["ro"], age_uncertain=True),
            region="North",
            jurisdiction="NO",
            consents=[],
            now=NOW,
            policies=POLICIES,
            actor=ACTOR,
        )
    assert refused.value.field == "representative"


def test_the_reflection_clock_warns_once_per_end_date_and_an_extension_rearms_it() -> None:
    period = identify(jurisdiction="SE").reflection_period  # 30 days, from NOW
    today = NOW.date()
    assert period.notices_due(today, (14, 3)) == []
    assert period.notices_due(today + timedelta(days=16), (14, 3)) == [
        (f"ending-14:{period.ends_on}", 14)
    ]
    longer = period.extend(30, "recovering", NOW, ACTOR)
    assert longer.ends_on == period.ends_on + timedelta(days=30)
    assert longer.notices_due(today + timedelta(days=16), (14, 3)) == []
    assert longer.notices_due(today + timedelta(days=60), (14, 3))[-1] == (
        f"ended:{longer.ends_on}",
        0,
    )
