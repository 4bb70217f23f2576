"""Invariants that would catch a real leak, over random histories on the real broker.

1. The gate: whatever the interleaving of consents given, withdrawn and expired with
   identifications, referrals and answers, no event about a person is applied by a
   recipient unless the consent it names was given by the person, covers that recipient,
   purpose and the categories delivered, had not ended in the recipient's own view, and
   had not expired on the clock; and once the system is quiet nothing is left held.
2. Non-conditionality: referral and shelter outcomes are the same whether or not the
   person also consented to the police or prosecutor, and whatever the justice service
   does. Twins live the same history, one with the justice consents and reads, one without.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from devtools import people
from devtools.broker import Broker
from nrm_bus.clock import FixedClock, as_utc
from nrm_bus.disclosure import disclosures
from nrm_bus.envelope import CloudEvent
from nrm_bus.gate import CONSENT_EVENTS, consent_id_of
from tests.system import System, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.slow]

# Histories per run in `make test`; each one drives the four services on the broker.
GATE_HISTORIES = 12
TWIN_HISTORIES = 6

SHELTER = ("shelter", "shelter")
POLICE = ("police", "law_enforcement")
PROSECUTOR = ("prosecutor", "prosecution")
JUSTICE_CONSENTS = (POLICE, PROSECUTOR)


@dataclass
class Delivery:
    service: str
    event: CloudEvent
    at: datetime
    # The consent events this service had applied before, in its own order.
    ended_before: frozenset[str]


@dataclass
class Observer:
    deliveries: list[Delivery] = field(default_factory=list)
    ended: dict[str, set[str]] = field(default_factory=dict)

    def watch(self, system: System) -> None:
        for service in system.apps:
            consumer = system.runtime(service).consumer
            if consumer is not None:
                self.ended[service] = set()
                consumer.observe(lambda event, at, s=service: self._applied(s, event, at))

    def _applied(self, service: str, event: CloudEvent, at: datetime) -> None:
        if event.type in CONSENT_EVENTS:
            if event.type != "ConsentGiven":
                self.ended[service].add(event.data["consent_id"])
            return
        if disclosures().rule_for(event.type) is not None:
            # `at` is when the gate decided, on the shared clock that the test moves while
            # events are in flight: the moment of delivery, not the moment we heard of it.
            self.deliveries.append(Delivery(service, event, at, frozenset(self.ended[service])))


@pytest.fixture(scope="module")
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC))


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any, clock: FixedClock) -> AsyncIterator[System]:
    async with running_system(
        broker.bootstrap_servers, pg_database, clock=clock, consent_expiry_sweep_s=0.1
    ) as running:
        shelter = await running.shelter.post(
            "/v1/shelters",
            json={
                "name": "Property House",
                "region": "North",
                "target_groups": ["women"],
                "regime": "open",
                "languages": ["ro"],
                "beds_total": 10_000,
            },
        )
        assert shelter.status_code == 201
        yield running


@pytest.fixture(scope="module")
def observer(system: System) -> Observer:
    watching = Observer()
    watching.watch(system)
    return watching


# --- histories ----------------------------------------------------------------------

Step = tuple[str, ...]
steps = st.one_of(
    st.tuples(st.just("give"), st.sampled_from(["shelter", "police", "prosecutor"])),
    st.tuples(st.just("give-expiring"), st.sampled_from(["shelter", "police"])),
    st.tuples(st.just("withdraw"), st.sampled_from(["shelter", "police", "prosecutor"])),
    st.tuples(st.just("refer")),
    st.tuples(st.just("accept")),
    st.tuples(st.just("decline")),
    st.tuples(st.just("tick")),
    st.tuples(st.just("read-cases")),
)
histories = st.tuples(
    st.lists(st.sampled_from(["shelter", "police", "prosecutor"]), max_size=3, unique=True),
    st.lists(steps, min_size=1, max_size=8),
)
CONSENT_OF = {"shelter": SHELTER, "police": POLICE, "prosecutor": PROSECUTOR}
PURPOSE_OF = {"shelter": "shelter", "police": "law_enforcement", "prosecutor": "prosecution"}


@dataclass
class Person:
    subject_id: str
    referrals: list[str] = field(default_factory=list)


def consent_body(kind: str, clock: FixedClock, expiring: bool = False) -> dict[str, Any]:
    recipient, purpose = CONSENT_OF[kind]
    categories = ["needs"] if kind == "shelter" else ["identity", "exploitation"]
    expires = clock.now() + (timedelta(minutes=1) if expiring else timedelta(days=365))
    return people.consent(
        recipient, purpose, data_categories=categories, expires_at=expires.isoformat()
    )


async def identify(system: System, clock: FixedClock, kinds: list[str]) -> Person:
    body = people.identification(*(consent_body(kind, clock) for kind in kinds))
    response = await system.identification.post("/v1/identifications", json=body)
    assert response.status_code == 201, response.text
    return Person(response.json()["subject_id"])


async def play(system: System, clock: FixedClock, person: Person, step: Step) -> None:
    """One step through the public API; refusals (409, 404) are part of life."""
    subject = person.subject_id
    action = step[0]
    if action in ("give", "give-expiring"):
        body = consent_body(step[1], clock, expiring=action == "give-expiring")
        await system.identification.post(f"/v1/subjects/{subject}/consents", json=body)
    elif action == "withdraw":
        consents = (await system.identification.get(f"/v1/subjects/{subject}/consents")).json()
        active = [
            c for c in consents if c["purpose"] == PURPOSE_OF[step[1]] and c["status"] == "active"
        ]
        if active:
            await system.identification.post(
                f"/v1/subjects/{subject}/consents/{active[-1]['consent_id']}/withdrawal"
            )
    elif action == "refer":
        response = await system.referral.post(
            "/v1/referrals", json={"subject_id": subject, "service_type": "shelter"}
        )
        if response.status_code == 201:
            person.referrals.append(response.json()["referral_id"])
    elif action in ("accept", "decline") and person.referrals:
        path = f"/v1/referrals/{person.referrals[-1]}/"
        if action == "accept":
            await system.referral.post(path + "acceptance")
        else:
            await system.referral.post(path + "decline", json={"reason": "does_not_need_it"})
    elif action == "tick":
        clock.advance(timedelta(minutes=2))
    elif action == "read-cases":
        await system.justice.get(f"/v1/cases/{subject}")


async def quiet(system: System) -> None:
    """Wait until every outbox is sent and every consumer has caught up, twice running."""
    calm = 0
    for _ in range(200):
        busy = 0
        for service in system.apps:
            runtime = system.runtime(service)
            busy += await runtime.relay.backlog()
            if runtime.consumer is not None:
                busy += await runtime.consumer.lag()
        calm = calm + 1 if busy == 0 else 0
        if calm >= 3:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the system never went quiet")


async def held_events(system: System) -> int:
    total = 0
    for service in system.apps:
        runtime = system.runtime(service)
        held = runtime.relay._outbox.metadata.tables["gate_held"]
        async with runtime.engine.connect() as conn:
            total += int(await conn.scalar(select(func.count()).select_from(held)) or 0)
    return total


# --- 1. the gate ------------------------------------------------------------------------


@settings(
    max_examples=GATE_HISTORIES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories, pauses=st.lists(st.sampled_from([0, 0, 0.01, 0.05]), min_size=8))
async def test_nothing_reaches_a_recipient_without_an_active_covering_consent(
    system: System, observer: Observer, clock: FixedClock, history: Any, pauses: list[float]
) -> None:
    initial, plan = history
    person = await identify(system, clock, initial)
    for step, pause in zip(plan, pauses, strict=False):
        await play(system, clock, person, step)
        await asyncio.sleep(pause)  # lets the bus interleave differently each time
    await quiet(system)

    consents = {
        c["consent_id"]: c
        for c in (
            await system.identification.get(f"/v1/subjects/{person.subject_id}/consents")
        ).json()
    }
    for delivery in observer.deliveries:
        event = delivery.event
        if event.data["subject_id"] != person.subject_id:
            continue
        consent_id = str(consent_id_of(event))
        rule = disclosures().rules[event.type]
        consent = consents.get(consent_id)
        where = f"{event.type} at {delivery.service}"
        assert consent is not None, f"{where}: under a consent the person never gave"
        assert consent["purpose"] in rule.purposes, where
        if rule.consent_recipients is not None:
            assert consent["recipient"] in rule.consent_recipients, where
        assert consent_id not in delivery.ended_before, f"{where}: after the consent ended"
        if consent["expires_at"]:
            expires = as_utc(datetime.fromisoformat(consent["expires_at"]))
            assert delivery.at < expires, f"{where}: after the consent expired"
        withheld = {
            name
            for category, names in rule.categories.items()
            if category not in consent["data_categories"]
            for name in names
        }
        assert not withheld & set(event.data), f"{where}: carries fields not consented"
    assert await held_events(system) == 0, "an event is still held though the system is quiet"


# --- 2. non-conditionality ------------------------------------------------------------


async def outcome(system: System, person: Person) -> list[Any]:
    """What assistance the person got: each referral's path and each placement's status."""
    response = await system.referral.get("/v1/referrals", params={"subject_id": person.subject_id})
    # 404: referral never heard of her (no consent to be assisted yet), so nothing to read.
    referrals = [] if response.status_code == 404 else response.json()
    paths = sorted(
        (r["created_at"], [h["status"] for h in r["history"]], r["status"]) for r in referrals
    )
    async with system.runtime("shelter").unit_of_work() as uow:
        placements = await uow.placements.of_subject(uuid.UUID(person.subject_id))
    return [[path for _, path, _ in paths], sorted(p.status.value for p in placements)]


def is_justice(step: Step) -> bool:
    return step[0] == "read-cases" or (len(step) > 1 and step[1] in ("police", "prosecutor"))


@settings(
    max_examples=TWIN_HISTORIES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories)
async def test_assistance_is_the_same_with_or_without_talking_to_the_police(
    system: System, clock: FixedClock, history: Any
) -> None:
    initial, plan = history
    # The twin who also talks to the police and prosecutor, and the one who does not.
    talks = await identify(system, clock, list(dict.fromkeys([*initial, "police", "prosecutor"])))
    silent = await identify(system, clock, [kind for kind in initial if kind == "shelter"])
    await quiet(system)
    for step in plan:
        await play(system, clock, talks, step)
        if not is_justice(step):
            await play(system, clock, silent, step)
        # Each step settles before the next: both twins see the same order of effects.
        await quiet(system)
    assert await outcome(system, talks) == await outcome(system, silent)
