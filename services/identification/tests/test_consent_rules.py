"""The consent rules served as reference data are the rules consents are checked against:
every purpose with every sector, for an adult and for a child, without a database."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import get_args

import pytest

from identification.bootstrap import load_reflection_policies
from identification.domain.model import (
    Actor,
    Consent,
    Grounds,
    Identification,
    Informed,
    InvalidField,
    Person,
    Purpose,
    Representative,
    purpose_rules,
)
from nrm_bus.vocabulary import Sector

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
INFORMED = Informed("ro", "written")
ACTOR = Actor("ngo-worker", "ngo-lighthouse", "ngo")
AT = {"jurisdiction": "NO", "recorded_by": ACTOR}
RULES = {rule.purpose: rule for rule in purpose_rules()}


def give(purpose: Purpose, recipient: str, categories: list[str], **child: bool) -> Consent | str:
    """The consent, or the field that refused it."""
    try:
        return Consent.give(
            uuid.uuid4(),
            purpose,
            recipient,
            categories,
            None,
            INFORMED,
            NOW,
            **AT,  # type: ignore[arg-type]
            **child,
        )
    except InvalidField as refused:
        return refused.field


def test_every_purpose_is_served() -> None:
    assert set(RULES) == set(Purpose)


@pytest.mark.parametrize("purpose", list(Purpose))
def test_the_served_recipients_are_exactly_those_a_consent_may_name(purpose: Purpose) -> None:
    rule = RULES[purpose]
    for sector in get_args(Sector):
        outcome = give(purpose, sector, ["needs"])
        accepted = isinstance(outcome, Consent)
        assert accepted == (sector in rule.recipients), (purpose, sector, outcome)
    assert set(rule.recipients) <= set(get_args(Sector))


@pytest.mark.parametrize("purpose", list(Purpose))
def test_what_each_purpose_opens_is_what_is_served(purpose: Purpose) -> None:
    rule = RULES[purpose]
    recipient = rule.recipients[0]
    with_needs = give(purpose, recipient, ["needs"])
    without = give(purpose, recipient, ["identity"])
    assert isinstance(with_needs, Consent)
    assert isinstance(without, Consent)
    # Referable with exactly the served categories, and never without them.
    assert with_needs.covers_needs_for_assistance == bool(rule.referable_with)
    assert not without.covers_needs_for_assistance
    assert set(rule.referable_with) <= {"needs"}
    assert with_needs.covers_assistance == (rule.track == "assistance")
    # A child gives it alone only where the served rule says so.
    alone = give(purpose, recipient, ["needs"], for_child=True)
    assert (alone == "with_representative") == rule.child_needs_representative
    together = give(purpose, recipient, ["needs"], for_child=True, with_representative=True)
    assert isinstance(together, Consent)


def identified(*consents: tuple[Purpose, str, list[str]]) -> Identification:
    return Identification.record(
        grounds=Grounds.SELF_IDENTIFIED,
        indicators=[],
        exploitation_types=["labour"],
        person=Person(languages=["ro"]),
        region="North",
        jurisdiction="NO",
        consents=[
            {
                "purpose": purpose,
                "recipient": recipient,
                "data_categories": categories,
                "expires_at": None,
                "informed": INFORMED,
            }
            for purpose, recipient, categories in consents
        ],
        now=NOW,
        policies=load_reflection_policies(),
        actor=ACTOR,
        representative=Representative("guardian", "demo"),
    )


def test_a_person_is_referable_by_the_bus_window_only_with_a_consent_naming_their_needs() -> None:
    within = timedelta(seconds=3)
    shelter = identified((Purpose.SHELTER, "shelter", ["needs"]))
    assert shelter.referable_by(within) == NOW + within
    police = identified((Purpose.LAW_ENFORCEMENT, "police", ["needs", "exploitation"]))
    assert police.referable_by(within) is None
    no_needs = identified((Purpose.SHELTER, "shelter", ["identity"]))
    assert no_needs.referable_by(within) is None
    assert identified().referable_by(within) is None
