"""Dependencies the routes declare, in one place."""

from typing import Annotated

from fastapi import Depends, Request, Security

from nrm_bus.audit_trace import TraceSource
from nrm_bus.auth import IDENTIFYING_SECTORS, JUSTICE_SECTORS, Caller, authorize
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
ReferralReaderDep = Annotated[Caller, Security(authorize(), scopes=["referral:read"])]
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
# auditors: which organisation is a matter of the person, so anyone else with the scope gets
# the 404 of a person who does not exist (see referral.domain.tracker.may_read_tracker).
TrackerReaderDep = Annotated[Caller, Security(authorize(), scopes=["identification:read"])]
# Holds on the tracker during a criminal investigation, by the justice sectors.
TrackerHoldWriterDep = Annotated[
    Caller, Security(authorize(sectors=JUSTICE_SECTORS), scopes=["tracker-hold:write"])
]
AuditorDep = Annotated[
    Caller, Security(authorize(sectors=frozenset({"audit"})), scopes=["audit:read"])
]
