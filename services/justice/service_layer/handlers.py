"""Event handlers of the justice service: a case exists only because a consent opened it."""

from __future__ import annotations

import uuid
from functools import partial

from justice.domain.model import IDENTITY_FIELDS, Case, Intake
from justice.service_layer.unit_of_work import JusticeUnitOfWork
from nrm_bus.clock import Clock
from nrm_bus.consent_events import ConsentEnded
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
        region=data.get("region"),
        jurisdiction=data["jurisdiction"],
        exploitation_types=list(data.get("exploitation_types", [])),
        indicators=list(data.get("indicators", [])),
        identity={name: data[name] for name in IDENTITY_FIELDS if name in data},
    )
    case = await uow.cases.get(intake.subject_id)
    if case is None:
        await uow.cases.add(Case.open(intake, clock.now()))
    else:
        await uow.cases.save(case.take(intake))


async def on_consent_ended(end: ConsentEnded, uow: JusticeUnitOfWork) -> str | None:
    """The case exists only because of this consent: without it, nothing is kept."""
    case = await uow.cases.get(end.subject_id)
    if case is None or case.consent_id != end.consent_id:
        return None
    await uow.cases.remove(end.subject_id)
    return None


async def on_subject_erased(subject_id: uuid.UUID, uow: JusticeUnitOfWork) -> None:
    await uow.cases.remove(subject_id)


def event_handlers(clock: Clock) -> dict[str, Handler]:
    return {"JusticeIntakeRequested": partial(on_justice_intake_requested, clock=clock)}
