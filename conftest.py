"""Fixtures every test folder shares: the real broker and real PostgreSQL databases."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import pytest

from devtools import postgres
from devtools.broker import Broker, free_port
from nrm_bus.topics import ensure_topics


@pytest.fixture(scope="session")
def broker() -> Iterator[Broker]:
    """A Tansu broker of this test session's own, on a free loopback port."""
    running = Broker(free_port())
    asyncio.run(ensure_topics(running.bootstrap_servers))
    yield running
    running.stop()


@pytest.fixture(scope="session")
async def pg_database() -> AsyncIterator[Callable[[str], Awaitable[str]]]:
    """Creates PostgreSQL databases on demand and drops them all at the end."""
    created: list[str] = []

    async def create(prefix: str) -> str:
        name = await postgres.create_database(f"nrm_test_{prefix}")
        created.append(name)
        return postgres.async_url(name)

    yield create
    for name in created:
        await postgres.drop_database(name)
