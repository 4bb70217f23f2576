"""HTTP API of the operations service (port 8000), per shared/API.md: the overview and the
dead letters for operations staff, traces and verification for auditors."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from fastapi import APIRouter, Query, Request

from nrm_bus.openapi import example_response
from nrm_bus.problems import Problem, problem_responses
from operations.entrypoints.deps import (
    AuditorDep,
    ClockDep,
    OperationsDep,
    OperatorDep,
    OverviewReaderDep,
    PeersDep,
    ReasonIn,
)
from operations.service_layer import audit, dead_letters, overview
from operations.service_layer.dead_letters import Resolve

router = APIRouter(prefix="/v1", tags=["operations"])
audit_router = APIRouter(prefix="/v1/audit", tags=["audit"])

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


_DEAD_LETTER = {
    "dead_letter_id": "6c1e9a3b-5d7f-4b2a-9e8c-0d4f6a8b2c1e",
    "topic": "nrm.shelter.placement-requests.v1",
    "partition": 2,
    "offset": 1841,
    "event_id": "7fbf66e4-4498-4415-bfcf-5e9e418dd0b9",
    "event_type": "PlacementRequested",
    "reason": "ContractViolation: 'region' is a required property",
    "consumer": "nrm-shelter",
    "failed_at": "2026-03-02T09:15:04+00:00",
    "status": "new",
    "dead_letter_topic": "nrm.shelter.placement-requests.v1.dlq",
    "dead_letter_partition": 0,
    "dead_letter_offset": 17,
    "resolved_at": None,
    "resolved_by": None,
    "resolution": None,
}
_RESOLVE_PROBLEMS = problem_responses(
    (404, "`not-found`: there is no such dead letter."),
    (
        409,
        "`dead-letter-resolved`: replayed or discarded already; "
        "`dead-letter-not-replayable`: its original record is no longer on the broker.",
    ),
)
_OVERVIEW = {
    "as_of": "2026-03-02T09:15:05+00:00",
    "capacity": [
        {
            "region": "North",
            "target_group": "women",
            "regime": "open",
            "language": "ro",
            "beds": 6,
            "free": 2,
            "held": 1,
            "waitlist": 0,
            "as_of": "2026-03-02T09:15:04+00:00",
        }
    ],
    "referrals": [
        {
            "service_type": "shelter",
            "status": "offered",
            "count": 3,
            "as_of": "2026-03-02T09:15:04+00:00",
        }
    ],
    "reflection_periods_ending": [],
    "unacknowledged": [],
    "bus": [],
    "freshness": {"capacity": {"as_of": "2026-03-02T09:15:04+00:00", "stale": False}},
}


@router.get("/overview", responses=example_response(_OVERVIEW))
async def get_overview(
    operations: OperationsDep, clock: ClockDep, reader: OverviewReaderDep
) -> dict[str, Any]:
    """The whole mechanism at a glance: capacity, the referral pipeline and what is stuck,
    reflection periods running out, acknowledgements owed, bus health, dead letters to
    handle, decline statistics, alerts. Each section's freshness is in `freshness` (and
    each row of a list carries its section's `as_of`). No personal data: pseudonyms,
    counts, states, clocks and organisation names."""
    async with operations.runtime.engine.connect() as conn:
        return await overview.build(conn, operations.monitor, operations.settings, clock.now())


@router.get("/dead-letters", responses=example_response([_DEAD_LETTER]))
async def list_dead_letters(
    operations: OperationsDep,
    reader: OverviewReaderDep,
    topic: str | None = Query(default=None, description="Only those of this original topic."),
    status: Literal["new", "replayed", "discarded"] | None = Query(
        default=None, description="Only those still to handle (`new`), or handled so."
    ),
    limit: int = Query(default=500, ge=1, le=5000),
) -> list[dict[str, Any]]:
    """Dead letters by their headers (reason, consumer, time, event type and id), newest
    first; never the event's value."""
    async with operations.runtime.engine.connect() as conn:
        return await dead_letters.listed(conn, topic=topic, status=status, limit=limit)


def _problem_of(exc: Exception) -> Problem:
    if isinstance(exc, dead_letters.DeadLetterNotFound):
        return Problem(404, "Not Found", "There is no such dead letter.", "not-found")
    if isinstance(exc, dead_letters.AlreadyResolved):
        return Problem(
            409,
            "Conflict",
            f"The dead letter was {exc.status} already; it can be neither replayed nor "
            "discarded again.",
            "dead-letter-resolved",
            status_now=exc.status,
        )
    return Problem(409, "Conflict", str(exc), "dead-letter-not-replayable")


@router.post(
    "/dead-letters/{dead_letter_id}/replay",
    status_code=202,
    responses={
        202: {
            "content": {
                "application/json": {
                    "example": {**_DEAD_LETTER, "status": "replayed", "resolution": "replayed"}
                }
            }
        },
        **_RESOLVE_PROBLEMS,
    },
)
async def replay_dead_letter(
    dead_letter_id: uuid.UUID,
    body: ReasonIn,
    operations: OperationsDep,
    clock: ClockDep,
    operator: OperatorDep,
) -> dict[str, Any]:
    """Write the record back to its original topic, with its original headers: its
    consumers' consent gate judges it again (a withdrawn consent refuses it) and their
    inbox drops it if it was applied already. The operator and the reason are an audit
    entry of kind `replay`."""
    try:
        async with operations.runtime.unit_of_work() as uow:
            return await dead_letters.replay(
                Resolve(dead_letter_id, body.reason, operator),
                uow,
                clock.now(),
                operations.read_back,
                operations.write_back,
            )
    except (
        dead_letters.DeadLetterNotFound,
        dead_letters.AlreadyResolved,
        dead_letters.NotReplayable,
    ) as exc:
        raise _problem_of(exc) from exc
    finally:
        operations.monitor.notify()


@router.post(
    "/dead-letters/{dead_letter_id}/discard",
    responses={**example_response({**_DEAD_LETTER, "status": "discarded"}), **_RESOLVE_PROBLEMS},
)
async def discard_dead_letter(
    dead_letter_id: uuid.UUID,
    body: ReasonIn,
    operations: OperationsDep,
    clock: ClockDep,
    operator: OperatorDep,
) -> dict[str, Any]:
    """Close the dead letter without replaying it; the operator and the reason are an
    audit entry of kind `replay` (action `dead_letter.discard`)."""
    try:
        async with operations.runtime.unit_of_work() as uow:
            return await dead_letters.discard(
                Resolve(dead_letter_id, body.reason, operator), uow, clock.now()
            )
    except (dead_letters.DeadLetterNotFound, dead_letters.AlreadyResolved) as exc:
        raise _problem_of(exc) from exc
    finally:
        operations.monitor.notify()


@audit_router.get("/subjects/{subject_id}/trace", responses=example_response(_TRACE))
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


@audit_router.get("/verify", responses=example_response(_VERIFY))
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
