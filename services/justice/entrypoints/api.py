"""HTTP API of the justice service (port 8004), per shared/API.md."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import AwareDatetime, BaseModel

from justice.domain.model import Case
from justice.entrypoints.deps import CaseReaderDep, CasesReaderDep, UowDep
from nrm_bus.access import not_found
from nrm_bus.vocabulary import ExploitationType

router = APIRouter(prefix="/v1")


class CaseRead(BaseModel):
    subject_id: uuid.UUID
    consent_id: uuid.UUID
    purpose: Literal["law_enforcement", "prosecution"]
    recipient: Literal["police", "prosecutor"]
    region: str | None
    jurisdiction: str
    exploitation_types: list[ExploitationType]
    opened_at: AwareDatetime
    indicators: list[str]
    # Only what the person agreed the justice sector may know of who they are.
    identity: dict[str, Any]


def _read(case: Case) -> CaseRead:
    return CaseRead(
        subject_id=case.subject_id,
        consent_id=case.consent_id,
        purpose=case.purpose,
        recipient=case.recipient,
        region=case.region,
        jurisdiction=case.jurisdiction,
        exploitation_types=case.exploitation_types,
        opened_at=case.opened_at,
        indicators=case.indicators,
        identity=case.identity,
    )


@router.get("/cases", response_model=list[CaseRead], tags=["case"])
async def list_cases(uow: UowDep, reader: CasesReaderDep) -> list[CaseRead]:
    """Cases of persons who consented to share with the caller's own sector."""
    async with uow:
        cases = [case for case in await uow.cases.list() if case.recipient == reader.sector]
        for case in cases:
            await uow.record_access(reader, "case.read", case.subject_id)
        await uow.commit()
    return [_read(case) for case in cases]


@router.get("/cases/{subject_id}", response_model=CaseRead, tags=["case"])
async def get_case(subject_id: uuid.UUID, uow: UowDep, reader: CaseReaderDep) -> CaseRead:
    """Only persons who consented to share with the justice sector have a case; for anyone
    else the answer is the same 404 as for an id that never existed."""
    async with uow:
        await reader.admit(uow, subject_id)
        case = await uow.cases.get(subject_id)
    if case is None or case.recipient != reader.caller.sector:
        raise not_found()
    return _read(case)
