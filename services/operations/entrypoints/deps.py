"""Dependencies the routes declare, in one place."""

from typing import Annotated

from fastapi import Depends, Request, Security

from nrm_bus.audit.peers import AuditPeers
from nrm_bus.auth import Caller, authorize
from nrm_bus.runtime import ClockDep as ClockDep  # shared; re-exported with the others


def _peers(request: Request) -> AuditPeers:
    peers: AuditPeers = request.app.state.audit_peers
    return peers


PeersDep = Annotated[AuditPeers, Depends(_peers)]
# Auditors only: the trace names who read what about a person.
AuditorDep = Annotated[
    Caller, Security(authorize(sectors=frozenset({"audit"})), scopes=["audit:read"])
]
