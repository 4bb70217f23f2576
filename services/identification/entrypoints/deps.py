"""Dependencies the routes declare, in one place."""

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request, Security

from identification.domain.model import ReflectionPolicy
from identification.domain.reference import IndicatorCatalogue
from identification.service_layer.unit_of_work import IdentificationUnitOfWork
from nrm_bus.access import PersonRead, Relation
from nrm_bus.auth import IDENTIFYING_SECTORS, Caller, PersonReader, authorize, reads_person
from nrm_bus.runtime import ClockDep as ClockDep
from nrm_bus.sealing import KeyVault  # shared; re-exported with the others


def _uow(request: Request) -> IdentificationUnitOfWork:
    uow: IdentificationUnitOfWork = request.app.state.runtime.unit_of_work()
    return uow


def _policies(request: Request) -> dict[str, ReflectionPolicy]:
    policies: dict[str, ReflectionPolicy] = request.app.state.reflection_policies
    return policies


def _indicators(request: Request) -> IndicatorCatalogue:
    indicators: IndicatorCatalogue = request.app.state.indicators
    return indicators


def _referable_within(request: Request) -> timedelta:
    return timedelta(seconds=request.app.state.runtime.settings.referable_within_s)


UowDep = Annotated[IdentificationUnitOfWork, Depends(_uow)]
# How long an identification takes to cross the bus to referral (NRM_REFERABLE_WITHIN_S).
ReferableWithinDep = Annotated[timedelta, Depends(_referable_within)]
IndicatorsDep = Annotated[IndicatorCatalogue, Depends(_indicators)]
PoliciesDep = Annotated[dict[str, ReflectionPolicy], Depends(_policies)]

# Who may do what: scopes are documented in OpenAPI; sector and training are checked too.
IdentifierDep = Annotated[
    Caller,
    Security(authorize(sectors=IDENTIFYING_SECTORS, trained=True), scopes=["identification:write"]),
]
ConsentWriterDep = Annotated[
    Caller,
    Security(authorize(sectors=IDENTIFYING_SECTORS, trained=True), scopes=["consent:write"]),
]
# Reference data, about no person.
ReferenceReaderDep = Annotated[Caller, Security(authorize(), scopes=["identification:read"])]
# Reads about one person (nrm_bus.access): the organisations related to them, a sector with
# an active consent naming it, auditors; everyone else gets the 404 of a stranger.
ConsentsReaderDep = Annotated[
    PersonReader,
    Security(reads_person(PersonRead("consents.read")), scopes=["identification:read"]),
]
ReflectionReaderDep = Annotated[
    PersonReader,
    Security(reads_person(PersonRead("reflection_period.read")), scopes=["identification:read"]),
]
# The information sheet at first contact: trained staff of the organisation that identified
# the person, whatever she consented to (entrypoints/information.py says why here).
SheetPrinterDep = Annotated[
    PersonReader,
    Security(
        reads_person(
            PersonRead(
                "information_sheet.read",
                frozenset({"needs"}),
                relations=frozenset({Relation.IDENTIFIED}),
                by_consent=False,
                auditors=False,
            ),
            sectors=IDENTIFYING_SECTORS,
            trained=True,
        ),
        scopes=["identification:write"],
    ),
]
# Which organisation may erase whom is checked against the record (the identifying
# organisation, or an auditor).
EraserDep = Annotated[Caller, Security(authorize(), scopes=["subject:erase"])]
# Recipients outside the mechanism get a person's key only under an active consent naming
# their sector: no relation or audit role opens it.
KeyReceiverDep = Annotated[
    PersonReader,
    Security(
        reads_person(PersonRead("data_key.release", relations=frozenset(), auditors=False)),
        scopes=["data-key:read"],
    ),
]


def _vault(request: Request) -> KeyVault:
    vault: KeyVault = request.app.state.runtime.vault
    return vault


VaultDep = Annotated[KeyVault, Depends(_vault)]
