"""Dependencies the routes declare, in one place."""

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request, Security

from nrm_bus.access import PersonRead
from nrm_bus.auth import Caller, PersonReader, authorize, reads_person
from nrm_bus.runtime import ClockDep as ClockDep  # shared; re-exported with the others
from shelter.service_layer.unit_of_work import ShelterUnitOfWork


def _uow(request: Request) -> ShelterUnitOfWork:
    uow: ShelterUnitOfWork = request.app.state.runtime.unit_of_work()
    return uow


def _hold(request: Request) -> timedelta:
    hold: timedelta = request.app.state.hold
    return hold


UowDep = Annotated[ShelterUnitOfWork, Depends(_uow)]
HoldDep = Annotated[timedelta, Depends(_hold)]

# Capacity and rules change, and move-outs are recorded, only through the shelter sector, and
# only by the shelter's own organisation (checked by the handler, which knows whose shelter
# it is; a move-out also only of a person living there, whom that organisation serves).
ShelterStaffDep = Annotated[
    Caller, Security(authorize(sectors={"shelter"}), scopes=["shelter:write"])
]
ShelterReaderDep = Annotated[Caller, Security(authorize(), scopes=["shelter:read"])]
# A placement says where the person lives: a consent must cover location as well as needs.
PlacementReaderDep = Annotated[
    PersonReader,
    Security(
        reads_person(PersonRead("placements.read", frozenset({"needs", "location"}))),
        scopes=["placement:read"],
    ),
]
# How shelters are left, in aggregate: the coordination unit and auditors (principle 9).
StatisticsReaderDep = Annotated[
    Caller,
    Security(authorize(sectors=frozenset({"operations", "audit"})), scopes=["statistics:read"]),
]
