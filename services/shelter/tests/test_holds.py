"""Holds that run out, and holds whose consent is withdrawn: the bed goes back and is
offered to whoever waits for it, exactly as when the person declines."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from nrm_bus.clock import FixedClock
from nrm_bus.consumer import PermanentFailure
from nrm_bus.contracts import build_event
from nrm_bus.envelope import CloudEvent
from nrm_bus.runtime import BusRuntime
from shelter.adapters import orm
from shelter.domain.model import PlacementStatus, Shelter
from shelter.service_layer import handlers
from shelter.service_layer.unit_of_work import ShelterUnitOfWork

HOLD = timedelta(hours=24)
Runtime = BusRuntime[ShelterUnitOfWork]


def placement_requested(at: datetime, **overrides: Any) -> CloudEvent:
    subject = str(overrides.pop("subject_id", uuid.uuid4()))
    data: dict[str, Any] = {
        "referral_id": str(uuid.uuid4()),
        "subject_id": subject,
        "consent_id": str(uuid.uuid4()),
        "target_group": "women",
        "is_child": False,
        "languages": ["en"],
        "region": "North",
        "requested_at": at.isoformat(),
        **overrides,
    }
    return build_event(
        "PlacementRequested", data, source="/nrm/referral", key=subject, subject=subject
    )


def answer(event_type: str, request: CloudEvent, at: datetime) -> CloudEvent:
    """PlacementAccepted or PlacementDeclined for the referral of `request`."""
    subject = request.data["subject_id"]
    data: dict[str, Any] = {
        "referral_id": request.data["referral_id"],
        "subject_id": subject,
        "consent_id": request.data["consent_id"],
    }
    if event_type == "PlacementAccepted":
        data["accepted_at"] = at.isoformat()
    else:
        data |= {"reason": "offer_does_not_fit", "declined_at": at.isoformat()}
    return build_event(event_type, data, source="/nrm/referral", key=subject, subject=subject)


def consent_event(event_type: str, request: CloudEvent, at: datetime) -> CloudEvent:
    subject = request.data["subject_id"]
    data: dict[str, Any] = {"consent_id": request.data["consent_id"], "subject_id": subject}
    if event_type == "ConsentWithdrawn":
        data["withdrawn_at"] = at.isoformat()
    else:
        data |= {
            "purpose": "shelter",
            "recipient": "shelter",
            "data_categories": ["needs"],
            "given_at": at.isoformat(),
            "expires_at": None,
        }
    return build_event(event_type, data, source="/nrm/identification", key=subject, subject=subject)


async def deliver(runtime: Runtime, clock: FixedClock, event: CloudEvent) -> None:
    """What the consumer does with an event, minus the broker, the inbox and the gate."""
    handle = runtime.handlers[event.type]
    async with runtime.unit_of_work() as uow:
        await handle(event, uow)
        await uow.commit()


async def add_shelter(runtime: Runtime, clock: FixedClock, beds: int, **fields: Any) -> Shelter:
    command = handlers.RegisterShelter(
        **{
            "name": "Harbour House",
            "region": "North",
            "target_groups": ["women"],
            "regime": "open",
            "languages": ["en"],
            "beds_total": beds,
            "organisation": "shelter-harbour",
            **fields,
        }
    )
    async with runtime.unit_of_work() as uow:
        return await handlers.register_shelter(command, uow, clock, HOLD)


async def sweep(runtime: Runtime, clock: FixedClock) -> int:
    return await handlers.release_expired_holds(runtime.unit_of_work, clock, HOLD)


async def placement_of(runtime: Runtime, request: CloudEvent) -> tuple[str, datetime] | None:
    async with runtime.unit_of_work() as uow:
        placement = await uow.placements.for_referral(uuid.UUID(request.data["referral_id"]))
    return None if placement is None else (placement.status.value, placement.hold_expires_at)


async def beds_free(runtime: Runtime, shelter: Shelter) -> int:
    async with runtime.unit_of_work() as uow:
        current = await uow.shelters.get(shelter.shelter_id)
    assert current is not None
    return current.beds_free


async def waiting(runtime: Runtime) -> list[str]:
    async with runtime.unit_of_work() as uow:
        return [str(entry.referral_id) for entry in await uow.waitlist.all()]


async def events_since(runtime: Runtime, seq: int) -> list[tuple[str, dict[str, Any]]]:
    outbox = orm.bus_tables[0]
    async with runtime.engine.connect() as conn:
        rows = await conn.execute(
            select(outbox.c.ce_type, outbox.c.data).where(outbox.c.seq > seq).order_by(outbox.c.seq)
        )
        return [(row.ce_type, row.data) for row in rows]


async def last_seq(runtime: Runtime) -> int:
    outbox = orm.bus_tables[0]
    async with runtime.engine.connect() as conn:
        return int(await conn.scalar(select(outbox.c.seq).order_by(outbox.c.seq.desc())) or 0)


async def test_an_expired_hold_goes_back_and_to_the_next_in_line(
    runtime: Runtime, clock: FixedClock
) -> None:
    t0 = clock.now()
    shelter = await add_shelter(runtime, clock, beds=1)
    first = placement_requested(t0)
    second = placement_requested(t0 + timedelta(minutes=5))
    await deliver(runtime, clock, first)
    await deliver(runtime, clock, second)
    assert await placement_of(runtime, first) == ("held", t0 + HOLD)
    assert await waiting(runtime) == [second.data["referral_id"]]

    clock.advance(HOLD - timedelta(seconds=1))
    assert await sweep(runtime, clock) == 0
    assert await placement_of(runtime, first) == ("held", t0 + HOLD)

    clock.advance(timedelta(seconds=1))
    before = await last_seq(runtime)
    assert await sweep(runtime, clock) == 1

    assert await placement_of(runtime, first) == ("released", t0 + HOLD)
    assert await placement_of(runtime, second) == ("held", clock.now() + HOLD)
    assert await waiting(runtime) == []
    assert await beds_free(runtime, shelter) == 0
    published = await events_since(runtime, before)
    assert [event_type for event_type, _ in published] == [
        "PlacementHoldExpired",
        "ShelterCapacityChanged",
        "PlacementOffered",
        "ShelterCapacityChanged",
        # The second request left the waitlist: its counts go out, whole.
        "ShelterWaitlistChanged",
    ]
    assert published[-1][1]["waiting"] == []
    expired = published[0][1]
    assert expired["referral_id"] == first.data["referral_id"]
    assert expired["subject_id"] == first.data["subject_id"]
    assert expired["shelter_id"] == str(shelter.shelter_id)
    assert datetime.fromisoformat(expired["expired_at"]) == t0 + HOLD
    assert [data["beds_free"] for _, data in published[1::2]] == [1, 0]
    assert published[2][1]["referral_id"] == second.data["referral_id"]

    # Nothing else has run out; the new hold has its own full period.
    assert await sweep(runtime, clock) == 0


async def test_with_nobody_waiting_the_bed_is_simply_free_again(
    runtime: Runtime, clock: FixedClock
) -> None:
    shelter = await add_shelter(runtime, clock, beds=2)
    requests = [placement_requested(clock.now()) for _ in range(2)]
    for request in requests:
        await deliver(runtime, clock, request)
    assert await beds_free(runtime, shelter) == 0
    clock.advance(HOLD + timedelta(hours=1))
    assert await sweep(runtime, clock) == 2
    assert await beds_free(runtime, shelter) == 2


async def test_a_confirmed_placement_never_expires(runtime: Runtime, clock: FixedClock) -> None:
    shelter = await add_shelter(runtime, clock, beds=1)
    request = placement_requested(clock.now())
    await deliver(runtime, clock, request)
    await deliver(runtime, clock, answer("PlacementAccepted", request, clock.now()))
    clock.advance(HOLD * 3)
    assert await sweep(runtime, clock) == 0
    assert (await placement_of(runtime, request) or ("", None))[0] == "confirmed"
    assert await beds_free(runtime, shelter) == 0


async def test_an_expired_hold_is_neither_accepted_nor_returned_twice(
    runtime: Runtime, clock: FixedClock
) -> None:
    shelter = await add_shelter(runtime, clock, beds=1)
    request = placement_requested(clock.now())
    await deliver(runtime, clock, request)
    clock.advance(HOLD)
    assert await sweep(runtime, clock) == 1
    # The person's answer crossed the expiry on the bus.
    with pytest.raises(PermanentFailure):
        await deliver(runtime, clock, answer("PlacementAccepted", request, clock.now()))
    before = await last_seq(runtime)
    await deliver(runtime, clock, answer("PlacementDeclined", request, clock.now()))
    assert await events_since(runtime, before) == []
    assert await beds_free(runtime, shelter) == 1


async def test_withdrawn_consent_releases_its_holds_and_waiting_requests(
    runtime: Runtime, clock: FixedClock
) -> None:
    t0 = clock.now()
    shelter = await add_shelter(runtime, clock, beds=1)
    other = await add_shelter(runtime, clock, beds=1, name="Birch", region="South")
    subject = str(uuid.uuid4())
    consent = str(uuid.uuid4())
    # One person, one shelter consent: a placement confirmed in the South, then a second
    # referral held here, then a third one waiting; someone else waits behind them.
    confirmed = placement_requested(t0, subject_id=subject, consent_id=consent, region="South")
    held = placement_requested(t0, subject_id=subject, consent_id=consent)
    waiting_too = placement_requested(t0, subject_id=subject, consent_id=consent)
    someone_else = placement_requested(t0 + timedelta(minutes=1))
    for request in (confirmed, held, waiting_too, someone_else):
        await deliver(runtime, clock, request)
    await deliver(runtime, clock, answer("PlacementAccepted", confirmed, t0))
    assert (await placement_of(runtime, held) or ("", None))[0] == "held"
    assert await waiting(runtime) == [
        waiting_too.data["referral_id"],
        someone_else.data["referral_id"],
    ]

    before = await last_seq(runtime)
    await deliver(runtime, clock, consent_event("ConsentWithdrawn", held, t0))

    assert (await placement_of(runtime, held) or ("", None))[0] == "released"
    assert (await placement_of(runtime, confirmed) or ("", None))[0] == "confirmed"
    assert await placement_of(runtime, waiting_too) is None
    assert (await placement_of(runtime, someone_else) or ("", None))[0] == "held"
    assert await waiting(runtime) == []
    assert await beds_free(runtime, shelter) == 0
    assert await beds_free(runtime, other) == 0
    assert [event_type for event_type, _ in await events_since(runtime, before)] == [
        "ShelterCapacityChanged",
        "PlacementOffered",
        "ShelterCapacityChanged",
        "ShelterWaitlistChanged",
    ]

    # A repeated withdrawal finds nothing left to release.
    before = await last_seq(runtime)
    await deliver(runtime, clock, consent_event("ConsentWithdrawn", held, t0))
    assert await events_since(runtime, before) == []


async def test_a_given_consent_changes_nothing(runtime: Runtime, clock: FixedClock) -> None:
    request = placement_requested(clock.now())
    before = await last_seq(runtime)
    await deliver(runtime, clock, consent_event("ConsentGiven", request, clock.now()))
    assert await events_since(runtime, before) == []


async def test_matching_preferences_wait_with_the_request(
    runtime: Runtime, clock: FixedClock
) -> None:
    adults_only = await add_shelter(runtime, clock, beds=3)
    parent = placement_requested(clock.now(), with_children=True, regime_preference="community")
    await deliver(runtime, clock, parent)
    # An adult-only place is never offered to a parent with children: they wait.
    assert await beds_free(runtime, adults_only) == 3
    async with runtime.unit_of_work() as uow:
        entry = await uow.waitlist.get(uuid.UUID(parent.data["referral_id"]))
    assert entry is not None
    assert (entry.with_children, entry.regime_preference) == (True, "community")

    family = await add_shelter(
        runtime, clock, beds=2, name="Birch", target_groups=["families"], regime="closed"
    )
    assert (await placement_of(runtime, parent) or ("", None))[0] == "held"
    assert await beds_free(runtime, family) == 1


async def test_a_request_on_a_full_shelter_waits_and_takes_no_bed(
    runtime: Runtime, clock: FixedClock
) -> None:
    shelter = await add_shelter(runtime, clock, beds=1)
    await deliver(runtime, clock, placement_requested(clock.now()))
    late = placement_requested(clock.now())
    before = await last_seq(runtime)
    await deliver(runtime, clock, late)
    assert [event_type for event_type, _ in await events_since(runtime, before)] == [
        "PlacementWaitlisted",
        "ShelterWaitlistChanged",
    ]
    assert await beds_free(runtime, shelter) == 0
    assert await placement_of(runtime, late) is None


def test_placement_status_values_are_what_the_api_promises() -> None:
    assert {status.value for status in PlacementStatus} == {"held", "confirmed", "released"}
