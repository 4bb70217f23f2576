"""Waiting for asynchronous effects in tests and tools, by polling with a deadline."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T | None]], timeout_s: float = 20.0, interval_s: float = 0.05
) -> T:
    """Poll until `probe` returns something truthy; events cross the broker asynchronously."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        result = await probe()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout_s}s (last: {result!r})")
        await asyncio.sleep(interval_s)


async def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Wait for a condition of something running in this event loop."""

    async def probe() -> bool:
        return condition()

    await eventually(probe, timeout_s=timeout_s, interval_s=0.01)
