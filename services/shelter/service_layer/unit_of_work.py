"""The shelter unit of work: its repositories share the transaction with the outbox."""

from typing import Self

from nrm_bus import topics
from nrm_bus.contracts import build_event
from nrm_bus.db import UnitOfWork
from shelter.adapters.repository import (
    PlacementRepository,
    ShelterRepository,
    WaitlistRepository,
)
from shelter.domain.model import waiting_counts


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

    async def commit(self) -> None:
        """A transaction that changed the waitlist announces its counts with it, whole, so
        a reader replaces what it had (operations shows them beside the beds)."""
        if self.waitlist.changed:
            self.waitlist.changed = False
            now = self.clock.now()
            await self.publish(
                topics.SHELTER_CAPACITY,
                build_event(
                    "ShelterWaitlistChanged",
                    {
                        "waiting": [
                            {
                                "region": row.region,
                                "target_group": row.target_group,
                                "language": row.language,
                                "count": row.count,
                                "oldest_since": row.oldest_since.isoformat(),
                            }
                            for row in waiting_counts(await self.waitlist.all())
                        ],
                        "changed_at": now.isoformat(),
                    },
                    source="/nrm/shelter",
                    key="waitlist",
                    subject=None,
                ),
            )
        await super().commit()
