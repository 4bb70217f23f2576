"""A shelter service on a throwaway SQLite database, with a clock the test moves by hand.
No broker: the relay and consumer are off; tests read the events from the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nrm_bus.clock import FixedClock
from nrm_bus.runtime import BusRuntime
from shelter.bootstrap import build_runtime
from shelter.config import Settings
from shelter.service_layer.unit_of_work import ShelterUnitOfWork


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shelter.db'}",
        run_consumer=False,
        run_relay=False,
        migrate_on_start=False,
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 1, 9, tzinfo=UTC))


@pytest.fixture
async def runtime(
    settings: Settings, clock: FixedClock
) -> AsyncIterator[BusRuntime[ShelterUnitOfWork]]:
    service = build_runtime(settings, clock)
    await service.migrate()
    yield service
    await service.stop()  # never started: closes the idle Kafka clients and the engines
