"""What the operations consumer does with each event it reads: fold it into a read model.
Every handler is idempotent (the inbox drops repeats anyway) and keeps only pseudonyms,
counts, states, clocks and organisation names; a `ConsentGiven` is read and forgotten, so
operations never learns for what purpose or to whom a person consented."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from nrm_bus.clock import as_utc
from nrm_bus.consumer import Handler
from nrm_bus.envelope import CloudEvent
from operations.adapters.orm import (
    acknowledgements,
    consent_deliveries,
    consent_ends,
    erasures,
    read_model_clocks,
    referrals,
    reflection_periods,
    shelter_capacity,
    waitlist_counts,
)


def _time(value: str) -> datetime:
    return as_utc(datetime.fromisoformat(value))


async def _newer(conn: AsyncConnection, name: str, at: datetime) -> bool:
    """Move the read model's clock to `at`; False if it has seen something newer already."""
    current = await conn.scalar(
        select(read_model_clocks.c.changed_at).where(read_model_clocks.c.name == name)
    )
    if current is None:
        await conn.execute(insert(read_model_clocks).values(name=name, changed_at=at))
        return True
    if as_utc(current) > at:
        return False
    await conn.execute(
        update(read_model_clocks).where(read_model_clocks.c.name == name).values(changed_at=at)
    )
    return True


async def on_capacity(event: CloudEvent, uow: Any) -> None:
    data = event.data
    shelter_id = uuid.UUID(data["shelter_id"])
    at = _time(data["changed_at"])
    conn: AsyncConnection = uow.conn
    row = {
        "region": data["region"],
        "target_groups": sorted(data["target_groups"]),
        "regime": data["regime"],
        "languages": sorted(data.get("languages", [])),
        "beds_total": data["beds_total"],
        "beds_free": data["beds_free"],
        "beds_held": data.get("beds_held"),
        "changed_at": at,
    }
    known = await conn.scalar(
        select(shelter_capacity.c.changed_at).where(shelter_capacity.c.shelter_id == shelter_id)
    )
    if known is None:
        await conn.execute(insert(shelter_capacity).values(shelter_id=shelter_id, **row))
    elif as_utc(known) <= at:
        await conn.execute(
            update(shelter_capacity).where(shelter_capacity.c.shelter_id == shelter_id).values(row)
        )


async def on_waitlist(event: CloudEvent, uow: Any) -> None:
    conn: AsyncConnection = uow.conn
    if not await _newer(conn, "waitlist", _time(event.data["changed_at"])):
        return
    await conn.execute(delete(waitlist_counts))
    rows = [
        {
            "region": bucket["region"],
            "target_group": bucket["target_group"],
            "language": bucket["language"],
            "count": bucket["count"],
            "oldest_since": _time(bucket["oldest_since"]),
        }
        for bucket in event.data["waiting"]
    ]
    if rows:
        await conn.execute(insert(waitlist_counts), rows)


async def on_referral_status(event: CloudEvent, uow: Any) -> None:
    data = event.data
    conn: AsyncConnection = uow.conn
    referral_id = uuid.UUID(data["referral_id"])
    subject_id = uuid.UUID(data["subject_id"])
    at = _time(data["changed_at"])
    known = (
        await conn.execute(select(referrals).where(referrals.c.referral_id == referral_id))
    ).first()
    row: dict[str, Any] = {
        "subject_id": subject_id,
        "service_type": data["service_type"],
        "status": data["status"],
        "previous_status": data.get("previous_status"),
        "region": data["region"],
        "since": at,
        "hold_expires_at": _time(data["hold_expires_at"]) if "hold_expires_at" in data else None,
        # What an event does not say, the earlier ones did.
        "referred_by_organisation": data.get("referred_by_organisation")
        or (known.referred_by_organisation if known else None),
        "provider_organisation": data.get("provider_organisation")
        or (known.provider_organisation if known else None),
    }
    if known is None:
        await conn.execute(insert(referrals).values(referral_id=referral_id, **row))
    elif as_utc(known.since) <= at:
        await conn.execute(
            update(referrals).where(referrals.c.referral_id == referral_id).values(row)
        )
    # Someone is working on the person's case: their reflection clock has a follow-up.
    await conn.execute(
        update(reflection_periods)
        .where(
            reflection_periods.c.subject_id == subject_id,
            reflection_periods.c.followed_up_at.is_(None),
            reflection_periods.c.announced_at <= at,
        )
        .values(followed_up_at=at, follow_up="referral")
    )


async def on_reflection(event: CloudEvent, uow: Any) -> None:
    data = event.data
    conn: AsyncConnection = uow.conn
    subject_id = uuid.UUID(data["subject_id"])
    ends_on = date.fromisoformat(data["ends_on"])
    if event.type == "ReflectionPeriodExtended":
        notice, at = "extended", _time(data["extended_at"])
    elif event.type == "ReflectionPeriodEnding":
        notice, at = "ending", _time(data["announced_at"])
    else:
        notice, at = "ended", _time(data["announced_at"])
    known = (
        await conn.execute(
            select(reflection_periods).where(reflection_periods.c.subject_id == subject_id)
        )
    ).first()
    row: dict[str, Any] = {
        "jurisdiction": data["jurisdiction"],
        "ends_on": ends_on,
        "notice": notice,
        "announced_at": at,
        "responsible_organisation": data.get("responsible_organisation")
        or (known.responsible_organisation if known else None),
    }
    if notice == "extended":
        # An extension is the follow-up: someone looked at the person's situation.
        row |= {"followed_up_at": at, "follow_up": "extended"}
    elif known is not None and known.notice == "extended" and known.ends_on != ends_on:
        row |= {"followed_up_at": None, "follow_up": None}
    if known is None:
        await conn.execute(insert(reflection_periods).values(subject_id=subject_id, **row))
    elif as_utc(known.announced_at) <= at:
        await conn.execute(
            update(reflection_periods)
            .where(reflection_periods.c.subject_id == subject_id)
            .values(row)
        )


async def on_consent_given(event: CloudEvent, uow: Any) -> None:
    """Read and forgotten: its purpose and recipient are none of operations' business."""


async def on_consent_ended(event: CloudEvent, uow: Any) -> None:
    data = event.data
    conn: AsyncConnection = uow.conn
    consent_id = uuid.UUID(data["consent_id"])
    status = "withdrawn" if event.type == "ConsentWithdrawn" else "expired"
    if await conn.scalar(
        select(consent_ends.c.consent_id).where(consent_ends.c.consent_id == consent_id)
    ):
        return
    await conn.execute(
        insert(consent_ends).values(
            consent_id=consent_id,
            subject_id=uuid.UUID(data["subject_id"]),
            status=status,
            ended_at=_time(data[f"{status}_at"]),
        )
    )


async def on_consent_delivery(event: CloudEvent, uow: Any) -> None:
    data = event.data
    conn: AsyncConnection = uow.conn
    consent_id, service = uuid.UUID(data["consent_id"]), data["service"]
    subject_id = uuid.UUID(data["subject_id"])
    if await conn.scalar(select(erasures.c.subject_id).where(erasures.c.subject_id == subject_id)):
        return  # the person is erased; what is owed for them is already known
    known = await conn.scalar(
        select(consent_deliveries.c.first_at).where(
            consent_deliveries.c.consent_id == consent_id, consent_deliveries.c.service == service
        )
    )
    if known is None:
        await conn.execute(
            insert(consent_deliveries).values(
                consent_id=consent_id,
                service=service,
                subject_id=subject_id,
                first_at=_time(data["first_at"]),
            )
        )


async def _acknowledge(
    conn: AsyncConnection, kind: str, ref: uuid.UUID, service: str, at: datetime
) -> None:
    known = await conn.scalar(
        select(acknowledgements.c.at).where(
            acknowledgements.c.kind == kind,
            acknowledgements.c.ref == ref,
            acknowledgements.c.service == service,
        )
    )
    if known is None:
        await conn.execute(
            insert(acknowledgements).values(kind=kind, ref=ref, service=service, at=at)
        )


async def on_consent_acknowledged(event: CloudEvent, uow: Any) -> None:
    data = event.data
    await _acknowledge(
        uow.conn,
        "consent",
        uuid.UUID(data["consent_id"]),
        data["service"],
        _time(data["acknowledged_at"]),
    )


async def on_erasure_requested(event: CloudEvent, uow: Any) -> None:
    """Forget the person in every read model; keep only which services owe an erasure
    acknowledgement, until each has given it."""
    conn: AsyncConnection = uow.conn
    subject_id = uuid.UUID(event.data["subject_id"])
    if not await conn.scalar(
        select(erasures.c.subject_id).where(erasures.c.subject_id == subject_id)
    ):
        await conn.execute(
            insert(erasures).values(
                subject_id=subject_id, requested_at=_time(event.data["requested_at"])
            )
        )
    for table in (referrals, reflection_periods, consent_ends):
        await conn.execute(delete(table).where(table.c.subject_id == subject_id))
    await uow.erase_subject(subject_id)
    await _settle_erasure(conn, subject_id)


async def on_subject_erased(event: CloudEvent, uow: Any) -> None:
    conn: AsyncConnection = uow.conn
    subject_id = uuid.UUID(event.data["subject_id"])
    await _acknowledge(
        conn, "erasure", subject_id, event.data["service"], _time(event.data["erased_at"])
    )
    await _settle_erasure(conn, subject_id)


async def _settle_erasure(conn: AsyncConnection, subject_id: uuid.UUID) -> None:
    """Once every service that held data about an erased person said it erased it, nothing
    here names the person any more."""
    requested = await conn.scalar(
        select(erasures.c.subject_id).where(erasures.c.subject_id == subject_id)
    )
    if requested is None:
        return
    owing = set(
        await conn.scalars(
            select(consent_deliveries.c.service).where(
                consent_deliveries.c.subject_id == subject_id
            )
        )
    )
    acked = set(
        await conn.scalars(
            select(acknowledgements.c.service).where(
                and_(acknowledgements.c.kind == "erasure", acknowledgements.c.ref == subject_id)
            )
        )
    )
    if owing <= acked:
        await conn.execute(
            delete(consent_deliveries).where(consent_deliveries.c.subject_id == subject_id)
        )
        await conn.execute(
            delete(acknowledgements).where(
                acknowledgements.c.kind == "erasure", acknowledgements.c.ref == subject_id
            )
        )
        await conn.execute(delete(erasures).where(erasures.c.subject_id == subject_id))


def event_handlers() -> dict[str, Handler]:
    return {
        "ShelterCapacityChanged": on_capacity,
        "ShelterWaitlistChanged": on_waitlist,
        "ReferralStatusChanged": on_referral_status,
        "ReflectionPeriodExtended": on_reflection,
        "ReflectionPeriodEnding": on_reflection,
        "ReflectionPeriodEnded": on_reflection,
        "ConsentGiven": on_consent_given,
        "ConsentWithdrawn": on_consent_ended,
        "ConsentExpired": on_consent_ended,
        "SubjectErasureRequested": on_erasure_requested,
        "ConsentAcknowledged": on_consent_acknowledged,
        "SubjectErased": on_subject_erased,
        "ConsentDeliveryRecorded": on_consent_delivery,
    }
