"""HTTP API of the operations service (port 8000) for auditors, per shared/API.md."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from fastapi import APIRouter, Request

from nrm_bus.openapi import example_response
from operations.entrypoints.deps import AuditorDep, ClockDep, PeersDep
from operations.service_layer import audit

router = APIRouter(prefix="/v1/audit", tags=["audit"])

_CHECKPOINT = {
    "service": "referral",
    "size": 1842,
    "root": "9f2c6a41d3e7b0c5a8f1e2d4c6b8a0f3e5d7c9b1a3f5e7d9c1b3a5f7e9d1c3b5",
    "at": "2026-03-02T09:15:05.000000+00:00",
    "signature": "eyJhbGciOiJFZERTQSIsImtpZCI6InJlZmVycmFsLTNmOWMyYTcxIn0..c2lnbmF0dXJl",
    "key_id": "referral-3f9c2a71",
}
_TRACE = {
    "subject_id": "5b0e6f2e-8a7c-4f0e-9d51-2f4c1c3b7a10",
    "as_of": "2026-03-02T09:16:00+00:00",
    "entries": [
        {
            "service": "referral",
            "seq": 1841,
            "at": "2026-03-02T09:15:00.000000+00:00",
            "kind": "access",
            "actor": {
                "client_id": "shelter-harbour",
                "organisation": "Harbour Shelters (demo)",
                "sector": "shelter",
            },
            "action": "referral.read",
            "data_categories": ["location", "needs"],
            "consent_id": None,
            "event_id": None,
            "proof": {"index": 1840, "size": 1842, "hashes": []},
        }
    ],
    "checkpoints": {"referral": _CHECKPOINT},
    "missing": [],
}
_VERIFY = {
    "ok": True,
    "services": {
        "referral": {"ok": True, "entries": 1842, "checkpoint": _CHECKPOINT, "problems": []}
    },
}


@router.get("/subjects/{subject_id}/trace", responses=example_response(_TRACE))
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


@router.get("/verify", responses=example_response(_VERIFY))
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
