"""Holds on a person's data tracker: which justice sector's entries are held back, until
when, on which legal basis, recorded by whom. Pseudonymous ``subject_id`` only."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Column, Date, DateTime, String, Table, Uuid, delete, insert, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from nrm_bus.clock import as_utc
from referral.adapters.orm import metadata
from referral.domain.tracker import TrackerHold

data_tracker_holds = Table(
    "data_tracker_holds",
    metadata,
    Column("hold_id", Uuid, primary_key=True),
    Column("subject_id", Uuid, nullable=False, index=True),
    Column("sector", String(30), nullable=False),
    Column("until", Date, nullable=False),
    Column("legal_basis", String(500), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("by_client_id", String(100), nullable=False),
    Column("by_organisation", String(200), nullable=False),
    Column("by_sector", String(30), nullable=False),
)


class TrackerHoldRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, hold: TrackerHold) -> None:
        await self._conn.execute(
            insert(data_tracker_holds).values(
                hold_id=hold.hold_id,
                subject_id=hold.subject_id,
                sector=hold.sector,
                until=hold.until,
                legal_basis=hold.legal_basis,
                recorded_at=hold.recorded_at,
                by_client_id=hold.by_client_id,
                by_organisation=hold.by_organisation,
                by_sector=hold.by_sector,
            )
        )

    async def of_subject(self, subject_id: uuid.UUID) -> list[TrackerHold]:
        """Every hold ever recorded for the person, in force or not, oldest first."""
        rows = await self._conn.execute(
            select(data_tracker_holds)
            .where(data_tracker_holds.c.subject_id == subject_id)
            .order_by(data_tracker_holds.c.recorded_at, data_tracker_holds.c.hold_id)
        )
        return [_hold(row) for row in rows]

    async def erase_subject(self, subject_id: uuid.UUID) -> None:
        await self._conn.execute(
            delete(data_tracker_holds).where(data_tracker_holds.c.subject_id == subject_id)
        )


def _hold(row: Row[Any]) -> TrackerHold:
    return TrackerHold(
        hold_id=row.hold_id,
        subject_id=row.subject_id,
        sector=row.sector,
        until=row.until,
        legal_basis=row.legal_basis,
        recorded_at=as_utc(row.recorded_at),
        by_client_id=row.by_client_id,
        by_organisation=row.by_organisation,
        by_sector=row.by_sector,
    )
