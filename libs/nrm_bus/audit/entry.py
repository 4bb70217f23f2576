"""One audit log entry, its canonical bytes and the hash chain: an entry's Merkle leaf hash
is also the link the next entry carries in `prev`, so one hash serves both the chain and
the tree.

Entries name people only by a salted commitment to their pseudonym. After an erasure the
adapter deletes the salt and the pseudonym; the commitment stays in the hashed content, so
the log still verifies but nothing in it leads back to the person."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nrm_bus.audit.merkle import leaf_hash

KINDS = ("access", "published", "consumed", "held", "refused", "consent", "erasure", "replay")
GENESIS = "0" * 64  # `prev` of entry 1: there is no entry before it
SALT_SIZE = 16


@dataclass(frozen=True)
class Actor:
    client_id: str
    organisation: str
    sector: str


@dataclass(frozen=True)
class AuditEntry:
    seq: int  # 1-based, contiguous per service
    at: datetime  # aware; hashed as UTC
    service: str
    kind: str  # one of KINDS
    action: str  # e.g. "referrals.read", "ConsentGiven"
    actor: Actor | None
    subject: str | None  # commit_subject(...), never the raw pseudonym
    resource_id: str | None
    data_categories: tuple[str, ...]  # sorted
    consent_id: str | None
    event_id: str | None
    prev: str  # entry_hash of entry seq - 1; GENESIS for seq 1

    def __post_init__(self) -> None:
        # A naive time would be read as the machine's local time, so the same entry would
        # hash differently on another machine (or a database that drops the zone).
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError(f"audit entry {self.seq}: `at` must carry a time zone")


def check_new(entry: AuditEntry) -> None:
    """Raises ValueError unless `entry` is well formed, for the adapter to call before it
    appends. Not enforced on construction: a verifier must still be able to load (and
    name) an entry that someone altered into something malformed."""
    if entry.seq < 1:
        raise ValueError(f"seq {entry.seq} is not positive")
    if entry.kind not in KINDS:
        raise ValueError(f"kind {entry.kind!r} is not one of {', '.join(KINDS)}")
    if list(entry.data_categories) != sorted(set(entry.data_categories)):
        raise ValueError("data_categories must be sorted and distinct")
    if not _is_hex64(entry.prev):
        raise ValueError("prev must be 64 hex digits")
    if entry.seq == 1 and entry.prev != GENESIS:
        raise ValueError("entry 1 follows no entry: prev must be 64 zeros")
    if entry.subject is not None and not _is_hex64(entry.subject):
        raise ValueError("subject must be a commitment (64 hex digits), not a pseudonym")


def entry_to_dict(entry: AuditEntry) -> dict[str, Any]:
    """The entry as JSON values: what `content` hashes, and what bundles and HTTP carry."""
    return {
        "seq": entry.seq,
        "at": _timestamp(entry.at),
        "service": entry.service,
        "kind": entry.kind,
        "action": entry.action,
        "actor": (
            None
            if entry.actor is None
            else {
                "client_id": entry.actor.client_id,
                "organisation": entry.actor.organisation,
                "sector": entry.actor.sector,
            }
        ),
        "subject": entry.subject,
        "resource_id": entry.resource_id,
        "data_categories": list(entry.data_categories),
        "consent_id": entry.consent_id,
        "event_id": entry.event_id,
        "prev": entry.prev,
    }


def entry_from_dict(data: Any) -> AuditEntry:
    """Reads `entry_to_dict`'s output back; raises ValueError naming the field that is
    wrong. Keeps the values as they are (no sorting, no defaults), so that an altered entry
    hashes as altered."""
    if not isinstance(data, dict):
        raise ValueError("an audit entry must be a JSON object")
    actor = _field(data, "actor", dict, optional=True)
    if actor is not None:
        actor = Actor(
            client_id=_field(actor, "client_id", str, where="actor."),
            organisation=_field(actor, "organisation", str, where="actor."),
            sector=_field(actor, "sector", str, where="actor."),
        )
    categories = _field(data, "data_categories", list)
    if not all(isinstance(category, str) for category in categories):
        raise ValueError("data_categories must be a list of strings")
    at = _field(data, "at", str)
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        raise ValueError(f"at {at!r} is not an ISO 8601 time") from None
    seq = _field(data, "seq", int)
    if when.tzinfo is None:
        raise ValueError(f"at {at!r} has no time zone")
    return AuditEntry(
        seq=seq,
        at=when,
        service=_field(data, "service", str),
        kind=_field(data, "kind", str),
        action=_field(data, "action", str),
        actor=actor,
        subject=_field(data, "subject", str, optional=True),
        resource_id=_field(data, "resource_id", str, optional=True),
        data_categories=tuple(categories),
        consent_id=_field(data, "consent_id", str, optional=True),
        event_id=_field(data, "event_id", str, optional=True),
        prev=_field(data, "prev", str),
    )


def content(entry: AuditEntry) -> bytes:
    """The canonical bytes an entry's hash covers: every field, sorted keys, no spaces,
    ASCII only, time in UTC to the microsecond."""
    return json.dumps(
        entry_to_dict(entry), sort_keys=True, separators=(",", ":"), ensure_ascii=True
    ).encode("ascii")


def entry_hash(entry: AuditEntry) -> str:
    """The entry's Merkle leaf hash, in hex; the next entry's `prev`."""
    return leaf_hash(content(entry)).hex()


def commit_subject(subject_id: str, salt: bytes) -> str:
    """What an entry records instead of the pseudonym: without the salt, which the
    adapter deletes at erasure, the pseudonym cannot be tested against it."""
    return hashlib.sha256(salt + subject_id.encode()).hexdigest()


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_SIZE)


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _is_hex64(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _field(
    data: dict[str, Any], name: str, kind: type, *, optional: bool = False, where: str = ""
) -> Any:
    if name not in data:
        raise ValueError(f"{where}{name} is missing")
    value = data[name]
    if value is None and optional:
        return None
    # bool is an int to Python, never a seq to us.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        expected = kind.__name__ + (" or null" if optional else "")
        raise ValueError(f"{where}{name} must be {expected}, not {type(value).__name__}")
    return value
