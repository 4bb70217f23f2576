"""HTTP API of the justice service (port 8004), per shared/API.md."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from justice.domain.model import Case
from justice.entrypoints.deps import CaseReaderDep, CasesReaderDep, UowDep
from nrm_bus.access import not_found
from nrm_bus.vocabulary import ExploitationType

router = APIRouter(prefix="/v1")


class CaseRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject_id": "5b0e6f2e-8a7c-4f0e-9d51-2f4c1c3b7a10",
                    "consent_id": "1a3c5e7b-9d1f-4a3c-8e5b-7d9f1b3d5f8a",
                    "purpose": "law_enforcement",
                    "recipient": "police",
                    "region": "North",
                    "jurisdiction": "NO",
                    "exploitation_types": ["labour"],
                    "opened_at": "2026-03-02T09:15:01+00:00",
                    "indicators": ["deceived-nature-of-job"],
                    "identity": {},
                }
            ]
        }
    )

    subject_id: uuid.UUID = Field(description="The person, by pseudonym.")
    consent_id: uuid.UUID = Field(description="The consent the case is held under.")
    purpose: Literal["law_enforcement", "prosecution"] = Field(
        description="The justice purpose the person consented to."
    )
    recipient: Literal["police", "prosecutor"] = Field(
        description="The sector the person consented to share with."
    )
    region: str | None = Field(
        default=None, description="Where the person was identified, if `location` is shared."
    )
    jurisdiction: str = Field(description="The country whose law applies.")
    exploitation_types: list[ExploitationType] = Field(
        description="The forms of exploitation, if `exploitation` is shared."
    )
    opened_at: AwareDatetime = Field(description="When the case was opened.")
    indicators: list[str] = Field(description="Operational indicators observed, if shared.")
    identity: dict[str, Any] = Field(
        description="Only what the person agreed the justice sector may know of who they are "
        "(`identity`: given_name, family_name, birth_year, gender, nationality); empty "
        "otherwise."
    )


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
