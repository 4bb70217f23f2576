"""Signed checkpoints of a service's audit log (tree size, root, time, Ed25519): what the
service publishes on nrm.all.audit-checkpoints.v1 for the other services to keep, so that
a history rewritten in one database is caught by the copies held elsewhere."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nrm_bus.signing import EventSigner, verify_content

# Part of the signed content: the service's key also signs events, and a signature over a
# checkpoint must never be taken for one over anything else.
CHECKPOINT_FORMAT = "nrm-audit-checkpoint/1"


@dataclass(frozen=True)
class Checkpoint:
    service: str
    size: int
    root: str  # hex
    at: datetime
    signature: str  # detached compact JWS over checkpoint_content(...)
    key_id: str


def checkpoint_content(service: str, size: int, root: str, at: datetime) -> bytes:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("a checkpoint's time must carry a time zone")
    return json.dumps(
        {
            "format": CHECKPOINT_FORMAT,
            "service": service,
            "size": size,
            "root": root,
            "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    ).encode("ascii")


def sign_checkpoint(
    signer: EventSigner, service: str, size: int, root: str, at: datetime
) -> Checkpoint:
    signature = signer.sign_content(checkpoint_content(service, size, root, at))
    return Checkpoint(service, size, root, at, signature, signer.key_id)


def verify_checkpoint(checkpoint: Checkpoint, public_keys: dict[str, Any]) -> bool:
    """Whether one of `public_keys` (the service's JWKS) signed exactly this checkpoint,
    under the key id the checkpoint names."""
    if _signed_key_id(checkpoint.signature) != checkpoint.key_id:
        return False
    try:
        content = checkpoint_content(
            checkpoint.service, checkpoint.size, checkpoint.root, checkpoint.at
        )
    except ValueError:
        return False
    return verify_content(content, checkpoint.signature, public_keys)


def checkpoint_to_dict(checkpoint: Checkpoint) -> dict[str, Any]:
    return {
        "service": checkpoint.service,
        "size": checkpoint.size,
        "root": checkpoint.root,
        "at": checkpoint.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "signature": checkpoint.signature,
        "key_id": checkpoint.key_id,
    }


def checkpoint_from_dict(data: Any) -> Checkpoint:
    """Raises ValueError naming what is malformed."""
    if not isinstance(data, dict):
        raise ValueError("a checkpoint must be a JSON object")
    for name, kind in (
        ("service", str),
        ("size", int),
        ("root", str),
        ("at", str),
        ("signature", str),
        ("key_id", str),
    ):
        if name not in data:
            raise ValueError(f"checkpoint {name} is missing")
        if not isinstance(data[name], kind) or isinstance(data[name], bool):
            raise ValueError(f"checkpoint {name} must be {kind.__name__}")
    if data["size"] < 0:
        raise ValueError("checkpoint size is negative")
    try:
        root = bytes.fromhex(data["root"])
    except ValueError:
        raise ValueError("checkpoint root is not hex") from None
    if len(root) != 32:
        raise ValueError("checkpoint root is not 32 bytes")
    try:
        at = datetime.fromisoformat(data["at"])
    except ValueError:
        raise ValueError(f"checkpoint at {data['at']!r} is not an ISO 8601 time") from None
    if at.tzinfo is None:
        raise ValueError("checkpoint at has no time zone")
    return Checkpoint(
        service=data["service"],
        size=data["size"],
        root=data["root"],
        at=at,
        signature=data["signature"],
        key_id=data["key_id"],
    )


def _signed_key_id(signature: str) -> str | None:
    """The kid in the JWS protected header, which the signature covers."""
    header = signature.split(".", 1)[0]
    try:
        decoded = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    except (ValueError, UnicodeDecodeError):
        return None
    kid = decoded.get("kid") if isinstance(decoded, dict) else None
    return kid if isinstance(kid, str) else None
