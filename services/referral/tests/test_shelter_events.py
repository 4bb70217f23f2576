"""Referral's side of placement: the matching preferences it passes to the shelter sector,
and an offer withdrawn when its hold expired. SQLite, no broker; events read from the
outbox."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from nrm_bus.auth import Caller
from nrm_bus.clock import FixedClock
from nrm_bus.contracts import build_event
from nrm_bus.envelope import CloudEvent
from nrm_bus.runtime import BusRuntime
from referral.adapters import orm
from referral.bootstrap import build_runtime
from referral.config import Settings
from referral.domain.model import DeclineReason, ServiceType, Status, Subject
from referral.service_layer import handlers
from referral.service_layer.unit_of_work import ReferralUnitOfWork

Runtime = BusRuntime[ReferralUnitOfWork]
ACTOR = Caller(
    "ngo-worker", "ngo-lighthouse", "ngo", frozenset({"referral:write"}), trained_until=None
)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 1, 9, tzinfo=UTC))


@pytest.fixture
async def runtime(tmp_path: Path, clock: FixedClock) -> AsyncIterator[Runtime]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'referral.db'}",
        run_consumer=False,
        run_relay=False,
        migrate_on_start=False,
    )
    service = build_runtime(settings, clock)
    await service.migrate()
    yield service
    await service.stop()


async def start(runtime: Runtime, clock: FixedClock, needs: dict[str, Any]) -> uuid.UUID:
    subject_id, consent_id = uuid.uuid4(), uuid.uuid4()
    async with runtime.unit_of_work() as uow:
        await uow.referrals.put_subject(
            Subject(subject_id, "North", "NO", "women", False, ["ro"], [consent_id])
        )
        await uow.consents.apply(
            build_event(
                "ConsentGiven",
                {
                    "consent_id": str(consent_id),
                    "subject_id": str(subject_id),
                    "purpose": "shelter",
                    "recipient": "shelter",
                    "data_categories": ["needs"],
                    "given_at": clock.now().isoformat(),
                    "expires_at": None,
                },
                source="/nrm/identification",
                key=str(subject_id),
                subject=str(subject_id),
            )
        )
        await uow.commit()
    command = handlers.StartReferral(subject_id, ServiceType.SHELTER, needs, None, ACTOR)
    async with runtime.unit_of_work() as uow:
        referral = await handlers.start_referral(command, uow, clock)
    return referral.referral_id


async def requested(runtime: Runtime, referral_id: uuid.UUID) -> dict[str, Any]:
    outbox = orm.bus_tables[0]
    async with runtime.engine.connect() as conn:
        rows = await conn.execute(
            select(outbox.c.data).where(outbox.c.ce_type == "PlacementRequested")
        )
        found = [row.data for row in rows if row.data["referral_id"] == str(referral_id)]
    assert len(found) == 1
    data: dict[str, Any] = found[0]
    return data


async def deliver(runtime: Runtime, clock: FixedClock, event: CloudEvent) -> None:
    handle = handlers.event_handlers(clock)[event.type]
    async with runtime.unit_of_work() as uow:
        await handle(event, uow)
        await uow.commit()


async def status_of(runtime: Runtime, referral_id: uuid.UUID) -> tuple[Status, list[Any]]:
    async with runtime.unit_of_work() as uow:
        referral = await uow.referrals.get(referral_id)
    assert referral is not None
    return referral.status, referral.history


def shelter_event(event_type: str, subject_id: str, data: dict[str, Any]) -> CloudEvent:
    return build_event(
        event_type,
        {"subject_id": subject_id, **data},
        source="/nrm/shelter",
        key=subject_id,
        subject=subject_id,
    )


async def offer(runtime: Runtime, clock: FixedClock, referral_id: uuid.UUID) -> dict[str, str]:
    data = await requested(runtime, referral_id)
    placement = {
        "referral_id": str(referral_id),
        "placement_id": str(uuid.uuid4()),
        "shelter_id": str(uuid.uuid4()),
    }
    await deliver(
        runtime,
        clock,
        shelter_event(
            "PlacementOffered",
            data["subject_id"],
            {
                "consent_id": data["consent_id"],
                **placement,
                "shelter_name": "Harbour House",
                "hold_expires_at": (clock.now() + timedelta(hours=24)).isoformat(),
                "offered_at": clock.now().isoformat(),
            },
        ),
    )
    return {"subject_id": data["subject_id"], "consent_id": data["consent_id"], **placement}


def hold_expired(offered: dict[str, str], at: datetime) -> CloudEvent:
    return shelter_event(
        "PlacementHoldExpired",
        offered["subject_id"],
        {
            "referral_id": offered["referral_id"],
            "consent_id": offered["consent_id"],
            "placement_id": offered["placement_id"],
            "shelter_id": offered["shelter_id"],
            "expired_at": at.isoformat(),
        },
    )


@pytest.mark.parametrize(
    ("needs", "expected"),
    [
        (
            {"with_children": True, "regime": "community", "diet": "halal"},
            {"with_children": True, "regime_preference": "community"},
        ),
        (
            {"with_children": False, "regime": "closed"},
            {"with_children": False, "regime_preference": "closed"},
        ),
        ({"with_children": "yes", "regime": "prison"}, {}),
        ({}, {}),
    ],
)
async def test_stated_needs_become_matching_preferences_and_nothing_more(
    runtime: Runtime, clock: FixedClock, needs: dict[str, Any], expected: dict[str, Any]
) -> None:
    data = await requested(runtime, await start(runtime, clock, needs))
    preferences = {k: data[k] for k in ("with_children", "regime_preference") if k in data}
    assert preferences == expected
    assert "diet" not in data


async def test_an_offer_whose_hold_expired_is_withdrawn(
    runtime: Runtime, clock: FixedClock
) -> None:
    referral_id = await start(runtime, clock, {})
    offered = await offer(runtime, clock, referral_id)
    clock.advance(timedelta(hours=24, seconds=30))
    await deliver(runtime, clock, hold_expired(offered, clock.now()))
    status, history = await status_of(runtime, referral_id)
    assert status is Status.WITHDRAWN
    assert history[-1] == {
        "status": "withdrawn",
        "at": clock.now().isoformat(),
        "reason": "hold_expired",
    }
    async with runtime.unit_of_work() as uow:
        referral = await uow.referrals.get(referral_id)
    assert referral is not None
    assert referral.placement is None


@pytest.mark.parametrize("answer", ["accept", "decline"])
async def test_an_answered_offer_ignores_the_expiry(
    runtime: Runtime, clock: FixedClock, answer: str
) -> None:
    referral_id = await start(runtime, clock, {})
    offered = await offer(runtime, clock, referral_id)
    async with runtime.unit_of_work() as uow:
        if answer == "accept":
            await handlers.accept_referral(handlers.AcceptReferral(referral_id, ACTOR), uow, clock)
        else:
            command = handlers.DeclineReferral(
                referral_id, DeclineReason.OFFER_DOES_NOT_FIT, None, ACTOR
            )
            await handlers.decline_referral(command, uow, clock)
    before = await status_of(runtime, referral_id)
    await deliver(runtime, clock, hold_expired(offered, clock.now()))
    assert await status_of(runtime, referral_id) == before


async def test_an_expiry_of_another_placement_is_ignored(
    runtime: Runtime, clock: FixedClock
) -> None:
    referral_id = await start(runtime, clock, {})
    offered = await offer(runtime, clock, referral_id)
    stale = {**offered, "placement_id": str(uuid.uuid4())}
    await deliver(runtime, clock, hold_expired(stale, clock.now()))
    assert (await status_of(runtime, referral_id))[0] is Status.OFFERED
