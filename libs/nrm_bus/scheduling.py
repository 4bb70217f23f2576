"""Work a service does on its own clock, without any request: expiring consents, releasing
holds. Every instance runs the job; the work itself must tolerate a peer doing it too."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)

Job = Callable[[Any], Coroutine[Any, Any, None]]


def every(interval_s: float, work: Callable[[Any], Awaitable[int]], name: str) -> Job:
    """A background job for BusRuntime: run `work(runtime)` every `interval_s`; it returns
    how many things it did, which is logged."""

    async def job(runtime: Any) -> None:
        while True:
            try:
                done = await work(runtime)
                if done:
                    log.info(f"{name}: done", extra={"count": done})
            except Exception as exc:
                # The database may be briefly away; the next round tries again.
                log.warning(f"{name}: failed", extra={"error": type(exc).__name__})
            await asyncio.sleep(interval_s)

    job.__name__ = name
    return job
