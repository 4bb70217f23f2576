"""Events that leave the national mechanism are signed: a foreign counterpart checks, with
the public key the sending service publishes at `/.well-known/jwks.json`, that the event
and the consent scope it carries come from this mechanism and were not altered. The same
key signs the service's audit checkpoints (nrm_bus.audit.checkpoint)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, OKPKey

from nrm_bus.envelope import CloudEvent

log = logging.getLogger(__name__)
ALGORITHM = "Ed25519"


def signed_content(event: CloudEvent) -> bytes:
    """What the signature covers: the attributes and the data exactly as sent."""
    return json.dumps(
        {
            "id": event.id,
            "type": event.type,
            "source": event.source,
            "subject": event.subject,
            "time": event.time.isoformat(),
            "dataschema": event.dataschema,
            "data": event.data,
        },
        separators=(",", ":"),
        sort_keys=True,
    ).encode()


class EventSigner:
    def __init__(self, key: OKPKey, key_id: str) -> None:
        self._key = key
        self.key_id = key_id

    @classmethod
    def load(cls, path: str | None, service: str) -> EventSigner:
        """The service's signing key from `path` (created there once if missing); with no
        path, a key for this process only (tests)."""
        if path is None:
            return cls(OKPKey.generate_key("Ed25519"), f"nrm-{service}")
        file = Path(path)
        if not file.exists():
            file.parent.mkdir(parents=True, exist_ok=True)
            private = json.dumps(OKPKey.generate_key("Ed25519").as_dict(private=True))
            # Created readable by its owner only, never for a moment by anyone else.
            descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as out:
                out.write(private)
        return cls(OKPKey.import_key(json.loads(file.read_text())), f"nrm-{service}")

    def sign(self, event: CloudEvent) -> str:
        """A compact JWS with the content detached: the event itself is the payload."""
        return self.sign_content(signed_content(event))

    def sign_content(self, content: bytes) -> str:
        """A detached compact JWS over `content`: events and audit checkpoints share this one
        signing path, so a verifier needs only the service's published key."""
        token = jws.serialize_compact(
            {"alg": ALGORITHM, "kid": self.key_id},
            content,
            self._key,
            algorithms=[ALGORITHM],
        )
        header, _, signature = token.split(".")
        return f"{header}..{signature}"

    def public_keys(self) -> dict[str, Any]:
        public = self._key.as_dict(private=False)
        return {"keys": [{**public, "kid": self.key_id, "alg": ALGORITHM, "use": "sig"}]}


def verify(event: CloudEvent, signature: str, public_keys: dict[str, Any]) -> bool:
    """Whether `signature` (detached compact JWS) signs exactly this event."""
    return verify_content(signed_content(event), signature, public_keys)


def verify_content(content: bytes, signature: str, public_keys: dict[str, Any]) -> bool:
    """Whether `signature` (detached compact JWS) signs exactly `content` with one of
    `public_keys` (a JWKS)."""
    try:
        jws.deserialize_compact(
            signature,
            KeySet.import_key_set(public_keys),  # type: ignore[arg-type]
            algorithms=[ALGORITHM],
            payload=content,
        )
    # A JWKS that is not one (no "keys", wrong types) comes from outside too, e.g. in an
    # audit bundle: it verifies nothing rather than failing the caller.
    except (JoseError, ValueError, KeyError, TypeError):
        return False
    return True
