"""The idempotent (inbox) consumer: validate, record the event id and apply the effect in
one transaction, then commit the partition's offset. Delivery is at least once, effects
exactly once; what cannot be processed goes to `<topic>.dlq` and the consumer goes on."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.errors import CommitFailedError, IllegalStateError
from opentelemetry import trace

from nrm_bus import contracts, telemetry
from nrm_bus.db import DuplicateEvent, UnitOfWork
from nrm_bus.envelope import CloudEvent, EnvelopeError

log = logging.getLogger(__name__)

Handler = Callable[[CloudEvent, Any], Awaitable[None]]

DLQ_SUFFIX = ".dlq"
DLQ_REASON = "dlq_reason"


class PermanentFailure(Exception):
    """Raised by a handler for an event that can never succeed (e.g. it names a referral
    this service never issued). Its message travels in the dead-letter header, so it must
    carry ids and rules only, never personal data."""


def dead_letter_topic(topic: str) -> str:
    return topic + DLQ_SUFFIX


class _CommitOnRevoke(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, consumer: InboxConsumer) -> None:
        self._consumer = consumer

    async def on_partitions_revoked(self, revoked: Sequence[TopicPartition]) -> None:
        # Waits for the batch in flight, whose offsets are then committed, so the next
        # owner of these partitions starts after what this member already applied.
        async with self._consumer.processing:
            pass
        log.info("partitions revoked", extra={"partitions": len(revoked)})

    async def on_partitions_assigned(self, assigned: Sequence[TopicPartition]) -> None:
        log.info("partitions assigned", extra={"partitions": len(assigned)})


class InboxConsumer:
    def __init__(
        self,
        *,
        name: str,
        bootstrap_servers: str,
        group_id: str,
        client_id: str,
        topics: Sequence[str],
        handlers: dict[str, Handler],
        unit_of_work: Callable[[], UnitOfWork],
        dead_letters: AIOKafkaProducer,
        max_attempts: int = 3,
        retry_backoff_s: float = 0.2,
        fetch_max_wait_ms: int = 25,
        on_applied: Callable[[CloudEvent], None] | None = None,
        client_options: dict[str, Any] | None = None,
        auto_offset_reset: str = "earliest",
    ) -> None:
        self.name = name
        self._topics = list(topics)
        self._handlers = handlers
        self._unit_of_work = unit_of_work
        self._dead_letters = dead_letters
        self._max_attempts = max_attempts
        self._retry_backoff_s = retry_backoff_s
        self._on_applied = on_applied
        self.processing = asyncio.Lock()
        self.kafka = AIOKafkaConsumer(
            bootstrap_servers=bootstrap_servers,
            group_id=group_id,
            client_id=client_id,
            enable_auto_commit=False,
            auto_offset_reset=auto_offset_reset,
            fetch_max_wait_ms=fetch_max_wait_ms,
            **(client_options or {}),
        )

    async def start(self) -> None:
        self.kafka.subscribe(self._topics, listener=_CommitOnRevoke(self))
        await self.kafka.start()

    async def stop(self) -> None:
        await self.kafka.stop()

    async def run(self) -> None:
        while True:
            batch = await self.kafka.getmany(timeout_ms=500, max_records=500)
            if not batch:
                continue
            async with self.processing:
                offsets: dict[TopicPartition, int] = {}
                for partition, records in batch.items():
                    for record in records:
                        await self.process(record)
                        offsets[partition] = record.offset + 1
                await self._commit(offsets)

    async def ready(self) -> bool:
        """Assigned partitions, each with a known position (so a reset to the end happened)."""
        assigned = self.kafka.assignment()
        for partition in assigned:
            await self.kafka.position(partition)
        return bool(assigned)

    async def lag(self) -> int:
        """Records not yet processed across this member's partitions."""
        assigned = self.kafka.assignment()
        if not assigned:
            return 0
        ends = await self.kafka.end_offsets(list(assigned))
        total = 0
        for partition in assigned:
            committed = await self.kafka.committed(partition) or 0
            total += max(0, ends[partition] - committed)
        return total

    async def _commit(self, offsets: dict[TopicPartition, int]) -> None:
        try:
            await self.kafka.commit(offsets)
        except (CommitFailedError, IllegalStateError):
            # The group rebalanced under us: the new owner re-reads from the last commit
            # and the inbox recognises what was already applied.
            log.warning("offset commit refused after a rebalance; inbox will dedupe")

    async def process(self, record: ConsumerRecord[bytes, bytes]) -> None:
        try:
            event = CloudEvent.from_record(record.key, record.value, record.headers)
            contracts.validate(event)
        except (EnvelopeError, contracts.ContractViolation) as exc:
            await self._dead_letter(record, f"{type(exc).__name__}: {exc}")
            return
        handler = self._handlers.get(event.type)
        if handler is None:
            await self._dead_letter(record, f"no handler for {event.type} in {self.name}")
            return
        with telemetry.messaging_span(
            "process",
            trace.SpanKind.CONSUMER,
            record.topic,
            event.id,
            event.traceparent,
            **{"messaging.consumer.group.name": self.name, "cloudevents.event_type": event.type},
        ):
            await self._apply(record, event, handler)

    async def _apply(
        self, record: ConsumerRecord[bytes, bytes], event: CloudEvent, handler: Handler
    ) -> None:
        for attempt in range(1, self._max_attempts + 1):
            try:
                async with self._unit_of_work() as uow:
                    await uow.record_receipt(self.name, event, record.topic)
                    await handler(event, uow)
                    await uow.commit()
                if self._on_applied is not None:
                    self._on_applied(event)
                return
            except DuplicateEvent:
                log.info("duplicate event skipped", extra={"event_id": event.id})
                return
            except PermanentFailure as exc:
                await self._dead_letter(record, f"PermanentFailure: {exc}")
                return
            except Exception as exc:
                # Only the class name: driver messages can quote parameter values.
                reason = type(exc).__name__
                log.warning(
                    "event handling failed",
                    extra={"event_id": event.id, "attempt": attempt, "error": reason},
                )
                if attempt == self._max_attempts:
                    await self._dead_letter(record, f"failed {attempt} times: {reason}")
                    return
                await asyncio.sleep(self._retry_backoff_s * 2 ** (attempt - 1))

    async def _dead_letter(self, record: ConsumerRecord[bytes, bytes], reason: str) -> None:
        headers = [
            *[(name, value) for name, value in record.headers if not name.startswith("dlq_")],
            (DLQ_REASON, reason.encode()),
            ("dlq_original_topic", record.topic.encode()),
            ("dlq_original_partition", str(record.partition).encode()),
            ("dlq_original_offset", str(record.offset).encode()),
            ("dlq_consumer", self.name.encode()),
            ("dlq_failed_at", datetime.now(UTC).isoformat().encode()),
        ]
        await self._dead_letters.send_and_wait(
            dead_letter_topic(record.topic), record.value, key=record.key, headers=headers
        )
        log.warning(
            "event dead-lettered",
            extra={"topic": record.topic, "offset": record.offset, "reason": reason},
        )
