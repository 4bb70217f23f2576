"""The outbox relay: publishes committed outbox rows in order with `acks=all`, then marks
them published. A crash between the two re-sends; consumers' inboxes drop the repeat.

Before an event about a person leaves, the consent gate decides: deliver (projected to the
categories the consent covers, personal fields sealed with the person's key), hold (the
row waits, and so does every later row about the same person, keeping their order), or
refuse (the row is marked refused, recorded, and never sent)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer
from opentelemetry import trace
from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from nrm_bus import contracts, failpoints, telemetry
from nrm_bus.audit.log import AuditLog, Draft, audit_drafts
from nrm_bus.clock import Clock, SystemClock, as_utc
from nrm_bus.disclosure import Disclosures, disclosures
from nrm_bus.envelope import CloudEvent
from nrm_bus.gate import ConsentView, Decision, Verdict, consent_id_of, decide
from nrm_bus.metrics import BusMetrics
from nrm_bus.sealing import KeyVault, SubjectErased, seal
from nrm_bus.signing import EventSigner

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        outbox: Table,
        producer: AIOKafkaProducer,
        *,
        vault: KeyVault,
        audit: AuditLog,
        signer: EventSigner | None = None,
        clock: Clock | None = None,
        rules: Disclosures | None = None,
        batch_size: int = 500,
        poll_interval_s: float = 0.2,
        metrics: BusMetrics | None = None,
    ) -> None:
        self._metrics = metrics
        self._engine = engine
        self._outbox = outbox
        self._producer = producer
        self._vault = vault
        self._audit = audit
        self._signer = signer
        self._clock = clock or SystemClock()
        self._rules = rules or disclosures()
        self._batch_size = batch_size
        self._poll_interval_s = poll_interval_s
        self._wakeup = asyncio.Event()

    def wake(self) -> None:
        """Called after a commit that wrote events, so they leave without waiting a poll."""
        self._wakeup.set()

    async def backlog(self) -> int:
        from sqlalchemy import func

        async with self._engine.connect() as conn:
            query = select(func.count()).select_from(self._outbox)
            result = await conn.scalar(query.where(*self._pending()))
            return int(result or 0)

    async def run(self) -> None:
        while True:
            try:
                sent = await self.publish_pending()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay failed; retrying")
                await asyncio.sleep(1)
                continue
            if sent < self._batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), self._poll_interval_s)
                self._wakeup.clear()

    def _pending(self) -> tuple[Any, ...]:
        return (self._outbox.c.published_at.is_(None), self._outbox.c.refused_at.is_(None))

    async def publish_pending(self) -> int:
        """Publish one batch of pending rows; returns how many were sent or refused."""
        outbox = self._outbox
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(outbox)
                    .where(*self._pending())
                    .order_by(outbox.c.seq)
                    .limit(self._batch_size)
                )
            ).all()
        if not rows:
            return 0
        failpoints.hit("relay.before_publish", {row.topic for row in rows})
        deliveries = []
        sent: list[int] = []
        sent_topics: set[str] = set()
        published: list[tuple[CloudEvent, Decision]] = []
        refused: list[tuple[int, CloudEvent, Decision]] = []
        waiting_keys: set[str] = set()
        async with self._engine.connect() as conn:
            view = ConsentView(conn, outbox.metadata)
            for row in rows:
                event = CloudEvent(
                    id=row.event_id,
                    type=row.ce_type,
                    source=row.ce_source,
                    subject=row.ce_subject,
                    time=as_utc(row.ce_time),
                    dataschema=row.ce_dataschema,
                    data=row.data,
                    key=row.key,
                )
                if row.key in waiting_keys:
                    continue  # an earlier event about this person is held: keep their order
                decision, outgoing = await self._pass_gate(event, view)
                if self._metrics is not None and self._rules.rule_for(event.type) is not None:
                    self._metrics.gate_decided("relay", decision.verdict.value, decision.reason)
                if decision.verdict is Verdict.HOLD:
                    waiting_keys.add(row.key)
                    continue
                if decision.verdict is Verdict.REFUSE or outgoing is None:
                    refused.append((row.seq, event, decision))
                    continue
                with telemetry.messaging_span(
                    "publish", trace.SpanKind.PRODUCER, row.topic, row.event_id, row.traceparent
                ):
                    outgoing = outgoing.with_trace(telemetry.current_traceparent())
                    deliveries.append(await outgoing.send(self._producer, row.topic))
                sent.append(row.seq)
                sent_topics.add(row.topic)
                published.append((event, decision))
                if self._metrics is not None:
                    self._metrics.published(row.topic, row.ce_type)
        # acks=all: each future resolves only when the in-sync replicas have the record.
        await asyncio.gather(*deliveries)
        failpoints.hit("relay.after_publish", sent_topics)
        now = datetime.now(UTC)
        drafts: list[Draft] = []
        async with self._engine.connect() as conn:
            await conn.begin()
            if sent:
                await conn.execute(
                    update(outbox).where(outbox.c.seq.in_(sent)).values(published_at=now)
                )
            view = ConsentView(conn, outbox.metadata)
            for seq, event, decision in refused:
                await conn.execute(
                    update(outbox)
                    .where(outbox.c.seq == seq)
                    .values(refused_at=now, refusal=decision.reason[:100])
                )
                await view.refuse("relay", event, consent_id_of(event), decision.reason, now)
                drafts += audit_drafts("refused", event)
            for event, decision in published:
                rule = self._rules.rule_for(event.type)
                covered = rule.categories_in(decision.covered) if rule else ()
                drafts += audit_drafts("published", event, covered)
            await self._audit.commit_with(conn, drafts, self._clock.now())
        log.debug("outbox published", extra={"count": len(sent), "refused": len(refused)})
        return len(sent) + len(refused)

    async def _pass_gate(
        self, event: CloudEvent, view: ConsentView
    ) -> tuple[Decision, CloudEvent | None]:
        """The gate's decision for this event, and what is sent if it is delivered."""
        rule = self._rules.rule_for(event.type)
        if rule is None:
            return Decision(Verdict.DELIVER), event
        consent_id = consent_id_of(event)
        if consent_id is None:
            return Decision(Verdict.REFUSE, "names-no-consent"), None
        consent = await view.get(consent_id)
        decision = decide(rule, consent, str(event.data.get("subject_id")), self._clock.now())
        if decision.verdict is not Verdict.DELIVER:
            return decision, None
        projected = replace(event, data=rule.project(event.data, decision.covered))
        contracts.validate(projected)
        try:
            sealed = await seal(projected, rule.personal_fields, self._vault)
        except SubjectErased:
            return Decision(Verdict.REFUSE, "subject-erased"), None
        if rule.signed:
            if self._signer is None:
                return Decision(Verdict.REFUSE, "no-signing-key"), None
            sealed = replace(sealed, signature=self._signer.sign(sealed))
        return decision, sealed
