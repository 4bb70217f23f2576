"""In-process notice that events about a subject have just been applied, so a request can
wait for a local view to catch up without polling the database."""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Iterator

from nrm_bus.envelope import CloudEvent


class SubjectArrivals:
    def __init__(self) -> None:
        self._watchers: defaultdict[str, set[asyncio.Event]] = defaultdict(set)

    def notify(self, event: CloudEvent) -> None:
        for watcher in self._watchers.get(event.subject or "", ()):
            watcher.set()

    @contextlib.contextmanager
    def watch(self, subject: str) -> Iterator[asyncio.Event]:
        """Register before checking the view, so an event applied in between is not missed;
        the event is set (and may be cleared and awaited again) on each arrival."""
        watcher = asyncio.Event()
        self._watchers[subject].add(watcher)
        try:
            yield watcher
        finally:
            self._watchers[subject].discard(watcher)
            if not self._watchers[subject]:
                del self._watchers[subject]
