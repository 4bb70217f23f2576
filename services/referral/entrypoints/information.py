"""The information sheet a person is given, in their language, and the record of handing it over."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response, status
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from nrm_bus import information
from nrm_bus.access import not_found
from nrm_bus.i18n import Catalogues
from nrm_bus.information import checked_language, document
from nrm_bus.models import RequestModel
from nrm_bus.problems import problem_responses
from nrm_bus.vocabulary import LanguageTag
from referral.adapters.handovers import Handover, Method
from referral.domain.model import Subject
from referral.entrypoints.deps import ClockDep, ReferrerDep, SheetReaderDep, UowDep
from referral.service_layer import handlers
from referral.service_layer.unit_of_work import ReferralUnitOfWork

router = APIRouter(prefix="/v1", tags=["information"])


class HandoverIn(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"language": "ro", "method": "both"}]}
    )

    language: LanguageTag = Field(description="The language of the sheet handed over (BCP 47).")
    method: Method = Field(
        description="Handed over in writing, read out or explained by word of mouth, or both."
    )


class HandoverRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "handover_id": "6a8c0e2b-4d6f-4a8c-9e0b-3d5f7a9c1e4b",
                    "subject_id": "5b0e6f2e-8a7c-4f0e-9d51-2f4c1c3b7a10",
                    "language": "ro",
                    "method": "both",
                    "handed_over_at": "2026-03-02T09:20:00+00:00",
                    "by_organisation": "Police Unit North (demo)",
                    "by_sector": "police",
                    "by_client_id": "police-north",
                }
            ]
        }
    )

    handover_id: uuid.UUID = Field(description="This handover's id.")
    subject_id: uuid.UUID = Field(description="The person who was given the sheet.")
    language: str = Field(description="The sheet's language.")
    method: Method = Field(description="How it was handed over.")
    handed_over_at: AwareDatetime = Field(description="When.")
    by_organisation: str = Field(description="The organisation whose staff handed it over.")
    by_sector: str = Field(description="That organisation's sector.")
    by_client_id: str = Field(description="The client that recorded it.")


def _read(handover: Handover) -> HandoverRead:
    return HandoverRead(
        handover_id=handover.handover_id,
        subject_id=handover.subject_id,
        language=handover.language,
        method=handover.method,
        handed_over_at=handover.handed_over_at,
        by_organisation=handover.by_organisation,
        by_sector=handover.by_sector,
        by_client_id=handover.by_client_id,
    )


async def _subject(uow: ReferralUnitOfWork, subject_id: uuid.UUID) -> Subject:
    subject = await uow.referrals.get_subject(subject_id)
    if subject is None:
        raise not_found()
    return subject


async def _arrived(request: Request, subject_id: uuid.UUID) -> None:
    """Wait briefly for a person identified moments ago (handlers.subject_when_known).
    Only trained staff of an identifying sector get this far; the wait is the one a
    referral for the same person would have."""
    runtime = request.app.state.runtime
    await handlers.subject_when_known(
        subject_id,
        runtime.unit_of_work,
        runtime.arrivals,
        within_s=runtime.settings.referable_within_s,
    )


def catalogues_of(request: Request) -> Catalogues:
    catalogues: Catalogues = request.app.state.information_catalogues
    return catalogues


@router.get(
    "/subjects/{subject_id}/information-sheet",
    response_class=Response,
    responses=information.SHEET_RESPONSES,
)
async def information_sheet(
    subject_id: uuid.UUID,
    request: Request,
    uow: UowDep,
    clock: ClockDep,
    reader: SheetReaderDep,
    language: str | None = None,
) -> Response:
    requested = checked_language(language)
    await _arrived(request, subject_id)
    async with uow:
        await reader.admit(uow, subject_id)
        subject = await _subject(uow, subject_id)
    sheet, resolved = information.information_sheet(
        subject, requested, clock.now().date(), catalogues_of(request)
    )
    return await document(request, sheet, resolved, "information-sheet")


@router.post(
    "/subjects/{subject_id}/information-sheet/handovers",
    status_code=status.HTTP_201_CREATED,
    response_model=HandoverRead,
    tags=["information"],
    responses=problem_responses(404),
)
async def record_handover(
    subject_id: uuid.UUID,
    body: HandoverIn,
    request: Request,
    uow: UowDep,
    clock: ClockDep,
    actor: ReferrerDep,
) -> HandoverRead:
    """Record that the sheet was given to the person: by whom, when, in which language,
    written or verbal. Kept so that information given earlier is on record if they come back."""
    handover = Handover(
        subject_id=subject_id,
        language=body.language,
        method=body.method,
        handed_over_at=clock.now(),
        by_organisation=actor.organisation,
        by_sector=actor.sector,
        by_client_id=actor.client_id,
        handover_id=uuid.uuid4(),
    )
    await _arrived(request, subject_id)
    async with uow:
        await _subject(uow, subject_id)
        await uow.handovers.add(handover)
        await uow.record_access(
            actor, "information_sheet.handover", subject_id, handover.handover_id
        )
        await uow.commit()
    return _read(handover)


@router.get(
    "/subjects/{subject_id}/information-sheet/handovers",
    response_model=list[HandoverRead],
    tags=["information"],
)
async def handovers(
    subject_id: uuid.UUID, uow: UowDep, reader: SheetReaderDep
) -> list[HandoverRead]:
    """Every time the sheet was given to this person, oldest first."""
    async with uow:
        await reader.admit(uow, subject_id)
        return [_read(handover) for handover in await uow.handovers.of_subject(subject_id)]
