"""The organisations related to a person in one service's records (who identified them,
who referred them, who serves them): the facts the read rule of `nrm_bus.access` needs
besides consents. Organisation names only; never anything about the person."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Column, DateTime, MetaData, String, Table, Uuid, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from nrm_bus.access import Party, Relation


def add_parties_table(metadata: MetaData) -> Table:
    return Table(
        "subject_parties",
        metadata,
        Column("subject_id", Uuid, primary_key=True),
        Column("organisation", String(200), primary_key=True),
        Column("relation", String(20), primary_key=True),
        Column("since", DateTime(timezone=True), nullable=False),
    )


class Parties:
    def __init__(self, conn: AsyncConnection, metadata: MetaData) -> None:
        self._conn = conn
        self._table = metadata.tables["subject_parties"]

    async def add(
        self, subject_id: uuid.UUID, organisation: str, relation: Relation, now: datetime
    ) -> None:
        """Relate the organisation to the person; repeating it changes nothing."""
        table = self._table
        known = await self._conn.scalar(
            select(table.c.since).where(
                table.c.subject_id == subject_id,
                table.c.organisation == organisation,
                table.c.relation == relation.value,
            )
        )
        if known is None:
            await self._conn.execute(
                insert(table).values(
                    subject_id=subject_id,
                    organisation=organisation,
                    relation=relation.value,
                    since=now,
                )
            )

    async def of(self, subject_id: uuid.UUID) -> frozenset[Party]:
        table = self._table
        rows = await self._conn.execute(
            select(table.c.organisation, table.c.relation).where(table.c.subject_id == subject_id)
        )
        return frozenset(Party(row.organisation, Relation(row.relation)) for row in rows)

    async def forget(self, subject_id: uuid.UUID) -> None:
        """Erasure: nothing here says any more who dealt with the person."""
        await self._conn.execute(delete(self._table).where(self._table.c.subject_id == subject_id))
