"""What every service does with the consent broadcast: keep its consent view, and when a
consent ends or a person is erased, let the service restrict or erase what it holds and
tell the consent's owner that it did."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from nrm_bus import topics
from nrm_bus.clock import Clock, as_utc
from nrm_bus.consumer import Handler
from nrm_bus.contracts import build_event
from nrm_bus.envelope import CloudEvent
from nrm_bus.gate import CONSENT_EXPIRED, CONSENT_GIVEN, CONSENT_WITHDRAWN
from nrm_bus.sealing import KeyVault

ERASURE_REQUESTED = "SubjectErasureRequested"


@dataclass(frozen=True)
class ConsentEnded:
    consent_id: uuid.UUID
    subject_id: uuid.UUID
    reason: str  # withdrawn | expired
    at: datetime


# Restrict or erase what the service holds under the consent; return "restricted" if it
# keeps something (e.g. the bed the person lives in), or None if nothing is left.
OnConsentEnded = Callable[[ConsentEnded, Any], Awaitable[str | None]]
# Erase or irreversibly anonymise everything the service holds about the person.
OnSubjectErased = Callable[[uuid.UUID, Any], Awaitable[None]]


def consent_handlers(
    service: str,
    clock: Clock,
    vault: KeyVault,
    on_consent_ended: OnConsentEnded | None = None,
    on_subject_erased: OnSubjectErased | None = None,
) -> dict[str, Handler]:
    source = f"/nrm/{service}"

    async def given(event: CloudEvent, uow: Any) -> None:
        await uow.consents.apply(event)

    async def ended(event: CloudEvent, uow: Any) -> None:
        await uow.consents.apply(event)
        reason = "withdrawn" if event.type == CONSENT_WITHDRAWN else "expired"
        end = ConsentEnded(
            consent_id=uuid.UUID(event.data["consent_id"]),
            subject_id=uuid.UUID(event.data["subject_id"]),
            reason=reason,
            at=as_utc(datetime.fromisoformat(event.data[f"{reason}_at"])),
        )
        kept = await on_consent_ended(end, uow) if on_consent_ended else None
        if not await uow.consents.end_deliveries(end.consent_id, clock.now()):
            return  # nothing was ever received under it, or its end was acknowledged already
        action = kept or "erased"
        subject = str(end.subject_id)
        await uow.publish(
            topics.CONSENT_ACKNOWLEDGEMENTS,
            build_event(
                "ConsentAcknowledged",
                {
                    "consent_id": str(end.consent_id),
                    "subject_id": subject,
                    "service": service,
                    "consent_status": reason,
                    "action": action,
                    "acknowledged_at": clock.now().isoformat(),
                },
                source=source,
                key=subject,
                subject=subject,
            ),
        )

    async def erasure(event: CloudEvent, uow: Any) -> None:
        subject_id = uuid.UUID(event.data["subject_id"])
        vault.forget(subject_id)
        received = await uow.consents.received_about(subject_id)
        if on_subject_erased is not None:
            await on_subject_erased(subject_id, uow)
        await uow.erase_subject(subject_id)
        if not received:
            return  # never told anything about the person: nothing to acknowledge
        subject = str(subject_id)
        await uow.publish(
            topics.CONSENT_ACKNOWLEDGEMENTS,
            build_event(
                "SubjectErased",
                {"subject_id": subject, "service": service, "erased_at": clock.now().isoformat()},
                source=source,
                key=subject,
                subject=subject,
            ),
        )

    return {
        CONSENT_GIVEN: given,
        CONSENT_WITHDRAWN: ended,
        CONSENT_EXPIRED: ended,
        ERASURE_REQUESTED: erasure,
    }
