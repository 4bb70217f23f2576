"""The audit log of one service, in its own database: entries appended in the same
transaction as the effect they record, chained by hash, kept as an RFC 9162 Merkle tree
(perfect subtrees stored, so that proofs cost O(log n) reads), and signed checkpoints.

Appends are serialised, briefly: entries are gathered while a transaction runs and written
just before it commits, under the head row's lock (and a lock in this process, which is
all SQLite has), so seq numbers are contiguous in commit order."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    insert,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from nrm_bus.audit import merkle
from nrm_bus.audit.checkpoint import Checkpoint, sign_checkpoint
from nrm_bus.audit.entry import (
    GENESIS,
    Actor,
    AuditEntry,
    commit_subject,
    entry_from_dict,
    entry_hash,
    entry_to_dict,
    new_salt,
)
from nrm_bus.audit.verify import StoredEntry
from nrm_bus.clock import as_utc
from nrm_bus.envelope import CloudEvent
from nrm_bus.signing import EventSigner


class AuditUnavailable(Exception):
    """The audit log cannot be appended to: nothing may be served or changed unaudited."""


@dataclass(frozen=True)
class Draft:
    """An entry before it has a place in the log."""

    kind: str
    action: str
    actor: Actor | None = None
    subject_id: str | None = None
    resource_id: str | None = None
    data_categories: tuple[str, ...] = ()
    consent_id: str | None = None
    event_id: str | None = None
    # False for entries about an erasure: committed to the person, never linked to them.
    linked: bool = True


# Events about an erasure: audited, but never linked to the person they erase.
ERASURE_EVENTS = frozenset({"SubjectErasureRequested", "SubjectErased"})


def audit_drafts(
    kind: str, event: CloudEvent, categories: Iterable[str] = (), consent: object = None
) -> list[Draft]:
    """The entry for an event about a person published, consumed, held or refused, or for a
    consent change; none for an event about no person (capacity, checkpoints)."""
    data = event.data if isinstance(event.data, dict) else {}
    subject = data.get("subject_id")
    if subject is None:
        return []
    consent_id = consent if consent is not None else data.get("consent_id")
    return [
        Draft(
            kind=kind,
            action=event.type,
            subject_id=str(subject),
            data_categories=tuple(categories),
            consent_id=str(consent_id) if consent_id is not None else None,
            event_id=event.id,
            linked=event.type not in ERASURE_EVENTS,
        )
    ]


def add_audit_tables(metadata: MetaData) -> None:
    seq_type = BigInteger().with_variant(Integer(), "sqlite")
    Table(
        "audit_log",
        metadata,
        Column("seq", seq_type, primary_key=True, autoincrement=False),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("kind", String(12), nullable=False),
        Column("action", String(100), nullable=False),
        Column("client_id", String(100)),
        Column("organisation", String(200)),
        Column("sector", String(30)),
        # Outside the hashed content: erasure clears both, the commitment stays and verifies.
        Column("subject_id", String(36), index=True),
        Column("subject_salt", LargeBinary(16)),
        Column("subject_commitment", String(64)),
        Column("resource_id", String(36)),
        Column("data_categories", JSON, nullable=False),
        Column("consent_id", String(36)),
        Column("event_id", String(36)),
        Column("prev", String(64), nullable=False),
        Column("hash", String(64), nullable=False),
    )
    # Roots of perfect subtrees: (level, index) covers leaves [index·2^level, (index+1)·2^level).
    Table(
        "audit_nodes",
        metadata,
        Column("level", Integer, primary_key=True, autoincrement=False),
        Column("idx", seq_type, primary_key=True, autoincrement=False),
        Column("hash", LargeBinary(32), nullable=False),
    )
    Table(
        "audit_head",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("size", seq_type, nullable=False),
        Column("last_hash", String(64), nullable=False),
    )
    # This service's own signed checkpoints and those it witnessed from every other one.
    Table(
        "audit_checkpoints",
        metadata,
        Column("service", String(30), primary_key=True),
        Column("size", seq_type, primary_key=True, autoincrement=False),
        Column("root", String(64), nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("signature", String(400), nullable=False),
        Column("key_id", String(100), nullable=False),
    )


def frontier(size: int) -> list[tuple[int, int]]:
    """The perfect subtrees that make up a tree of `size` leaves, left to right."""
    nodes, start = [], 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            nodes.append((level, start >> level))
            start += 1 << level
    return nodes


class AuditLog:
    """One service's log; shared by every transaction of the service's process."""

    def __init__(self, service: str, metadata: MetaData, signer: EventSigner) -> None:
        self.service = service
        self.signer = signer
        self._log = metadata.tables["audit_log"]
        self._nodes = metadata.tables["audit_nodes"]
        self._head = metadata.tables["audit_head"]
        self._checkpoints = metadata.tables["audit_checkpoints"]
        self._lock = asyncio.Lock()
        # One checkpoint signed at a time in this process (the job and an auditor's trace).
        self.signing = asyncio.Lock()
        # The right edge of the tree as this process last committed it, (size, nodes): an
        # append reads it from the database only when another process appended meanwhile.
        self._edge: tuple[int, str, dict[tuple[int, int], bytes]] | None = None
        self._next_edge: tuple[int, str, dict[tuple[int, int], bytes]] | None = None

    async def commit_with(
        self, conn: AsyncConnection, drafts: Sequence[Draft], now: datetime
    ) -> None:
        """Append the drafts and commit the caller's transaction with them, or neither."""
        if not drafts:
            await conn.commit()
            return
        async with self._lock:
            try:
                await self._append(conn, drafts, now)
            except Exception as exc:
                self._edge = None
                await conn.rollback()
                raise AuditUnavailable(type(exc).__name__) from exc
            try:
                await conn.commit()
            except BaseException:
                self._edge = None
                raise
            self._edge = self._next_edge

    async def _append(self, conn: AsyncConnection, drafts: Sequence[Draft], now: datetime) -> None:
        head = self._head
        if self._edge is not None:
            # The head as this process last left it: claiming it is the one round trip that
            # locks; no row claimed means another process appended, so read it afresh.
            size, prev, edge = self._edge
            rows, new_nodes, nodes, last = self._chain(drafts, size, prev, dict(edge), now)
            claimed = await conn.execute(
                update(head)
                .where(head.c.id == 1, head.c.size == size)
                .values(size=size + len(rows), last_hash=last)
            )
            if claimed.rowcount == 1:
                await self._write(conn, rows, new_nodes, size + len(rows), last, nodes)
                return
        query = select(head.c.size, head.c.last_hash).where(head.c.id == 1)
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        row = (await conn.execute(query)).first()
        size, prev = (row.size, row.last_hash) if row else (0, GENESIS)
        nodes = await self._load(conn, frontier(size))
        rows, new_nodes, nodes, last = self._chain(drafts, size, prev, nodes, now)
        if row is None:
            await conn.execute(insert(head).values(id=1, size=size + len(rows), last_hash=last))
        else:
            await conn.execute(
                update(head).where(head.c.id == 1).values(size=size + len(rows), last_hash=last)
            )
        await self._write(conn, rows, new_nodes, size + len(rows), last, nodes)

    async def _write(
        self,
        conn: AsyncConnection,
        rows: list[dict[str, Any]],
        new_nodes: list[dict[str, Any]],
        size: int,
        last: str,
        nodes: dict[tuple[int, int], bytes],
    ) -> None:
        await conn.execute(insert(self._log), rows)
        await conn.execute(insert(self._nodes), new_nodes)
        self._next_edge = (size, last, {key: nodes[key] for key in frontier(size)})

    def _chain(
        self,
        drafts: Sequence[Draft],
        size: int,
        prev: str,
        nodes: dict[tuple[int, int], bytes],
        now: datetime,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[tuple[int, int], bytes], str]:
        """The drafts as entries after `size` entries ending in `prev`: the rows, the tree
        nodes they complete, the nodes known now, and the last entry's hash."""
        rows: list[dict[str, Any]] = []
        new_nodes: list[dict[str, Any]] = []
        for draft in drafts:
            salt = subject = None
            if draft.subject_id is not None:
                salt = new_salt()
                subject = commit_subject(draft.subject_id, salt)
            entry = AuditEntry(
                seq=size + 1,
                at=now,
                service=self.service,
                kind=draft.kind,
                action=draft.action[:100],
                actor=draft.actor,
                subject=subject,
                resource_id=draft.resource_id,
                data_categories=tuple(sorted(draft.data_categories)),
                consent_id=draft.consent_id,
                event_id=draft.event_id,
                prev=prev,
            )
            digest = entry_hash(entry)
            for level, index, value in merkle.completed_nodes(
                size, bytes.fromhex(digest), lambda lv, ix: nodes[(lv, ix)]
            ):
                nodes[(level, index)] = value
                new_nodes.append({"level": level, "idx": index, "hash": value})
            rows.append(
                {
                    "seq": entry.seq,
                    "at": now,
                    "kind": entry.kind,
                    "action": entry.action,
                    "client_id": draft.actor.client_id if draft.actor else None,
                    "organisation": draft.actor.organisation if draft.actor else None,
                    "sector": draft.actor.sector if draft.actor else None,
                    "subject_id": draft.subject_id if draft.linked else None,
                    "subject_salt": salt if draft.linked else None,
                    "subject_commitment": entry.subject,
                    "resource_id": entry.resource_id,
                    "data_categories": list(entry.data_categories),
                    "consent_id": entry.consent_id,
                    "event_id": entry.event_id,
                    "prev": prev,
                    "hash": digest,
                }
            )
            size, prev = size + 1, digest
        return rows, new_nodes, nodes, prev

    async def _load(
        self, conn: AsyncConnection, keys: Iterable[tuple[int, int]]
    ) -> dict[tuple[int, int], bytes]:
        wanted = list(set(keys))
        if not wanted:
            return {}
        table = self._nodes
        found: dict[tuple[int, int], bytes] = {}
        for chunk in range(0, len(wanted), 500):
            rows = await conn.execute(
                select(table.c.level, table.c.idx, table.c.hash).where(
                    tuple_(table.c.level, table.c.idx).in_(wanted[chunk : chunk + 500])
                )
            )
            found.update({(r.level, r.idx): bytes(r.hash) for r in rows})
        return found

    async def size(self, conn: AsyncConnection) -> int:
        size = await conn.scalar(select(self._head.c.size).where(self._head.c.id == 1))
        return int(size or 0)

    async def root(self, conn: AsyncConnection, size: int) -> bytes:
        nodes = await self._load(conn, frontier(size))
        return merkle.root(lambda lv, ix: nodes[(lv, ix)], size)

    async def proofs(
        self, conn: AsyncConnection, indexes: Sequence[int], size: int
    ) -> list[list[bytes]]:
        """Inclusion proofs of leaves against the tree of `size`, with one read of nodes:
        which nodes a proof needs depends only on the positions, not on the hashes."""

        def proof_of(index: int) -> Callable[[merkle.NodeSource], object]:
            return lambda get: merkle.inclusion_proof(get, index, size)

        wanted = {key for index in indexes for key in merkle.needed_nodes(proof_of(index))}
        nodes = await self._load(conn, wanted)
        return [merkle.inclusion_proof(lambda lv, ix: nodes[(lv, ix)], i, size) for i in indexes]

    async def consistency(self, conn: AsyncConnection, first: int, second: int) -> list[bytes]:
        """RFC 9162 consistency proof: the tree of `second` entries extends that of `first`."""
        wanted = merkle.needed_nodes(lambda get: merkle.consistency_proof(get, first, second))
        nodes = await self._load(conn, wanted)
        return merkle.consistency_proof(lambda lv, ix: nodes[(lv, ix)], first, second)

    async def sign(self, conn: AsyncConnection, now: datetime) -> Checkpoint | None:
        """A signed checkpoint of the log as it stands, stored; None if nothing is new."""
        size = await self.size(conn)
        if size == 0:
            return None
        known = await self.checkpoint_of(conn, self.service)
        if known is not None and known.size >= size:
            return None
        checkpoint = sign_checkpoint(
            self.signer, self.service, size, (await self.root(conn, size)).hex(), now
        )
        await self.keep(conn, checkpoint)
        return checkpoint

    async def keep(self, conn: AsyncConnection, checkpoint: Checkpoint) -> None:
        """Store a checkpoint (own, or witnessed from another service); repeats are kept once,
        also when two signers (the periodic one and an auditor's read) sign the same size at
        once: the second insert does nothing instead of failing its transaction."""
        table = self._checkpoints
        values = {
            "service": checkpoint.service,
            "size": checkpoint.size,
            "root": checkpoint.root,
            "at": checkpoint.at,
            "signature": checkpoint.signature,
            "key_id": checkpoint.key_id,
        }
        dialect = conn.dialect.name
        if dialect in ("postgresql", "sqlite"):
            upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            await conn.execute(upsert(table).values(**values).on_conflict_do_nothing())
            return
        known = await conn.scalar(
            select(table.c.root).where(
                table.c.service == checkpoint.service, table.c.size == checkpoint.size
            )
        )
        if known is None:
            await conn.execute(insert(table).values(**values))

    async def checkpoints(self, conn: AsyncConnection, service: str) -> list[Checkpoint]:
        table = self._checkpoints
        rows = await conn.execute(
            select(table).where(table.c.service == service).order_by(table.c.size)
        )
        return [_checkpoint(row._asdict()) for row in rows]

    async def checkpoint_of(self, conn: AsyncConnection, service: str) -> Checkpoint | None:
        table = self._checkpoints
        row = (
            await conn.execute(
                select(table)
                .where(table.c.service == service)
                .order_by(table.c.size.desc())
                .limit(1)
            )
        ).first()
        return None if row is None else _checkpoint(row._asdict())

    async def entries_of(
        self, conn: AsyncConnection, subject_id: uuid.UUID
    ) -> list[dict[str, Any]]:
        table = self._log
        rows = await conn.execute(
            select(table).where(table.c.subject_id == str(subject_id)).order_by(table.c.seq)
        )
        return [row._asdict() for row in rows]

    async def page(self, conn: AsyncConnection, after: int, limit: int) -> list[dict[str, Any]]:
        table = self._log
        rows = await conn.execute(
            select(table).where(table.c.seq > after).order_by(table.c.seq).limit(limit)
        )
        return [row._asdict() for row in rows]

    async def forget_subject(self, conn: AsyncConnection, subject_id: uuid.UUID) -> None:
        """Erasure: the entries stay and verify (their commitment is in the hashed
        content), but without the pseudonym and salt nothing links them to the person."""
        table = self._log
        await conn.execute(
            update(table)
            .where(table.c.subject_id == str(subject_id))
            .values(subject_id=None, subject_salt=None)
        )


def _checkpoint(row: dict[str, Any]) -> Checkpoint:
    return Checkpoint(
        service=row["service"],
        size=int(row["size"]),
        root=row["root"],
        at=as_utc(row["at"]),
        signature=row["signature"],
        key_id=row["key_id"],
    )


def stored_of(row: dict[str, Any], service: str) -> StoredEntry:
    """A row as the verifier reads it: the hashed entry, its stored hash, and the subject's
    pseudonym and salt while the person is not erased."""
    salt = row["subject_salt"]
    return StoredEntry(
        entry_of(row, service),
        row["hash"],
        row["subject_id"],
        bytes(salt) if salt is not None else None,
    )


def stored_to_dict(stored: StoredEntry) -> dict[str, Any]:
    return {
        **entry_to_dict(stored.entry),
        "hash": stored.stored_hash,
        "subject_id": stored.subject_id,
        "subject_salt": stored.subject_salt.hex() if stored.subject_salt is not None else None,
    }


def stored_from_dict(data: dict[str, Any]) -> StoredEntry:
    salt = data.get("subject_salt")
    return StoredEntry(
        entry_from_dict(data),
        str(data["hash"]),
        data.get("subject_id"),
        bytes.fromhex(salt) if salt else None,
    )


def entry_of(row: dict[str, Any], service: str) -> AuditEntry:
    """The hashed entry a stored row holds."""
    actor = (
        Actor(row["client_id"], row["organisation"], row["sector"])
        if row["client_id"] is not None
        else None
    )
    return AuditEntry(
        seq=int(row["seq"]),
        at=as_utc(row["at"]),
        service=service,
        kind=row["kind"],
        action=row["action"],
        actor=actor,
        subject=row["subject_commitment"],
        resource_id=row["resource_id"],
        data_categories=tuple(row["data_categories"]),
        consent_id=row["consent_id"],
        event_id=row["event_id"],
        prev=row["prev"],
    )
