"""The person's data tracker (GDPR Art. 15, as Estonia's Data Tracker): who received or read
their data, in their language; and the holds that keep a criminal investigation's entries
off it until a date, each on a recorded legal basis."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Request, Response, status
from pydantic import AwareDatetime, BaseModel, StringConstraints

from nrm_bus.access import not_found
from nrm_bus.models import RequestModel
from nrm_bus.problems import Problem
from referral import information
from referral.domain.tracker import TrackerHold, select_entries
from referral.entrypoints.deps import (
    AuditorDep,
    ClockDep,
    TraceSourceDep,
    TrackerHoldWriterDep,
    TrackerReaderDep,
    UowDep,
)
from referral.entrypoints.information import PDF, catalogues_of, document, translated_language
from referral.information.tracker import build_tracker

router = APIRouter(prefix="/v1", tags=["data tracker"])


class HoldIn(RequestModel):
    sector: Literal["police", "prosecutor"]
    until: date  # the last day on which the sector's entries are held back
    legal_basis: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=10, max_length=500)
    ]


class HoldRead(BaseModel):
    hold_id: uuid.UUID
    subject_id: uuid.UUID
    sector: str
    until: date
    legal_basis: str
    in_force: bool
    recorded_at: AwareDatetime
    by_client_id: str
    by_organisation: str
    by_sector: str


def _read(hold: TrackerHold, today: date) -> HoldRead:
    return HoldRead(
        hold_id=hold.hold_id,
        subject_id=hold.subject_id,
        sector=hold.sector,
        until=hold.until,
        legal_basis=hold.legal_basis,
        in_force=hold.in_force(today),
        recorded_at=hold.recorded_at,
        by_client_id=hold.by_client_id,
        by_organisation=hold.by_organisation,
        by_sector=hold.by_sector,
    )


@router.get(
    "/subjects/{subject_id}/data-tracker",
    response_class=Response,
    responses={
        200: {
            "description": "Which organisations received or read which categories of the "
            "person's data, when, and under which consent, oldest first, in the person's "
            "language: a printable HTML page, or with `Accept: application/pdf` a PDF. For the "
            "organisation that identified the person, on their behalf, and for auditors; "
            "anyone else gets the 404 of a person who does not exist. Without `language`, the "
            "first of the person's languages that has a translation; a `language` without one "
            "is a 422.",
            "content": {"text/html": {}, PDF: {}},
        }
    },
)
async def data_tracker(
    subject_id: uuid.UUID,
    request: Request,
    uow: UowDep,
    clock: ClockDep,
    source: TraceSourceDep,
    reader: TrackerReaderDep,
    language: str | None = None,
) -> Response:
    catalogues = catalogues_of(request)
    requested = translated_language(language, catalogues)
    today = clock.now().date()
    async with uow:
        await reader.admit(uow, subject_id)
        subject = await uow.referrals.get_subject(subject_id)
        if subject is None:
            raise not_found()
        holds = await uow.holds.of_subject(subject_id)
        consents = await uow.consents.of_subject(subject_id)
    # Outside the transaction: the source asks every service.
    selection = select_entries(await source.trace(subject_id), holds, today)
    resolved = information.resolve_for(subject, requested, catalogues)
    sheet = build_tracker(subject, selection, consents, resolved, today)
    return await document(request, sheet, resolved, "data-tracker")


@router.post(
    "/subjects/{subject_id}/data-tracker/holds",
    status_code=status.HTTP_201_CREATED,
    response_model=HoldRead,
)
async def record_hold(
    subject_id: uuid.UUID, body: HoldIn, uow: UowDep, clock: ClockDep, actor: TrackerHoldWriterDep
) -> HoldRead:
    """Hold back a justice sector's entries on the person's data tracker until a date (the
    last day held), on a legal basis that is kept with who recorded it. The tracker then says
    that something is held back and until when, never whose or why. Accepted for any
    `subject_id`, so that the answer does not tell whether referral knows the person."""
    now = clock.now()
    if body.until < now.date():
        raise Problem(
            422,
            "Invalid request",
            "Invalid or missing fields: until",
            "validation",
            errors=[{"field": "until", "message": "must be today or later", "type": "past_date"}],
        )
    hold = TrackerHold(
        hold_id=uuid.uuid4(),
        subject_id=subject_id,
        sector=body.sector,
        until=body.until,
        legal_basis=body.legal_basis,
        recorded_at=now,
        by_client_id=actor.client_id,
        by_organisation=actor.organisation,
        by_sector=actor.sector,
    )
    async with uow:
        await uow.holds.add(hold)
        await uow.record_access(actor, "data_tracker.hold.record", subject_id, hold.hold_id)
        await uow.commit()
    return _read(hold, now.date())


@router.get("/subjects/{subject_id}/data-tracker/holds", response_model=list[HoldRead])
async def holds(
    subject_id: uuid.UUID, uow: UowDep, clock: ClockDep, auditor: AuditorDep
) -> list[HoldRead]:
    """Every hold recorded on the person's tracker, in force or not, oldest first."""
    async with uow:
        await uow.record_access(auditor, "data_tracker.holds.read", subject_id)
        await uow.commit()
        return [_read(hold, clock.now().date()) for hold in await uow.holds.of_subject(subject_id)]
