"""Consent is the gate, on the real broker and PostgreSQL: records and receipts, delivery
only under an active covering consent, holding until the consent is seen, refusing after it
ended, minimisation, acknowledgements, expiry on the clock, and erasure that leaves the
broker's log unreadable for the person."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import select

from devtools import people
from devtools.broker import Broker
from devtools.waiting import eventually
from nrm_bus import topics
from nrm_bus.clock import FixedClock
from nrm_bus.contracts import build_event
from nrm_bus.disclosure import disclosures
from nrm_bus.envelope import CloudEvent
from nrm_bus.sealing import SEALED, SealBroken, SubjectErased, seal, unseal
from tests.system import System, retained_records, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


@pytest.fixture(scope="module")
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC))


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any, clock: FixedClock) -> AsyncIterator[System]:
    async with running_system(
        broker.bootstrap_servers, pg_database, clock=clock, consent_expiry_sweep_s=0.2
    ) as running:
        await running.shelter.post(
            "/v1/shelters",
            json={
                "name": "Consent House",
                "region": "North",
                "target_groups": ["women"],
                "regime": "open",
                "languages": ["ro"],
                "beds_total": 200,
            },
        )
        yield running


async def identify(system: System, *consents: dict[str, Any], **person: Any) -> str:
    body = people.identification(*consents, person=people.person(**person))
    response = await system.identification.post("/v1/identifications", json=body)
    assert response.status_code == 201, response.text
    subject_id: str = response.json()["subject_id"]
    return subject_id


async def consents_of(system: System, subject_id: str) -> list[dict[str, Any]]:
    response = await system.identification.get(f"/v1/subjects/{subject_id}/consents")
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


async def consent_id(system: System, subject_id: str, purpose: str) -> str:
    found = [c for c in await consents_of(system, subject_id) if c["purpose"] == purpose]
    return str(found[0]["consent_id"])


async def case_status(system: System, subject_id: str) -> int:
    return (await system.justice.get(f"/v1/cases/{subject_id}")).status_code


async def table_rows(system: System, service: str, table: str) -> list[dict[str, Any]]:
    runtime = system.runtime(service)
    target = runtime.relay._outbox.metadata.tables[table]
    async with runtime.engine.connect() as conn:
        return [row._asdict() for row in await conn.execute(select(target))]


# --- records and receipts -----------------------------------------------------------


async def test_a_consent_record_says_who_what_where_and_how_the_person_was_told(
    system: System,
) -> None:
    subject_id = await identify(system, people.consent(*people.SHELTER_CONSENT))
    shelter = await consent_id(system, subject_id, "shelter")
    record = await system.identification.get(f"/v1/subjects/{subject_id}/consents/{shelter}")
    assert record.status_code == 200, record.text
    body = record.json()
    assert body["jurisdiction"] == "NO"
    assert body["legal_basis"] == "gdpr-art-6-1-a+art-9-2-a"
    assert body["recorded_by"]["client_id"] == "ngo-outreach"
    assert body["informed"] == {
        "language": "ro",
        "method": "written",
        "by_organisation": "Outreach Collective (demo)",
        "by_sector": "ngo",
    }

    receipt = await system.identification.get(
        f"/v1/subjects/{subject_id}/consents/{shelter}/receipt"
    )
    assert receipt.status_code == 200
    document = receipt.json()
    assert document["pii_principal_id"] == subject_id
    assert document["record_id"] == shelter
    # A receipt names the person by pseudonym only.
    assert "Given-" not in receipt.text

    page = await system.identification.get(
        f"/v1/subjects/{subject_id}/consents/{shelter}/receipt",
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="ro"' in page.text


async def test_bad_consent_requests_get_a_clear_problem_and_change_nothing(
    system: System,
) -> None:
    subject_id = await identify(system, people.consent(*people.SHELTER_CONSENT))
    other = await identify(system, people.consent(*people.SHELTER_CONSENT))
    shelter = await consent_id(system, subject_id, "shelter")
    before = await consents_of(system, subject_id)
    url = f"/v1/subjects/{subject_id}/consents"
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()

    cases = [
        (url, people.consent("shelter", "sightseeing"), 422, "purpose"),
        (url, people.consent("astrologers", "shelter"), 422, "recipient"),
        (url, people.consent("shelter", "prosecution"), 422, "recipient"),
        (url, people.consent("shelter", "shelter", expires_at=past), 422, "expires_at"),
    ]
    for path, body, status, field in cases:
        response = await system.identification.post(path, json=body)
        assert response.status_code == status, (body, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert field in {error["field"].split(".")[-1] for error in response.json()["errors"]}

    # Someone else's consent, named under this person: as unknown as a made-up one.
    foreign = await consent_id(system, other, "shelter")
    response = await system.identification.post(f"{url}/{foreign}/withdrawal")
    assert response.status_code == 404
    assert (await consents_of(system, other))[0]["status"] == "active"

    assert (await system.identification.post(f"{url}/{shelter}/withdrawal")).status_code == 200
    again = await system.identification.post(f"{url}/{shelter}/withdrawal")
    assert again.status_code == 409
    assert again.json()["type"].endswith("already-done")

    after = await consents_of(system, subject_id)
    assert [c["consent_id"] for c in after] == [c["consent_id"] for c in before]
    assert [c["status"] for c in after] == ["withdrawn"]


# --- what `make run` must show -------------------------------------------------------


async def test_justice_learns_of_a_person_only_while_they_consent(system: System) -> None:
    subject_id = await identify(system, people.consent(*people.SHELTER_CONSENT))
    referral = await system.referral.post(
        "/v1/referrals", json={"subject_id": subject_id, "service_type": "shelter"}
    )
    assert referral.status_code == 201, referral.text
    referral_id = referral.json()["referral_id"]

    async def offered() -> bool:
        body = (await system.referral.get(f"/v1/referrals/{referral_id}")).json()
        return bool(body["status"] == "offered")

    await eventually(offered)
    assert await case_status(system, subject_id) == 404

    given = await system.identification.post(
        f"/v1/subjects/{subject_id}/consents",
        json=people.consent(*people.POLICE_CONSENT, data_categories=["exploitation"]),
    )
    assert given.status_code == 201
    police = given.json()["consent_id"]

    async def has_case() -> bool:
        return await case_status(system, subject_id) == 200

    await eventually(has_case, timeout_s=10)

    withdrawn = await system.identification.post(
        f"/v1/subjects/{subject_id}/consents/{police}/withdrawal"
    )
    assert withdrawn.status_code == 200

    async def justice_acknowledged() -> bool:
        body = (
            await system.identification.get(f"/v1/subjects/{subject_id}/consents/{police}")
        ).json()
        return any(ack["service"] == "justice" for ack in body["acknowledgements"])

    await eventually(justice_acknowledged, timeout_s=10)
    assert await case_status(system, subject_id) == 404
    ack = (await system.identification.get(f"/v1/subjects/{subject_id}/consents/{police}")).json()
    assert {a["service"]: a["action"] for a in ack["acknowledgements"]} == {"justice": "erased"}
    # Assistance goes on: the shelter offer is untouched by the police consent's end.
    assert (await system.referral.get(f"/v1/referrals/{referral_id}")).json()["status"] == "offered"


async def test_each_recipient_gets_only_the_categories_its_consent_covers(system: System) -> None:
    narrow = await identify(
        system,
        people.consent(*people.SHELTER_CONSENT),
        people.consent(*people.POLICE_CONSENT, data_categories=["exploitation"]),
    )
    wide = await identify(
        system,
        people.consent(*people.SHELTER_CONSENT),
        people.consent(*people.POLICE_CONSENT, data_categories=["identity", "exploitation"]),
        given_name="Given-wide",
    )

    async def cases_opened() -> bool:
        return all([await case_status(system, s) == 200 for s in (narrow, wide)])

    await eventually(cases_opened, timeout_s=10)
    narrow_case = (await system.justice.get(f"/v1/cases/{narrow}")).json()
    wide_case = (await system.justice.get(f"/v1/cases/{wide}")).json()
    assert narrow_case["identity"] == {}
    assert narrow_case["region"] is None  # location was not consented
    assert narrow_case["exploitation_types"] == ["labour"]
    assert wide_case["identity"]["given_name"] == "Given-wide"


# --- the gate itself, on the wire ------------------------------------------------------


async def send_raw(broker: Broker, topic: str, event: CloudEvent) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers, acks="all")
    await producer.start()
    try:
        await (await event.send(producer, topic))
    finally:
        await producer.stop()


async def placement_request(system: System, subject: str, consent: str) -> CloudEvent:
    event = people.placement_requested(subject_id=uuid.UUID(subject), consent_id=uuid.UUID(consent))
    fields = disclosures().rules["PlacementRequested"].personal_fields
    sealed = await seal(event, fields, system.runtime("shelter").vault)
    assert SEALED in sealed.data
    return sealed


async def test_an_event_waits_for_its_consent_then_goes_through(
    system: System, broker: Broker
) -> None:
    subject, consent = str(uuid.uuid4()), str(uuid.uuid4())
    request = await placement_request(system, subject, consent)
    await send_raw(broker, topics.SHELTER_PLACEMENT_REQUESTS, request)

    async def held() -> bool:
        rows = await table_rows(system, "shelter", "gate_held")
        return any(row["event_id"] == request.id for row in rows)

    await eventually(held, timeout_s=10)

    await send_raw(
        broker, topics.CONSENTS, people.consent_given(uuid.UUID(subject), uuid.UUID(consent))
    )

    async def placed() -> bool:
        async with system.runtime("shelter").unit_of_work() as uow:
            return bool(await uow.placements.of_subject(uuid.UUID(subject)))

    await eventually(placed, timeout_s=10)
    assert not [
        r for r in await table_rows(system, "shelter", "gate_held") if r["event_id"] == request.id
    ]


async def test_an_event_under_an_ended_consent_is_refused_and_recorded(
    system: System, broker: Broker
) -> None:
    """The race of two topics: the shelter has seen the withdrawal before the request."""
    subject, consent = str(uuid.uuid4()), str(uuid.uuid4())
    await send_raw(
        broker, topics.CONSENTS, people.consent_given(uuid.UUID(subject), uuid.UUID(consent))
    )
    withdrawn = build_event(
        "ConsentWithdrawn",
        {
            "consent_id": consent,
            "subject_id": subject,
            "withdrawn_at": datetime.now(UTC).isoformat(),
        },
        source="/nrm/identification",
        key=subject,
        subject=subject,
    )
    await send_raw(broker, topics.CONSENTS, withdrawn)

    async def view_knows() -> bool:
        async with system.runtime("shelter").unit_of_work() as uow:
            record = await uow.consents.get(uuid.UUID(consent))
        return record is not None and record.withdrawn_at is not None

    await eventually(view_knows, timeout_s=10)
    request = await placement_request(system, subject, consent)
    referral_id = uuid.UUID(request.data["referral_id"])
    await send_raw(broker, topics.SHELTER_PLACEMENT_REQUESTS, request)

    async def refused() -> bool:
        rows = await table_rows(system, "shelter", "gate_refusals")
        return any(r["event_id"] == request.id and r["reason"] == "consent-withdrawn" for r in rows)

    await eventually(refused, timeout_s=10)
    async with system.runtime("shelter").unit_of_work() as uow:
        assert await uow.placements.of_subject(uuid.UUID(subject)) == []
        assert await uow.waitlist.get(referral_id) is None


async def test_the_relay_refuses_what_the_consent_no_longer_covers(system: System) -> None:
    subject_id = await identify(system, people.consent(*people.SHELTER_CONSENT))
    shelter = await consent_id(system, subject_id, "shelter")
    await system.identification.post(f"/v1/subjects/{subject_id}/consents/{shelter}/withdrawal")
    runtime = system.runtime("referral")

    async def referral_knows() -> bool:
        async with runtime.unit_of_work() as uow:
            record = await uow.consents.get(uuid.UUID(shelter))
        return record is not None and record.withdrawn_at is not None

    await eventually(referral_knows, timeout_s=10)
    # A request written just before the withdrawal was seen: it must not leave.
    event = people.placement_requested(
        subject_id=uuid.UUID(subject_id), consent_id=uuid.UUID(shelter)
    )
    async with runtime.unit_of_work() as uow:
        await uow.publish(topics.SHELTER_PLACEMENT_REQUESTS, event)
        await uow.commit()

    async def refused() -> bool:
        rows = await table_rows(system, "referral", "outbox")
        return any(r["event_id"] == event.id and r["refused_at"] is not None for r in rows)

    await eventually(refused, timeout_s=10)
    [row] = [r for r in await table_rows(system, "referral", "outbox") if r["event_id"] == event.id]
    assert row["published_at"] is None
    assert row["refusal"] == "consent-withdrawn"


# --- expiry, on the clock -------------------------------------------------------------


async def test_an_expired_consent_ends_like_a_withdrawn_one_without_any_request(
    system: System, clock: FixedClock
) -> None:
    soon = (clock.now() + timedelta(hours=1)).isoformat()
    subject_id = await identify(
        system,
        people.consent(*people.SHELTER_CONSENT),
        people.consent(*people.POLICE_CONSENT, data_categories=["exploitation"], expires_at=soon),
    )
    police = await consent_id(system, subject_id, "law_enforcement")

    async def has_case() -> bool:
        return await case_status(system, subject_id) == 200

    await eventually(has_case, timeout_s=10)
    clock.advance(timedelta(hours=2))

    async def erased_by_justice() -> bool:
        body = (
            await system.identification.get(f"/v1/subjects/{subject_id}/consents/{police}")
        ).json()
        return body["status"] == "expired" and [a["service"] for a in body["acknowledgements"]] == [
            "justice"
        ]

    await eventually(erased_by_justice, timeout_s=15)
    assert await case_status(system, subject_id) == 404


# --- erasure and crypto-shredding -------------------------------------------------------


async def test_erasure_leaves_nothing_readable_about_the_person(
    system: System, broker: Broker
) -> None:
    name = f"Given-{uuid.uuid4().hex[:8]}"
    subject_id = await identify(
        system,
        people.consent(*people.SHELTER_CONSENT),
        people.consent(*people.POLICE_CONSENT, data_categories=["identity", "exploitation"]),
        given_name=name,
    )
    referral = await system.referral.post(
        "/v1/referrals", json={"subject_id": subject_id, "service_type": "shelter"}
    )
    assert referral.status_code == 201

    async def has_case() -> bool:
        return await case_status(system, subject_id) == 200

    await eventually(has_case, timeout_s=10)
    vault = system.runtime("justice").vault
    intake = [
        r
        for r in await retained_records(broker.bootstrap_servers, topics.JUSTICE_INTAKE)
        if r.key == subject_id.encode()
    ]
    assert intake
    # On the wire the name is sealed; with the person's key it opens.
    assert all(name.encode() not in record.value for record in intake)
    opened = await unseal(
        CloudEvent.from_record(intake[0].key, intake[0].value, intake[0].headers), vault
    )
    assert opened.data["given_name"] == name

    erased = await system.identification.post(f"/v1/subjects/{subject_id}/erasure")
    assert erased.status_code == 202, erased.text

    async def everyone_erased() -> bool:
        body = (await system.identification.get(f"/v1/subjects/{subject_id}/erasure")).json()
        return {a["service"] for a in body["acknowledgements"]} == {
            "referral",
            "shelter",
            "justice",
        }

    await eventually(everyone_erased, timeout_s=15)
    assert await case_status(system, subject_id) == 404
    assert (
        await system.identification.get(f"/v1/subjects/{subject_id}/consents")
    ).status_code == 404
    # Nothing is known of her any more: the same 404 as for someone who never existed.
    assert (
        await system.referral.get("/v1/referrals", params={"subject_id": subject_id})
    ).status_code == 404
    again = await system.referral.post(
        "/v1/referrals", json={"subject_id": subject_id, "service_type": "shelter"}
    )
    assert again.status_code == 404
    assert again.json()["errors"][0]["field"] == "subject_id"

    for service in ("referral", "shelter", "justice"):
        vault = system.runtime(service).vault
        vault.forget(uuid.UUID(subject_id))
        with pytest.raises(SubjectErased):
            await vault.data_key(uuid.UUID(subject_id), create=True)

    about_them = [
        record
        for topic in topics.ALL
        for record in await retained_records(broker.bootstrap_servers, topic)
        if record.key == subject_id.encode()
    ]
    assert about_them
    for record in about_them:
        assert name.encode() not in record.value
        event = CloudEvent.from_record(record.key, record.value, record.headers)
        if SEALED in event.data:
            with pytest.raises((SubjectErased, SealBroken)):
                await unseal(event, vault)
