"""Aggregate statistics of the referral service: no person, no small cells."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from referral.domain.statistics import decline_statistics
from referral.entrypoints.deps import StatisticsReaderDep, UowDep

router = APIRouter(prefix="/v1")


@router.get("/statistics/declines", tags=["statistics"])
async def declines(uow: UowDep, reader: StatisticsReaderDep) -> dict[str, Any]:
    """Declines by reason, and by reason with the identifying actor's sector, the forms of
    exploitation (where the person consented to share them) and the jurisdiction. Cells
    under the threshold are suppressed (`count: null`); no personal data."""
    async with uow:
        found = await uow.referrals.declines()
    return decline_statistics(found)
