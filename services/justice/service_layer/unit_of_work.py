"""The justice unit of work: its repository shares the transaction with the inbox."""

from typing import Self

from justice.adapters.repository import CaseRepository
from nrm_bus.db import UnitOfWork


class JusticeUnitOfWork(UnitOfWork):
    cases: CaseRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.cases = CaseRepository(self.conn)
        return self
