"""Work the shelter service does on its own clock: releasing holds nobody answered."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from nrm_bus.clock import Clock
from nrm_bus.runtime import BusRuntime
from shelter.service_layer.handlers import release_expired_holds
from shelter.service_layer.unit_of_work import ShelterUnitOfWork

log = logging.getLogger(__name__)

Job = Callable[[BusRuntime[ShelterUnitOfWork]], Coroutine[Any, Any, None]]


def hold_sweeper(clock: Clock, hold: timedelta, grace: timedelta, interval_s: float) -> Job:
    """A background job for BusRuntime: every `interval_s`, release expired holds. Every
    instance runs it; a hold released by one is skipped by the others."""

    async def sweep_expired_holds(runtime: BusRuntime[ShelterUnitOfWork]) -> None:
        while True:
            try:
                released = await release_expired_holds(
                    runtime.background_unit_of_work, clock, hold, grace
                )
                if released:
                    log.info("expired holds released", extra={"count": released})
            except Exception as exc:
                # The database may be briefly away; the next round tries again.
                log.warning("hold sweep failed", extra={"error": type(exc).__name__})
            await asyncio.sleep(interval_s)

    return sweep_expired_holds
