"""The idempotent (inbox) consumer: validate, record the event id and apply the effect in
one transaction, then commit the partition's offset. Delivery is at least once, effects
exactly once; what cannot be processed goes to `<topic>.dlq` and the consumer goes on.

An event about a person passes the consent gate first, against this service's own consent
view: delivered (projected to what the consent covers), held in the database until its
consent is seen, or refused and recorded. Personal fields are unsealed with the person's
key; an event about an erased person cannot be, and is skipped."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.errors import CommitFailedError, IllegalStateError
from opentelemetry import trace

from nrm_bus import contracts, telemetry, topics
from nrm_bus.clock import Clock, SystemClock
from nrm_bus.db import DuplicateEvent, UnitOfWork
from nrm_bus.disclosure import Disclosures, disclosures
from nrm_bus.envelope import CloudEvent, EnvelopeError
from nrm_bus.gate import CONSENT_GIVEN, Decision, Verdict, consent_id_of, decide
from nrm_bus.metrics import BusMetrics
from nrm_bus.sealing import KeyVault, SealBroken, SubjectErased, unseal
from nrm_bus.topics import DLQ_SUFFIX, dead_letter_topic

log = logging.getLogger(__name__)

Handler = Callable[[CloudEvent, Any], Awaitable[None]]
# Told of each applied event and of when the gate let it through.
Listener = Callable[[CloudEvent, datetime], None]

__all__ = ["DLQ_REASON", "DLQ_SUFFIX", "InboxConsumer", "PermanentFailure", "dead_letter_topic"]

DLQ_REASON = "dlq_reason"


class PermanentFailure(Exception):
    """Raised by a handler for an event that can never succeed (e.g. it names a referral
    this service never issued). Its message travels in the dead-letter header, so it must
    carry ids and rules only, never personal data."""


def consent_delivery_event(
    service: str, consent_id: uuid.UUID, subject_id: uuid.UUID, now: datetime
) -> CloudEvent:
    """Data about the person first reached `service` under the consent: when that consent
    ends, this service owes an acknowledgement (operations watches that it comes)."""
    return contracts.build_event(
        "ConsentDeliveryRecorded",
        {
            "consent_id": str(consent_id),
            "subject_id": str(subject_id),
            "service": service,
            "first_at": now.isoformat(),
        },
        source=f"/nrm/{service}",
        key=str(subject_id),
        subject=str(subject_id),
    )


@dataclass(frozen=True)
class Incoming:
    """A record as received, or as it was held by the gate (then with no offset)."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: list[tuple[str, bytes]]

    @classmethod
    def of(cls, record: ConsumerRecord[bytes, bytes]) -> Incoming:
        return cls(
            record.topic,
            record.partition,
            record.offset,
            record.key,
            record.value or b"",
            list(record.headers),
        )


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
        vault: KeyVault,
        clock: Clock | None = None,
        rules: Disclosures | None = None,
        max_attempts: int = 3,
        retry_backoff_s: float = 0.2,
        fetch_max_wait_ms: int = 25,
        on_applied: Callable[[CloudEvent], None] | None = None,
        client_options: dict[str, Any] | None = None,
        auto_offset_reset: str = "earliest",
        held_sweep_s: float = 5.0,
        metrics: BusMetrics | None = None,
        service: str | None = None,
    ) -> None:
        self.name = name
        self._metrics = metrics
        # The service this consumer works for: it tells operations, once per consent, that
        # data reached it under that consent (whose end it must then acknowledge).
        self._service = service
        self._topics = list(topics)
        self._handlers = handlers
        self._unit_of_work = unit_of_work
        self._dead_letters = dead_letters
        self._vault = vault
        self._clock = clock or SystemClock()
        self._rules = rules or disclosures()
        self._max_attempts = max_attempts
        self._retry_backoff_s = retry_backoff_s
        self._listeners: list[Listener] = []
        if on_applied is not None:
            self._listeners.append(lambda event, _decided_at: on_applied(event))
        self._held_sweep_s = held_sweep_s
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

    def observe(self, listener: Listener) -> None:
        """Be told of every event applied, as the handler saw it, after its commit, with the
        time the gate let it through (the moment of delivery)."""
        self._listeners.append(listener)

    async def start(self) -> None:
        self.kafka.subscribe(self._topics, listener=_CommitOnRevoke(self))
        await self.kafka.start()

    async def stop(self) -> None:
        await self.kafka.stop()

    async def run(self) -> None:
        # A crash between applying a consent and releasing what waited for it leaves held
        # events behind; they are looked for at start and every few seconds after.
        next_sweep = 0.0
        loop = asyncio.get_running_loop()
        while True:
            if loop.time() >= next_sweep:
                await self.release_ready()
                next_sweep = loop.time() + self._held_sweep_s
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
            # A group that has consumed nothing here yet starts from its reset position.
            done = await self.kafka.committed(partition)
            if done is None:
                done = await self.kafka.position(partition)
            total += max(0, ends[partition] - done)
        return total

    async def lag_by_partition(self) -> dict[tuple[str, int], int]:
        """Records not yet processed, per assigned partition."""
        assigned = list(self.kafka.assignment())
        if not assigned:
            return {}
        ends = await self.kafka.end_offsets(assigned)
        lags: dict[tuple[str, int], int] = {}
        for partition in assigned:
            done = await self.kafka.committed(partition)
            if done is None:
                done = await self.kafka.position(partition)
            lags[(partition.topic, partition.partition)] = max(0, ends[partition] - done)
        return lags

    async def _commit(self, offsets: dict[TopicPartition, int]) -> None:
        try:
            await self.kafka.commit(offsets)
        except (CommitFailedError, IllegalStateError):
            # The group rebalanced under us: the new owner re-reads from the last commit
            # and the inbox recognises what was already applied.
            log.warning("offset commit refused after a rebalance; inbox will dedupe")

    async def process(self, record: ConsumerRecord[bytes, bytes]) -> None:
        await self._process(Incoming.of(record))

    async def _process(self, record: Incoming, *, held: bool = False) -> None:
        try:
            event = CloudEvent.from_record(record.key, record.value, record.headers)
            event = await self._unseal(event)
            contracts.validate(event)
        except SubjectErased:
            # The person was erased: nothing in this record can be read any more.
            log.info("event about an erased person skipped", extra={"topic": record.topic})
            return
        except (EnvelopeError, contracts.ContractViolation, SealBroken) as exc:
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
            await self._apply(record, event, handler, held=held)
        if event.type == CONSENT_GIVEN and (consent_id := consent_id_of(event)) is not None:
            await self._release_held(consent_id)

    async def _unseal(self, event: CloudEvent) -> CloudEvent:
        """Unseal, waiting out a key vault that is briefly away rather than stopping."""
        for attempt in range(1, self._max_attempts + 1):
            try:
                return await unseal(event, self._vault)
            except (SubjectErased, SealBroken):
                raise
            except Exception as exc:
                log.warning(
                    "key vault unavailable",
                    extra={"event_id": event.id, "attempt": attempt, "error": type(exc).__name__},
                )
                if attempt == self._max_attempts:
                    raise SealBroken(f"key vault unavailable ({type(exc).__name__})") from exc
                await asyncio.sleep(self._retry_backoff_s * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    async def release_ready(self) -> None:
        """Release every held event whose consent this service now knows."""
        try:
            async with self._unit_of_work() as uow:
                consent_ids = await uow.consents.held_with_known_consent()
            for consent_id in consent_ids:
                await self._release_held(consent_id)
        except Exception as exc:
            # The next sweep tries again; the consumer must not stop over it.
            log.warning("releasing held events failed", extra={"error": type(exc).__name__})

    async def _release_held(self, consent_id: uuid.UUID) -> None:
        """The consent has arrived: what waited for it goes through the gate again."""
        async with self._unit_of_work() as uow:
            waiting = await uow.consents.held_for(consent_id)
        for row in waiting:
            record = Incoming(
                topic=row["topic"],
                partition=-1,
                offset=-1,
                key=row["key"].encode() if row["key"] else None,
                value=bytes(row["value"]),
                headers=[(name, raw.encode()) for name, raw in row["headers"]],
            )
            await self._process(record, held=True)

    async def _apply(
        self, record: Incoming, event: CloudEvent, handler: Handler, *, held: bool
    ) -> None:
        for attempt in range(1, self._max_attempts + 1):
            try:
                async with self._unit_of_work() as uow:
                    if held:
                        if not await uow.consents.take_held(event.id):
                            return  # another member released it first
                    else:
                        await uow.record_receipt(self.name, event, record.topic)
                    decided_at = self._clock.now()
                    delivered = await self._gate(uow, record, event, decided_at)
                    if delivered is not None:
                        await handler(delivered, uow)
                    await uow.commit()
                if delivered is not None:
                    if self._metrics is not None:
                        self._metrics.consumed(record.topic, event.type)
                    for listener in self._listeners:
                        listener(delivered, decided_at)
                return
            except DuplicateEvent:
                log.info("duplicate event skipped", extra={"event_id": event.id})
                return
            except PermanentFailure as exc:
                await self._give_up(record, event, f"PermanentFailure: {exc}", held=held)
                return
            except Exception as exc:
                # Only the class name: driver messages can quote parameter values.
                reason = type(exc).__name__
                log.warning(
                    "event handling failed",
                    extra={"event_id": event.id, "attempt": attempt, "error": reason},
                )
                if attempt == self._max_attempts:
                    await self._give_up(
                        record, event, f"failed {attempt} times: {reason}", held=held
                    )
                    return
                await asyncio.sleep(self._retry_backoff_s * 2 ** (attempt - 1))

    async def _give_up(
        self, record: Incoming, event: CloudEvent, reason: str, *, held: bool
    ) -> None:
        """Dead-letter the event; a released held event also leaves the hold, or the sweep
        would release and dead-letter it again every few seconds."""
        if held:
            async with self._unit_of_work() as uow:
                await uow.consents.take_held(event.id)
                await uow.commit()
        await self._dead_letter(record, reason)

    async def _gate(
        self, uow: UnitOfWork, record: Incoming, event: CloudEvent, now: datetime
    ) -> CloudEvent | None:
        """The event as this service may see it, or None if the gate held or refused it;
        the decision is an audit entry in the same transaction."""
        rule = self._rules.rule_for(event.type)
        if rule is None:
            uow.audit_event("consumed", event)
            return event
        consent_id = consent_id_of(event)
        if consent_id is None:
            await uow.consents.refuse("consumer", event, None, "names-no-consent", now)
            uow.audit_event("refused", event)
            self._decided(Verdict.REFUSE, "names-no-consent")
            return None
        # Locked for share: a withdrawal applied meanwhile waits for this delivery to commit,
        # and then finds it to restrict and acknowledge.
        consent = await uow.consents.get(consent_id, lock=True)
        decision = decide(rule, consent, str(event.data.get("subject_id")), now)
        if decision.verdict is Verdict.HOLD and await self._vault.is_erased(
            uuid.UUID(str(event.data["subject_id"]))
        ):
            decision = Decision(Verdict.REFUSE, "subject-erased")
        self._decided(decision.verdict, decision.reason)
        if decision.verdict is Verdict.DELIVER:
            subject_id = uuid.UUID(str(event.data["subject_id"]))
            if await uow.consents.delivered_under(consent_id, subject_id, now) and self._service:
                await uow.publish(
                    topics.CONSENT_DELIVERIES,
                    consent_delivery_event(self._service, consent_id, subject_id, now),
                )
            uow.audit_event("consumed", event, rule.categories_in(decision.covered), consent_id)
            return replace(event, data=rule.project(event.data, decision.covered))
        if decision.verdict is Verdict.HOLD:
            await uow.consents.hold(
                event, consent_id, record.topic, record.key, record.headers, record.value, now
            )
            uow.audit_event("held", event, (), consent_id)
            log.info("gate holds an event", extra={"event_id": event.id, "event_type": event.type})
            return None
        await uow.consents.refuse("consumer", event, consent_id, decision.reason, now)
        uow.audit_event("refused", event, (), consent_id)
        return None

    def _decided(self, verdict: Verdict, reason: str) -> None:
        if self._metrics is not None:
            self._metrics.gate_decided("consumer", verdict.value, reason)

    async def _dead_letter(self, record: Incoming, reason: str) -> None:
        if self._metrics is not None:
            self._metrics.dead_lettered(record.topic, reason)
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
