"""Every service's audit endpoints, asked over HTTP with the caller's own token: a
distributed query, as Estonia's Data Tracker asks each X-Road member. A service that does
not answer is named as missing, so a partial answer is never silently short."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping
from typing import Any

import httpx

log = logging.getLogger(__name__)


def peer_clients(urls: Mapping[str, str], timeout_s: float) -> dict[str, httpx.AsyncClient]:
    """A client per service address (`service_urls` in the settings)."""
    return {name: httpx.AsyncClient(base_url=url, timeout=timeout_s) for name, url in urls.items()}


class Unreachable(Exception):
    """A service did not answer its audit endpoint."""


class AuditPeers:
    def __init__(self, peers: Mapping[str, httpx.AsyncClient], timeout_s: float = 5.0) -> None:
        self._peers = peers  # not copied: tests fill it in as services start
        self._timeout_s = timeout_s

    @property
    def names(self) -> list[str]:
        return sorted(self._peers)

    async def _get(
        self, peer: str, path: str, authorization: str | None, **params: Any
    ) -> dict[str, Any]:
        headers = {"Authorization": authorization} if authorization else {}
        try:
            async with asyncio.timeout(self._timeout_s):
                response = await self._peers[peer].get(path, params=params, headers=headers)
        except (httpx.HTTPError, TimeoutError) as exc:
            log.warning("audit peer unreachable", extra={"peer": peer})
            raise Unreachable(f"{peer}: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise Unreachable(f"{peer}: HTTP {response.status_code}")
        body: dict[str, Any] = response.json()
        return body

    async def entries(
        self, subject_id: uuid.UUID, authorization: str
    ) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """Each service's entries about the person with proofs, and who did not answer."""
        names = self.names
        answers = await asyncio.gather(
            *(
                self._get(name, "/v1/audit/entries", authorization, subject_id=str(subject_id))
                for name in names
            ),
            return_exceptions=True,
        )
        found: dict[str, dict[str, Any]] = {}
        missing: list[str] = []
        for name, answer in zip(names, answers, strict=True):
            if isinstance(answer, BaseException):
                if not isinstance(answer, Unreachable):
                    raise answer
                missing.append(name)
            else:
                found[name] = answer
        return found, missing

    async def log(self, service: str, authorization: str, page: int = 5000) -> list[dict[str, Any]]:
        """A service's whole log, as stored, page by page."""
        entries: list[dict[str, Any]] = []
        while True:
            after = entries[-1]["seq"] if entries else 0
            body = await self._get(service, "/v1/audit/log", authorization, after=after, limit=page)
            entries += body["entries"]
            if len(body["entries"]) < page:
                return entries

    async def checkpoints_held(
        self, holder: str, service: str, authorization: str
    ) -> list[dict[str, Any]]:
        """The checkpoints of `service` that `holder` keeps."""
        body = await self._get(holder, "/v1/audit/checkpoints", authorization, service=service)
        checkpoints: list[dict[str, Any]] = body["checkpoints"]
        return checkpoints

    async def public_keys(self, service: str) -> dict[str, Any]:
        return await self._get(service, "/.well-known/jwks.json", None)
