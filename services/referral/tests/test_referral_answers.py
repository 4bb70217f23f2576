"""What a referral is answered, without a database: which consent covers each service (the
table that is also served as reference data), and the decision between a referral, a
missing consent, a person whose identification is on its way and one never heard of."""

import asyncio
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, get_args

import pytest

from nrm_bus.arrivals import SubjectArrivals
from nrm_bus.auth import Caller
from nrm_bus.contracts import build_event
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


def decide(person: Subject | None, *consents: ConsentRecord) -> Any:
    try:
        return handlers.consent_for_referral(command(), person, list(consents), NOW)
    except handlers.DomainError as refused:
        return refused


def test_a_person_never_heard_of_is_unknown_even_with_a_justice_consent() -> None:
    assert isinstance(decide(None), handlers.SubjectUnknown)
    # Whether someone consented to the police is not for every referrer to learn.
    police = consent("police", "law_enforcement", "exploitation")
    statistics = consent("operations", "statistics")
    assert isinstance(decide(None, police, statistics), handlers.SubjectUnknown)


def test_a_consent_that_does_not_cover_is_missing_consent_whether_or_not_the_person_arrived() -> (
    None
):
    health = consent("health", "health")
    no_needs = consent("shelter", "shelter", "identity")
    withdrawn = consent("shelter", "shelter", withdrawn_at=NOW - timedelta(days=1))
    for consents in ([health], [no_needs], [withdrawn]):
        unheard = decide(None, *consents)
        assert isinstance(unheard, handlers.MissingConsent)
        assert unheard.recipient == "shelter"
        assert not unheard.subject_known
        known = decide(subject(*consents), *consents)
        assert isinstance(known, handlers.MissingConsent)
        assert known.subject_known
        assert "needs" in str(known)


def test_an_identification_on_its_way_is_not_yet_known() -> None:
    shelter = consent("shelter", "shelter")
    # The consent has come, the identification it came with not yet.
    assert isinstance(decide(None, shelter), handlers.SubjectNotYetKnown)
    # The identification has come, one of its consents not yet.
    police = consent("police", "law_enforcement")
    assert isinstance(decide(subject(shelter, police), shelter), handlers.SubjectNotYetKnown)
    # Everything has come.
    person = subject(shelter, police)
    assert decide(person, shelter, police) == (person, shelter)


class Attempts:
    """start_referral as the waiting loop sees it: each call gives the next outcome."""

    def __init__(self, *outcomes: Any) -> None:
        self.outcomes = list(outcomes)
        self.calls = 0
        self.settled = 0

    async def start(self, *_: Any) -> Any:
        self.calls += 1
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    async def settle(self) -> None:
        self.settled += 1


class NoUnitOfWork:
    async def __aenter__(self) -> "NoUnitOfWork":
        return self

    async def __aexit__(self, *_: object) -> None:
        return None


def missing(*, subject_known: bool) -> handlers.MissingConsent:
    return handlers.MissingConsent(consent_needed(ServiceType.SHELTER), subject_known=subject_known)


async def waited(
    monkeypatch: pytest.MonkeyPatch,
    attempts: Attempts,
    within_s: float = 5.0,
    arrivals: SubjectArrivals | None = None,
    during: Callable[[], Any] | None = None,
) -> Any:
    monkeypatch.setattr(handlers, "start_referral", attempts.start)
    call = handlers.start_referral_when_known(
        command(),
        NoUnitOfWork,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        arrivals or SubjectArrivals(),
        within_s=within_s,
        settle=attempts.settle,
    )
    task = asyncio.ensure_future(call)
    if during is not None:
        await during()
    try:
        return await task
    except handlers.DomainError as refused:
        return refused


async def test_a_missing_consent_decided_before_the_person_arrived_is_checked_once_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The covering consent was the next one applied: after the batch in hand, it is there.
    attempts = Attempts(missing(subject_known=False), "referral")
    assert await waited(monkeypatch, attempts) == "referral"
    assert (attempts.calls, attempts.settled) == (2, 1)
    # Still missing after that: answered, without waiting for anything more.
    attempts = Attempts(missing(subject_known=False))
    assert isinstance(await waited(monkeypatch, attempts), handlers.MissingConsent)
    assert (attempts.calls, attempts.settled) == (2, 1)
    # Decided with the person and all their consents here: answered at once.
    attempts = Attempts(missing(subject_known=True))
    assert isinstance(await waited(monkeypatch, attempts), handlers.MissingConsent)
    assert (attempts.calls, attempts.settled) == (1, 0)


async def test_a_person_never_heard_of_is_waited_for_only_within_the_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attempts = Attempts(handlers.SubjectUnknown("no person"))
    started = time.monotonic()
    refused = await waited(monkeypatch, attempts, within_s=0.3)
    assert isinstance(refused, handlers.SubjectUnknown)
    assert 0.3 <= time.monotonic() - started < 5
    assert attempts.calls == 2  # once, then once more at the end of the window: no polling


async def test_an_arrival_about_the_person_ends_the_wait_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    arrivals = SubjectArrivals()
    attempts = Attempts(handlers.SubjectNotYetKnown("on its way"), "referral")

    async def arrive() -> None:
        await asyncio.sleep(0.05)
        subject_id = str(SUBJECT_ID)
        arrivals.notify(
            build_event(
                "ReflectionPeriodEnded",
                {
                    "subject_id": subject_id,
                    "jurisdiction": "NO",
                    "ends_on": "2026-12-01",
                    "announced_at": NOW.isoformat(),
                },
                source="/nrm/test",
                key=subject_id,
                subject=subject_id,
            )
        )

    started = time.monotonic()
    assert await waited(monkeypatch, attempts, 30, arrivals, arrive) == "referral"
    assert time.monotonic() - started < 10
