"""Dependencies the routes declare, in one place."""

from typing import Annotated

from fastapi import Depends, Request

from nrm_bus.clock import Clock
from referral.service_layer.unit_of_work import ReferralUnitOfWork


def _uow(request: Request) -> ReferralUnitOfWork:
    uow: ReferralUnitOfWork = request.app.state.runtime.unit_of_work()
    return uow


def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


UowDep = Annotated[ReferralUnitOfWork, Depends(_uow)]
ClockDep = Annotated[Clock, Depends(_clock)]
