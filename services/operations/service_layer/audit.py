"""The auditor's trace of one person across every service, and the verification of every
service's log against the checkpoints the other services witnessed."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any

from nrm_bus.audit.checkpoint import Checkpoint, checkpoint_from_dict, checkpoint_to_dict
from nrm_bus.audit.log import stored_from_dict
from nrm_bus.audit.peers import AuditPeers, Unreachable
from nrm_bus.audit.verify import BUNDLE_FORMAT, AuditProblem, StoredEntry, verify_log


async def trace(
    peers: AuditPeers, subject_id: uuid.UUID, authorization: str, now: datetime
) -> dict[str, Any]:
    """Every service's entries about the person, merged in time order, each with its proof
    against that service's signed checkpoint; services that did not answer are `missing`."""
    found, missing = await peers.entries(subject_id, authorization)
    entries = [
        {
            "service": service,
            "seq": entry["seq"],
            "at": entry["at"],
            "kind": entry["kind"],
            "actor": entry["actor"],
            "action": entry["action"],
            "data_categories": entry["data_categories"],
            "consent_id": entry["consent_id"],
            "event_id": entry["event_id"],
            "proof": entry["proof"],
        }
        for service, answer in found.items()
        for entry in answer["entries"]
    ]
    entries.sort(key=lambda entry: (entry["at"], entry["service"], entry["seq"]))
    return {
        "subject_id": str(subject_id),
        "as_of": now.isoformat(),
        "entries": entries,
        "checkpoints": {
            service: answer["checkpoint"]
            for service, answer in found.items()
            if answer["checkpoint"]
        },
        "missing": missing,
    }


async def bundle(
    peers: AuditPeers, subject_id: uuid.UUID, authorization: str, now: datetime
) -> dict[str, Any]:
    """The trace as a self-contained bundle for `python -m nrm_bus.audit verify`: entries as
    stored, proofs, checkpoints and the public keys, checkable with no network."""
    found, missing = await peers.entries(subject_id, authorization)
    return {
        "format": BUNDLE_FORMAT,
        "subject_id": str(subject_id),
        "generated_at": now.isoformat(),
        "services": {
            service: {
                "public_keys": answer["public_keys"],
                "checkpoint": answer["checkpoint"],
                "entries": answer["entries"],
            }
            for service, answer in found.items()
            if answer["checkpoint"]
        },
        "missing": missing,
    }


async def verify(
    peers: AuditPeers,
    authorization: str,
    witnessed: dict[str, list[Checkpoint]],
) -> dict[str, Any]:
    """Each service's log recomputed (chain and tree) and held against every checkpoint of
    it that any other service, or operations, kept; a problem names the entry."""
    services: dict[str, Any] = {}
    for service in peers.names:
        try:
            rows = [stored_from_dict(row) for row in await peers.log(service, authorization)]
            checkpoints = list(witnessed.get(service, []))
            for holder in peers.names:
                for held in await peers.checkpoints_held(holder, service, authorization):
                    checkpoints.append(checkpoint_from_dict(held))
            keys = await peers.public_keys(service)
        except Unreachable as exc:
            services[service] = {
                "ok": False,
                "entries": None,
                "checkpoint": None,
                "problems": [
                    {"service": service, "seq": None, "problem": "unreachable", "detail": str(exc)}
                ],
            }
            continue
        problems = verify_log(service, rows, _distinct(checkpoints), keys)
        services[service] = _report(rows, checkpoints, problems)
    return {"ok": all(report["ok"] for report in services.values()), "services": services}


def _distinct(checkpoints: list[Checkpoint]) -> list[Checkpoint]:
    seen: dict[tuple[int, str, str], Checkpoint] = {}
    for checkpoint in checkpoints:
        seen.setdefault((checkpoint.size, checkpoint.root, checkpoint.signature), checkpoint)
    return sorted(seen.values(), key=lambda checkpoint: checkpoint.size)


def _report(
    rows: list[StoredEntry], checkpoints: list[Checkpoint], problems: list[AuditProblem]
) -> dict[str, Any]:
    latest = max(checkpoints, key=lambda checkpoint: checkpoint.size, default=None)
    return {
        "ok": not problems,
        "entries": len(rows),
        "checkpoint": checkpoint_to_dict(latest) if latest else None,
        "problems": [asdict(problem) for problem in problems],
    }
