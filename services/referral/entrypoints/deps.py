"""Dependencies the routes declare, in one place."""

from typing import Annotated

from fastapi import Depends, Request, Security

from nrm_bus.access import PersonRead, Relation
from nrm_bus.audit_trace import TraceSource
from nrm_bus.auth import (
    IDENTIFYING_SECTORS,
    JUSTICE_SECTORS,
    Caller,
    PersonReader,
    authorize,
    reads_person,
)
from nrm_bus.runtime import ClockDep as ClockDep  # shared; re-exported with the others
from referral.config import Settings
from referral.service_layer.unit_of_work import ReferralUnitOfWork


def _uow(request: Request) -> ReferralUnitOfWork:
    uow: ReferralUnitOfWork = request.app.state.runtime.unit_of_work()
    return uow


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.runtime.settings
    return settings


def _trace_source(request: Request) -> TraceSource:
    source: TraceSource = request.app.state.trace_source
    return source


UowDep = Annotated[ReferralUnitOfWork, Depends(_uow)]
SettingsDep = Annotated[Settings, Depends(_settings)]
TraceSourceDep = Annotated[TraceSource, Depends(_trace_source)]

# Any trained actor of an identifying sector may refer (principle: no central gatekeeper).
ReferrerDep = Annotated[
    Caller,
    Security(authorize(sectors=IDENTIFYING_SECTORS, trained=True), scopes=["referral:write"]),
]
# A referral says what the person needs and, once placed, where they live.
REFERRAL_CATEGORIES = frozenset({"needs", "location"})
ReferralReaderDep = Annotated[
    PersonReader,
    Security(
        reads_person(PersonRead("referral.read", REFERRAL_CATEGORIES)), scopes=["referral:read"]
    ),
]
# The person's answer to an offer is recorded by an organisation that deals with them, never
# by a stranger who knows the referral's id.
ReferralAnswerDep = Annotated[
    PersonReader,
    Security(
        reads_person(
            PersonRead("referral.answer", REFERRAL_CATEGORIES, by_consent=False, auditors=False),
            sectors=IDENTIFYING_SECTORS,
            trained=True,
        ),
        scopes=["referral:write"],
    ),
]
# A referral is revoked by the organisation that made it (the handler checks it made this
# one); anyone that did not refer the person gets the 404 of a stranger.
ReferralRevokerDep = Annotated[
    PersonReader,
    Security(
        reads_person(
            PersonRead(
                "referral.withdraw",
                REFERRAL_CATEGORIES,
                relations=frozenset({Relation.REFERRED}),
                by_consent=False,
                auditors=False,
            ),
            sectors=IDENTIFYING_SECTORS,
            trained=True,
        ),
        scopes=["referral:write"],
    ),
]
ReferenceReaderDep = Annotated[Caller, Security(authorize(), scopes=["referral:read"])]
# The information sheet and its handovers: trained staff who deal with the person.
SheetReaderDep = Annotated[
    PersonReader,
    Security(
        reads_person(
            PersonRead("information_sheet.read", frozenset({"needs"})),
            sectors=IDENTIFYING_SECTORS,
            trained=True,
        ),
        scopes=["referral:write"],
    ),
]
# Aggregates of who is not assisted: the coordination unit and auditors.
StatisticsReaderDep = Annotated[
    Caller,
    Security(authorize(sectors=frozenset({"operations", "audit"})), scopes=["statistics:read"]),
]
# Providers of services other than shelter act for their own organisation only.
ProviderDep = Annotated[
    Caller,
    Security(
        authorize(sectors=frozenset({"health", "legal_aid", "social_services", "ngo"})),
        scopes=["provider:write"],
    ),
]
# A person's data tracker is read for them by the organisation that identified them, or by
# auditors; no consent opens it.
TRACKER_READ = PersonRead(
    "data_tracker.read", relations=frozenset({Relation.IDENTIFIED}), by_consent=False
)
TrackerReaderDep = Annotated[
    PersonReader, Security(reads_person(TRACKER_READ), scopes=["identification:read"])
]
# Holds on the tracker during a criminal investigation, by the justice sectors.
TrackerHoldWriterDep = Annotated[
    Caller, Security(authorize(sectors=JUSTICE_SECTORS), scopes=["tracker-hold:write"])
]
AuditorDep = Annotated[
    Caller, Security(authorize(sectors=frozenset({"audit"})), scopes=["audit:read"])
]
