"""The information sheet at first contact (principle 6; shared/seeds/004): the organisation
that identified a person prints it here the moment the identification is recorded, in her
language, whatever she consented to.

Why here rather than only on the referral service: referral learns of a person only under a
consent to be assisted, and only once the identification has crossed the bus. A person who
consented to nothing yet is exactly the one who most needs the sheet (what is offered, her
rights, her reflection period) to decide; sending referral her languages or age to print it
would hand social services data she did not agree to share. Everything the sheet says
(pseudonym, languages, child or not, reflection period) is already here, held by the
organisation that identified her, so nothing about her moves for it. The referral service
keeps serving the same sheet (nrm_bus.information) to those who deal with her there."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from fastapi import APIRouter, Request, Response

from identification.domain import model
from identification.entrypoints.deps import ClockDep, SheetPrinterDep, UowDep
from nrm_bus import information
from nrm_bus.access import not_found
from nrm_bus.i18n import Catalogues
from nrm_bus.information import checked_language, document

router = APIRouter(prefix="/v1", tags=["information"])


@dataclass(frozen=True)
class SheetFacts:
    """What the sheet says about the person, taken from her identification."""

    subject_id: uuid.UUID
    languages: list[str]
    is_child: bool
    reflection_ends_on: date | None
    reflection_days: int | None

    @classmethod
    def of(cls, identification: model.Identification) -> SheetFacts:
        period = identification.reflection_period
        return cls(
            identification.subject_id,
            list(identification.person.languages),
            identification.person.treated_as_child,
            period.ends_on,
            period.total_days,
        )


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
    printer: SheetPrinterDep,
    language: str | None = None,
) -> Response:
    """The sheet for the organisation that identified the person, at once after the
    identification and whether or not she consented to any assistance. Anyone else: the
    404 of a person who does not exist."""
    requested = checked_language(language)
    async with uow:
        await printer.admit(uow, subject_id)
        identification = await uow.identifications.get(subject_id)
    if identification is None or identification.erased_at is not None:
        raise not_found()
    catalogues: Catalogues = request.app.state.information_catalogues
    sheet, resolved = information.information_sheet(
        SheetFacts.of(identification), requested, clock.now().date(), catalogues
    )
    return await document(request, sheet, resolved, "information-sheet")
