"""The four services in one process, on real PostgreSQL, the real broker and the local
issuer over HTTP, reached through their ASGI apps. The fault tests start real processes."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer
from fastapi import FastAPI
from pydantic import SecretStr

import identification.bootstrap
import identification.config
import justice.bootstrap
import justice.config
import operations.bootstrap
import operations.config
import referral.bootstrap
import referral.config
import shelter.bootstrap
import shelter.config
from devtools.broker import free_port
from devtools.issuer import LocalIssuer
from devtools.waiting import eventually
from nrm_bus.clock import Clock
from nrm_bus.runtime import BusRuntime
from tests.openapi_rules import undeclared

SERVICES: dict[str, tuple[Any, Any]] = {
    "identification": (identification.config.Settings, identification.bootstrap.bootstrap),
    "referral": (referral.config.Settings, referral.bootstrap.bootstrap),
    "shelter": (shelter.config.Settings, shelter.bootstrap.bootstrap),
    "justice": (justice.config.Settings, justice.bootstrap.bootstrap),
    # Started after the others (it asks them for their audit entries): name it last.
    "operations": (operations.config.Settings, operations.bootstrap.bootstrap),
}
SECTORS = ("identification", "referral", "shelter", "justice")
# Whom each service's client speaks as by default: a trained NGO worker identifies and
# refers, shelter staff run their shelters, the police read their cases.
DEFAULT_CALLER = {
    "identification": "ngo-outreach",
    "referral": "ngo-outreach",
    "shelter": "shelter-harbour",
    "justice": "police-north",
    "operations": "auditor",
}


@dataclass
class System:
    apps: dict[str, FastAPI]
    clients: dict[str, httpx.AsyncClient]
    issuer: LocalIssuer
    _tokens: dict[str, str]

    def runtime(self, service: str) -> BusRuntime[Any]:
        runtime: BusRuntime[Any] = self.apps[service].state.runtime
        return runtime

    async def as_(self, client_id: str) -> dict[str, str]:
        """Authorization header of a demo client, with a token from the issuer."""
        if client_id not in self._tokens:
            self._tokens[client_id] = await self.issuer.token(client_id)
        return {"Authorization": f"Bearer {self._tokens[client_id]}"}

    def __getattr__(self, service: str) -> httpx.AsyncClient:
        try:
            return self.clients[service]
        except KeyError:
            raise AttributeError(service) from None


@contextlib.asynccontextmanager
async def running_issuer() -> AsyncIterator[LocalIssuer]:
    issuer = LocalIssuer(free_port())
    await issuer.start()
    try:
        yield issuer
    finally:
        await issuer.stop()


@contextlib.asynccontextmanager
async def running_system(
    bootstrap_servers: str,
    database_url: Callable[[str], Awaitable[str]],
    only: tuple[str, ...] = SECTORS,
    clock: Clock | None = None,
    **overrides: Any,
) -> AsyncIterator[System]:
    """The services in `only`, sharing one issuer, one broker, one key vault and, if given,
    one clock (so that a test can move time for all of them at once)."""
    async with contextlib.AsyncExitStack() as stack:
        issuer = await stack.enter_async_context(running_issuer())
        system = System({}, {}, issuer, {})
        # One key vault for the whole system, as one KMS serves every service.
        overrides.setdefault("keyvault_url", await database_url("keyvault"))
        for name in only:
            settings_class, bootstrap = SERVICES[name]
            settings = settings_class(
                database_url=await database_url(name),
                kafka_bootstrap_servers=bootstrap_servers,
                auth_issuer=issuer.url,
                kafka_group_id=f"nrm-{name}-{uuid.uuid4().hex[:8]}",
                kafka_auto_offset_reset="latest",
                relay_poll_interval_s=0.05,
                **overrides,
            )
            if name in ("operations", "referral"):
                # They ask the others for audit entries: through the in-process clients,
                # filled in as each service starts.
                if name == "referral":
                    tracker = issuer.clients["referral-data-tracker"]
                    settings.tracker_client_secret = SecretStr(tracker.client_secret)
                app = bootstrap(settings, clock, system.clients)
            else:
                app = bootstrap(settings, clock)
            await stack.enter_async_context(app.router.lifespan_context(app))
            system.apps[name] = app
            system.clients[name] = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app),
                    base_url=f"http://{name}",
                    headers=await system.as_(DEFAULT_CALLER[name]),
                    event_hooks={"response": [declared_problems(app)]},
                )
            )
        await consumers_ready(system.apps.values())
        yield system


def declared_problems(app: FastAPI) -> Callable[[httpx.Response], Awaitable[None]]:
    """Every error any system test receives must be one its operation's OpenAPI declares,
    sent as the problem body declared: the document integrators code from never lies."""

    async def check(response: httpx.Response) -> None:
        if response.status_code >= 400:
            await response.aread()
            gap = undeclared(app, response)
            assert gap is None, gap

    return check


async def consumers_ready(apps: Iterable[FastAPI]) -> None:
    """Every consumer assigned and positioned, so nothing produced from now on is missed."""
    for app in apps:
        consumer = app.state.runtime.consumer
        if consumer is not None:
            await eventually(consumer.ready, timeout_s=60)


async def retained_records(bootstrap_servers: str, topic: str) -> list[Any]:
    """Every record the broker retains on the topic, read from the start with no group:
    what anyone with access to the raw log would see."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap_servers, auto_offset_reset="earliest"
    )
    await consumer.start()
    records: list[Any] = []
    try:
        deadline = asyncio.get_running_loop().time() + 10
        while asyncio.get_running_loop().time() < deadline:
            for batch in (await consumer.getmany(timeout_ms=300)).values():
                records.extend(batch)
            positions = {tp: await consumer.position(tp) for tp in consumer.assignment()}
            ends = await consumer.end_offsets(list(positions))
            if positions and all(positions[tp] >= ends[tp] for tp in positions):
                break
    finally:
        await consumer.stop()
    return records
