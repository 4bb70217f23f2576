"""The outbox relay, the inbox consumer and dead letters on the real broker (Tansu) and a
real PostgreSQL database."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from sqlalchemy import Column, MetaData, String, Table, func, insert, select

from devtools.broker import Broker
from devtools.waiting import eventually
from nrm_bus import contracts, telemetry
from nrm_bus.audit.log import AuditLog
from nrm_bus.consumer import InboxConsumer, PermanentFailure, dead_letter_topic
from nrm_bus.db import UnitOfWork, add_bus_tables, create_engine
from nrm_bus.envelope import CloudEvent
from nrm_bus.relay import OutboxRelay
from nrm_bus.sealing import KeyVault
from nrm_bus.signing import EventSigner

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

metadata = MetaData()
effects = Table(
    "effects",
    metadata,
    Column("event_id", String(36), nullable=False),
    Column("shelter_id", String(36), nullable=False),
)
outbox, inbox = add_bus_tables(metadata)


def capacity_event(shelter_id: str | None = None) -> CloudEvent:
    shelter_id = shelter_id or str(uuid.uuid4())
    return contracts.build_event(
        "ShelterCapacityChanged",
        {
            "shelter_id": shelter_id,
            "region": "North",
            "target_groups": ["women"],
            "regime": "open",
            "beds_total": 4,
            "beds_free": 2,
            "changed_at": datetime.now(UTC).isoformat(),
        },
        source="/nrm/test",
        key=shelter_id,
        subject=None,
    )


class Bus:
    def __init__(self, broker: Broker, url: str) -> None:
        self.bootstrap = broker.bootstrap_servers
        self.engine = create_engine(url)
        self.topic = f"test.{uuid.uuid4().hex[:8]}.v1"
        self.producer = AIOKafkaProducer(bootstrap_servers=self.bootstrap, acks="all")
        self.vault = KeyVault(url)
        self.audit = AuditLog("test", metadata, EventSigner.load(None, "test"))

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.engine, outbox, inbox, audit=self.audit)

    async def read_all(self, topic: str, count: int, timeout_s: float = 15) -> list[Any]:
        consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=self.bootstrap,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        await consumer.start()
        records: list[Any] = []
        try:
            async with asyncio.timeout(timeout_s):
                while len(records) < count:
                    for batch in (await consumer.getmany(timeout_ms=200)).values():
                        records.extend(batch)
        finally:
            await consumer.stop()
        return records

    async def effects(self) -> list[str]:
        async with self.engine.connect() as conn:
            return list((await conn.scalars(select(effects.c.event_id))).all())


@pytest.fixture
async def bus(broker: Broker, pg_database: Any) -> AsyncIterator[Bus]:
    bus = Bus(broker, await pg_database("bus"))
    async with bus.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    admin = AIOKafkaAdminClient(bootstrap_servers=bus.bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic(bus.topic, 2, 1), NewTopic(bus.topic + ".dlq", 1, 1)])
    await admin.close()
    await bus.producer.start()
    await bus.vault.start()
    yield bus
    await bus.vault.stop()
    await bus.producer.stop()
    await bus.engine.dispose()


async def record_effect(event: CloudEvent, uow: UnitOfWork) -> None:
    await uow.conn.execute(
        insert(effects).values(event_id=event.id, shelter_id=event.data["shelter_id"])
    )


def make_consumer(
    bus: Bus, handler: Any = record_effect, group: str | None = None
) -> InboxConsumer:
    return InboxConsumer(
        name="test-consumer",
        bootstrap_servers=bus.bootstrap,
        group_id=group or f"g-{uuid.uuid4().hex[:6]}",
        client_id="nrm-test",
        vault=bus.vault,
        topics=[bus.topic],
        handlers={"ShelterCapacityChanged": handler},
        unit_of_work=bus.unit_of_work,
        dead_letters=bus.producer,
        retry_backoff_s=0.01,
    )


async def test_relay_publishes_committed_events_as_binary_cloudevents(bus: Bus) -> None:
    telemetry.configure_tracing("none")
    event = capacity_event()
    with telemetry.tracer.start_as_current_span("request") as span:
        async with bus.unit_of_work() as uow:
            await uow.publish(bus.topic, event)
            await uow.commit()
    relay = OutboxRelay(bus.engine, outbox, bus.producer, vault=bus.vault, audit=bus.audit)

    assert await relay.backlog() == 1
    assert await relay.publish_pending() == 1
    assert await relay.backlog() == 0

    [record] = await bus.read_all(bus.topic, 1)
    headers = dict(record.headers)
    assert record.key == event.key.encode()
    assert headers["ce_id"] == event.id.encode()
    assert headers["ce_type"] == b"ShelterCapacityChanged"
    assert headers["ce_specversion"] == b"1.0"
    assert headers["ce_dataschema"] == event.dataschema.encode()
    trace_id = format(span.get_span_context().trace_id, "032x")
    assert headers["traceparent"].decode().split("-")[1] == trace_id
    assert CloudEvent.from_record(record.key, record.value, record.headers).data == event.data


async def test_rolled_back_events_never_leave(bus: Bus) -> None:
    async with bus.unit_of_work() as uow:
        await uow.publish(bus.topic, capacity_event())
        # no commit: leaving the block rolls back
    relay = OutboxRelay(bus.engine, outbox, bus.producer, vault=bus.vault, audit=bus.audit)
    assert await relay.publish_pending() == 0


async def test_an_event_delivered_twice_takes_effect_once_and_offsets_are_committed(
    bus: Bus,
) -> None:
    event = capacity_event()
    for _ in range(2):  # a relay that crashed after publishing re-sends the same event
        await (await event.send(bus.producer, bus.topic))
    consumer = make_consumer(bus)
    await consumer.start()
    task = asyncio.create_task(consumer.run())
    try:
        await eventually(lambda: _committed_total(consumer, bus.topic, 2))
        assert await bus.effects() == [event.id]
    finally:
        task.cancel()
        await consumer.stop()


async def _committed_total(consumer: InboxConsumer, topic: str, expected: int) -> bool:
    partitions = [TopicPartition(topic, p) for p in range(2)]
    committed = [await consumer.kafka.committed(tp) or 0 for tp in partitions]
    return sum(committed) == expected


async def test_bad_events_go_to_the_dead_letter_topic_and_the_consumer_goes_on(bus: Bus) -> None:
    good = capacity_event()
    unknown = CloudEvent(
        type="Unheard", source="/x", dataschema="urn:nrm:events:Unheard:v1", data={}, key="k"
    )
    invalid = capacity_event()
    invalid_headers = invalid.headers()
    bad_records: list[tuple[bytes, list[tuple[str, bytes]]]] = [
        (b"{not json", good.headers()),
        (b"{}", []),
        (unknown.value(), unknown.headers()),
        (b'{"shelter_id": "x"}', invalid_headers),
    ]
    key = good.key.encode()  # same key: same partition, so the good one comes last
    for value, headers in bad_records:
        await bus.producer.send_and_wait(bus.topic, value, key=key, headers=headers)
    await bus.producer.send_and_wait(bus.topic, good.value(), key=key, headers=good.headers())

    consumer = make_consumer(bus)
    await consumer.start()
    task = asyncio.create_task(consumer.run())
    try:
        await eventually(bus.effects)
        assert await bus.effects() == [good.id]
        dead = await bus.read_all(dead_letter_topic(bus.topic), 4)
    finally:
        task.cancel()
        await consumer.stop()
    reasons = [dict(record.headers)["dlq_reason"].decode() for record in dead]
    assert "EnvelopeError: data is not JSON" in reasons[0]
    assert "missing CloudEvents attributes" in reasons[1]
    assert "unknown dataschema" in reasons[2]
    assert "ContractViolation" in reasons[3]
    assert "required property" in reasons[3]
    assert all(dict(r.headers)["dlq_original_topic"] == bus.topic.encode() for r in dead)


async def test_a_handler_that_keeps_failing_is_dead_lettered_after_its_attempts(bus: Bus) -> None:
    attempts = 0

    async def flaky(event: CloudEvent, uow: UnitOfWork) -> None:
        nonlocal attempts
        attempts += 1
        await record_effect(event, uow)  # written, then rolled back by the failure
        raise RuntimeError("database said no")

    async def refuses(event: CloudEvent, uow: UnitOfWork) -> None:
        raise PermanentFailure("no such shelter 42")

    first, second = capacity_event(), capacity_event()
    for event in (first, second):
        await bus.producer.send_and_wait(
            bus.topic, event.value(), key=b"same", headers=event.headers()
        )

    async def dispatch(event: CloudEvent, uow: UnitOfWork) -> None:
        await (flaky if event.id == first.id else refuses)(event, uow)

    consumer = make_consumer(bus, dispatch)
    await consumer.start()
    task = asyncio.create_task(consumer.run())
    try:
        dead = await bus.read_all(dead_letter_topic(bus.topic), 2)
    finally:
        task.cancel()
        await consumer.stop()
    assert attempts == 3
    assert await bus.effects() == []
    assert dict(dead[0].headers)["dlq_reason"] == b"failed 3 times: RuntimeError"
    assert dict(dead[1].headers)["dlq_reason"] == b"PermanentFailure: no such shelter 42"


async def test_outbox_backlog_counts_only_unpublished(bus: Bus) -> None:
    async with bus.unit_of_work() as uow:
        for _ in range(3):
            await uow.publish(bus.topic, capacity_event())
        await uow.commit()
    relay = OutboxRelay(
        bus.engine, outbox, bus.producer, vault=bus.vault, audit=bus.audit, batch_size=2
    )
    assert await relay.publish_pending() == 2
    assert await relay.backlog() == 1
    async with bus.engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(outbox)) == 3


async def test_rebalances_between_members_apply_every_event_exactly_once(bus: Bus) -> None:
    async def slow_effect(event: CloudEvent, uow: UnitOfWork) -> None:
        await asyncio.sleep(0.02)  # keeps batches in flight while the group rebalances
        await record_effect(event, uow)

    async def produce(count: int) -> list[str]:
        events = [capacity_event() for _ in range(count)]
        for event in events:
            await event.send(bus.producer, bus.topic)
        await bus.producer.flush()
        return [event.id for event in events]

    group = f"g-{uuid.uuid4().hex[:6]}"
    first, second = make_consumer(bus, slow_effect, group), make_consumer(bus, slow_effect, group)
    produced = await produce(300)
    await first.start()
    first_task = asyncio.create_task(first.run())
    await eventually(lambda: _at_least(bus, 30))
    # A second member joins mid-stream, then the first leaves: partitions move twice.
    await second.start()
    second_task = asyncio.create_task(second.run())
    await eventually(lambda: _assigned(second), timeout_s=30)
    first_task.cancel()
    await first.stop()
    produced += await produce(100)
    try:
        await eventually(lambda: _at_least(bus, 400), timeout_s=60)
    finally:
        second_task.cancel()
        await second.stop()
    applied = await bus.effects()
    assert sorted(applied) == sorted(produced)  # every one, none twice


async def _at_least(bus: Bus, count: int) -> bool:
    return len(await bus.effects()) >= count


async def _assigned(consumer: InboxConsumer) -> bool:
    return bool(consumer.kafka.assignment())
