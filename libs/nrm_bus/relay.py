"""The outbox relay: publishes committed outbox rows in order with `acks=all`, then marks
them published. A crash between the two re-sends; consumers' inboxes drop the repeat."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from opentelemetry import trace
from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from nrm_bus import failpoints, telemetry
from nrm_bus.clock import as_utc
from nrm_bus.envelope import CloudEvent

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        outbox: Table,
        producer: AIOKafkaProducer,
        *,
        batch_size: int = 500,
        poll_interval_s: float = 0.2,
    ) -> None:
        self._engine = engine
        self._outbox = outbox
        self._producer = producer
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
            result = await conn.scalar(query.where(self._outbox.c.published_at.is_(None)))
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

    async def publish_pending(self) -> int:
        """Publish one batch of unpublished rows; returns how many were sent."""
        outbox = self._outbox
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(outbox)
                    .where(outbox.c.published_at.is_(None))
                    .order_by(outbox.c.seq)
                    .limit(self._batch_size)
                )
            ).all()
        if not rows:
            return 0
        failpoints.hit("relay.before_publish")
        deliveries = []
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
            with telemetry.messaging_span(
                "publish", trace.SpanKind.PRODUCER, row.topic, row.event_id, row.traceparent
            ):
                event = event.with_trace(telemetry.current_traceparent())
                deliveries.append(await event.send(self._producer, row.topic))
        # acks=all: each future resolves only when the in-sync replicas have the record.
        await asyncio.gather(*deliveries)
        failpoints.hit("relay.after_publish")
        async with self._engine.begin() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.seq.in_([row.seq for row in rows]))
                .values(published_at=datetime.now(UTC))
            )
        log.debug("outbox published", extra={"count": len(rows)})
        return len(rows)
