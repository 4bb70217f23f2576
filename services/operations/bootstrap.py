"""The one place that wires the operations service together."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import httpx
from fastapi import FastAPI

from nrm_bus.audit.peers import AuditPeers, peer_clients
from nrm_bus.clock import Clock, SystemClock
from nrm_bus.runtime import BusRuntime, create_app
from operations.adapters import orm
from operations.config import Settings
from operations.entrypoints import api
from operations.service_layer.unit_of_work import OperationsUnitOfWork

HERE = Path(__file__).parent


def build_runtime(settings: Settings, clock: Clock) -> BusRuntime[OperationsUnitOfWork]:
    # It reads no stream about a person; the runtime adds the audit checkpoints it witnesses.
    return BusRuntime(
        settings,
        bus_tables=orm.bus_tables,
        unit_of_work_class=OperationsUnitOfWork,
        migrations_dir=HERE / "migrations",
        clock=clock,
    )


def bootstrap(
    settings: Settings | None = None,
    clock: Clock | None = None,
    peers: Mapping[str, httpx.AsyncClient] | None = None,
) -> FastAPI:
    """`peers`: a client per service's audit endpoints (tests pass in-process ones); by
    default one over HTTP to each address of `service_urls`."""
    settings = settings or Settings()
    clock = clock or SystemClock()
    runtime = build_runtime(settings, clock)
    app = create_app(
        runtime,
        title="NRM operations",
        description="The read side for operations staff and auditors: traces of one person "
        "across every service, and verification of every service's audit log.",
        routers=[api.router],
        clock=clock,
    )
    clients = (
        peers if peers is not None else peer_clients(settings.service_urls, settings.peer_timeout_s)
    )
    app.state.audit_peers = AuditPeers(clients, settings.peer_timeout_s)
    return app
