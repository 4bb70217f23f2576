"""Work the shelter service does on its own clock: releasing holds nobody answered."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from nrm_bus.clock import Clock
from nrm_bus.scheduling import Job, every
from shelter.service_layer.handlers import release_expired_holds


def hold_sweeper(clock: Clock, hold: timedelta, grace: timedelta, interval_s: float) -> Job:
    """Every `interval_s`, release expired holds; a hold released by one instance is
    skipped by the others."""

    async def sweep(runtime: Any) -> int:
        return await release_expired_holds(runtime.background_unit_of_work, clock, hold, grace)

    return every(interval_s, sweep, "sweep_expired_holds")
