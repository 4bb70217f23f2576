"""The referral unit of work: its repositories share the transaction with outbox and inbox."""

from typing import Self

from nrm_bus.db import UnitOfWork
from referral.adapters.handovers import HandoverRepository
from referral.adapters.repository import ProviderRepository, ReferralRepository
from referral.adapters.tracker_holds import TrackerHoldRepository


class ReferralUnitOfWork(UnitOfWork):
    referrals: ReferralRepository
    handovers: HandoverRepository
    providers: ProviderRepository
    holds: TrackerHoldRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.referrals = ReferralRepository(self.conn)
        self.handovers = HandoverRepository(self.conn)
        self.providers = ProviderRepository(self.conn)
        self.holds = TrackerHoldRepository(self.conn)
        return self
