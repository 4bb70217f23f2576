"""Commands and event handlers of the shelter service. Each writes its state change and the
events it causes in one unit of work; nothing reaches the bus unless the transaction commits."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from nrm_bus import topics
from nrm_bus.access import Relation
from nrm_bus.clock import Clock
from nrm_bus.consent_events import ConsentEnded, OnConsentEnded, OnSubjectErased
from nrm_bus.consumer import Handler, PermanentFailure
from nrm_bus.contracts import build_event
from nrm_bus.envelope import CloudEvent
from nrm_bus.vocabulary import Accessibility, Regime, TargetGroup
from shelter.domain.model import (
    CapacityError,
    DomainError,
    HouseRule,
    Placement,
    PlacementRequest,
    PlacementStateError,
    PlacementStatus,
    Shelter,
    next_in_line,
    rank_shelters,
)
from shelter.service_layer.unit_of_work import ShelterUnitOfWork

SOURCE = "/nrm/shelter"

log = logging.getLogger(__name__)


class ShelterNotFound(DomainError):
    pass


class NotOwnShelter(DomainError):
    """Shelter staff change only their own organisation's shelters."""


@dataclass(frozen=True)
class RegisterShelter:
    name: str
    region: str
    target_groups: list[TargetGroup]
    regime: Regime
    languages: list[str]
    beds_total: int
    beds_free: int | None = None
    organisation: str | None = None
    accessibility: list[Accessibility] = field(default_factory=list)
    house_rules: list[HouseRule] = field(default_factory=list)


@dataclass(frozen=True)
class UpdateShelter:
    shelter_id: uuid.UUID
    organisation: str
    beds_total: int | None = None
    beds_free: int | None = None
    # name, region, target_groups, regime, languages, accessibility, house_rules (as
    # HouseRule): only those being changed.
    attributes: dict[str, Any] = field(default_factory=dict)


async def register_shelter(
    cmd: RegisterShelter, uow: ShelterUnitOfWork, clock: Clock, hold: timedelta
) -> Shelter:
    shelter = Shelter.register(
        name=cmd.name,
        region=cmd.region,
        target_groups=cmd.target_groups,
        regime=cmd.regime,
        languages=cmd.languages,
        beds_total=cmd.beds_total,
        beds_free=cmd.beds_free,
        organisation=cmd.organisation,
        accessibility=cmd.accessibility,
        house_rules=cmd.house_rules,
    )
    await uow.shelters.add(shelter)
    await _announce_capacity(uow, shelter.shelter_id, clock.now())
    await fill_from_waitlist(uow, shelter.shelter_id, clock, hold)
    return await _commit_and_return(uow, shelter.shelter_id)


async def update_shelter(
    cmd: UpdateShelter, uow: ShelterUnitOfWork, clock: Clock, hold: timedelta
) -> Shelter:
    current = await uow.shelters.get(cmd.shelter_id)
    if current is None:
        raise ShelterNotFound(f"no shelter {cmd.shelter_id}")
    if current.organisation != cmd.organisation:
        raise NotOwnShelter("only the shelter's own organisation may change it")
    shelter = replace(current, **cmd.attributes)
    if cmd.beds_total is not None or cmd.beds_free is not None:
        shelter.resize(
            beds_total=cmd.beds_total,
            beds_free=cmd.beds_free,
            placed=await uow.placements.count_placed(shelter.shelter_id),
        )
    if not await uow.shelters.save(shelter, was=(current.beds_total, current.beds_free)):
        raise CapacityError("a bed was taken or freed meanwhile; read the shelter and retry")
    if _capacity_view(shelter) != _capacity_view(current):
        await _announce_capacity(uow, shelter.shelter_id, clock.now())
        # More beds, or groups it now takes, may be what someone waiting needs.
        await fill_from_waitlist(uow, shelter.shelter_id, clock, hold)
    return await _commit_and_return(uow, shelter.shelter_id)


async def on_placement_requested(
    event: CloudEvent, uow: ShelterUnitOfWork, *, clock: Clock, hold: timedelta
) -> None:
    request = _request(event.data)
    if organisation := event.data.get("referred_by_organisation"):
        await uow.parties.add(request.subject_id, organisation, Relation.REFERRED, clock.now())
    if (
        await uow.placements.for_referral(request.referral_id) is not None
        or await uow.waitlist.get(request.referral_id) is not None
    ):
        return  # the referral was already answered; a repeated request changes nothing
    for shelter in rank_shelters(request, await uow.shelters.list(with_free_beds=True)):
        if await _offer(uow, request, shelter, clock, hold):
            return
    await uow.waitlist.add(request)
    await uow.publish(
        topics.REFERRAL_PLACEMENT_UPDATES,
        _person_event(
            "PlacementWaitlisted",
            request,
            {"referral_id": str(request.referral_id), "waitlisted_at": clock.now().isoformat()},
        ),
    )


async def on_placement_accepted(event: CloudEvent, uow: ShelterUnitOfWork, *, clock: Clock) -> None:
    placement = await _placement_of(event, uow)
    if placement.status is PlacementStatus.CONFIRMED:
        return
    try:
        placement.confirm()
    except PlacementStateError as exc:
        # Typically the hold expired before the answer came.
        raise PermanentFailure(str(exc)) from exc
    if not await uow.placements.save_status(placement, was=PlacementStatus.HELD):
        raise PermanentFailure(f"placement {placement.placement_id} was released meanwhile")
    # The bed stays taken, no longer held but lived in.
    await _announce_capacity(uow, placement.shelter_id, clock.now())
    await uow.publish(
        topics.REFERRAL_PLACEMENT_UPDATES,
        _person_event(
            "PlacementConfirmed",
            placement,
            {
                "referral_id": str(placement.referral_id),
                "placement_id": str(placement.placement_id),
                "shelter_id": str(placement.shelter_id),
                "confirmed_at": clock.now().isoformat(),
            },
        ),
    )


async def on_placement_declined(
    event: CloudEvent, uow: ShelterUnitOfWork, *, clock: Clock, hold: timedelta
) -> None:
    referral_id = uuid.UUID(event.data["referral_id"])
    await uow.waitlist.remove(referral_id)
    placement = await uow.placements.for_referral(referral_id)
    if placement is None or placement.status is PlacementStatus.RELEASED:
        return
    try:
        await _release_hold(uow, placement, clock, hold)
    except PlacementStateError as exc:
        raise PermanentFailure(str(exc)) from exc


def on_consent_ended(clock: Clock, hold: timedelta) -> OnConsentEnded:
    """Without the consent to share with shelters, the shelter sector keeps no hold and no
    waiting request under it. A confirmed placement stays: the person lives there."""

    async def handle(end: ConsentEnded, uow: ShelterUnitOfWork) -> str | None:
        # Waiting requests go first, so a bed freed below is never offered under this consent.
        await uow.waitlist.remove_under_consent(end.consent_id)
        for placement in await uow.placements.held_under_consent(end.consent_id):
            await _release_hold(uow, placement, clock, hold)
        confirmed = [
            placement
            for placement in await uow.placements.under_consent(end.consent_id)
            if placement.status is PlacementStatus.CONFIRMED
        ]
        return "restricted" if confirmed else None

    return handle


def on_subject_erased(clock: Clock, hold: timedelta) -> OnSubjectErased:
    """Nothing here may point at the person any more. A bed they live in stays taken, under
    a placement that no longer says whose it is."""

    async def handle(subject_id: uuid.UUID, uow: ShelterUnitOfWork) -> None:
        await uow.waitlist.remove_subject(subject_id)
        for placement in await uow.placements.of_subject(subject_id):
            if placement.status is PlacementStatus.HELD:
                await _release_hold(uow, placement, clock, hold)
        await uow.placements.anonymise_subject(subject_id)

    return handle


def event_handlers(clock: Clock, hold: timedelta) -> dict[str, Handler]:
    return {
        "PlacementRequested": partial(on_placement_requested, clock=clock, hold=hold),
        "PlacementAccepted": partial(on_placement_accepted, clock=clock),
        "PlacementDeclined": partial(on_placement_declined, clock=clock, hold=hold),
    }


async def release_expired_holds(
    uow_factory: Callable[[], ShelterUnitOfWork],
    clock: Clock,
    hold: timedelta,
    grace: timedelta = timedelta(0),
) -> int:
    """Release every hold that ran out more than `grace` ago, each in its own unit of work,
    and offer each bed to the waitlist as a decline does. Returns how many were released.
    Referral refuses an acceptance once the hold has run out; the grace lets an acceptance
    made just before that cross the bus before the bed is given away."""
    cutoff = clock.now() - grace
    async with uow_factory() as uow:
        lapsed = await uow.placements.held_until(cutoff)
    released = 0
    for candidate in lapsed:
        try:
            async with uow_factory() as uow:
                if await _expire_hold(uow, candidate.referral_id, cutoff, clock, hold):
                    await uow.commit()
                    released += 1
        except Exception as exc:
            # One hold that cannot be released must not keep the others' beds.
            log.warning(
                "hold expiry failed",
                extra={"placement_id": str(candidate.placement_id), "error": type(exc).__name__},
            )
    return released


async def _expire_hold(
    uow: ShelterUnitOfWork,
    referral_id: uuid.UUID,
    cutoff: datetime,
    clock: Clock,
    hold: timedelta,
) -> bool:
    # Read again under lock: an acceptance may have confirmed it since the sweep listed it.
    placement = await uow.placements.for_referral(referral_id)
    if placement is None or not placement.hold_lapsed(cutoff):
        return False
    expired = _person_event(
        "PlacementHoldExpired",
        placement,
        {
            "referral_id": str(placement.referral_id),
            "placement_id": str(placement.placement_id),
            "shelter_id": str(placement.shelter_id),
            "expired_at": placement.hold_expires_at.isoformat(),
        },
    )
    return await _release_hold(uow, placement, clock, hold, notice=expired)


async def _release_hold(
    uow: ShelterUnitOfWork,
    placement: Placement,
    clock: Clock,
    hold: timedelta,
    *,
    notice: CloudEvent | None = None,
) -> bool:
    """Give a held bed back and offer it to whoever waits for it: the one path for a
    decline, an expired hold and a withdrawn consent. `notice`, if any, tells referral why.
    False if another member released the hold first; PlacementStateError if not held."""
    placement.release()
    if not await uow.placements.save_status(placement, was=PlacementStatus.HELD):
        return False
    if notice is not None:
        await uow.publish(topics.REFERRAL_PLACEMENT_UPDATES, notice)
    if await uow.shelters.return_bed(placement.shelter_id):
        await _announce_capacity(uow, placement.shelter_id, clock.now())
        await fill_from_waitlist(uow, placement.shelter_id, clock, hold)
    return True


async def fill_from_waitlist(
    uow: ShelterUnitOfWork, shelter_id: uuid.UUID, clock: Clock, hold: timedelta
) -> None:
    """Offer the shelter's free beds to those waiting who fit it, in their turn."""
    waiting = await uow.waitlist.all()
    while (shelter := await uow.shelters.get(shelter_id)) is not None and shelter.beds_free:
        entry = next_in_line(waiting, shelter)
        if entry is None or not await _offer(uow, entry, shelter, clock, hold):
            return
        waiting.remove(entry)
        await uow.waitlist.remove(entry.referral_id)


async def _offer(
    uow: ShelterUnitOfWork,
    request: PlacementRequest,
    shelter: Shelter,
    clock: Clock,
    hold: timedelta,
) -> bool:
    if not await uow.shelters.take_bed(shelter.shelter_id):
        return False  # another consumer took the last bed since the shelter was read
    now = clock.now()
    placement = Placement.hold(request, shelter.shelter_id, now, hold)
    await uow.placements.add(placement)
    if shelter.organisation:
        await uow.parties.add(request.subject_id, shelter.organisation, Relation.SERVES, now)
    await uow.publish(
        topics.REFERRAL_PLACEMENT_UPDATES,
        _person_event(
            "PlacementOffered",
            request,
            {
                "referral_id": str(request.referral_id),
                "placement_id": str(placement.placement_id),
                "shelter_id": str(shelter.shelter_id),
                "shelter_name": shelter.name,
                **({"shelter_organisation": shelter.organisation} if shelter.organisation else {}),
                "hold_expires_at": placement.hold_expires_at.isoformat(),
                "offered_at": now.isoformat(),
            },
        ),
    )
    await _announce_capacity(uow, shelter.shelter_id, now)
    return True


async def _placement_of(event: CloudEvent, uow: ShelterUnitOfWork) -> Placement:
    placement = await uow.placements.for_referral(uuid.UUID(event.data["referral_id"]))
    if placement is None:
        raise PermanentFailure(f"no placement for referral {event.data['referral_id']}")
    return placement


async def _announce_capacity(uow: ShelterUnitOfWork, shelter_id: uuid.UUID, now: datetime) -> None:
    # Read back rather than trust memory: conditional updates changed the row in SQL.
    shelter = await uow.shelters.get(shelter_id)
    if shelter is None:
        raise ShelterNotFound(f"no shelter {shelter_id}")
    await uow.publish(
        topics.SHELTER_CAPACITY,
        build_event(
            "ShelterCapacityChanged",
            {
                "shelter_id": str(shelter.shelter_id),
                "region": shelter.region,
                "target_groups": list(shelter.target_groups),
                "regime": shelter.regime,
                "beds_total": shelter.beds_total,
                "beds_free": shelter.beds_free,
                "languages": list(shelter.languages),
                "beds_held": await uow.placements.count_held(shelter.shelter_id),
                "changed_at": now.isoformat(),
            },
            source=SOURCE,
            key=str(shelter.shelter_id),
            subject=None,
        ),
    )


async def _commit_and_return(uow: ShelterUnitOfWork, shelter_id: uuid.UUID) -> Shelter:
    shelter = await uow.shelters.get(shelter_id)
    if shelter is None:
        raise ShelterNotFound(f"no shelter {shelter_id}")
    await uow.commit()
    return shelter


def _capacity_view(shelter: Shelter) -> tuple[object, ...]:
    """What ShelterCapacityChanged carries; a change to any of it is announced."""
    return (
        shelter.region,
        tuple(shelter.target_groups),
        shelter.regime,
        tuple(shelter.languages),
        shelter.beds_total,
        shelter.beds_free,
    )


def _person_event(
    event_type: str, about: Placement | PlacementRequest, data: dict[str, Any]
) -> CloudEvent:
    """An event about the person, naming the consent that lets the shelter sector speak."""
    subject = str(about.subject_id)
    return build_event(
        event_type,
        {"subject_id": subject, "consent_id": str(about.consent_id), **data},
        source=SOURCE,
        key=subject,
        subject=subject,
    )


def _request(data: dict[str, Any]) -> PlacementRequest:
    return PlacementRequest(
        referral_id=uuid.UUID(data["referral_id"]),
        subject_id=uuid.UUID(data["subject_id"]),
        consent_id=uuid.UUID(data["consent_id"]),
        target_group=data["target_group"],
        is_child=data["is_child"],
        languages=list(data["languages"]),
        region=data["region"],
        requested_at=datetime.fromisoformat(data["requested_at"]),
        with_children=data.get("with_children", False),
        regime_preference=data.get("regime_preference"),
    )
