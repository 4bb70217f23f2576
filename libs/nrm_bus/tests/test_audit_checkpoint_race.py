"""Two signers of one service's log (the periodic one, and an auditor's read that signs the
log as it stands) may sign the same size at the same moment: both keep their checkpoint
without either transaction failing, and the size is kept once. On PostgreSQL, where the
second insert waits for the first transaction and then met the unique key."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import MetaData, func, select

from nrm_bus.audit.checkpoint import sign_checkpoint
from nrm_bus.audit.log import AuditLog, add_audit_tables
from nrm_bus.db import create_engine
from nrm_bus.signing import EventSigner

pytestmark = [pytest.mark.postgres]

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


async def test_the_same_size_signed_twice_at_once_is_kept_once(
    pg_database: Callable[[str], Awaitable[str]],
) -> None:
    metadata = MetaData()
    add_audit_tables(metadata)
    signer = EventSigner.load(None, "referral")
    log = AuditLog("referral", metadata, signer)
    engine = create_engine(await pg_database("checkpoint_race"))
    try:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        first, second = (
            sign_checkpoint(signer, "referral", 13, "ab" * 32, T0 + timedelta(seconds=s))
            for s in (0, 1)
        )
        async with engine.connect() as one, engine.connect() as other:
            await one.begin()
            await other.begin()
            await log.keep(one, first)
            # The second waits on the first's uncommitted row; it must not fail once that
            # commits.
            waiting = asyncio.create_task(log.keep(other, second))
            await asyncio.sleep(0.2)
            await one.commit()
            await waiting
            await other.commit()
        async with engine.connect() as conn:
            table = metadata.tables["audit_checkpoints"]
            assert await conn.scalar(select(func.count()).select_from(table)) == 1
            kept = await log.checkpoint_of(conn, "referral")
        assert kept is not None
        assert (kept.size, kept.signature) == (13, first.signature)
    finally:
        await engine.dispose()
