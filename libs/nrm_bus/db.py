"""Database plumbing every service shares: engines, the outbox and inbox tables, and the
unit of work that writes a state change together with its events in one transaction."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Protocol, Self

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    insert,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from nrm_bus import contracts, telemetry
from nrm_bus.access import Grant, PersonRead, Reader, grant, not_found
from nrm_bus.audit.entry import Actor
from nrm_bus.audit.log import AuditLog, Draft, add_audit_tables, audit_drafts
from nrm_bus.clock import Clock, SystemClock
from nrm_bus.envelope import CloudEvent
from nrm_bus.gate import CONSENT_EVENTS, ConsentView, add_gate_tables
from nrm_bus.parties import Parties, add_parties_table


def create_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})

        from sqlalchemy import event

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


def add_bus_tables(metadata: MetaData) -> tuple[Table, Table]:
    """The outbox and inbox live in each service's own database, beside the consent gate's
    tables, the organisations related to each person, and the audit log; the shared Alembic
    branch (nrm_bus.migrations) creates them there."""
    # BigInteger on PostgreSQL, INTEGER PRIMARY KEY (rowid) on SQLite: both autoincrement.
    seq_type = BigInteger().with_variant(Integer(), "sqlite")
    outbox = Table(
        "outbox",
        metadata,
        Column("seq", seq_type, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("topic", String(200), nullable=False),
        Column("key", String(100), nullable=False),
        Column("ce_type", String(100), nullable=False),
        Column("ce_source", String(200), nullable=False),
        Column("ce_subject", String(100)),
        Column("ce_time", DateTime(timezone=True), nullable=False),
        Column("ce_dataschema", String(200), nullable=False),
        Column("traceparent", String(100)),
        Column("data", JSON, nullable=False),
        Column("published_at", DateTime(timezone=True)),
        # Set instead of published_at when the consent gate refuses the event for good.
        Column("refused_at", DateTime(timezone=True)),
        Column("refusal", String(100)),
        Index(
            "ix_outbox_pending",
            "seq",
            postgresql_where=text("published_at IS NULL AND refused_at IS NULL"),
        ),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", String(36), primary_key=True),
        Column("topic", String(200), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False),
    )
    add_gate_tables(metadata)
    add_parties_table(metadata)
    add_audit_tables(metadata)
    return outbox, inbox


class Attributable(Reader, Protocol):
    """Whoever an access is attributed to: a caller, or an actor on the record."""

    @property
    def client_id(self) -> str: ...


class DuplicateEvent(Exception):
    """The inbox already holds this event id for this consumer."""


class UnitOfWork:
    """One database transaction. Events added here are validated and written to the
    outbox in the same transaction as the state change; the relay is woken on commit."""

    def __init__(
        self,
        engine: AsyncEngine,
        outbox: Table,
        inbox: Table,
        on_commit: Callable[[], None] | None = None,
        *,
        audit: AuditLog | None = None,
        clock: Clock | None = None,
        consent_purposes: frozenset[str] | None = None,
    ) -> None:
        self._engine = engine
        self._outbox = outbox
        self._inbox = inbox
        self._on_commit = on_commit
        self._events = 0
        self.audit = audit
        self.clock = clock or SystemClock()
        self._consent_purposes = consent_purposes
        self._drafts: list[Draft] = []
        self.conn: AsyncConnection
        self.consents: ConsentView
        self.parties: Parties

    async def __aenter__(self) -> Self:
        self.conn = await self._engine.connect()
        await self.conn.begin()
        self.consents = ConsentView(self.conn, self._outbox.metadata, self._consent_purposes)
        self.parties = Parties(self.conn, self._outbox.metadata)
        self._drafts = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self.conn.in_transaction():
                await self.conn.rollback()
        finally:
            await asyncio.shield(self.conn.close())

    async def commit(self) -> None:
        """Commit the state change, its events and its audit entries together."""
        drafts, self._drafts = self._drafts, []
        if self.audit is None:
            if drafts:
                raise RuntimeError("this unit of work keeps no audit log")
            await self.conn.commit()
        else:
            await self.audit.commit_with(self.conn, drafts, self.clock.now())
        if self._events and self._on_commit:
            self._on_commit()
        self._events = 0

    async def publish(self, topic: str, event: CloudEvent) -> None:
        """Queue an event for the relay; it leaves only after this transaction commits.
        A consent event also updates this service's own consent view, in this transaction,
        so that the relay's gate knows the consent before the event about it is sent."""
        contracts.validate(event)
        if event.type in CONSENT_EVENTS:
            await self.consents.apply(event)
            self.audit_event("consent", event)
        traceparent = event.traceparent or telemetry.current_traceparent()
        await self.conn.execute(
            insert(self._outbox).values(
                event_id=event.id,
                topic=topic,
                key=event.key,
                ce_type=event.type,
                ce_source=event.source,
                ce_subject=event.subject,
                ce_time=event.time,
                ce_dataschema=event.dataschema,
                traceparent=traceparent,
                data=event.data,
            )
        )
        self._events += 1

    async def scrub_subject(self, subject_id: object) -> None:
        """This service's outbox keeps no copy of what it said about the person, and what
        it has not sent yet never leaves."""
        outbox = self._outbox
        mine = outbox.c.key == str(subject_id)
        await self.conn.execute(
            update(outbox)
            .where(mine, outbox.c.published_at.is_(None), outbox.c.refused_at.is_(None))
            .values(refused_at=datetime.now(UTC), refusal="subject-erased")
        )
        await self.conn.execute(update(outbox).where(mine).values(data={}))

    async def erase_subject(self, subject_id: uuid.UUID) -> None:
        """Erasure: besides the outbox, nothing this service keeps links back to the person
        (outbox keys, the organisations related to them, the audit log); the audit entries
        stay and still verify."""
        await self.scrub_subject(subject_id)
        outbox = self._outbox
        await self.conn.execute(
            update(outbox).where(outbox.c.key == str(subject_id)).values(key="erased")
        )
        await self.consents.forget_subject(subject_id)
        await self.parties.forget(subject_id)
        self._drafts = [
            replace(draft, linked=False) if draft.subject_id == str(subject_id) else draft
            for draft in self._drafts
        ]
        if self.audit is not None:
            await self.audit.forget_subject(self.conn, subject_id)

    def record(self, draft: Draft) -> None:
        """Append an audit entry when this unit of work commits (and only if it does)."""
        if self.audit is not None:
            self._drafts.append(draft)

    def audit_event(
        self, kind: str, event: CloudEvent, categories: Iterable[str] = (), consent: object = None
    ) -> None:
        """An event about a person published, consumed, held, refused, or a consent change."""
        for draft in audit_drafts(kind, event, categories, consent):
            self.record(draft)

    async def record_access(
        self,
        caller: Attributable,
        action: str,
        subject_id: object = None,
        resource_id: object = None,
        *,
        categories: Iterable[str] = (),
        consent_id: object = None,
    ) -> None:
        """Attribute an access to data about a person; committed with the unit of work."""
        self.record(
            Draft(
                kind="access",
                action=action,
                actor=Actor(caller.client_id, caller.organisation, caller.sector),
                subject_id=str(subject_id) if subject_id is not None else None,
                resource_id=str(resource_id) if resource_id is not None else None,
                data_categories=tuple(categories),
                consent_id=str(consent_id) if consent_id is not None else None,
            )
        )

    def record_erasure(self, actor: Attributable, subject_id: uuid.UUID) -> None:
        self.record(
            Draft(
                kind="erasure",
                action="subject.erase",
                actor=Actor(actor.client_id, actor.organisation, actor.sector),
                subject_id=str(subject_id),
                linked=False,
            )
        )

    async def admit(
        self,
        reader: Attributable,
        read: PersonRead,
        subject_id: uuid.UUID | None,
        resource_id: object = None,
    ) -> Grant:
        """The read rule of `nrm_bus.access`, applied and audited: a read that is granted is
        recorded with what it relied on and committed before anything is answered; one
        that is not is recorded as refused and answered like an unknown person."""
        granted = None
        if subject_id is not None:
            granted = grant(
                read,
                reader,
                await self.parties.of(subject_id),
                await self.consents.of_subject(subject_id),
                self.clock.now(),
            )
            await self.record_access(
                reader,
                read.action if granted else f"{read.action}.refused",
                subject_id,
                resource_id,
                categories=granted.categories if granted else (),
                consent_id=granted.consent_id if granted else None,
            )
            await self.commit()
        if granted is None:
            raise not_found()
        return granted

    async def record_receipt(self, consumer: str, event: CloudEvent, topic: str) -> None:
        """Mark the event processed by this consumer; raises DuplicateEvent if it was."""
        # First statement of the transaction, so a conflict aborts nothing else; the
        # caller rolls the whole unit of work back.
        try:
            await self.conn.execute(
                insert(self._inbox).values(
                    consumer=consumer,
                    event_id=event.id,
                    topic=topic,
                    processed_at=datetime.now(UTC),
                )
            )
        except IntegrityError as exc:
            raise DuplicateEvent(event.id) from exc
