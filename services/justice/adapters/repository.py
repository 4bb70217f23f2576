"""Cases in the service's own database."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from justice.adapters.orm import cases
from justice.domain.model import Case
from nrm_bus.clock import as_utc


class CaseRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def get(self, subject_id: uuid.UUID) -> Case | None:
        row = (
            await self._conn.execute(select(cases).where(cases.c.subject_id == subject_id))
        ).first()
        return None if row is None else _case(row._asdict())

    async def list(self) -> list[Case]:
        rows = await self._conn.execute(select(cases).order_by(cases.c.opened_at))
        return [_case(row._asdict()) for row in rows]

    async def add(self, case: Case) -> None:
        await self._conn.execute(insert(cases).values(**asdict(case)))

    async def remove(self, subject_id: uuid.UUID) -> None:
        await self._conn.execute(delete(cases).where(cases.c.subject_id == subject_id))

    async def save(self, case: Case) -> None:
        await self._conn.execute(
            update(cases).where(cases.c.subject_id == case.subject_id).values(**asdict(case))
        )


def _case(row: dict[str, Any]) -> Case:
    return Case(**{**row, "opened_at": as_utc(row["opened_at"])})
