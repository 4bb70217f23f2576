"""CloudEvents 1.0 in Kafka binary mode: the record value is the JSON `data`, attributes
travel as `ce_*` headers, the key is the pseudonymous subject id (or the shelter id)."""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer

SPECVERSION = "1.0"
CONTENT_TYPE = "application/json"
TRACEPARENT = "traceparent"
_REQUIRED = ("ce_id", "ce_type", "ce_source", "ce_specversion")


class EnvelopeError(ValueError):
    """A record that is not a valid CloudEvent in binary mode."""


def new_event_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class CloudEvent:
    type: str
    source: str
    dataschema: str
    data: dict[str, Any]
    key: str
    subject: str | None = None
    id: str = field(default_factory=new_event_id)
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    traceparent: str | None = None
    specversion: str = SPECVERSION
    # Extension attribute `signature`: a detached JWS, on events that leave the mechanism.
    signature: str | None = None

    def with_trace(self, traceparent: str | None) -> CloudEvent:
        return replace(self, traceparent=traceparent)

    def headers(self) -> list[tuple[str, bytes]]:
        attributes = {
            "ce_id": self.id,
            "ce_type": self.type,
            "ce_source": self.source,
            "ce_specversion": self.specversion,
            "ce_time": self.time.isoformat(),
            "ce_dataschema": self.dataschema,
            "content-type": CONTENT_TYPE,
        }
        if self.subject is not None:
            attributes["ce_subject"] = self.subject
        if self.traceparent:
            attributes[TRACEPARENT] = self.traceparent
        if self.signature:
            attributes["ce_signature"] = self.signature
        return [(name, value.encode()) for name, value in attributes.items()]

    async def send(self, producer: AIOKafkaProducer, topic: str) -> asyncio.Future[Any]:
        """Hand the record to the producer; the returned future resolves once acknowledged."""
        future: asyncio.Future[Any] = await producer.send(
            topic, self.value(), key=self.key.encode(), headers=self.headers()
        )
        return future

    def value(self) -> bytes:
        return json.dumps(self.data, separators=(",", ":"), sort_keys=True).encode()

    @classmethod
    def from_record(
        cls,
        key: bytes | None,
        value: bytes | None,
        headers: list[tuple[str, bytes]] | tuple[Any, ...],
    ) -> CloudEvent:
        try:
            attributes = {name: raw.decode() for name, raw in headers}
        except (UnicodeDecodeError, AttributeError, ValueError) as exc:
            raise EnvelopeError(f"headers are not UTF-8: {exc}") from exc
        missing = [name for name in _REQUIRED if not attributes.get(name)]
        if missing:
            raise EnvelopeError(f"missing CloudEvents attributes: {', '.join(missing)}")
        if attributes["ce_specversion"] != SPECVERSION:
            raise EnvelopeError(f"unsupported specversion {attributes['ce_specversion']!r}")
        if not attributes.get("ce_dataschema"):
            raise EnvelopeError("missing ce_dataschema: the contract cannot be checked")
        try:
            data = json.loads(value or b"")
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise EnvelopeError(f"data is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise EnvelopeError("data is not a JSON object")
        try:
            time = (
                datetime.fromisoformat(attributes["ce_time"]) if "ce_time" in attributes else None
            )
        except ValueError as exc:
            raise EnvelopeError(f"ce_time is not RFC 3339: {exc}") from exc
        return cls(
            id=attributes["ce_id"],
            type=attributes["ce_type"],
            source=attributes["ce_source"],
            specversion=attributes["ce_specversion"],
            dataschema=attributes["ce_dataschema"],
            subject=attributes.get("ce_subject"),
            time=time or datetime.now(UTC),
            traceparent=attributes.get(TRACEPARENT),
            signature=attributes.get("ce_signature"),
            data=data,
            key=key.decode() if key else "",
        )
