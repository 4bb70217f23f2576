"""The identification unit of work: its repositories share the transaction with the outbox."""

from typing import Self

from identification.adapters.repository import IdentificationRepository
from nrm_bus.db import UnitOfWork


class IdentificationUnitOfWork(UnitOfWork):
    identifications: IdentificationRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.identifications = IdentificationRepository(self.conn)
        return self
