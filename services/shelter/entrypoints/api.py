"""HTTP API of the shelter service (port 8003), per shared/API.md."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, status
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, JsonValue, StringConstraints

from nrm_bus.models import RequestModel
from nrm_bus.openapi import Example
from nrm_bus.problems import Problem, problem_responses
from nrm_bus.vocabulary import Accessibility, LanguageTag, Regime, Region, TargetGroup
from shelter.domain import model
from shelter.entrypoints.deps import (
    ClockDep,
    HoldDep,
    PlacementReaderDep,
    ShelterReaderDep,
    ShelterStaffDep,
    StatisticsReaderDep,
    UowDep,
)
from shelter.service_layer import handlers

router = APIRouter(prefix="/v1")

BEDS_MAX = 10_000
RULES_MAX = 50

RuleText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


_SHELTER_IN: Example = {
    "name": "Harbour House",
    "region": "North",
    "target_groups": ["women"],
    "regime": "open",
    "languages": ["en", "ro", "ru"],
    "accessibility": ["step_free"],
    "house_rules": [
        {
            "rule": "No visitors in the residents' rooms",
            "rationale": "Residents' whereabouts stay confidential",
        }
    ],
    "beds_total": 6,
}
_SHELTER_OUT: Example = {
    **_SHELTER_IN,
    "shelter_id": "3e5a7c9b-2d4f-4a6c-8e0b-1c3d5f7a9b2d",
    "beds_free": 4,
}
_GROUPS = (
    "Whom it takes: a child only where `children` are taken, a parent with children only "
    "where `families` are."
)


class HouseRuleIn(RequestModel):
    rule: RuleText = Field(description="A restriction residents live under.")
    rationale: RuleText = Field(
        description="Why the restriction exists; required, and visible to oversight."
    )


class HouseRuleRead(BaseModel):
    rule: str = Field(description="A restriction residents live under.")
    rationale: str = Field(description="Why it exists.")


class ShelterCreate(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_SHELTER_IN]})

    name: str = Field(min_length=1, max_length=200, description="The shelter's name.")
    region: Region = Field(description="Where it is; people from this region are placed first.")
    target_groups: list[TargetGroup] = Field(min_length=1, description=_GROUPS)
    regime: Regime = Field(
        description="`open` (residents come and go), `closed` (protected, restricted "
        "movement) or `community` (flats in the community)."
    )
    languages: list[LanguageTag] = Field(
        default_factory=list, max_length=20, description="Languages its staff speak (BCP 47)."
    )
    accessibility: list[Accessibility] = Field(
        default_factory=list, description="How premises and staff accommodate disabilities."
    )
    house_rules: list[HouseRuleIn] = Field(
        default_factory=list,
        max_length=RULES_MAX,
        description="Its rules, each with its rationale, visible to oversight.",
    )
    beds_total: int = Field(ge=0, le=BEDS_MAX, description="Beds in all.")
    beds_free: int | None = Field(
        default=None, ge=0, le=BEDS_MAX, description="Defaults to beds_total."
    )


class ShelterUpdate(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"beds_total": 8}]})

    name: str | None = Field(default=None, min_length=1, max_length=200, description="A new name.")
    region: Region | None = Field(default=None, description="A new region.")
    target_groups: list[TargetGroup] | None = Field(
        default=None, min_length=1, description="Replaces the groups it takes."
    )
    regime: Regime | None = Field(default=None, description="A new regime.")
    languages: list[LanguageTag] | None = Field(
        default=None, max_length=20, description="Replaces the languages."
    )
    accessibility: list[Accessibility] | None = Field(
        default=None, description="Replaces the accessibility features."
    )
    house_rules: list[HouseRuleIn] | None = Field(
        default=None, max_length=RULES_MAX, description="Replaces all the shelter's rules."
    )
    beds_total: int | None = Field(
        default=None,
        ge=0,
        le=BEDS_MAX,
        description="Beds in use stay in use: beds_free moves by the same amount.",
    )
    beds_free: int | None = Field(
        default=None,
        ge=0,
        le=BEDS_MAX,
        description="Set free beds directly (0..beds_total, never below the beds held).",
    )


class ShelterRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_SHELTER_OUT]})

    shelter_id: uuid.UUID = Field(description="The shelter's id.")
    name: str = Field(description="Its name.")
    region: str = Field(description="Where it is.")
    target_groups: list[TargetGroup] = Field(description=_GROUPS)
    regime: Regime = Field(description="`open`, `closed` or `community`.")
    languages: list[str] = Field(description="Languages its staff speak.")
    accessibility: list[Accessibility] = Field(description="Accessibility features.")
    house_rules: list[HouseRuleRead] = Field(description="Its rules, each with its rationale.")
    beds_total: int = Field(description="Beds in all.")
    beds_free: int = Field(description="Beds neither held nor occupied.")


class CapacityRead(BaseModel):
    """Beds of one region, target group and regime; a shelter counts under each group."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "region": "North",
                    "target_group": "women",
                    "regime": "open",
                    "beds_total": 6,
                    "beds_free": 4,
                    "shelters": 1,
                }
            ]
        }
    )

    region: str = Field(description="The region.")
    target_group: TargetGroup = Field(description="The group the beds are for.")
    regime: Regime = Field(description="The regime of the shelters counted.")
    beds_total: int = Field(description="Beds in all.")
    beds_free: int = Field(description="Beds neither held nor occupied.")
    shelters: int = Field(description="How many shelters are counted.")


MoveOutReasonIn = Literal[
    "moved_to_other_accommodation",
    "returned_home",
    "left_without_notice",
    "asked_to_leave_under_house_rule",
    "transferred",
]


class PlacementRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "placement_id": "9d1f3b5a-7c9e-4d1f-b3a5-6c8e0a2c4e7d",
                    "referral_id": "0b7d4c2e-1f3a-4b5c-8d9e-6f7a8b9c0d1e",
                    "subject_id": "5b0e6f2e-8a7c-4f0e-9d51-2f4c1c3b7a10",
                    "shelter_id": "3e5a7c9b-2d4f-4a6c-8e0b-1c3d5f7a9b2d",
                    "status": "confirmed",
                    "hold_expires_at": "2026-03-03T09:15:04+00:00",
                }
            ]
        }
    )

    placement_id: uuid.UUID = Field(description="The placement's id.")
    referral_id: uuid.UUID = Field(description="The referral it answers.")
    subject_id: uuid.UUID = Field(description="The person placed.")
    shelter_id: uuid.UUID = Field(description="The shelter.")
    status: Literal["held", "confirmed", "released", "ended"] = Field(
        description="`held` (a bed kept until `hold_expires_at`), `confirmed` (the person "
        "accepted: it is theirs), `released` (declined, run out, or the consent ended before "
        "she came), `ended` (she lived there and moved out)."
    )
    hold_expires_at: AwareDatetime = Field(description="Until when a held bed is kept.")
    ended_on: date | None = Field(default=None, description="The day she moved out, once she did.")
    end_reason: MoveOutReasonIn | None = Field(
        default=None, description="Why she moved out, once she did."
    )
    house_rule: str | None = Field(
        default=None, description="The house rule she was asked to leave under, if so."
    )
    transferred_from: uuid.UUID | None = Field(
        default=None, description="The placement this one continues, when she was transferred here."
    )


class MoveOutIn(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject_id": "5b0e6f2e-8a7c-4f0e-9d51-2f4c1c3b7a10",
                    "reason": "moved_to_other_accommodation",
                    "moved_out_on": "2026-03-16",
                }
            ]
        }
    )

    subject_id: uuid.UUID = Field(description="The person moving out: her reference code.")
    reason: MoveOutReasonIn = Field(description="Why she left.")
    moved_out_on: date = Field(
        description="The day she left: not after today, not before her placement began."
    )
    house_rule: RuleText | None = Field(
        default=None,
        description="Required when she was asked to leave under a house rule, and only "
        "then: one of this shelter's `house_rules[].rule`, word for word.",
    )
    to_shelter_id: uuid.UUID | None = Field(
        default=None,
        description="Required for a transfer, and only then: the shelter she moves to, "
        "which must take her and have a free bed. Her place there is confirmed at once.",
    )


_ENDED: dict[str, JsonValue] = {
    "placement_id": "9d1f3b5a-7c9e-4d1f-b3a5-6c8e0a2c4e7d",
    "referral_id": "0b7d4c2e-1f3a-4b5c-8d9e-6f7a8b9c0d1e",
    "subject_id": "5b0e6f2e-8a7c-4f0e-9d51-2f4c1c3b7a10",
    "shelter_id": "3e5a7c9b-2d4f-4a6c-8e0b-1c3d5f7a9b2d",
    "status": "ended",
    "hold_expires_at": "2026-03-03T09:15:04+00:00",
    "ended_on": "2026-03-16",
    "end_reason": "moved_to_other_accommodation",
}


class MoveOutRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"placement": _ENDED}]})

    placement: PlacementRead = Field(description="The stay that ended.")
    transferred_to: PlacementRead | None = Field(
        default=None, description="Her new place, when she was transferred."
    )


class MoveOutCountRead(BaseModel):
    """How many people left one shelter for one reason (and under one house rule)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "shelter_id": "3e5a7c9b-2d4f-4a6c-8e0b-1c3d5f7a9b2d",
                    "shelter_name": "Harbour House",
                    "reason": "asked_to_leave_under_house_rule",
                    "house_rule": "No visitors after 22:00",
                    "count": 3,
                }
            ]
        }
    )

    shelter_id: uuid.UUID = Field(description="The shelter.")
    shelter_name: str = Field(description="Its name.")
    reason: MoveOutReasonIn = Field(description="Why they left.")
    house_rule: str | None = Field(
        description="The house rule they were asked to leave under, for that reason."
    )
    count: int = Field(description="How many people; no person, no date.")


def _read(shelter: model.Shelter) -> ShelterRead:
    return ShelterRead(
        shelter_id=shelter.shelter_id,
        name=shelter.name,
        region=shelter.region,
        target_groups=shelter.target_groups,
        regime=shelter.regime,
        languages=shelter.languages,
        accessibility=shelter.accessibility,
        house_rules=[
            HouseRuleRead(rule=rule.rule, rationale=rule.rationale) for rule in shelter.house_rules
        ],
        beds_total=shelter.beds_total,
        beds_free=shelter.beds_free,
    )


def _house_rules(rules: list[HouseRuleIn]) -> list[model.HouseRule]:
    try:
        return [model.HouseRule(rule.rule, rule.rationale) for rule in rules]
    except model.HouseRuleError as exc:
        raise _refused(exc) from exc


def _refused(exc: model.DomainError) -> Problem:
    return Problem(422, "Refused by a domain rule", str(exc), "house-rules")


def _not_found(shelter_id: uuid.UUID) -> Problem:
    return Problem(404, "Not found", f"no shelter {shelter_id}", "not-found")


@router.post(
    "/shelters", status_code=status.HTTP_201_CREATED, response_model=ShelterRead, tags=["shelter"]
)
async def register_shelter(
    body: ShelterCreate, uow: UowDep, clock: ClockDep, hold: HoldDep, staff: ShelterStaffDep
) -> ShelterRead:
    """Register a shelter of the caller's own organisation."""
    command = handlers.RegisterShelter(
        name=body.name,
        region=body.region,
        target_groups=list(body.target_groups),
        regime=body.regime,
        languages=list(body.languages),
        beds_total=body.beds_total,
        beds_free=body.beds_free,
        organisation=staff.organisation,
        accessibility=list(body.accessibility),
        house_rules=_house_rules(body.house_rules),
    )
    try:
        async with uow:
            shelter = await handlers.register_shelter(command, uow, clock, hold)
    except model.CapacityError as exc:
        raise Problem(422, "Refused by a domain rule", str(exc), "capacity") from exc
    return _read(shelter)


@router.get("/shelters", response_model=list[ShelterRead], tags=["shelter"])
async def list_shelters(uow: UowDep, _: ShelterReaderDep) -> list[ShelterRead]:
    async with uow:
        shelters = await uow.shelters.list()
    return [_read(shelter) for shelter in shelters]


@router.get(
    "/shelters/{shelter_id}",
    response_model=ShelterRead,
    tags=["shelter"],
    responses=problem_responses(404),
)
async def get_shelter(shelter_id: uuid.UUID, uow: UowDep, _: ShelterReaderDep) -> ShelterRead:
    async with uow:
        shelter = await uow.shelters.get(shelter_id)
    if shelter is None:
        raise _not_found(shelter_id)
    return _read(shelter)


@router.patch(
    "/shelters/{shelter_id}",
    response_model=ShelterRead,
    tags=["shelter"],
    responses=problem_responses(
        404,
        (
            409,
            "`capacity`: the change would leave a held or confirmed placement without a bed, "
            "or free beds outside 0..beds_total.",
        ),
    ),
)
async def update_shelter(
    shelter_id: uuid.UUID,
    body: ShelterUpdate,
    uow: UowDep,
    clock: ClockDep,
    hold: HoldDep,
    staff: ShelterStaffDep,
) -> ShelterRead:
    """Change capacity and attributes. Refused (409) if it would leave a held or confirmed
    placement without a bed, or free beds outside 0..beds_total."""
    attributes = body.model_dump(
        exclude_none=True, exclude={"beds_total", "beds_free", "house_rules"}
    )
    if body.house_rules is not None:
        attributes["house_rules"] = _house_rules(body.house_rules)
    command = handlers.UpdateShelter(
        shelter_id=shelter_id,
        organisation=staff.organisation,
        beds_total=body.beds_total,
        beds_free=body.beds_free,
        attributes=attributes,
    )
    try:
        async with uow:
            shelter = await handlers.update_shelter(command, uow, clock, hold)
    except handlers.ShelterNotFound as exc:
        raise _not_found(shelter_id) from exc
    except handlers.NotOwnShelter as exc:
        raise Problem(
            403, "Forbidden", str(exc), "wrong-organisation", rule="wrong-organisation"
        ) from exc
    except model.CapacityError as exc:
        raise Problem(409, "Conflict", str(exc), "capacity") from exc
    return _read(shelter)


@router.post(
    "/shelters/{shelter_id}/move-outs",
    status_code=status.HTTP_201_CREATED,
    response_model=MoveOutRead,
    tags=["placement"],
    responses=problem_responses(
        (404, "`not-found`: no such shelter."),
        (409, "Her bed is only held, or the shelter she transfers to has no free bed."),
    ),
)
async def record_move_out(
    shelter_id: uuid.UUID,
    body: MoveOutIn,
    uow: UowDep,
    clock: ClockDep,
    hold: HoldDep,
    staff: ShelterStaffDep,
) -> MoveOutRead:
    """Record that a person left the shelter, and why: her bed goes at once to the first
    person waiting whom it fits, and her referral is completed (or, when she left without
    notice or was asked to leave, withdrawn with the reason). Only the shelter's own
    organisation. Refused, naming the field and changing nothing: a person with no
    placement here (422 `subject_id`; 409 if her bed is only held), a date after today or
    before her placement began (422 `moved_out_on`), a house rule that is not this
    shelter's or not called for (422 `house_rule`), a transfer without a fitting
    destination with a free bed (422/409 `to_shelter_id`)."""
    command = handlers.RecordMoveOut(
        shelter_id=shelter_id,
        subject_id=body.subject_id,
        move=model.MoveOut(
            model.MoveOutReason(body.reason),
            body.moved_out_on,
            house_rule=body.house_rule,
            to_shelter_id=body.to_shelter_id,
        ),
        actor=staff,
    )
    try:
        async with uow:
            ended, continued = await handlers.record_move_out(command, uow, clock, hold)
    except handlers.ShelterNotFound as exc:
        raise _not_found(shelter_id) from exc
    except handlers.NotOwnShelter as exc:
        raise Problem(
            403, "Forbidden", str(exc), "wrong-organisation", rule="wrong-organisation"
        ) from exc
    except model.MoveOutRefused as exc:
        raise Problem(
            409 if exc.conflict else 422,
            "Conflict" if exc.conflict else "Refused by a domain rule",
            str(exc),
            "move-out",
            errors=[{"field": exc.field, "message": exc.message, "type": "move_out"}],
        ) from exc
    return MoveOutRead(
        placement=_placement_read(ended),
        transferred_to=_placement_read(continued) if continued else None,
    )


@router.get("/statistics/move-outs", response_model=list[MoveOutCountRead], tags=["statistics"])
async def move_out_statistics(uow: UowDep, _: StatisticsReaderDep) -> list[MoveOutCountRead]:
    """For oversight (principle 9): how many people left each shelter for each reason, and
    under which house rule those asked to leave were; counts only, no person, no date."""
    async with uow:
        names = {shelter.shelter_id: shelter.name for shelter in await uow.shelters.list()}
        counts = await uow.placements.move_outs()
    return [
        MoveOutCountRead(
            shelter_id=shelter_id,
            shelter_name=names.get(shelter_id, ""),
            reason=reason,  # type: ignore[arg-type]
            house_rule=house_rule,
            count=count,
        )
        for shelter_id, reason, house_rule, count in counts
    ]


@router.get("/capacity", response_model=list[CapacityRead], tags=["shelter"])
async def capacity(uow: UowDep, _: ShelterReaderDep) -> list[CapacityRead]:
    """Free and total beds by region, target group and regime, for the dashboard. No
    personal data: a shelter taking several groups counts under each of them."""
    async with uow:
        shelters = await uow.shelters.list()
    return [
        CapacityRead(
            region=row.region,
            target_group=row.target_group,
            regime=row.regime,
            beds_total=row.beds_total,
            beds_free=row.beds_free,
            shelters=row.shelters,
        )
        for row in model.capacity_by_group(shelters)
    ]


@router.get("/placements", response_model=list[PlacementRead], tags=["placement"])
async def list_placements(
    subject_id: uuid.UUID, uow: UowDep, reader: PlacementReaderDep
) -> list[PlacementRead]:
    """A person's placements; shelter staff see only those in their organisation's shelters."""
    async with uow:
        await reader.admit(uow, subject_id)
        placements = await uow.placements.of_subject(subject_id)
        if reader.caller.sector == "shelter":
            own = {
                s.shelter_id
                for s in await uow.shelters.list()
                if s.organisation == reader.caller.organisation
            }
            placements = [p for p in placements if p.shelter_id in own]
    return [_placement_read(p) for p in placements]


def _placement_read(placement: model.Placement) -> PlacementRead:
    return PlacementRead.model_validate(
        {
            "placement_id": placement.placement_id,
            "referral_id": placement.referral_id,
            "subject_id": placement.subject_id,
            "shelter_id": placement.shelter_id,
            "status": placement.status.value,
            "hold_expires_at": placement.hold_expires_at,
            "ended_on": placement.ended_on,
            "end_reason": placement.end_reason.value if placement.end_reason else None,
            "house_rule": placement.house_rule,
            "transferred_from": placement.transferred_from,
        }
    )
