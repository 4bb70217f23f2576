"""Identification by any trained actor, checked against reference data, and the reflection
clock: extended by an authorised actor, announced before it ends without any request."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from devtools import people
from devtools.broker import Broker
from devtools.waiting import eventually
from nrm_bus import topics
from nrm_bus.clock import FixedClock
from tests.system import System, retained_records, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


@pytest.fixture(scope="module")
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC))


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any, clock: FixedClock) -> AsyncIterator[System]:
    async with running_system(
        broker.bootstrap_servers,
        pg_database,
        only=("identification", "referral"),
        clock=clock,
        reflection_sweep_s=0.1,
    ) as running:
        yield running


async def test_indicators_come_from_the_operational_list(system: System) -> None:
    listed = (await system.identification.get("/v1/indicators")).json()
    assert "ILO" in listed["source"]
    known = [indicator["id"] for indicator in listed["indicators"]]
    assert "debt-bondage" in known

    body = people.identification(grounds="indicators", indicators=["debt-bondage"])
    assert (await system.identification.post("/v1/identifications", json=body)).status_code == 201

    body = people.identification(grounds="indicators", indicators=["debt-bondage", "made-up"])
    refused = await system.identification.post("/v1/identifications", json=body)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["indicators.1"]


async def test_unknown_country_or_language_is_named_and_nothing_is_recorded(
    system: System,
) -> None:
    body = people.identification(jurisdiction="QQ")
    body["person"]["languages"] = ["ro", "xq"]
    refused = await system.identification.post("/v1/identifications", json=body)
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json()["errors"]} == {"jurisdiction", "person.languages.1"}
    assert "subject_id" not in refused.json()


async def reflection_events(broker: Broker, subject_id: str) -> list[tuple[str, dict[str, Any]]]:
    """The reflection-period events about the person on the broker, oldest first."""
    return [
        (dict(record.headers)["ce_type"].decode(), json.loads(record.value))
        for record in await retained_records(broker.bootstrap_servers, topics.REFLECTION_PERIODS)
        if record.key == subject_id.encode()
    ]


async def test_the_reflection_clock_warns_before_it_ends_and_can_be_extended(
    system: System, broker: Broker, clock: FixedClock
) -> None:
    response = await system.identification.post(
        "/v1/identifications",
        json=people.identification(people.consent(*people.SHELTER_CONSENT), jurisdiction="SE"),
    )
    assert response.status_code == 201
    subject_id = response.json()["subject_id"]
    period = response.json()["reflection_period"]
    assert period["days"] == 30  # the Council of Europe minimum, for a country with no entry
    ends_on = date.fromisoformat(period["ends_on"])

    # Sixteen days on, fourteen are left: the first warning goes out without any request.
    clock.advance(timedelta(days=16))

    async def warned() -> list[tuple[str, dict[str, Any]]]:
        events = await reflection_events(broker, subject_id)
        return [e for e in events if e[0] == "ReflectionPeriodEnding"]

    [(_, warning)] = await eventually(warned, timeout_s=15)
    assert warning["days_left"] == 14
    assert warning["ends_on"] == ends_on.isoformat()

    extended = await system.identification.post(
        f"/v1/subjects/{subject_id}/reflection-period/extensions",
        json={"days": 30, "reason": "needs more time to recover before deciding"},
    )
    assert extended.status_code == 201, extended.text
    assert extended.json()["ends_on"] == (ends_on + timedelta(days=30)).isoformat()
    assert extended.json()["extensions"][0]["extended_by"]["sector"] == "ngo"

    async def referral_knows() -> bool:
        async with system.runtime("referral").unit_of_work() as uow:
            subject = await uow.referrals.get_subject(uuid.UUID(subject_id))
        return subject is not None and subject.reflection_ends_on == ends_on + timedelta(days=30)

    await eventually(referral_knows, timeout_s=10)

    # Past the new end: the last warning and the end are announced, once each.
    clock.advance(timedelta(days=45))

    async def ended() -> list[str]:
        types = [e[0] for e in await reflection_events(broker, subject_id)]
        return types if "ReflectionPeriodEnded" in types else []

    types = await eventually(ended, timeout_s=15)
    assert types.count("ReflectionPeriodEnded") == 1
    assert types.count("ReflectionPeriodExtended") == 1

    bad = await system.identification.post(
        f"/v1/subjects/{subject_id}/reflection-period/extensions", json={"days": 0, "reason": ""}
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"days", "reason"}


async def test_a_child_is_identified_with_a_representative_and_never_alone_to_the_police(
    system: System,
) -> None:
    child = people.person(is_child=True, birth_year=2012)
    shelter_consent = people.consent(*people.SHELTER_CONSENT)
    alone = people.identification(shelter_consent, person=child)
    refused = await system.identification.post("/v1/identifications", json=alone)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["representative"]

    guardian = {"role": "guardian", "organisation": "Child Welfare Service (demo)"}
    police_alone = people.identification(
        shelter_consent, people.consent(*people.POLICE_CONSENT), person=child
    )
    police_alone["representative"] = guardian
    refused = await system.identification.post("/v1/identifications", json=police_alone)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["with_representative"]

    together = people.identification(
        shelter_consent,
        people.consent(*people.POLICE_CONSENT, with_representative=True),
        person=people.person(age_uncertain=True),
    )
    together["representative"] = guardian
    accepted = await system.identification.post("/v1/identifications", json=together)
    assert accepted.status_code == 201, accepted.text
    subject_id = accepted.json()["subject_id"]

    async def referral_sees_a_child() -> bool:
        async with system.runtime("referral").unit_of_work() as uow:
            subject = await uow.referrals.get_subject(uuid.UUID(subject_id))
        return subject is not None and subject.is_child and subject.target_group == "children"

    # Age uncertain: presumed a child, so never matched to an adult-only place.
    await eventually(referral_sees_a_child, timeout_s=10)
    consents = (await system.identification.get(f"/v1/subjects/{subject_id}/consents")).json()
    police = [c for c in consents if c["purpose"] == "law_enforcement"]
    assert police[0]["with_representative"] is True
