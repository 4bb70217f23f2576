"""Dependencies the routes declare, in one place."""

from typing import Annotated, Any

from fastapi import Depends, Request, Security
from pydantic import Field, field_validator

from nrm_bus.audit.peers import AuditPeers
from nrm_bus.auth import Caller, authorize
from nrm_bus.models import RequestModel
from nrm_bus.runtime import ClockDep as ClockDep  # shared; re-exported with the others


def _peers(request: Request) -> AuditPeers:
    peers: AuditPeers = request.app.state.audit_peers
    return peers


PeersDep = Annotated[AuditPeers, Depends(_peers)]
# Auditors only: the trace names who read what about a person.
AuditorDep = Annotated[
    Caller, Security(authorize(sectors=frozenset({"audit"})), scopes=["audit:read"])
]


def _operations(request: Request) -> Any:
    return request.app.state.operations


OperationsDep = Annotated[Any, Depends(_operations)]
# The overview and the dead letters' headers carry no personal data: operations staff, and
# auditors (read-only).
OverviewReaderDep = Annotated[
    Caller,
    Security(authorize(sectors=frozenset({"operations", "audit"})), scopes=["operations:read"]),
]
# Replay and discard change what happens on the bus: operations staff only.
OperatorDep = Annotated[
    Caller,
    Security(authorize(sectors=frozenset({"operations"})), scopes=["dead-letter:write"]),
]


class ReasonIn(RequestModel):
    """Why the operator replays or discards: kept in the audit log with their name."""

    reason: str = Field(min_length=1, max_length=500)

    @field_validator("reason")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a reason is required")
        return value.strip()
