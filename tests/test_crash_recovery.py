"""A process killed (SIGKILL) between the database commit and the publish, or between the
publish and marking the outbox row sent, loses nothing and duplicates no effect."""

from __future__ import annotations

import signal
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import func, select

from devtools import people
from devtools.broker import Broker
from devtools.processes import ServiceProcess
from devtools.waiting import eventually
from nrm_bus import topics
from nrm_bus.db import create_engine
from nrm_bus.envelope import CloudEvent
from referral.adapters.orm import bus_tables as referral_bus_tables
from referral.adapters.orm import referrals
from tests.system import System, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture(scope="module")
async def others(broker: Broker, pg_database: Any) -> AsyncIterator[System]:
    """Identification, shelter and justice in this process; referral runs as a real process."""
    async with running_system(
        broker.bootstrap_servers, pg_database, only=("identification", "shelter", "justice")
    ) as running:
        yield running


async def unpublished(url: str) -> int:
    """Placement requests not yet published (the outbox also carries what operations is
    told: status transitions, deliveries under a consent)."""
    outbox = referral_bus_tables[0]
    engine = create_engine(url)
    async with engine.connect() as conn:
        count = await conn.scalar(
            select(func.count())
            .select_from(outbox)
            .where(
                outbox.c.published_at.is_(None),
                outbox.c.topic == topics.SHELTER_PLACEMENT_REQUESTS,
            )
        )
    await engine.dispose()
    return int(count or 0)


async def test_killed_relay_loses_nothing_and_duplicates_nothing(
    others: System, broker: Broker, pg_database: Any, tmp_path: Path
) -> None:
    referral_db = await pg_database("referral_crash")
    env = {
        "REFERRAL_DATABASE_URL": referral_db,
        "NRM_KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
        "REFERRAL_RELAY_POLL_INTERVAL_S": "0.05",
        "NRM_AUTH_ISSUER": others.issuer.url,
        "NRM_KEYVAULT_URL": others.runtime("identification").settings.keyvault_url,
        # No audit checkpoint joins the outbox meanwhile.
        "REFERRAL_AUDIT_CHECKPOINT_INTERVAL_S": "3600",
        "REFERRAL_AUDIT_CHECKPOINT_EVERY": "1000000",
    }
    shelter = (
        await others.shelter.post(
            "/v1/shelters",
            json={
                "name": "Crash Test House",
                "region": "North",
                "target_groups": ["women"],
                "regime": "open",
                "languages": ["ro"],
                "beds_total": 10,
            },
        )
    ).json()
    subject_id = (
        await others.identification.post(
            "/v1/identifications",
            json=people.identification(people.consent(*people.SHELTER_CONSENT)),
        )
    ).json()["subject_id"]

    started: list[ServiceProcess] = []
    try:
        await _kill_and_recover(
            others, broker, env, referral_db, subject_id, shelter, tmp_path, started
        )
    finally:
        for process in started:
            process.stop()


async def _kill_and_recover(
    others: System,
    broker: Broker,
    env: dict[str, str],
    referral_db: str,
    subject_id: str,
    shelter: dict[str, Any],
    tmp_path: Path,
    started: list[ServiceProcess],
) -> None:
    def referral_service(failpoint: str = "") -> ServiceProcess:
        process = ServiceProcess(
            "referral", {**env, "NRM_FAILPOINTS": failpoint}, tmp_path / "referral.log"
        )
        started.append(process)
        return process

    # 1. Killed after the commit, before the publish: the referral is accepted (201) ...
    # The crash points fire on the placement request, not on what operations is told first.
    process = referral_service(f"relay.before_publish:{topics.SHELTER_PLACEMENT_REQUESTS}")
    await process.healthy()
    referral_id = await _start_referral(
        process.url, subject_id, await others.as_("ngo-outreach"), referral_db
    )
    assert await process.killed() == -signal.SIGKILL
    assert await unpublished(referral_db) == 1  # ... and waits on disk, not in memory.

    # 2. Restarted, it publishes, and is killed before marking the row sent.
    process = referral_service(f"relay.after_publish:{topics.SHELTER_PLACEMENT_REQUESTS}")
    assert await process.killed() == -signal.SIGKILL
    assert await unpublished(referral_db) == 1

    # 3. Restarted cleanly, it publishes the same event again; the shelter applies it once.
    process = referral_service()
    await process.healthy()
    headers = await others.as_("ngo-outreach")
    async with httpx.AsyncClient(base_url=process.url, headers=headers) as client:

        async def offered() -> bool:
            body = (await client.get(f"/v1/referrals/{referral_id}")).json()
            return bool(body["status"] == "offered")

        await eventually(offered)
    assert await unpublished(referral_db) == 0

    deliveries = await _placement_requests_for(broker, referral_id)
    assert len(deliveries) == 2
    assert len(set(deliveries)) == 1
    after = (await others.shelter.get(f"/v1/shelters/{shelter['shelter_id']}")).json()
    assert after["beds_free"] == shelter["beds_free"] - 1
    placements = (
        await others.shelter.get("/v1/placements", params={"subject_id": subject_id})
    ).json()
    assert len(placements) == 1


async def _start_referral(
    url: str, subject_id: str, headers: dict[str, str], referral_db: str
) -> str:
    async def attempt() -> str | None:
        async with httpx.AsyncClient(base_url=url, headers=headers) as client:
            try:
                response = await client.post(
                    "/v1/referrals", json={"subject_id": subject_id, "service_type": "shelter"}
                )
            except httpx.RemoteProtocolError:
                # The relay, woken by the commit, killed the process before the response
                # left: the referral was committed all the same, and is on disk.
                return await _referral_on_disk(referral_db, subject_id)
        if response.status_code in (404, 409):
            # The identification still on its way, or the restarted service still reading
            # the log up to it.
            return None
        assert response.status_code == 201, response.text
        referral_id: str = response.json()["referral_id"]
        return referral_id

    return await eventually(attempt)


async def _referral_on_disk(url: str, subject_id: str) -> str:
    engine = create_engine(url)
    async with engine.connect() as conn:
        referral_id = await conn.scalar(
            select(referrals.c.referral_id).where(referrals.c.subject_id == uuid.UUID(subject_id))
        )
    await engine.dispose()
    assert referral_id is not None, "the referral was lost"
    return str(referral_id)


async def _placement_requests_for(broker: Broker, referral_id: str) -> list[str]:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=broker.bootstrap_servers, enable_auto_commit=False
    )
    await consumer.start()
    found: list[str] = []
    try:
        await consumer.topics()  # fetches metadata
        partitions = [
            TopicPartition(topics.SHELTER_PLACEMENT_REQUESTS, p)
            for p in consumer.partitions_for_topic(topics.SHELTER_PLACEMENT_REQUESTS) or ()
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)

        async def behind() -> bool:
            return any([await consumer.position(tp) < end for tp, end in ends.items()])

        while await behind():
            for records in (await consumer.getmany(timeout_ms=500)).values():
                for record in records:
                    event = CloudEvent.from_record(record.key, record.value, record.headers)
                    if event.data.get("referral_id") == referral_id:
                        found.append(event.id)
    finally:
        await consumer.stop()
    return found
