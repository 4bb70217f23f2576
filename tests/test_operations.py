"""The operations service end to end, on the real broker and PostgreSQL: its read models
follow the bus (capacity and the waitlist, the referral pipeline, reflection clocks,
acknowledgements owed), every service exports metrics, dead letters are listed by their
headers and replayed through the consent gate and the inbox again, and nothing personal
ever reaches the operations database."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select, text

from devtools import people
from devtools.broker import Broker
from devtools.waiting import eventually
from nrm_bus import topics
from nrm_bus.consumer import Handler
from nrm_bus.contracts import build_event
from tests.system import SECTORS, System, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Whatever is personal in these tests is spelt so that it can be looked for.
SECRET_NAME = "Zlatomira"
SECRET_FAMILY = "Quenneville"


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any) -> AsyncIterator[System]:
    async with running_system(
        broker.bootstrap_servers,
        pg_database,
        only=(*SECTORS, "operations"),
        metrics_sample_interval_s=0.3,
        scrape_interval_s=0.3,
        unacknowledged_after_s=0.5,
        stale_after_s=20,
    ) as running:
        reader = running.apps["operations"].state.operations.dead_letter_reader
        await eventually(reader.ready, timeout_s=60)
        yield running


async def overview(system: System) -> dict[str, Any]:
    response = await system.operations.get("/v1/overview", headers=await system.as_("operations"))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def until_overview(
    system: System, check: Callable[[dict[str, Any]], Any], timeout_s: float = 20
) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        document = await overview(system)
        return document if check(document) else None

    return await eventually(probe, timeout_s=timeout_s, interval_s=0.2)


async def add_shelter(system: System, region: str, beds: int = 1) -> str:
    response = await system.shelter.post(
        "/v1/shelters",
        json={
            "name": f"House {region}",
            "region": region,
            "target_groups": ["women"],
            "regime": "open",
            "languages": ["ro", "en"],
            "beds_total": beds,
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["shelter_id"])


async def identify(
    system: System, region: str, consent: tuple[str, str] = people.SHELTER_CONSENT
) -> tuple[str, str]:
    body = people.identification(
        people.consent(*consent),
        region=region,
        person=people.person(given_name=SECRET_NAME, family_name=SECRET_FAMILY),
    )
    response = await system.identification.post("/v1/identifications", json=body)
    assert response.status_code == 201, response.text
    subject = str(response.json()["subject_id"])
    consents = await system.identification.get(f"/v1/subjects/{subject}/consents")
    return subject, str(consents.json()[0]["consent_id"])


async def refer(system: System, subject: str) -> str:
    response = await system.referral.post(
        "/v1/referrals",
        json={"subject_id": subject, "service_type": "shelter", "needs": {"note": SECRET_NAME}},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["referral_id"])


def capacity_of(document: dict[str, Any], region: str) -> dict[str, int]:
    rows = [row for row in document["capacity"] if row["region"] == region]
    # Each shelter here speaks two languages: it counts under each; one row is enough.
    return next((row for row in rows if row["language"] == "ro"), {})


async def test_capacity_pipeline_and_waitlist_follow_the_bus(system: System) -> None:
    region = "Ops-North"
    await add_shelter(system, region, beds=1)
    document = await until_overview(system, lambda d: capacity_of(d, region).get("beds_free") == 1)
    assert capacity_of(document, region)["beds_held"] == 0

    first, _ = await identify(system, region)
    offered = await refer(system, first)
    document = await until_overview(
        system,
        lambda d: (
            capacity_of(d, region).get("beds_free") == 0
            and capacity_of(d, region).get("beds_held") == 1
        ),
    )
    second, _ = await identify(system, region)
    await refer(system, second)
    # The waitlist comes from the shelter service, the referral's new status from referral.
    document = await until_overview(
        system,
        lambda d: (
            capacity_of(d, region).get("waiting") == 1
            and any(r["status"] == "waitlisted" for r in d["referrals"])
        ),
    )
    row = capacity_of(document, region)
    assert row["oldest_wait_since"] is not None
    assert row["target_group"] == "women"
    assert row["regime"] == "open"

    pipeline = {(r["service_type"], r["status"]): r["count"] for r in document["referrals"]}
    assert pipeline[("shelter", "offered")] >= 1
    assert pipeline[("shelter", "waitlisted")] >= 1
    assert document["freshness"]["capacity"]["as_of"] is not None
    assert not document["freshness"]["capacity"]["stale"]

    # Declining frees the bed for the one waiting: both widgets move.
    declined = await system.referral.post(
        f"/v1/referrals/{offered}/decline", json={"reason": "does_not_need_it"}
    )
    assert declined.status_code == 200, declined.text
    await until_overview(
        system,
        lambda d: (
            capacity_of(d, region).get("waiting") == 0
            and capacity_of(d, region).get("beds_held") == 1
        ),
    )


async def test_a_referral_requested_with_no_answer_is_stuck_with_whom_to_call(
    system: System,
) -> None:
    ops = system.apps["operations"].state.operations
    ops.settings.stuck_requested_after_s = 0.5
    try:
        # Legal aid, and no provider of it registered: nobody answers.
        subject, _ = await identify(system, "Ops-Nowhere", ("legal_aid", "legal_aid"))
        referral = await system.referral.post(
            "/v1/referrals", json={"subject_id": subject, "service_type": "legal"}
        )
        referral_id = referral.json()["referral_id"]
        document = await until_overview(
            system,
            lambda d: any(r["referral_id"] == referral_id for r in d["stuck_referrals"]),
        )
    finally:
        ops.settings.stuck_requested_after_s = 48 * 3600
    stuck = next(r for r in document["stuck_referrals"] if r["referral_id"] == referral_id)
    assert stuck["why"] == "no answer"
    assert stuck["subject_id"] == subject
    assert stuck["referred_by_organisation"] == "Outreach Collective (demo)"


async def publish(broker: Broker, topic: str, *events: Any) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers, acks="all")
    await producer.start()
    try:
        for event in events:
            await (await event.send(producer, topic))
    finally:
        await producer.stop()


async def test_reflection_periods_count_down_and_alert_without_follow_up(
    system: System, broker: Broker
) -> None:
    subject = str(uuid.uuid4())
    ends_on = date.today() + timedelta(days=2)
    ending = build_event(
        "ReflectionPeriodEnding",
        {
            "subject_id": subject,
            "jurisdiction": "NO",
            "ends_on": ends_on.isoformat(),
            "days_left": 2,
            "announced_at": datetime.now(UTC).isoformat(),
            "responsible_organisation": "Outreach Collective (demo)",
        },
        source="/nrm/identification",
        key=subject,
        subject=subject,
    )
    await publish(broker, topics.REFLECTION_PERIODS, ending)
    document = await until_overview(
        system, lambda d: any(r["subject_id"] == subject for r in d["reflection_periods_ending"])
    )
    period = next(r for r in document["reflection_periods_ending"] if r["subject_id"] == subject)
    assert period["days_left"] == 2
    assert period["state"] == "ending"
    assert period["responsible_organisation"] == "Outreach Collective (demo)"
    assert not period["followed_up"]
    assert any(
        a["kind"] == "reflection-period" and a["about"] == subject for a in document["alerts"]
    )
    extended = build_event(
        "ReflectionPeriodExtended",
        {
            "subject_id": subject,
            "jurisdiction": "NO",
            "starts_on": (date.today() - timedelta(days=28)).isoformat(),
            "ends_on": (date.today() + timedelta(days=10)).isoformat(),
            "days": 38,
            "extended_at": datetime.now(UTC).isoformat(),
        },
        source="/nrm/identification",
        key=subject,
        subject=subject,
    )
    await publish(broker, topics.REFLECTION_PERIODS, extended)
    document = await until_overview(
        system,
        lambda d: any(
            r["subject_id"] == subject and r["followed_up"] for r in d["reflection_periods_ending"]
        ),
    )
    assert not any(a["about"] == subject for a in document["alerts"])


async def test_a_withdrawal_owed_by_a_service_is_listed_until_it_acknowledges(
    system: System,
) -> None:
    region = "Ops-Ack"
    await add_shelter(system, region, beds=2)
    subject, consent = await identify(system, region)
    await refer(system, subject)
    shelter = system.runtime("shelter")
    from nrm_bus.gate import CONSENT_WITHDRAWN

    acknowledge = shelter.handlers[CONSENT_WITHDRAWN]

    async def stalls(event: Any, uow: Any) -> None:
        raise RuntimeError("the shelter service is slow to acknowledge")

    async def delivered() -> bool:
        async with system.runtime("operations").engine.connect() as conn:
            count = await conn.scalar(
                text("SELECT count(*) FROM consent_deliveries WHERE consent_id = :c"),
                {"c": uuid.UUID(consent)},
            )
        return count == 2  # referral and shelter received data under it

    await eventually(delivered)
    shelter.handlers[CONSENT_WITHDRAWN] = stalls
    try:
        withdrawn = await system.identification.post(
            f"/v1/subjects/{subject}/consents/{consent}/withdrawal"
        )
        assert withdrawn.status_code == 200, withdrawn.text
        document = await until_overview(
            system, lambda d: any(r["consent_id"] == consent for r in d["unacknowledged"])
        )
    finally:
        shelter.handlers[CONSENT_WITHDRAWN] = acknowledge
    owed = [r for r in document["unacknowledged"] if r["consent_id"] == consent]
    # Referral acknowledged; shelter did not. The person is not named, only the consent.
    assert [(r["service"], r["kind"], r["subject_id"]) for r in owed] == [
        ("shelter", "withdrawal", None)
    ]


def failing(times: list[int]) -> Handler:
    async def handler(event: Any, uow: Any) -> None:
        times.append(1)
        raise RuntimeError("the handler fails until the operator's fix is deployed")

    return handler


async def dead_letters(system: System, **params: str) -> list[dict[str, Any]]:
    response = await system.operations.get(
        "/v1/dead-letters", params=params, headers=await system.as_("operations")
    )
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


async def dead_letter_of(system: System, event_type: str, known: set[str]) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        return next(
            (
                row
                for row in await dead_letters(system, status="new")
                if row["event_type"] == event_type and row["dead_letter_id"] not in known
            ),
            None,
        )

    return await eventually(probe, timeout_s=30)


async def referral_status(system: System, referral_id: str) -> str:
    response = await system.referral.get(f"/v1/referrals/{referral_id}")
    return str(response.json()["status"])


async def test_a_dead_letter_is_listed_by_its_headers_and_replayed_once(system: System) -> None:
    region = "Ops-Dead"
    await add_shelter(system, region, beds=2)
    shelter = system.runtime("shelter")
    working = shelter.handlers["PlacementRequested"]
    calls: list[int] = []
    known = {row["dead_letter_id"] for row in await dead_letters(system)}
    shelter.handlers["PlacementRequested"] = failing(calls)
    try:
        subject, _ = await identify(system, region)
        referral_id = await refer(system, subject)
        dead = await dead_letter_of(system, "PlacementRequested", known)
    finally:
        shelter.handlers["PlacementRequested"] = working
    assert dead["topic"] == topics.SHELTER_PLACEMENT_REQUESTS
    assert dead["reason"] == "failed 3 times: RuntimeError"
    assert dead["consumer"].startswith("nrm-shelter")
    assert dead["status"] == "new"
    assert dead["event_id"]
    assert dead["partition"] is not None
    assert dead["offset"] is not None
    assert "value" not in dead
    assert "data" not in dead
    assert await referral_status(system, referral_id) == "requested"

    operator = await system.as_("operations")
    url = f"/v1/dead-letters/{dead['dead_letter_id']}"
    no_reason = await system.operations.post(f"{url}/replay", json={}, headers=operator)
    assert no_reason.status_code == 422
    assert "reason" in no_reason.text
    blank = await system.operations.post(f"{url}/replay", json={"reason": "  "}, headers=operator)
    assert blank.status_code == 422
    auditor = await system.operations.post(
        f"{url}/replay", json={"reason": "fixed"}, headers=await system.as_("auditor")
    )
    assert auditor.status_code == 403

    replayed = await system.operations.post(
        f"{url}/replay", json={"reason": "handler fixed in release 1.4.2"}, headers=operator
    )
    assert replayed.status_code == 202, replayed.text
    assert replayed.json()["status"] == "replayed"
    assert replayed.json()["resolved_by"] == "operations"

    async def offered() -> bool:
        return await referral_status(system, referral_id) == "offered"

    await eventually(offered)
    again = await system.operations.post(f"{url}/replay", json={"reason": "x"}, headers=operator)
    assert again.status_code == 409
    assert again.json()["status_now"] == "replayed"
    discard = await system.operations.post(f"{url}/discard", json={"reason": "x"}, headers=operator)
    assert discard.status_code == 409
    unknown = await system.operations.post(
        f"/v1/dead-letters/{uuid.uuid4()}/replay", json={"reason": "x"}, headers=operator
    )
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")

    # The replay is in operations' audit log, naming the operator and the reason's target.
    async with system.runtime("operations").engine.connect() as conn:
        entries = (
            await conn.execute(
                text(
                    "SELECT kind, action, client_id, resource_id FROM audit_log "
                    "WHERE resource_id = :d"
                ),
                {"d": dead["dead_letter_id"]},
            )
        ).all()
    assert [tuple(entry) for entry in entries] == [
        ("replay", "dead_letter.replay", "operations", dead["dead_letter_id"])
    ]


async def test_a_replay_passes_the_consent_gate_and_the_inbox_again(system: System) -> None:
    region = "Ops-Gate"
    await add_shelter(system, region, beds=2)
    shelter = system.runtime("shelter")
    working = shelter.handlers["PlacementRequested"]
    known = {row["dead_letter_id"] for row in await dead_letters(system)}
    shelter.handlers["PlacementRequested"] = failing([])
    try:
        subject, consent = await identify(system, region)
        await refer(system, subject)
        dead = await dead_letter_of(system, "PlacementRequested", known)
    finally:
        shelter.handlers["PlacementRequested"] = working
    withdrawn = await system.identification.post(
        f"/v1/subjects/{subject}/consents/{consent}/withdrawal"
    )
    assert withdrawn.status_code == 200

    async def refused_by_shelter() -> int:
        async with shelter.engine.connect() as conn:
            return int(
                await conn.scalar(
                    text("SELECT count(*) FROM gate_refusals WHERE event_id = :e"),
                    {"e": dead["event_id"]},
                )
                or 0
            )

    async def withdrawal_known() -> bool:
        async with shelter.engine.connect() as conn:
            found = await conn.scalar(
                text("SELECT withdrawn_at FROM consent_view WHERE consent_id = :c"),
                {"c": uuid.UUID(consent)},
            )
        return found is not None

    await eventually(withdrawal_known)
    replayed = await system.operations.post(
        f"/v1/dead-letters/{dead['dead_letter_id']}/replay",
        json={"reason": "try again"},
        headers=await system.as_("operations"),
    )
    assert replayed.status_code == 202, replayed.text
    # The consent was withdrawn meanwhile: the shelter's gate refuses the replay.
    assert await eventually(refused_by_shelter) == 1

    # An event that was applied already, dead-lettered by a second consumer and replayed:
    # the consumer that applied it recognises it in its inbox and does nothing.
    subject2, _ = await identify(system, region)
    referral2 = await refer(system, subject2)

    async def offered() -> bool:
        return await referral_status(system, referral2) == "offered"

    await eventually(offered)

    async def consumed_entries() -> int:
        async with shelter.engine.connect() as conn:
            return int(
                await conn.scalar(
                    text(
                        "SELECT count(*) FROM audit_log a JOIN inbox i ON i.event_id = a.event_id "
                        "WHERE a.kind = 'consumed' AND a.action = 'PlacementRequested' "
                        "AND a.subject_id = :s"
                    ),
                    {"s": subject2},
                )
                or 0
            )

    before = await consumed_entries()
    assert before == 1
    await copy_to_dead_letters(system, subject2)
    copied = await dead_letter_of(system, "PlacementRequested", known | {dead["dead_letter_id"]})
    again = await system.operations.post(
        f"/v1/dead-letters/{copied['dead_letter_id']}/replay",
        json={"reason": "a consumer elsewhere failed on it"},
        headers=await system.as_("operations"),
    )
    assert again.status_code == 202, again.text
    await asyncio.sleep(2)
    assert await consumed_entries() == 1
    assert await referral_status(system, referral2) == "offered"


async def copy_to_dead_letters(system: System, subject: str) -> None:
    """Read the PlacementRequested about `subject` off its topic and put it on the topic's
    dead-letter topic, as a consumer that gave up on it would."""
    from aiokafka import AIOKafkaConsumer

    servers = system.runtime("shelter").settings.kafka_bootstrap_servers
    consumer = AIOKafkaConsumer(
        topics.SHELTER_PLACEMENT_REQUESTS,
        bootstrap_servers=servers,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        record = None
        deadline = asyncio.get_running_loop().time() + 20
        while record is None and asyncio.get_running_loop().time() < deadline:
            for batch in (await consumer.getmany(timeout_ms=300)).values():
                for candidate in batch:
                    if candidate.key == subject.encode():
                        record = candidate
        assert record is not None
    finally:
        await consumer.stop()
    producer = AIOKafkaProducer(bootstrap_servers=servers, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            topics.dead_letter_topic(record.topic),
            record.value,
            key=record.key,
            headers=[
                *record.headers,
                ("dlq_reason", b"failed 3 times: OperationalError"),
                ("dlq_original_topic", record.topic.encode()),
                ("dlq_original_partition", str(record.partition).encode()),
                ("dlq_original_offset", str(record.offset).encode()),
                ("dlq_consumer", b"nrm-shelter-replica"),
                ("dlq_failed_at", datetime.now(UTC).isoformat().encode()),
            ],
        )
    finally:
        await producer.stop()


async def test_every_service_exports_metrics_without_pseudonyms(system: System) -> None:
    subject, _ = await identify(system, "Ops-Metrics")
    await system.referral.get(f"/v1/referrals?subject_id={subject}")
    for service, client in system.clients.items():
        response = await client.get("/metrics", headers={"Authorization": ""})
        assert response.status_code == 200, service
        assert response.headers["content-type"].startswith("text/plain")
        body = response.text
        for name in (
            "nrm_outbox_backlog",
            "nrm_outbox_oldest_age_seconds",
            "nrm_gate_held",
            "nrm_gate_held_oldest_age_seconds",
            "nrm_gate_refusals_last_hour",
        ):
            assert f"\n{name} " in body, (service, name)
        assert not UUID.search(body), (service, UUID.search(body))

    async def delivered() -> str | None:
        body = (await system.referral.get("/metrics")).text
        return body if 'stage="consumer",verdict="deliver"' in body else None

    referral = await eventually(delivered)
    # Requests by route template (never the path a pseudonym is in), with their latency.
    assert re.search(r'http_server_duration_milliseconds_count\{[^}]*"/v1/referrals"', referral)
    assert "/v1/referrals/{referral_id}" in referral or "/v1/referrals" in referral
    assert "nrm_consumer_lag{" in referral
    assert 'nrm_gate_decisions_total{reason="",stage="consumer",verdict="deliver"}' in referral
    assert "nrm_events_published_total{" in referral


async def test_overview_and_dead_letters_need_a_token_and_a_sector(system: System) -> None:
    anonymous = await system.operations.get("/v1/overview", headers={"Authorization": ""})
    assert anonymous.status_code == 401
    for client, expected in (("operations", 200), ("auditor", 200), ("ngo-outreach", 403)):
        response = await system.operations.get("/v1/overview", headers=await system.as_(client))
        assert response.status_code == expected, (client, response.text)
    police = await system.as_("police-north")
    listed = await system.operations.get("/v1/dead-letters", headers=police)
    assert listed.status_code == 403


async def test_the_operations_database_holds_nothing_personal(system: System) -> None:
    """After every other test of this module: each text and JSON value of every table."""
    engine = system.runtime("operations").engine
    forbidden = [SECRET_NAME, SECRET_FAMILY, "sealed", "ciphertext", "law_enforcement", "labour"]
    found: list[str] = []
    async with engine.connect() as conn:
        names = [
            row[0]
            for row in await conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
        ]
        for name in names:
            for row in await conn.execute(text(f'SELECT * FROM "{name}"')):
                flat = " ".join(str(value) for value in row)
                found += [f"{name}: {word}" for word in forbidden if word in flat]
        assert await conn.scalar(text("SELECT count(*) FROM consent_view")) == 0
        assert await conn.scalar(select(func.count()).select_from(text("referral_states"))) > 0
    assert found == []


async def test_alert_rules_and_the_grafana_dashboard_use_metrics_that_exist(
    system: System,
) -> None:
    from pathlib import Path

    """Run after the module's other tests: counters appear once something was counted
    (a dead letter among them)."""
    deploy = Path(__file__).resolve().parents[1] / "deploy"
    exported = " ".join([(await client.get("/metrics")).text for client in system.clients.values()])

    async def counted() -> bool:  # operations' own counts appear once it has taken them
        body = (await system.operations.get("/metrics")).text
        return "nrm_operations_dead_letters_waiting" in body

    await eventually(counted)
    exported += (await system.operations.get("/metrics")).text
    used = set()
    names = re.compile(r"\b(nrm_[a-z_]*[a-z]|http_server_duration_milliseconds)\b")
    for path in (deploy / "prometheus" / "alerts.yml", deploy / "grafana" / "nrm-bus.json"):
        used |= set(names.findall(path.read_text()))
    missing = sorted(
        name for name in used if not re.search(rf"\b{name}(_bucket|_count|_sum)?[{{ ]", exported)
    )
    assert missing == []
