"""HTTP API of the operations service (port 8000), per shared/API.md: the overview and the
dead letters for operations staff, traces and verification for auditors."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from fastapi import APIRouter, Query, Request

from nrm_bus.problems import Problem
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


@router.get("/overview")
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


@router.get("/dead-letters")
async def list_dead_letters(
    operations: OperationsDep,
    reader: OverviewReaderDep,
    topic: str | None = None,
    status: Literal["new", "replayed", "discarded"] | None = None,
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


@router.post("/dead-letters/{dead_letter_id}/replay", status_code=202)
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


@router.post("/dead-letters/{dead_letter_id}/discard")
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


@audit_router.get("/subjects/{subject_id}/trace")
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


@audit_router.get("/verify")
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
