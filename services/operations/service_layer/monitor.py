"""What operations knows besides its read models, kept in memory and renewed every few
seconds: each service's bus health (read from its `/metrics`, as Prometheus would), how
fresh each section of the overview is, the decline statistics, the points of the plots;
and a signal that wakes the open dashboards when anything changed."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from opentelemetry.metrics import Observation
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import delete, func, insert, select

from nrm_bus import topics
from nrm_bus.metrics import BusMetrics
from operations.adapters.orm import series, shelter_capacity, waitlist_counts

log = logging.getLogger(__name__)

# The topics each section of the overview is built from: fresh when operations' consumer
# has nothing left to read on them.
SECTION_TOPICS = {
    "capacity": (topics.SHELTER_CAPACITY,),
    "referrals": (topics.REFERRAL_STATUS,),
    "reflection_periods_ending": (topics.REFLECTION_PERIODS,),
    "unacknowledged": (topics.CONSENTS, topics.CONSENT_ACKNOWLEDGEMENTS, topics.CONSENT_DELIVERIES),
}


COUNTS = {
    "dead_letters_waiting": "Dead letters neither replayed nor discarded",
    "reflection_unattended": "Reflection periods ending within the alert days, no follow-up",
    "reflection_ended_unattended": "Reflection periods ended without follow-up",
    "unacknowledged": "Acknowledgements owed past the threshold (consent ends, erasures)",
    "stuck_referrals": "Referrals offered past their hold or requested with no answer",
}


@dataclass
class ServiceHealth:
    service: str
    as_of: datetime | None = None
    error: str | None = None
    lag: dict[tuple[str, int], int] = field(default_factory=dict)
    outbox_backlog: int = 0
    outbox_oldest_age_s: float = 0.0
    held: int = 0
    held_oldest_age_s: float = 0.0
    refusals_last_hour: int = 0
    dead_lettered: dict[str, int] = field(default_factory=dict)

    @property
    def lag_total(self) -> int:
        return sum(self.lag.values())


def health_from_text(service: str, text: str, at: datetime) -> ServiceHealth:
    """A service's bus figures from its Prometheus exposition."""
    health = ServiceHealth(service, as_of=at)
    gauges = {
        "nrm_outbox_backlog": "outbox_backlog",
        "nrm_outbox_oldest_age_seconds": "outbox_oldest_age_s",
        "nrm_gate_held": "held",
        "nrm_gate_held_oldest_age_seconds": "held_oldest_age_s",
        "nrm_gate_refusals_last_hour": "refusals_last_hour",
    }
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "nrm_consumer_lag":
                key = (sample.labels["topic"], int(sample.labels["partition"]))
                health.lag[key] = int(sample.value)
            elif sample.name == "nrm_dead_letters_total":
                topic = sample.labels["topic"]
                health.dead_lettered[topic] = health.dead_lettered.get(topic, 0) + int(sample.value)
            elif sample.name in gauges:
                attribute = gauges[sample.name]
                kind = type(getattr(health, attribute))
                setattr(health, attribute, kind(sample.value))
    return health


def health_from_metrics(metrics: BusMetrics, at: datetime) -> ServiceHealth:
    return health_from_text(metrics.service, metrics.exposition().decode(), at)


class Monitor:
    def __init__(
        self,
        *,
        peers: Mapping[str, httpx.AsyncClient],
        own_metrics: BusMetrics,
        engine: Any,
        clock: Any,
        settings: Any,
        declines: Callable[[], Awaitable[dict[str, Any] | None]] | None = None,
        dead_letters_caught_up: Callable[[], datetime | None] = lambda: None,
        counts: Callable[[], Awaitable[dict[str, int]]] | None = None,
    ) -> None:
        self._peers = peers
        self._own = own_metrics
        self._engine = engine
        self._clock = clock
        self._settings = settings
        self._declines_source = declines
        self._dead_letters_caught_up = dead_letters_caught_up
        self.health: dict[str, ServiceHealth] = {}
        self.freshness: dict[str, datetime] = {}
        self.declines: dict[str, Any] | None = None
        self.declines_as_of: datetime | None = None
        self.version = 0
        self._changed = asyncio.Event()
        self._last_point = -1e9
        self._last_declines = -1e9
        # What needs a person, as counts for Prometheus' alert rules (no pseudonym).
        self._counts_source = counts
        self.counts: dict[str, int] = {}
        meter = own_metrics.provider.get_meter("operations")
        for name, description in COUNTS.items():
            meter.create_observable_gauge(
                f"nrm.operations.{name}", callbacks=[self._observe(name)], description=description
            )

    def _observe(self, name: str) -> Any:
        def callback(_: Any) -> list[Observation]:
            return [Observation(self.counts.get(name, 0))] if name in self.counts else []

        return callback

    # --- change signal --------------------------------------------------------------

    def notify(self, *_: object) -> None:
        """Something changed: wake whoever waits (the open dashboards)."""
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_change(self, seen: int, timeout_s: float) -> int:
        """Returns the version once it is past `seen`, or after the timeout."""
        if self.version == seen:
            waiting = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiting.wait(), timeout_s)
        return self.version

    # --- the loop --------------------------------------------------------------------

    async def run(self) -> None:
        while True:
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("operations monitor failed", extra={"error": type(exc).__name__})
            await asyncio.sleep(self._settings.scrape_interval_s)

    async def tick(self) -> None:
        now = self._clock.now()
        await asyncio.gather(
            *(
                self._scrape(name, client)
                for name, client in list(self._peers.items())
                if name != self._own.service
            )
        )
        self.health["operations"] = health_from_metrics(self._own, now)
        self._update_freshness()
        if self._counts_source is not None:
            self.counts = await self._counts_source()
        if time.monotonic() - self._last_declines >= 30 and self._declines_source is not None:
            self._last_declines = time.monotonic()
            try:
                body = await self._declines_source()
            except Exception as exc:
                log.warning("decline statistics unavailable", extra={"error": type(exc).__name__})
            else:
                if body is not None:
                    self.declines, self.declines_as_of = body, now
        if time.monotonic() - self._last_point >= self._settings.history_interval_s:
            self._last_point = time.monotonic()
            await self.record_points(now)
        self.notify()

    async def _scrape(self, service: str, client: httpx.AsyncClient) -> None:
        now = self._clock.now()
        try:
            response = await client.get("/metrics", timeout=self._settings.peer_timeout_s)
            response.raise_for_status()
            self.health[service] = health_from_text(service, response.text, now)
        except Exception as exc:
            known = self.health.get(service) or ServiceHealth(service)
            known.error = f"unreachable ({type(exc).__name__})"
            self.health[service] = known

    def _update_freshness(self) -> None:
        """A section is as fresh as the last moment operations' consumer had read all of
        its topics."""
        sampled = self._own.sampled_at
        if sampled is not None:
            lag = self._own.lag
            for section, names in SECTION_TOPICS.items():
                mine = [value for (topic, _), value in lag.items() if topic in names]
                if mine and not any(mine):
                    self.freshness[section] = sampled
        caught_up = self._dead_letters_caught_up()
        if caught_up is not None:
            self.freshness["dead_letters"] = caught_up

    async def record_points(self, now: datetime) -> None:
        """One point of each plot; points older than the window go."""
        async with self._engine.begin() as conn:
            beds = (
                await conn.execute(
                    select(
                        func.coalesce(func.sum(shelter_capacity.c.beds_total), 0),
                        func.coalesce(func.sum(shelter_capacity.c.beds_free), 0),
                        func.coalesce(func.sum(shelter_capacity.c.beds_held), 0),
                    )
                )
            ).one()
            waiting = await conn.scalar(select(func.coalesce(func.sum(waitlist_counts.c.count), 0)))
            points = {
                "beds_total": float(beds[0]),
                "beds_free": float(beds[1]),
                "beds_held": float(beds[2]),
                "waiting": float(waiting or 0),
            }
            for service, health in self.health.items():
                if health.error is None:
                    points[f"lag:{service}"] = float(health.lag_total)
            await conn.execute(
                insert(series), [{"name": n, "at": now, "value": v} for n, v in points.items()]
            )
            keep = timedelta(hours=self._settings.history_keep_hours)
            await conn.execute(delete(series).where(series.c.at < now - keep))
