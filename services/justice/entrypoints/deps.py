"""Dependencies the routes declare, in one place."""

from typing import Annotated

from fastapi import Depends, Request

from justice.service_layer.unit_of_work import JusticeUnitOfWork


def _uow(request: Request) -> JusticeUnitOfWork:
    uow: JusticeUnitOfWork = request.app.state.runtime.unit_of_work()
    return uow


UowDep = Annotated[JusticeUnitOfWork, Depends(_uow)]
