"""HTTP API of the operations service (port 8000) for auditors, per shared/API.md."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from fastapi import APIRouter, Request

from operations.entrypoints.deps import AuditorDep, ClockDep, PeersDep
from operations.service_layer import audit

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get("/subjects/{subject_id}/trace")
async def subject_trace(
    subject_id: uuid.UUID,
    request: Request,
    peers: PeersDep,
    clock: ClockDep,
    auditor: AuditorDep,
    format: Literal["json", "bundle"] = "json",
) -> dict[str, Any]:
    """Every consent, event and access about one person across all services, in time order,
    each entry with its inclusion proof against a signed checkpoint; `missing` names the
    services that did not answer. An unknown or erased person has no entries (auditors may
    ask about anyone). `format=bundle` gives the same as a bundle for the offline verifier
    (`python -m nrm_bus.audit verify BUNDLE`)."""
    authorization = request.headers["authorization"]
    if format == "bundle":
        return await audit.bundle(peers, subject_id, authorization, clock.now())
    return await audit.trace(peers, subject_id, authorization, clock.now())


@router.get("/verify")
async def verify_logs(request: Request, peers: PeersDep, auditor: AuditorDep) -> dict[str, Any]:
    """Every service's log recomputed and held against the signed checkpoints that the other
    services and operations witnessed: an edited, deleted, inserted, reordered or cut-off
    entry is named."""
    runtime = request.app.state.runtime
    async with runtime.engine.connect() as conn:
        witnessed = {
            service: await runtime.audit.checkpoints(conn, service) for service in peers.names
        }
    return await audit.verify(peers, request.headers["authorization"], witnessed)
