"""Dead letters, as operators handle them: listed by their headers, replayed to their
original topic (where the consent gate and the inbox judge them again: a withdrawn consent
refuses the replay, an event already applied is dropped) or discarded, each with a reason
and the operator in the audit log, in the transaction that marks the dead letter."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from nrm_bus import topics
from nrm_bus.audit.entry import Actor
from nrm_bus.audit.log import Draft
from nrm_bus.db import Attributable, UnitOfWork
from operations.adapters.dead_letter_topics import StoredRecord
from operations.adapters.orm import dead_letters

STATUSES = ("new", "replayed", "discarded")


class DeadLetterNotFound(Exception):
    pass


class AlreadyResolved(Exception):
    def __init__(self, status: str) -> None:
        super().__init__(f"the dead letter was {status} already")
        self.status = status


class NotReplayable(Exception):
    """The record is gone from the broker, or its original topic is not one of the bus."""


@dataclass(frozen=True)
class Resolve:
    dead_letter_id: uuid.UUID
    reason: str
    operator: Attributable


def as_api(row: Any) -> dict[str, Any]:
    return {
        "dead_letter_id": str(row.dead_letter_id),
        "topic": row.topic,
        "partition": row.partition,
        "offset": row.offset,
        "event_id": row.event_id,
        "event_type": row.event_type,
        "reason": row.reason,
        "consumer": row.consumer,
        "failed_at": row.failed_at.isoformat(),
        "status": row.status,
        "dead_letter_topic": row.dlq_topic,
        "dead_letter_partition": row.dlq_partition,
        "dead_letter_offset": row.dlq_offset,
        "resolved_at": row.resolved_at.isoformat() if row.resolved_at else None,
        "resolved_by": row.resolved_by,
        "resolution": row.resolution,
    }


async def listed(
    conn: AsyncConnection,
    *,
    topic: str | None = None,
    status: str | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    query = select(dead_letters).order_by(dead_letters.c.failed_at.desc()).limit(limit)
    if topic:
        query = query.where(dead_letters.c.topic == topic)
    if status:
        query = query.where(dead_letters.c.status == status)
    return [as_api(row) for row in await conn.execute(query)]


async def counts_by_topic(conn: AsyncConnection) -> dict[str, dict[str, int]]:
    """Dead letters per original topic and status."""
    rows = await conn.execute(
        select(dead_letters.c.topic, dead_letters.c.status, func.count()).group_by(
            dead_letters.c.topic, dead_letters.c.status
        )
    )
    counts: dict[str, dict[str, int]] = {}
    for topic, status, count in rows:
        counts.setdefault(topic, {})[status] = int(count)
    return counts


async def _unresolved(uow: UnitOfWork, dead_letter_id: uuid.UUID) -> Any:
    query = select(dead_letters).where(dead_letters.c.dead_letter_id == dead_letter_id)
    if uow.conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = (await uow.conn.execute(query)).first()
    if row is None:
        raise DeadLetterNotFound(str(dead_letter_id))
    if row.status != "new":
        raise AlreadyResolved(row.status)
    return row


async def _mark(uow: UnitOfWork, cmd: Resolve, status: str, now: datetime) -> None:
    result = await uow.conn.execute(
        update(dead_letters)
        .where(dead_letters.c.dead_letter_id == cmd.dead_letter_id, dead_letters.c.status == "new")
        .values(
            status=status,
            resolved_at=now,
            resolved_by=cmd.operator.client_id,
            resolution=cmd.reason[:500],
        )
    )
    if result.rowcount != 1:
        raise AlreadyResolved("resolved")


def _entry(cmd: Resolve, action: str, row: Any, subject: str | None) -> Draft:
    operator = cmd.operator
    return Draft(
        kind="replay",
        action=action,
        actor=Actor(operator.client_id, operator.organisation, operator.sector),
        subject_id=subject,
        resource_id=str(row.dead_letter_id),
        event_id=row.event_id,
    )


async def replay(
    cmd: Resolve,
    uow: UnitOfWork,
    now: datetime,
    read_back: Callable[[str, int, int], Awaitable[StoredRecord | None]],
    write_back: Callable[[str, StoredRecord, uuid.UUID], Awaitable[None]],
) -> dict[str, Any]:
    """Mark, audit and write back in one transaction: if the broker refuses the write,
    nothing is marked; if the commit fails after the write, a second replay is harmless
    (the inbox drops the repeat)."""
    row = await _unresolved(uow, cmd.dead_letter_id)
    if row.topic not in topics.ALL:
        raise NotReplayable(f"{row.topic} is not a topic of the bus")
    record = await read_back(row.dlq_topic, row.dlq_partition, row.dlq_offset)
    if record is None:
        raise NotReplayable("the record is no longer on the broker")
    await _mark(uow, cmd, "replayed", now)
    uow.record(_entry(cmd, "dead_letter.replay", row, record.header("ce_subject")))
    await write_back(row.topic, record, row.dead_letter_id)
    await uow.commit()
    return await _read(uow, cmd.dead_letter_id)


async def discard(cmd: Resolve, uow: UnitOfWork, now: datetime) -> dict[str, Any]:
    row = await _unresolved(uow, cmd.dead_letter_id)
    await _mark(uow, cmd, "discarded", now)
    uow.record(_entry(cmd, "dead_letter.discard", row, None))
    await uow.commit()
    return await _read(uow, cmd.dead_letter_id)


async def _read(uow: UnitOfWork, dead_letter_id: uuid.UUID) -> dict[str, Any]:
    async with uow.conn.engine.connect() as conn:
        row = (
            await conn.execute(
                select(dead_letters).where(dead_letters.c.dead_letter_id == dead_letter_id)
            )
        ).one()
    return as_api(row)
