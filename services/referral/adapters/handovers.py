"""Information sheets handed over: who gave which language to whom, when, and how.

A person who declines and comes back later has the information given earlier on record.
Only the pseudonymous ``subject_id`` and the giver's organisation are kept, never a name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Column, DateTime, String, Table, Uuid, delete, insert, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from nrm_bus.clock import as_utc
from referral.adapters.orm import metadata

information_sheet_handovers = Table(
    "information_sheet_handovers",
    metadata,
    Column("handover_id", Uuid, primary_key=True),
    Column("subject_id", Uuid, nullable=False, index=True),
    Column("language", String(35), nullable=False),
    Column("method", String(10), nullable=False),  # written | verbal | both
    Column("handed_over_at", DateTime(timezone=True), nullable=False),
    Column("by_organisation", String(200), nullable=False),
    Column("by_sector", String(30), nullable=False),
    Column("by_client_id", String(100), nullable=False),
)


Method = Literal["written", "verbal", "both"]


@dataclass(frozen=True)
class Handover:
    subject_id: uuid.UUID
    language: str
    method: Method
    handed_over_at: datetime
    by_organisation: str
    by_sector: str
    by_client_id: str
    handover_id: uuid.UUID


class HandoverRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, handover: Handover) -> None:
        await self._conn.execute(
            insert(information_sheet_handovers).values(
                handover_id=handover.handover_id,
                subject_id=handover.subject_id,
                language=handover.language,
                method=handover.method,
                handed_over_at=handover.handed_over_at,
                by_organisation=handover.by_organisation,
                by_sector=handover.by_sector,
                by_client_id=handover.by_client_id,
            )
        )

    async def of_subject(self, subject_id: uuid.UUID) -> list[Handover]:
        rows = await self._conn.execute(
            select(information_sheet_handovers)
            .where(information_sheet_handovers.c.subject_id == subject_id)
            .order_by(information_sheet_handovers.c.handed_over_at)
        )
        return [_handover(row) for row in rows]

    async def erase_subject(self, subject_id: uuid.UUID) -> None:
        await self._conn.execute(
            delete(information_sheet_handovers).where(
                information_sheet_handovers.c.subject_id == subject_id
            )
        )


def _handover(row: Row[Any]) -> Handover:
    return Handover(
        subject_id=row.subject_id,
        language=row.language,
        method=row.method,
        handed_over_at=as_utc(row.handed_over_at),
        by_organisation=row.by_organisation,
        by_sector=row.by_sector,
        by_client_id=row.by_client_id,
        handover_id=row.handover_id,
    )
