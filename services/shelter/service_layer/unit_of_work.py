"""The shelter unit of work: its repositories share the transaction with the outbox."""

from typing import Self

from nrm_bus.db import UnitOfWork
from shelter.adapters.repository import (
    PlacementRepository,
    ShelterRepository,
    WaitlistRepository,
)


class ShelterUnitOfWork(UnitOfWork):
    shelters: ShelterRepository
    placements: PlacementRepository
    waitlist: WaitlistRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.shelters = ShelterRepository(self.conn)
        self.placements = PlacementRepository(self.conn)
        self.waitlist = WaitlistRepository(self.conn)
        return self
