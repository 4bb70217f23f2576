"""Event handlers of the justice service: a case exists only because a consent opened it."""

from __future__ import annotations

import uuid
from functools import partial

from justice.domain.model import Case, Intake
from justice.service_layer.unit_of_work import JusticeUnitOfWork
from nrm_bus.clock import Clock
from nrm_bus.consumer import Handler
from nrm_bus.envelope import CloudEvent


async def on_justice_intake_requested(
    event: CloudEvent, uow: JusticeUnitOfWork, *, clock: Clock
) -> None:
    data = event.data
    intake = Intake(
        subject_id=uuid.UUID(data["subject_id"]),
        consent_id=uuid.UUID(data["consent_id"]),
        purpose=data["purpose"],
        recipient=data["recipient"],
        region=data["region"],
        jurisdiction=data["jurisdiction"],
        exploitation_types=list(data["exploitation_types"]),
    )
    case = await uow.cases.get(intake.subject_id)
    if case is None:
        await uow.cases.add(Case.open(intake, clock.now()))
    else:
        await uow.cases.save(case.take(intake))


def event_handlers(clock: Clock) -> dict[str, Handler]:
    return {"JusticeIntakeRequested": partial(on_justice_intake_requested, clock=clock)}
