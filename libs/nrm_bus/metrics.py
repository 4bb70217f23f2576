"""Metrics every service exports on `GET /metrics` (Prometheus text), through the
OpenTelemetry SDK: request rate and latency by route template, consumer lag per partition,
outbox backlog and its oldest row, events held by the consent gate and the oldest, gate
decisions by verdict and reason, dead letters by topic. Labels carry topics, routes, event
types and rule names only: never a pseudonym, an id or a value (a test reads the output).

Each app has its own meter provider and Prometheus registry, so that several services in
one process (the tests) do not add up each other's figures."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from opentelemetry.exporter.prometheus import PrometheusMetricReader
from opentelemetry.metrics import CallbackOptions, Observation
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.resources import Resource
from prometheus_client import CollectorRegistry, generate_latest
from sqlalchemy import MetaData, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from nrm_bus.clock import Clock, as_utc

log = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# A dead letter's reason starts with a class name or a fixed phrase; only that becomes a
# label (the rest may name a referral or a field).
_CAUSE = re.compile(r"^(?:failed \d+ times: )?([A-Za-z][A-Za-z]+)")


def dead_letter_cause(reason: str) -> str:
    """`ContractViolation`, `PermanentFailure`, `OperationalError`, `no-handler`: the kind of
    failure, never the ids a reason may carry."""
    if reason.startswith("no handler"):
        return "no-handler"
    match = _CAUSE.match(reason)
    return match.group(1) if match else "other"


def _gate_reason(reason: str) -> str:
    # `category-not-covered:needs,location` names categories, fixed vocabulary; keep the rule.
    return reason.split(":", 1)[0] if reason else ""


class BusMetrics:
    """One service's instruments. Counters are incremented where things happen; gauges read
    the last sample the sampler took (they cannot await the database themselves)."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.registry = CollectorRegistry(auto_describe=True)
        self.reader = PrometheusMetricReader(
            registry=self.registry, scope_info_enabled=False, disable_target_info=True
        )
        self.provider = MeterProvider(
            metric_readers=[self.reader],
            resource=Resource.create({"service.name": service, "service.namespace": "nrm"}),
        )
        meter = self.provider.get_meter("nrm_bus")
        self._gate = meter.create_counter(
            "nrm.gate.decisions", description="Consent gate decisions by stage, verdict and rule"
        )
        self._dead_letters = meter.create_counter(
            "nrm.dead_letters", description="Records sent to a dead-letter topic"
        )
        self._published = meter.create_counter(
            "nrm.events.published", description="Events published by the outbox relay"
        )
        self._consumed = meter.create_counter(
            "nrm.events.consumed", description="Events applied by the inbox consumer"
        )
        # Last samples, read by the observable gauges.
        self.lag: dict[tuple[str, int], int] = {}
        self.backlog = 0
        self.backlog_oldest_s = 0.0
        self.held = 0
        self.held_oldest_s = 0.0
        self.refusals_last_hour = 0
        self.sampled_at: datetime | None = None
        meter.create_observable_gauge(
            "nrm.consumer.lag",
            callbacks=[self._observe_lag],
            description="Records on a partition not yet processed by this service's consumer",
        )
        for name, attribute, description in (
            ("nrm.outbox.backlog", "backlog", "Outbox rows not yet published or refused"),
            (
                "nrm.outbox.oldest_age_seconds",
                "backlog_oldest_s",
                "Age of the oldest unpublished outbox row",
            ),
            ("nrm.gate.held", "held", "Events held by the consent gate for a consent not seen"),
            (
                "nrm.gate.held_oldest_age_seconds",
                "held_oldest_s",
                "Age of the oldest event the gate holds",
            ),
            (
                "nrm.gate.refusals_last_hour",
                "refusals_last_hour",
                "Events the gate refused in the last hour",
            ),
        ):
            meter.create_observable_gauge(
                name, callbacks=[self._observe(attribute)], description=description
            )

    def _observe(self, attribute: str) -> Any:
        def callback(_: CallbackOptions) -> Iterable[Observation]:
            return [Observation(getattr(self, attribute))]

        return callback

    def _observe_lag(self, _: CallbackOptions) -> Iterable[Observation]:
        return [
            Observation(lag, {"topic": topic, "partition": str(partition)})
            for (topic, partition), lag in sorted(self.lag.items())
        ]

    # --- where things happen ---------------------------------------------------------

    def gate_decided(self, stage: str, verdict: str, reason: str = "") -> None:
        self._gate.add(1, {"stage": stage, "verdict": verdict, "reason": _gate_reason(reason)})

    def dead_lettered(self, topic: str, reason: str) -> None:
        self._dead_letters.add(1, {"topic": topic, "cause": dead_letter_cause(reason)})

    def published(self, topic: str, event_type: str) -> None:
        self._published.add(1, {"topic": topic, "event_type": event_type})

    def consumed(self, topic: str, event_type: str) -> None:
        self._consumed.add(1, {"topic": topic, "event_type": event_type})

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    def shutdown(self) -> None:
        self.provider.shutdown()


async def sample(
    metrics: BusMetrics,
    engine: AsyncEngine,
    metadata: MetaData,
    consumer: Any,
    clock: Clock,
) -> None:
    """Take the figures the gauges report: the database's and the consumer's."""
    now = clock.now()
    outbox, held, refusals = (
        metadata.tables["outbox"],
        metadata.tables["gate_held"],
        metadata.tables["gate_refusals"],
    )
    pending = (outbox.c.published_at.is_(None), outbox.c.refused_at.is_(None))
    async with engine.connect() as conn:
        backlog = (
            await conn.execute(select(func.count(), func.min(outbox.c.ce_time)).where(*pending))
        ).one()
        holding = (await conn.execute(select(func.count(), func.min(held.c.held_at)))).one()
        refused = await conn.scalar(
            select(func.count()).where(refusals.c.at >= now - timedelta(hours=1))
        )
    metrics.backlog = int(backlog[0])
    metrics.backlog_oldest_s = _age(now, backlog[1])
    metrics.held = int(holding[0])
    metrics.held_oldest_s = _age(now, holding[1])
    metrics.refusals_last_hour = int(refused or 0)
    if consumer is not None:
        metrics.lag = await consumer.lag_by_partition()
    metrics.sampled_at = now


def _age(now: datetime, since: datetime | None) -> float:
    return 0.0 if since is None else max(0.0, (now - as_utc(since)).total_seconds())


async def keep_sampling(
    metrics: BusMetrics,
    engine: AsyncEngine,
    metadata: MetaData,
    consumer: Any,
    clock: Clock,
    interval_s: float,
) -> None:
    while True:
        try:
            await sample(metrics, engine, metadata, consumer, clock)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # A database or broker briefly away: the gauges keep their last value.
            log.warning("metrics sample failed", extra={"error": type(exc).__name__})
        await asyncio.sleep(interval_s)
