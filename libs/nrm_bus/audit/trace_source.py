"""One person's audit trail from every service, behind the `TraceSource` port: what the
person's data tracker prints. The service asks as a principal of its own (OAuth2 client
credentials, an audit-sector client), never with the caller's token, and each service
records that read in its own log."""

from __future__ import annotations

import time
import uuid
from datetime import datetime
from typing import Any

import httpx

from nrm_bus.audit.peers import AuditPeers
from nrm_bus.audit_trace import Trace, TraceEntry
from nrm_bus.clock import as_utc
from nrm_bus.disclosure import Disclosures, disclosures


class ServiceToken:
    """An access token of the service's own client, fetched with client credentials (HTTP
    Basic, as the agencies' systems do) and kept until shortly before it expires."""

    def __init__(self, token_url: str, client_id: str, client_secret: str) -> None:
        self._token_url = token_url
        self._credentials = (client_id, client_secret)
        self._token: tuple[str, float] | None = None

    async def authorization(self) -> str:
        if self._token is None or self._token[1] - 30 < time.time():
            async with httpx.AsyncClient(timeout=5) as http:
                response = await http.post(
                    self._token_url,
                    auth=self._credentials,
                    data={"grant_type": "client_credentials"},
                )
            response.raise_for_status()
            body = response.json()
            self._token = (str(body["access_token"]), time.time() + float(body["expires_in"]))
        return f"Bearer {self._token[0]}"


class PeersTraceSource:
    def __init__(
        self, peers: AuditPeers, token: ServiceToken, rules: Disclosures | None = None
    ) -> None:
        self._peers = peers
        self._token = token
        self._rules = rules or disclosures()

    async def trace(self, subject_id: uuid.UUID) -> Trace:
        found, missing = await self._peers.entries(subject_id, await self._token.authorization())
        entries = [
            self._entry(service, entry)
            for service, answer in found.items()
            for entry in answer["entries"]
        ]
        entries.sort(key=lambda entry: (entry.at, entry.service, entry.seq))
        return Trace(entries=entries, missing=missing)

    def _entry(self, service: str, entry: dict[str, Any]) -> TraceEntry:
        """Who did something with the data: the reader of an access, the recipient sector of
        an event sent, the receiving service of an event received."""
        actor = entry["actor"] or {}
        sector = actor.get("sector")
        if entry["kind"] == "published":
            rule = self._rules.rule_for(entry["action"])
            sector = rule.recipient if rule else None
        elif entry["kind"] == "consumed":
            sector = service
        return TraceEntry(
            service=service,
            seq=int(entry["seq"]),
            at=as_utc(datetime.fromisoformat(entry["at"])),
            kind=entry["kind"],
            action=entry["action"],
            organisation=actor.get("organisation"),
            sector=sector,
            data_categories=tuple(entry["data_categories"]),
            consent_id=entry["consent_id"],
        )
