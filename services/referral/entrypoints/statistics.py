"""Aggregate statistics of the referral service: no person, no small cells."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from nrm_bus.openapi import example_response
from referral.domain.statistics import Decline, decline_statistics
from referral.entrypoints.deps import StatisticsReaderDep, UowDep

router = APIRouter(prefix="/v1")


def _example() -> dict[str, Any]:
    """Made by the code that makes the statistics, from declines by seven made-up people."""
    declines = [
        Decline(
            reason="fear_of_trafficker_or_reprisals" if n < 5 else "stigma",
            dimensions={
                "identified_by_sector": "police",
                "exploitation_types": ["labour"],
                "jurisdiction": "NO",
            },
            person=f"person-{n}",
        )
        for n in range(7)
    ]
    return decline_statistics(declines)


@router.get("/statistics/declines", tags=["statistics"], responses=example_response(_example()))
async def declines(uow: UowDep, reader: StatisticsReaderDep) -> dict[str, Any]:
    """Declines by reason, and by reason with the identifying actor's sector, the forms of
    exploitation (where the person consented to share them) and the jurisdiction. Cells
    under the threshold are suppressed (`count: null`); no personal data."""
    async with uow:
        found = await uow.referrals.declines()
    return decline_statistics(found)
