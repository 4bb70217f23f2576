"""Every service's audit endpoints, for the audit sector only: its entries about one person
with their inclusion proofs against a fresh signed checkpoint (what the operations service
merges into a trace), its whole log page by page, and the checkpoints it holds, its own
and those it witnessed (what the operations service verifies against)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Security

from nrm_bus.audit.checkpoint import Checkpoint, checkpoint_from_dict, checkpoint_to_dict
from nrm_bus.audit.log import stored_of, stored_to_dict
from nrm_bus.audit.verify import bundle_entry
from nrm_bus.auth import Caller, authorize
from nrm_bus.contracts import build_event
from nrm_bus.envelope import CloudEvent
from nrm_bus.openapi import example_response
from nrm_bus.problems import Problem

CHECKPOINT_EVENT = "AuditCheckpointSigned"
AUDITOR_READ = "audit.entries.read"

_SUBJECT = "5b0e6f2e-8a7c-4f0e-9d51-2f4c1c3b7a10"
_CHECKPOINT = {
    "service": "referral",
    "size": 1842,
    "root": "9f2c6a41d3e7b0c5a8f1e2d4c6b8a0f3e5d7c9b1a3f5e7d9c1b3a5f7e9d1c3b5",
    "at": "2026-03-02T09:15:05.000000+00:00",
    "signature": "eyJhbGciOiJFZERTQSIsImtpZCI6InJlZmVycmFsLTNmOWMyYTcxIn0..c2lnbmF0dXJl",
    "key_id": "referral-3f9c2a71",
}
_ENTRY = {
    "seq": 1841,
    "at": "2026-03-02T09:15:00.000000+00:00",
    "service": "referral",
    "kind": "access",
    "action": "referral.read",
    "actor": {
        "client_id": "shelter-harbour",
        "organisation": "Harbour Shelters (demo)",
        "sector": "shelter",
    },
    "subject": "c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2",
    "resource_id": "0b7d4c2e-1f3a-4b5c-8d9e-6f7a8b9c0d1e",
    "data_categories": ["location", "needs"],
    "consent_id": None,
    "event_id": None,
    "prev": "a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5",
}
_HASH = "e7f9a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d5e7f9"

router = APIRouter(prefix="/v1/audit", tags=["audit"])
AuditorDep = Annotated[
    Caller, Security(authorize(sectors=frozenset({"audit"})), scopes=["audit:read"])
]


def checkpoint_event(checkpoint: Checkpoint) -> CloudEvent:
    return build_event(
        CHECKPOINT_EVENT,
        checkpoint_to_dict(checkpoint),
        source=f"/nrm/{checkpoint.service}",
        key=checkpoint.service,
        subject=None,
    )


def checkpoint_from_event(event: CloudEvent) -> Checkpoint:
    return checkpoint_from_dict(event.data)


@router.get(
    "/entries",
    responses=example_response(
        {
            "service": "referral",
            "subject_id": _SUBJECT,
            "checkpoint": _CHECKPOINT,
            "public_keys": {"keys": []},
            "entries": [
                {
                    **_ENTRY,
                    "hash": _HASH,
                    "subject_salt": None,
                    "proof": {"index": 1840, "size": 1842, "hashes": [_HASH]},
                }
            ],
        },
        "The entries with their proofs, the checkpoint they are proven against and the keys "
        "that verify it (`public_keys`, a JWKS).",
    ),
)
async def entries_about(
    subject_id: uuid.UUID, request: Request, auditor: AuditorDep
) -> dict[str, Any]:
    """This service's entries about one person, each with its inclusion proof against a
    signed checkpoint that covers them all (signed now if the newest is not yet covered).
    The auditor's read is itself an entry, appended after: the next trace shows it."""
    runtime = request.app.state.runtime
    async with runtime.engine.connect() as conn:
        rows = await runtime.audit.entries_of(conn, subject_id)
        checkpoint = await runtime.audit.checkpoint_of(conn, runtime.audit.service)
    async with runtime.engine.connect() as conn:
        # Auditors' own earlier reads do not force a signature: the next periodic
        # checkpoint covers them, and until then they are left out of the answer.
        newest = max((row["seq"] for row in rows if row["action"] != AUDITOR_READ), default=0)
        if newest and (checkpoint is None or checkpoint.size < newest):
            # Signed now, by this request or by the job that got there first.
            await runtime.checkpoint()
            checkpoint = await runtime.audit.checkpoint_of(conn, runtime.audit.service)
        if checkpoint is None:
            rows, proofs = [], []
        else:
            rows = [row for row in rows if row["seq"] <= checkpoint.size]
            indexes = [row["seq"] - 1 for row in rows]
            proofs = await runtime.audit.proofs(conn, indexes, checkpoint.size)
    if rows:  # about someone this service never dealt with (or erased), nothing to record
        async with runtime.unit_of_work() as uow:
            await uow.record_access(auditor, AUDITOR_READ, subject_id)
            await uow.commit()
    service = runtime.audit.service
    return {
        "service": service,
        "subject_id": str(subject_id),
        "checkpoint": checkpoint_to_dict(checkpoint) if checkpoint else None,
        "public_keys": runtime.signer.public_keys(),
        "entries": [
            bundle_entry(stored_of(row, service), checkpoint.size, proof)
            for row, proof in zip(rows, proofs, strict=True)
            if checkpoint is not None
        ],
    }


@router.get(
    "/log",
    responses=example_response(
        {
            "service": "referral",
            "size": 1842,
            "entries": [
                {**_ENTRY, "hash": _HASH, "subject_id": _SUBJECT, "subject_salt": "9a8b7c6d"}
            ],
        }
    ),
)
async def log_page(
    request: Request,
    auditor: AuditorDep,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> dict[str, Any]:
    """The log in seq order from `after`, as stored: what a verifier recomputes."""
    runtime = request.app.state.runtime
    async with runtime.engine.connect() as conn:
        rows = await runtime.audit.page(conn, after, limit)
        size = await runtime.audit.size(conn)
    service = runtime.audit.service
    return {
        "service": service,
        "size": size,
        "entries": [stored_to_dict(stored_of(row, service)) for row in rows],
    }


@router.get(
    "/consistency",
    responses=example_response(
        {"service": "referral", "first": 120, "second": 133, "proof": [_CHECKPOINT["root"]]}
    ),
)
async def consistency_proof(
    request: Request,
    auditor: AuditorDep,
    first: Annotated[
        int, Query(ge=1, description="The size of the earlier tree (a checkpoint's).")
    ],
    second: Annotated[
        int, Query(ge=1, description="The size of the later tree, at most the log's size.")
    ],
) -> dict[str, Any]:
    """An RFC 9162 consistency proof that the log of `second` entries extends the log of
    `first`: held against two signed checkpoints, it shows nothing before `first` was
    rewritten, without reading the log."""
    runtime = request.app.state.runtime
    async with runtime.engine.connect() as conn:
        size = await runtime.audit.size(conn)
        if not first <= second <= size:
            raise Problem(
                422,
                "Invalid request",
                f"first <= second <= {size} (the log's size) is required",
                "validation",
                errors=[{"field": "second", "message": f"at most {size}", "type": "range"}],
            )
        proof = await runtime.audit.consistency(conn, first, second)
    return {
        "service": runtime.audit.service,
        "first": first,
        "second": second,
        "proof": [node.hex() for node in proof],
    }


@router.get(
    "/checkpoints",
    responses=example_response(
        {"holder": "shelter", "service": "referral", "checkpoints": [_CHECKPOINT]}
    ),
)
async def checkpoints_held(service: str, request: Request, auditor: AuditorDep) -> dict[str, Any]:
    """The checkpoints of `service` this service holds: its own, or those it witnessed."""
    runtime = request.app.state.runtime
    async with runtime.engine.connect() as conn:
        held = await runtime.audit.checkpoints(conn, service)
    return {
        "holder": runtime.audit.service,
        "service": service,
        "checkpoints": [checkpoint_to_dict(checkpoint) for checkpoint in held],
    }
