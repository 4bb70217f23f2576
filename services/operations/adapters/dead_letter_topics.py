"""The dead-letter topics, from operations' side: a reader that lists each dead letter by
its headers (the value is never kept, it may hold a person's sealed data), and the two
broker calls of a replay: read the one record back, and write it to its original topic."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from nrm_bus import topics
from nrm_bus.clock import Clock, as_utc
from operations.adapters.orm import dead_letters

log = logging.getLogger(__name__)

DLQ_TOPICS = tuple(topics.dead_letter_topic(topic) for topic in topics.ALL)
# Header of a replayed record naming the dead letter it came from.
REPLAY_HEADER = "nrm_replay_of"


@dataclass(frozen=True)
class StoredRecord:
    """A record as read back from a dead-letter topic, for a replay."""

    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]

    def header(self, name: str) -> str | None:
        for header, raw in self.headers:
            if header == name:
                return raw.decode(errors="replace")
        return None

    def original_headers(self) -> list[tuple[str, bytes]]:
        """The headers the record had before it was dead-lettered."""
        return [(name, raw) for name, raw in self.headers if not name.startswith("dlq_")]


def row_of(record: ConsumerRecord[bytes, bytes], now: datetime) -> dict[str, Any]:
    """The dead letter's row: position, origin, what it was and why it failed. Headers only;
    they carry no personal data (shared/DESIGN.md), and the value is not read."""
    headers = {name: raw.decode(errors="replace") for name, raw in record.headers}

    def number(name: str) -> int | None:
        try:
            value = int(headers.get(name, ""))
        except ValueError:
            return None
        return value if value >= 0 else None  # -1: released from the gate's hold

    try:
        failed_at = as_utc(datetime.fromisoformat(headers["dlq_failed_at"]))
    except (KeyError, ValueError):
        failed_at = now
    return {
        "dead_letter_id": uuid.uuid4(),
        "dlq_topic": record.topic,
        "dlq_partition": record.partition,
        "dlq_offset": record.offset,
        "topic": headers.get("dlq_original_topic", record.topic.removesuffix(topics.DLQ_SUFFIX))[
            :200
        ],
        "partition": number("dlq_original_partition"),
        "offset": number("dlq_original_offset"),
        "event_id": (headers.get("ce_id") or None) and headers["ce_id"][:100],
        "event_type": (headers.get("ce_type") or None) and headers["ce_type"][:100],
        "reason": headers.get("dlq_reason", "unknown")[:500],
        "consumer": headers.get("dlq_consumer", "unknown")[:100],
        "failed_at": failed_at,
        "received_at": now,
        "status": "new",
    }


class DeadLetterReader:
    """Follows every `.dlq` topic in its own consumer group and records each dead letter
    once (its position is unique); offsets are committed after the rows."""

    def __init__(
        self,
        *,
        bootstrap_servers: str,
        group_id: str,
        client_id: str,
        engine: AsyncEngine,
        clock: Clock,
        on_arrival: Callable[[], None],
        auto_offset_reset: str = "earliest",
        client_options: dict[str, Any] | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._on_arrival = on_arrival
        self.caught_up_at: datetime | None = None
        self.kafka = AIOKafkaConsumer(
            *DLQ_TOPICS,
            bootstrap_servers=bootstrap_servers,
            group_id=group_id,
            client_id=client_id,
            enable_auto_commit=False,
            auto_offset_reset=auto_offset_reset,
            fetch_max_wait_ms=100,
            **(client_options or {}),
        )

    async def start(self) -> None:
        await self.kafka.start()

    async def stop(self) -> None:
        await self.kafka.stop()

    async def ready(self) -> bool:
        assigned = self.kafka.assignment()
        for partition in assigned:
            await self.kafka.position(partition)
        return bool(assigned)

    async def run(self) -> None:
        while True:
            try:
                batch = await self.kafka.getmany(timeout_ms=500, max_records=200)
                now = self._clock.now()
                if batch:
                    await self._record(
                        [record for records in batch.values() for record in records], now
                    )
                    await self.kafka.commit(
                        {partition: records[-1].offset + 1 for partition, records in batch.items()}
                    )
                    self._on_arrival()
                self.caught_up_at = now
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                # The database or the broker briefly away: read again from the last commit.
                log.warning(
                    "dead-letter reader failed; retrying", extra={"error": type(exc).__name__}
                )
                await asyncio.sleep(1)

    async def _record(self, records: list[ConsumerRecord[bytes, bytes]], now: datetime) -> None:
        async with self._engine.begin() as conn:
            for record in records:
                known = await conn.scalar(
                    select(dead_letters.c.dead_letter_id).where(
                        dead_letters.c.dlq_topic == record.topic,
                        dead_letters.c.dlq_partition == record.partition,
                        dead_letters.c.dlq_offset == record.offset,
                    )
                )
                if known is None:
                    await conn.execute(insert(dead_letters).values(row_of(record, now)))


async def read_back(
    bootstrap_servers: str,
    topic: str,
    partition: int,
    offset: int,
    *,
    client_options: dict[str, Any] | None = None,
    timeout_s: float = 10.0,
) -> StoredRecord | None:
    """The record at that position, read with no consumer group; None if the broker no
    longer has it (retention)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        enable_auto_commit=False,
        fetch_max_wait_ms=100,
        **(client_options or {}),
    )
    await consumer.start()
    try:
        where = TopicPartition(topic, partition)
        consumer.assign([where])
        consumer.seek(where, offset)
        deadline = asyncio.get_running_loop().time() + timeout_s
        while asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(where, timeout_ms=500, max_records=1)
            for record in batch.get(where, []):
                if record.offset == offset:
                    return StoredRecord(record.key, record.value, list(record.headers))
                if record.offset > offset:
                    return None
        return None
    finally:
        await consumer.stop()


async def write_back(
    producer: AIOKafkaProducer, topic: str, record: StoredRecord, dead_letter_id: uuid.UUID
) -> None:
    """The original value, key and headers, to the original topic (acks=all)."""
    headers = [*record.original_headers(), (REPLAY_HEADER, str(dead_letter_id).encode())]
    await producer.send_and_wait(topic, record.value, key=record.key, headers=headers)
