"""The four services in one process, on real PostgreSQL and the real broker, reached through
their ASGI apps. Used by the end-to-end tests; the fault tests start real processes."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI

import identification.bootstrap
import identification.config
import justice.bootstrap
import justice.config
import referral.bootstrap
import referral.config
import shelter.bootstrap
import shelter.config
from nrm_bus.runtime import BusRuntime

SERVICES: dict[str, tuple[Any, Any]] = {
    "identification": (identification.config.Settings, identification.bootstrap.bootstrap),
    "referral": (referral.config.Settings, referral.bootstrap.bootstrap),
    "shelter": (shelter.config.Settings, shelter.bootstrap.bootstrap),
    "justice": (justice.config.Settings, justice.bootstrap.bootstrap),
}
TOKEN = {"Authorization": "Bearer test-token"}


@dataclass
class System:
    apps: dict[str, FastAPI]
    clients: dict[str, httpx.AsyncClient]

    def runtime(self, service: str) -> BusRuntime[Any]:
        runtime: BusRuntime[Any] = self.apps[service].state.runtime
        return runtime

    def __getattr__(self, service: str) -> httpx.AsyncClient:
        try:
            return self.clients[service]
        except KeyError:
            raise AttributeError(service) from None


@contextlib.asynccontextmanager
async def running_system(
    bootstrap_servers: str,
    database_url: Callable[[str], Awaitable[str]],
    only: tuple[str, ...] = tuple(SERVICES),
    **overrides: Any,
) -> AsyncIterator[System]:
    async with contextlib.AsyncExitStack() as stack:
        apps: dict[str, FastAPI] = {}
        clients: dict[str, httpx.AsyncClient] = {}
        for name in only:
            settings_class, bootstrap = SERVICES[name]
            settings = settings_class(
                database_url=await database_url(name),
                kafka_bootstrap_servers=bootstrap_servers,
                relay_poll_interval_s=0.05,
                **overrides,
            )
            app = bootstrap(settings)
            await stack.enter_async_context(app.router.lifespan_context(app))
            apps[name] = app
            clients[name] = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app),
                    base_url=f"http://{name}",
                    headers=TOKEN,
                )
            )
        yield System(apps, clients)
