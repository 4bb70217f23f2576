"""Dependencies the routes declare, in one place."""

from typing import Annotated

from fastapi import Depends, Request, Security

from justice.service_layer.unit_of_work import JusticeUnitOfWork
from nrm_bus.access import PersonRead
from nrm_bus.auth import JUSTICE_SECTORS, Caller, PersonReader, authorize, reads_person


def _uow(request: Request) -> JusticeUnitOfWork:
    uow: JusticeUnitOfWork = request.app.state.runtime.unit_of_work()
    return uow


UowDep = Annotated[JusticeUnitOfWork, Depends(_uow)]

# Only the police and the prosecutor read cases, and each only what was shared with it.
CasesReaderDep = Annotated[
    Caller, Security(authorize(sectors=JUSTICE_SECTORS), scopes=["case:read"])
]
# One person's case: only under the person's active consent to the caller's own sector for
# a justice purpose; no relation opens it.
CaseReaderDep = Annotated[
    PersonReader,
    Security(
        reads_person(
            PersonRead(
                "case.read",
                relations=frozenset(),
                purposes=frozenset({"law_enforcement", "prosecution"}),
                auditors=False,
            ),
            sectors=JUSTICE_SECTORS,
        ),
        scopes=["case:read"],
    ),
]
