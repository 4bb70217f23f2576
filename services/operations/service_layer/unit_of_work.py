"""The operations unit of work: the shared tables only."""

from nrm_bus.db import UnitOfWork


class OperationsUnitOfWork(UnitOfWork):
    pass
