"""No overbooking under concurrency, through the real path: 200 placement requests at once
at 50 free fitting beds over several shelters, two shelter-service instances in one consumer
group on the real broker and one PostgreSQL database."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from fastapi import FastAPI
from sqlalchemy import func, select

import shelter.bootstrap
import shelter.config
from devtools import people
from devtools.broker import Broker
from devtools.waiting import eventually
from nrm_bus import topics
from nrm_bus.contracts import build_event
from shelter.adapters.orm import placements, waitlist
from tests.system import consumers_ready, running_issuer

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.slow]

REQUESTS = 200
BEDS = {"North": 20, "South": 18, "East": 12}  # 50 in all, over three shelters


@contextlib.asynccontextmanager
async def two_instances(broker: Broker, pg_database: Any) -> AsyncIterator[list[FastAPI]]:
    url = await pg_database("shelter_pair")
    async with running_issuer() as issuer, contextlib.AsyncExitStack() as stack:
        instances = []
        group = f"nrm-shelter-{uuid.uuid4().hex[:8]}"
        for _ in range(2):
            app = shelter.bootstrap.bootstrap(
                shelter.config.Settings(
                    database_url=url,
                    keyvault_url=url,
                    kafka_bootstrap_servers=broker.bootstrap_servers,
                    auth_issuer=issuer.url,
                    kafka_group_id=group,
                    kafka_auto_offset_reset="latest",
                    relay_poll_interval_s=0.05,
                )
            )
            # One after the other: the first migrates, the second finds the schema current.
            await stack.enter_async_context(app.router.lifespan_context(app))
            instances.append(app)
        await consumers_ready(instances)
        app = instances[0]
        app.state.issuer = issuer
        yield instances


async def counts(app: FastAPI) -> tuple[int, int]:
    async with app.state.runtime.engine.connect() as conn:
        held = await conn.scalar(
            select(func.count()).select_from(placements).where(placements.c.status == "held")
        )
        waiting = await conn.scalar(select(func.count()).select_from(waitlist))
    return int(held or 0), int(waiting or 0)


async def capacity_events(broker: Broker, since: dict[TopicPartition, int]) -> list[int]:
    """beds_free of every ShelterCapacityChanged published after `since`."""
    consumer = AIOKafkaConsumer(bootstrap_servers=broker.bootstrap_servers)
    await consumer.start()
    seen: list[int] = []
    try:
        consumer.assign(list(since))
        for partition, offset in since.items():
            consumer.seek(partition, offset)
        ends = await consumer.end_offsets(list(since))
        while any([await consumer.position(p) < end for p, end in ends.items()]):
            for records in (await consumer.getmany(timeout_ms=500)).values():
                seen += [
                    json.loads(r.value or b"{}")["beds_free"]
                    for r in records
                    # The topic also carries the waitlist's counts (ShelterWaitlistChanged).
                    if dict(r.headers).get("ce_type") == b"ShelterCapacityChanged"
                ]
    finally:
        await consumer.stop()
    return seen


async def end_offsets(broker: Broker, topic: str) -> dict[TopicPartition, int]:
    consumer = AIOKafkaConsumer(bootstrap_servers=broker.bootstrap_servers)
    await consumer.start()
    try:
        await consumer.topics()
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        return dict(await consumer.end_offsets(partitions))
    finally:
        await consumer.stop()


async def test_200_requests_at_50_beds_hold_exactly_50_and_never_overbook(
    broker: Broker, pg_database: Any
) -> None:
    async with two_instances(broker, pg_database) as (first, second):
        token = await first.state.issuer.token("shelter-harbour")
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=first),
            base_url="http://shelter",
            headers={"Authorization": f"Bearer {token}"},
        ) as api:
            for region, beds in BEDS.items():
                created = await api.post(
                    "/v1/shelters",
                    json={
                        "name": f"{region} House",
                        "region": region,
                        "target_groups": ["women"],
                        "regime": "open",
                        "languages": ["ro"],
                        "beds_total": beds,
                    },
                )
                assert created.status_code == 201, created.text
            capacity_from = await end_offsets(broker, topics.SHELTER_CAPACITY)

            start = datetime.now(UTC)
            requests = [(uuid.uuid4(), start + timedelta(milliseconds=i)) for i in range(REQUESTS)]
            # Whose request each referral is, and the shelter consent it relies on.
            about = {referral_id: (uuid.uuid4(), uuid.uuid4()) for referral_id, _ in requests}
            producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers, acks="all")
            await producer.start()
            lowest_free: list[int] = []

            async def watch_capacity() -> None:
                while True:
                    shelters = (await api.get("/v1/shelters")).json()
                    lowest_free.append(min(s["beds_free"] for s in shelters))
                    await asyncio.sleep(0.02)

            watcher = asyncio.create_task(watch_capacity())
            try:
                # One record per batch: Tansu answers "latest" with the start of the last
                # batch, so a batched burst would replay its tail into later tests' fresh
                # consumer groups.
                for subject_id, consent_id in about.values():
                    given = people.consent_given(subject_id, consent_id)
                    await (await given.send(producer, topics.CONSENTS))
                for referral_id, at in requests:  # all at once: nothing waits for an answer
                    subject_id, consent_id = about[referral_id]
                    event = people.placement_requested(
                        referral_id=referral_id,
                        requested_at=at,
                        subject_id=subject_id,
                        consent_id=consent_id,
                    )
                    await (await event.send(producer, topics.SHELTER_PLACEMENT_REQUESTS))
                await eventually(lambda: _all_answered(first), timeout_s=120)
            finally:
                watcher.cancel()

            assert await counts(first) == (50, 150)
            assert [s["beds_free"] for s in (await api.get("/v1/shelters")).json()] == [0, 0, 0]
            assert min(lowest_free) >= 0
            assert min(await capacity_events(broker, capacity_from)) >= 0
            # Both instances took part: the group really split the partitions.
            assert first.state.runtime.consumer.kafka.assignment()
            assert second.state.runtime.consumer.kafka.assignment()

            # Each release moves exactly one waitlisted person, the earliest, into the bed.
            waiting_before = await _waitlist_in_order(first)
            held = await _held_referrals(first)
            for referral_id in held[:10]:
                subject_id, consent_id = about[referral_id]
                declined = build_event(
                    "PlacementDeclined",
                    {
                        "referral_id": str(referral_id),
                        "subject_id": str(subject_id),
                        "consent_id": str(consent_id),
                        "reason": "does_not_need_it",
                        "declined_at": datetime.now(UTC).isoformat(),
                    },
                    source="/nrm/referral",
                    key=str(subject_id),
                    subject=str(subject_id),
                )
                await (await declined.send(producer, topics.SHELTER_PLACEMENT_REQUESTS))
            await producer.stop()

            async def moved() -> bool:
                return await counts(first) == (50, 140)

            await eventually(moved, timeout_s=60)
            newly_held = set(await _held_referrals(first)) - set(held)
            assert newly_held == set(waiting_before[:10])


async def _all_answered(app: FastAPI) -> bool:
    held, waiting = await counts(app)
    return held + waiting >= REQUESTS


async def _held_referrals(app: FastAPI) -> list[uuid.UUID]:
    async with app.state.runtime.engine.connect() as conn:
        rows = await conn.scalars(
            select(placements.c.referral_id)
            .where(placements.c.status == "held")
            .order_by(placements.c.created_at)
        )
        return list(rows)


async def _waitlist_in_order(app: FastAPI) -> list[uuid.UUID]:
    async with app.state.runtime.engine.connect() as conn:
        rows = await conn.scalars(
            select(waitlist.c.referral_id).order_by(
                waitlist.c.is_child.desc(), waitlist.c.requested_at
            )
        )
        return list(rows)
