"""The consent gate. Every service keeps a local view of consents, built from the consent
events; the outbox relay and the consumer both ask it before an event about a person goes
anywhere. Active and covering: deliver, with only the covered categories. Not yet seen:
hold, durably, until it arrives. Withdrawn, expired or not covering: refuse and record."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
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
    Uuid,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from nrm_bus.clock import as_utc
from nrm_bus.disclosure import CONSENT_FIELD, DisclosureRule
from nrm_bus.envelope import CloudEvent

log = logging.getLogger(__name__)

CONSENT_GIVEN = "ConsentGiven"
CONSENT_WITHDRAWN = "ConsentWithdrawn"
CONSENT_EXPIRED = "ConsentExpired"
CONSENT_EVENTS = frozenset({CONSENT_GIVEN, CONSENT_WITHDRAWN, CONSENT_EXPIRED})


def add_gate_tables(metadata: MetaData) -> None:
    """The consent view, events held for a consent not yet seen, and the gate's refusals."""
    seq_type = BigInteger().with_variant(Integer(), "sqlite")
    Table(
        "consent_view",
        metadata,
        Column("consent_id", Uuid, primary_key=True),
        Column("subject_id", Uuid, nullable=False, index=True),
        Column("purpose", String(30), nullable=False),
        Column("recipient", String(30), nullable=False),
        Column("data_categories", JSON, nullable=False),
        Column("expires_at", DateTime(timezone=True)),
        Column("withdrawn_at", DateTime(timezone=True)),
        Column("expired_at", DateTime(timezone=True)),
    )
    Table(
        "gate_held",
        metadata,
        Column("seq", seq_type, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("consent_id", Uuid, nullable=False, index=True),
        Column("subject_id", Uuid, nullable=False, index=True),
        Column("topic", String(200), nullable=False),
        Column("key", String(100)),
        Column("headers", JSON, nullable=False),
        # The record as it arrived: still sealed, so holding adds no readable copy.
        Column("value", LargeBinary, nullable=False),
        Column("held_at", DateTime(timezone=True), nullable=False),
    )
    # Consents under which this service received data: it acknowledges their end.
    Table(
        "gate_deliveries",
        metadata,
        Column("consent_id", Uuid, primary_key=True),
        Column("subject_id", Uuid, nullable=False, index=True),
        Column("first_at", DateTime(timezone=True), nullable=False),
        Column("ended_at", DateTime(timezone=True)),
    )
    Table(
        "gate_refusals",
        metadata,
        Column("seq", seq_type, primary_key=True, autoincrement=True),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("stage", String(10), nullable=False),  # relay | consumer
        Column("event_id", String(36), nullable=False),
        Column("event_type", String(100), nullable=False),
        Column("subject_id", String(36), index=True),
        Column("consent_id", String(36)),
        Column("reason", String(100), nullable=False),
    )


class Verdict(StrEnum):
    DELIVER = "deliver"
    HOLD = "hold"
    REFUSE = "refuse"


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str = ""
    covered: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ConsentRecord:
    consent_id: uuid.UUID
    subject_id: uuid.UUID
    purpose: str
    recipient: str
    data_categories: frozenset[str]
    expires_at: datetime | None
    withdrawn_at: datetime | None
    expired_at: datetime | None

    def is_active(self, now: datetime) -> bool:
        return (
            self.withdrawn_at is None
            and self.expired_at is None
            and (self.expires_at is None or now < self.expires_at)
        )

    @property
    def status(self) -> str:
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.expired_at is not None:
            return "expired"
        return "active"


def decide(
    rule: DisclosureRule, consent: ConsentRecord | None, subject_id: str, now: datetime
) -> Decision:
    """The gate's one rule, with no I/O: the same answer in the relay and the consumer."""
    if consent is None:
        return Decision(Verdict.HOLD, "consent-not-yet-seen")
    if str(consent.subject_id) != subject_id:
        return Decision(Verdict.REFUSE, "consent-of-another-subject")
    if consent.withdrawn_at is not None:
        return Decision(Verdict.REFUSE, "consent-withdrawn")
    if not consent.is_active(now):
        return Decision(Verdict.REFUSE, "consent-expired")
    if consent.purpose not in rule.purposes:
        return Decision(Verdict.REFUSE, "purpose-not-covered")
    if rule.consent_recipients is not None and consent.recipient not in rule.consent_recipients:
        return Decision(Verdict.REFUSE, "recipient-not-covered")
    missing = sorted(rule.required - consent.data_categories)
    if missing:
        return Decision(Verdict.REFUSE, f"category-not-covered:{','.join(missing)}")
    return Decision(Verdict.DELIVER, covered=consent.data_categories)


def consent_id_of(event: CloudEvent) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(event.data[CONSENT_FIELD]))
    except (KeyError, ValueError):
        return None


class ConsentView:
    """The service's local consent view and the gate's own records, in the caller's
    transaction."""

    def __init__(
        self, conn: AsyncConnection, metadata: MetaData, keeps: frozenset[str] | None = None
    ) -> None:
        self._conn = conn
        # The purposes whose consents this service keeps (None: all, as their owner does).
        self._keeps = keeps
        self._view = metadata.tables["consent_view"]
        self._held = metadata.tables["gate_held"]
        self._refusals = metadata.tables["gate_refusals"]
        self._deliveries = metadata.tables["gate_deliveries"]

    async def get(self, consent_id: uuid.UUID, *, lock: bool = False) -> ConsentRecord | None:
        query = select(self._view).where(self._view.c.consent_id == consent_id)
        if lock and self._conn.dialect.name == "postgresql":
            query = query.with_for_update(read=True)
        row = (await self._conn.execute(query)).first()
        return None if row is None else _record(row._asdict())

    async def of_subject(self, subject_id: uuid.UUID) -> list[ConsentRecord]:
        rows = await self._conn.execute(
            select(self._view).where(self._view.c.subject_id == subject_id)
        )
        return [_record(row._asdict()) for row in rows]

    async def apply(self, event: CloudEvent) -> None:
        """Fold one consent event into the view; repeats change nothing."""
        data = event.data
        consent_id = uuid.UUID(data["consent_id"])
        if event.type == CONSENT_GIVEN:
            if self._keeps is not None and data["purpose"] not in self._keeps:
                return  # not this service's concern: it must not even know it was given
            if await self.get(consent_id) is None:
                await self._conn.execute(
                    insert(self._view).values(
                        consent_id=consent_id,
                        subject_id=uuid.UUID(data["subject_id"]),
                        purpose=data["purpose"],
                        recipient=data["recipient"],
                        data_categories=sorted(data["data_categories"]),
                        expires_at=_time(data.get("expires_at")),
                    )
                )
        elif event.type == CONSENT_WITHDRAWN:
            await self._conn.execute(
                update(self._view)
                .where(self._view.c.consent_id == consent_id, self._view.c.withdrawn_at.is_(None))
                .values(withdrawn_at=_time(data["withdrawn_at"]))
            )
        elif event.type == CONSENT_EXPIRED:
            await self._conn.execute(
                update(self._view)
                .where(self._view.c.consent_id == consent_id, self._view.c.expired_at.is_(None))
                .values(expired_at=_time(data["expired_at"]))
            )

    async def forget_subject(self, subject_id: uuid.UUID) -> None:
        """Erasure: the person's consents and anything held for them go."""
        for table in (self._view, self._held, self._deliveries):
            await self._conn.execute(delete(table).where(table.c.subject_id == subject_id))
        refusals = self._refusals
        await self._conn.execute(
            update(refusals).where(refusals.c.subject_id == str(subject_id)).values(subject_id=None)
        )

    async def delivered_under(
        self, consent: uuid.UUID, subject_id: uuid.UUID, now: datetime
    ) -> bool:
        """Remember that data reached this service under the consent; True the first time."""
        deliveries = self._deliveries
        known = await self._conn.scalar(
            select(deliveries.c.consent_id).where(deliveries.c.consent_id == consent)
        )
        if known is None:
            await self._conn.execute(
                insert(deliveries).values(consent_id=consent, subject_id=subject_id, first_at=now)
            )
        return known is None

    async def received_about(self, subject_id: uuid.UUID) -> bool:
        """Whether data about the person ever reached this service through the gate."""
        deliveries = self._deliveries
        found = await self._conn.scalar(
            select(deliveries.c.consent_id).where(deliveries.c.subject_id == subject_id).limit(1)
        )
        return found is not None

    async def end_deliveries(self, consent: uuid.UUID, now: datetime) -> bool:
        """The consent ended: True the first time, if data was received under it."""
        deliveries = self._deliveries
        result = await self._conn.execute(
            update(deliveries)
            .where(deliveries.c.consent_id == consent, deliveries.c.ended_at.is_(None))
            .values(ended_at=now)
        )
        return bool(result.rowcount)

    async def hold(
        self,
        event: CloudEvent,
        consent_id: uuid.UUID,
        topic: str,
        key: bytes | None,
        headers: list[tuple[str, bytes]],
        value: bytes,
        now: datetime,
    ) -> None:
        await self._conn.execute(
            insert(self._held).values(
                event_id=event.id,
                consent_id=consent_id,
                subject_id=uuid.UUID(str(event.data["subject_id"])),
                topic=topic,
                key=key.decode() if key else None,
                headers=[[name, raw.decode()] for name, raw in headers],
                value=value,
                held_at=now,
            )
        )

    async def held_for(self, consent_id: uuid.UUID) -> list[dict[str, Any]]:
        rows = await self._conn.execute(
            select(self._held)
            .where(self._held.c.consent_id == consent_id)
            .order_by(self._held.c.seq)
        )
        return [row._asdict() for row in rows]

    async def held_with_known_consent(self) -> list[uuid.UUID]:
        held, view = self._held, self._view
        rows = await self._conn.execute(
            select(held.c.consent_id).distinct().join(view, view.c.consent_id == held.c.consent_id)
        )
        return [row.consent_id for row in rows]

    async def take_held(self, event_id: str) -> bool:
        """Claim a held event for delivery; False if another member already did."""
        result = await self._conn.execute(
            delete(self._held).where(self._held.c.event_id == event_id)
        )
        return bool(result.rowcount)

    async def refuse(
        self,
        stage: str,
        event: CloudEvent,
        consent_id: uuid.UUID | None,
        reason: str,
        now: datetime,
    ) -> None:
        """Record that the gate refused the event (relay or consumer): ids and rule only."""
        log.warning(
            "gate refused an event",
            extra={
                "event_id": event.id,
                "event_type": event.type,
                "stage": stage,
                "reason": reason,
            },
        )
        await self._conn.execute(
            insert(self._refusals).values(
                at=now,
                stage=stage,
                event_id=event.id,
                event_type=event.type,
                subject_id=event.subject,
                consent_id=str(consent_id) if consent_id else None,
                reason=reason[:100],
            )
        )


def _time(value: str | None) -> datetime | None:
    return as_utc(datetime.fromisoformat(value)) if value else None


def _record(row: dict[str, Any]) -> ConsentRecord:
    return ConsentRecord(
        consent_id=row["consent_id"],
        subject_id=row["subject_id"],
        purpose=row["purpose"],
        recipient=row["recipient"],
        data_categories=frozenset(row["data_categories"]),
        expires_at=row["expires_at"] and as_utc(row["expires_at"]),
        withdrawn_at=row["withdrawn_at"] and as_utc(row["withdrawn_at"]),
        expired_at=row["expired_at"] and as_utc(row["expired_at"]),
    )
