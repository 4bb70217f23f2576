"""The referral unit of work: its repository shares the transaction with outbox and inbox."""

from typing import Self

from nrm_bus.db import UnitOfWork
from referral.adapters.repository import ReferralRepository


class ReferralUnitOfWork(UnitOfWork):
    referrals: ReferralRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.referrals = ReferralRepository(self.conn)
        return self
