"""Dependencies the routes declare, in one place."""

from typing import Annotated

from fastapi import Depends, Request, Security

from justice.service_layer.unit_of_work import JusticeUnitOfWork
from nrm_bus.auth import JUSTICE_SECTORS, Caller, authorize


def _uow(request: Request) -> JusticeUnitOfWork:
    uow: JusticeUnitOfWork = request.app.state.runtime.unit_of_work()
    return uow


UowDep = Annotated[JusticeUnitOfWork, Depends(_uow)]

# Only the police and the prosecutor read cases, and each only what was shared with it.
CaseReaderDep = Annotated[
    Caller, Security(authorize(sectors=JUSTICE_SECTORS), scopes=["case:read"])
]
