"""Crypto-shredding: the personal fields of an event travel encrypted with a data key of
their own person, kept only in the key vault. Erasing the person destroys the key, and with
it every copy of those fields that the broker, a replica or a backup still retains.

The vault here is a table in a database of its own that every service reaches (`make run`:
SQLite under .run/; tests: PostgreSQL). Production puts a KMS or Vault's transit engine
behind the same three calls."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Column, DateTime, LargeBinary, MetaData, Table, Uuid, delete, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from nrm_bus.db import create_engine
from nrm_bus.envelope import CloudEvent

SEALED = "sealed"
ALGORITHM = "A256GCM"

_metadata = MetaData()
subject_keys = Table(
    "subject_keys",
    _metadata,
    Column("subject_id", Uuid, primary_key=True),
    Column("data_key", LargeBinary(32), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
# Erased persons get no new key: an event about them can no longer be sealed at all.
erased_subjects = Table(
    "erased_subjects",
    _metadata,
    Column("subject_id", Uuid, primary_key=True),
    Column("erased_at", DateTime(timezone=True), nullable=False),
)


class SubjectErased(Exception):
    """The person's data key is destroyed; nothing about them can be sealed or opened."""


class KeyVault:
    def __init__(self, url: str, cache_ttl_s: float = 30.0) -> None:
        self._engine: AsyncEngine = create_engine(url, pool_size=3)
        self._ttl = cache_ttl_s
        self._cache: dict[uuid.UUID, tuple[float, bytes]] = {}

    async def start(self) -> None:
        # A stand-in for a KMS, not a service database: two tables, created if missing.
        # Services start together; the loser of the race to create them finds them there.
        for attempt in range(3):
            try:
                async with self._engine.begin() as conn:
                    await conn.run_sync(_metadata.create_all)
                return
            except DBAPIError:
                if attempt == 2:
                    raise
                await asyncio.sleep(0.2)

    async def stop(self) -> None:
        await self._engine.dispose()

    async def data_key(self, subject_id: uuid.UUID, *, create: bool) -> bytes:
        cached = self._cache.get(subject_id)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        key = await self._load(subject_id)
        if key is None and create:
            key = await self._create(subject_id)
        if key is None:
            raise SubjectErased(str(subject_id))
        self._cache[subject_id] = (time.monotonic() + self._ttl, key)
        return key

    async def _load(self, subject_id: uuid.UUID) -> bytes | None:
        async with self._engine.connect() as conn:
            key = await conn.scalar(
                select(subject_keys.c.data_key).where(subject_keys.c.subject_id == subject_id)
            )
        return bytes(key) if key is not None else None

    async def _create(self, subject_id: uuid.UUID) -> bytes | None:
        try:
            async with self._engine.begin() as conn:
                erased = await conn.scalar(
                    select(erased_subjects.c.subject_id).where(
                        erased_subjects.c.subject_id == subject_id
                    )
                )
                if erased is not None:
                    return None
                await conn.execute(
                    insert(subject_keys).values(
                        subject_id=subject_id,
                        data_key=AESGCM.generate_key(bit_length=256),
                        created_at=datetime.now(UTC),
                    )
                )
        except IntegrityError:
            pass  # another service created it first; read theirs
        return await self._load(subject_id)

    async def destroy(self, subject_id: uuid.UUID) -> None:
        """Irreversible: every sealed field about the person becomes unreadable."""
        self.forget(subject_id)
        async with self._engine.begin() as conn:
            await conn.execute(delete(subject_keys).where(subject_keys.c.subject_id == subject_id))
            if (
                await conn.scalar(
                    select(erased_subjects.c.subject_id).where(
                        erased_subjects.c.subject_id == subject_id
                    )
                )
                is None
            ):
                await conn.execute(
                    insert(erased_subjects).values(
                        subject_id=subject_id, erased_at=datetime.now(UTC)
                    )
                )

    async def is_erased(self, subject_id: uuid.UUID) -> bool:
        async with self._engine.connect() as conn:
            found = await conn.scalar(
                select(erased_subjects.c.subject_id).where(
                    erased_subjects.c.subject_id == subject_id
                )
            )
        return found is not None

    def forget(self, subject_id: uuid.UUID) -> None:
        """Drop the cached key, as every service does when it hears of an erasure."""
        self._cache.pop(subject_id, None)


def _aad(event: CloudEvent, subject_id: str) -> bytes:
    # Binds the ciphertext to its event: it cannot be pasted into another event or person.
    return f"{event.id}|{event.type}|{subject_id}".encode()


async def seal(event: CloudEvent, fields: frozenset[str], vault: KeyVault) -> CloudEvent:
    """Move the event's personal fields into one encrypted `sealed` member."""
    personal = {name: event.data[name] for name in sorted(fields) if name in event.data}
    if not personal:
        return event
    subject_id = str(event.data["subject_id"])
    key = await vault.data_key(uuid.UUID(subject_id), create=True)
    nonce = os.urandom(12)
    ciphertext = AESGCM(key).encrypt(
        nonce, json.dumps(personal, separators=(",", ":")).encode(), _aad(event, subject_id)
    )
    data: dict[str, Any] = {
        name: value for name, value in event.data.items() if name not in personal
    }
    data[SEALED] = {
        "alg": ALGORITHM,
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(ciphertext).decode(),
    }
    return replace(event, data=data)


class SealBroken(ValueError):
    """A sealed member that does not open with the person's key: tampered or malformed."""


async def unseal(event: CloudEvent, vault: KeyVault) -> CloudEvent:
    """The event with its personal fields back in place. SubjectErased if the key is gone."""
    sealed = event.data.get(SEALED)
    if sealed is None:
        return event
    try:
        subject = uuid.UUID(str(event.data["subject_id"]))
    except (KeyError, ValueError) as exc:
        raise SealBroken(f"malformed sealed member ({type(exc).__name__})") from exc
    return open_sealed(event, await vault.data_key(subject, create=False))


def open_sealed(event: CloudEvent, key: bytes) -> CloudEvent:
    """Unseal with a data key in hand: what a recipient outside the mechanism does with the
    key released to it under the person's consent."""
    sealed = event.data.get(SEALED)
    if sealed is None:
        return event
    try:
        nonce = base64.b64decode(sealed["nonce"])
        ciphertext = base64.b64decode(sealed["ciphertext"])
        plaintext = AESGCM(key).decrypt(
            nonce, ciphertext, _aad(event, str(event.data["subject_id"]))
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SealBroken(f"malformed sealed member ({type(exc).__name__})") from exc
    except InvalidTag as exc:
        raise SealBroken("sealed member does not open with the person's key") from exc
    data = {name: value for name, value in event.data.items() if name != SEALED}
    data.update(json.loads(plaintext))
    return replace(event, data=data)
