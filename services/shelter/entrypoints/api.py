"""HTTP API of the shelter service (port 8003), per shared/API.md."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, status
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

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
    status: Literal["held", "confirmed", "released"] = Field(
        description="`held` (a bed kept until `hold_expires_at`), `confirmed` (the person "
        "accepted: it is theirs), `released` (declined, run out, or the consent ended)."
    )
    hold_expires_at: AwareDatetime = Field(description="Until when a held bed is kept.")


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
    return [
        PlacementRead(
            placement_id=p.placement_id,
            referral_id=p.referral_id,
            subject_id=p.subject_id,
            shelter_id=p.shelter_id,
            status=p.status.value,
            hold_expires_at=p.hold_expires_at,
        )
        for p in placements
    ]
