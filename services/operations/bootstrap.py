"""The one place that wires the operations service together."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from nrm_bus import kafka_security, topics
from nrm_bus.audit.peers import AuditPeers, peer_clients
from nrm_bus.audit.trace_source import ServiceToken
from nrm_bus.clock import Clock, SystemClock
from nrm_bus.runtime import BusRuntime, create_app
from operations.adapters import orm
from operations.adapters.dead_letter_topics import (
    DeadLetterReader,
    StoredRecord,
    read_back,
    write_back,
)
from operations.config import Settings
from operations.entrypoints import api, dashboard, signin
from operations.service_layer import overview, projections
from operations.service_layer.monitor import Monitor
from operations.service_layer.unit_of_work import OperationsUnitOfWork

HERE = Path(__file__).parent

# Streams without personal data: pseudonyms, counts, states and clocks (shared/DESIGN.md).
TOPICS = (
    topics.SHELTER_CAPACITY,
    topics.REFERRAL_STATUS,
    topics.REFLECTION_PERIODS,
    topics.CONSENTS,
    topics.CONSENT_ACKNOWLEDGEMENTS,
    topics.CONSENT_DELIVERIES,
)


class Operations:
    """What the routes and the background jobs of operations share."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.runtime: BusRuntime[OperationsUnitOfWork]
        self.monitor: Monitor
        self.dead_letter_reader: DeadLetterReader

    def attach(
        self, runtime: BusRuntime[OperationsUnitOfWork], peers: Mapping[str, httpx.AsyncClient]
    ) -> None:
        settings = self.settings
        self.runtime = runtime
        self.dead_letter_reader = DeadLetterReader(
            bootstrap_servers=settings.kafka_bootstrap_servers,
            group_id=f"{settings.consumer_group}-dead-letters",
            client_id=settings.kafka_client_id,
            engine=runtime.background_engine,
            clock=self.clock,
            on_arrival=lambda: self.monitor.notify(),
            auto_offset_reset=settings.kafka_auto_offset_reset,
            client_options=kafka_security.client_options(settings),
        )
        secret = settings.client_secret.get_secret_value()
        token = ServiceToken(settings.token_url, settings.client_id, secret) if secret else None
        referral = peers.get("referral")

        async def declines() -> dict[str, Any] | None:
            if token is None or referral is None:
                return None
            response = await referral.get(
                "/v1/statistics/declines",
                headers={"Authorization": await token.authorization()},
                timeout=settings.peer_timeout_s,
            )
            response.raise_for_status()
            body: dict[str, Any] = response.json()
            return body

        async def counts() -> dict[str, int]:
            async with runtime.background_engine.connect() as conn:
                return await overview.counts(conn, settings, self.clock.now())

        self.monitor = Monitor(
            peers=peers,
            own_metrics=runtime.metrics,
            engine=runtime.background_engine,
            clock=self.clock,
            settings=settings,
            declines=declines,
            dead_letters_caught_up=lambda: self.dead_letter_reader.caught_up_at,
            counts=counts,
        )
        if runtime.consumer is not None:
            runtime.consumer.observe(self.monitor.notify)

    async def run_monitor(self, _: Any) -> None:
        await self.monitor.run()

    async def run_dead_letter_reader(self, _: Any) -> None:
        reader = self.dead_letter_reader
        await reader.start()
        try:
            await reader.run()
        finally:
            await reader.stop()

    async def read_back(self, topic: str, partition: int, offset: int) -> StoredRecord | None:
        return await read_back(
            self.settings.kafka_bootstrap_servers,
            topic,
            partition,
            offset,
            client_options=kafka_security.client_options(self.settings),
        )

    async def write_back(self, topic: str, record: StoredRecord, dead_letter_id: Any) -> None:
        await write_back(self.runtime.producer, topic, record, dead_letter_id)


def build_runtime(
    settings: Settings, clock: Clock, operations: Operations | None = None
) -> BusRuntime[OperationsUnitOfWork]:
    # It keeps no consent view: it reads consents' ends and erasure requests, never scopes.
    background = (operations.run_monitor, operations.run_dead_letter_reader) if operations else ()
    return BusRuntime(
        settings,
        bus_tables=orm.bus_tables,
        unit_of_work_class=OperationsUnitOfWork,
        migrations_dir=HERE / "migrations",
        clock=clock,
        topics=TOPICS,
        handlers=projections.event_handlers(),
        consent_view=False,
        background=background,
    )


def bootstrap(
    settings: Settings | None = None,
    clock: Clock | None = None,
    peers: Mapping[str, httpx.AsyncClient] | None = None,
) -> FastAPI:
    """`peers`: a client per service (its audit endpoints and /metrics; tests pass
    in-process ones); by default one over HTTP to each address of `service_urls`."""
    settings = settings or Settings()
    clock = clock or SystemClock()
    operations = Operations(settings, clock)
    runtime = build_runtime(settings, clock, operations)
    app = create_app(
        runtime,
        title="NRM operations",
        description="The read side for operations staff and auditors: the whole mechanism at "
        "a glance (capacity, referral pipeline, reflection clocks, acknowledgements owed, bus "
        "health, dead letters), traces of one person across every service, and verification "
        "of every service's audit log. It holds no personal data.",
        routers=[api.router, api.audit_router],
        clock=clock,
    )
    clients = (
        peers if peers is not None else peer_clients(settings.service_urls, settings.peer_timeout_s)
    )
    operations.attach(runtime, clients)
    app.state.operations = operations
    app.state.audit_peers = AuditPeers(clients, settings.peer_timeout_s)
    # The browser side: sign-in (open) and the dashboard (session cookie, not bearer).
    signin.install(app, settings)
    app.include_router(signin.router)
    app.include_router(dashboard.router)
    dashboard.mount_static(app)
    return app
