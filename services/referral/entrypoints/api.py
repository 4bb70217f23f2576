"""HTTP API of the referral service (port 8002), per shared/API.md."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Request, status
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from nrm_bus.access import not_found
from nrm_bus.auth import PersonReader
from nrm_bus.models import RequestModel
from nrm_bus.problems import Problem
from nrm_bus.vocabulary import LanguageTag, Region, TargetGroup
from referral.domain import model
from referral.domain.providers import Provider
from referral.entrypoints.deps import (
    ClockDep,
    ProviderDep,
    ReferenceReaderDep,
    ReferralAnswerDep,
    ReferralReaderDep,
    ReferralRevokerDep,
    ReferrerDep,
    SettingsDep,
    UowDep,
)
from referral.service_layer import handlers

router = APIRouter(prefix="/v1", tags=["referral"])

ServiceTypeIn = Literal[
    "shelter",
    "medical",
    "psychological",
    "legal",
    "language",
    "vocational",
    "financial",
    "family",
    "return",
]
DeclineReasonIn = Literal[
    "wants_to_migrate_further",
    "family_needs_or_pressure",
    "does_not_need_it",
    "did_not_understand_offer",
    "offer_does_not_fit",
    "rules_and_restrictions",
    "fear_of_trafficker_or_reprisals",
    "does_not_trust_helpers",
    "stigma",
    "does_not_see_self_as_victim",
    "provider_declined",
]


RevokeReasonIn = Literal[
    "entered_in_error",
    "duplicate",
    "needs_changed",
    "served_elsewhere",
    "contact_lost",
    "left_the_area",
]


class ReferralCreate(RequestModel):
    subject_id: uuid.UUID
    service_type: ServiceTypeIn
    needs: dict[str, Any] = Field(default_factory=dict)
    region: Region | None = None


class ReferralCreated(BaseModel):
    referral_id: uuid.UUID
    status: str


class PlacementRead(BaseModel):
    shelter_id: uuid.UUID
    shelter_name: str
    hold_expires_at: AwareDatetime
    placement_id: uuid.UUID | None = None
    # The day she moved out, once she did.
    ended_on: date | None = None


class ReferralRead(BaseModel):
    referral_id: uuid.UUID
    subject_id: uuid.UUID
    service_type: ServiceTypeIn
    status: Literal[
        "requested",
        "offered",
        "accepted",
        "declined",
        "in_progress",
        "completed",
        "withdrawn",
        "waitlisted",
    ]
    region: str
    created_at: AwareDatetime
    history: list[dict[str, Any]]
    # For services other than shelter: the provider it was offered with.
    provider: dict[str, str] | None = None
    placement: PlacementRead | None = None


class WithdrawalIn(RequestModel):
    reason: RevokeReasonIn = Field(
        description="Why the organisation that made the referral withdraws it; the person's "
        "own no is a decline."
    )


class DeclineIn(RequestModel):
    reason: DeclineReasonIn
    note: str | None = Field(default=None, max_length=2000)
    # What the person agreed may be kept for when they come back; the rest is dropped.
    keep: list[Literal["needs", "note"]] = Field(default_factory=list)


def _read(referral: model.Referral) -> ReferralRead:
    return ReferralRead(
        referral_id=referral.referral_id,
        subject_id=referral.subject_id,
        service_type=referral.service_type.value,
        status=referral.status.value,
        region=referral.region,
        created_at=referral.created_at,
        history=referral.history,
        placement=PlacementRead(**referral.placement) if referral.placement else None,
        provider=referral.provider,
    )


def _refused(exc: model.DomainError) -> Problem:
    if isinstance(exc, handlers.SubjectNotYetKnown):
        return Problem(
            409,
            "Subject not yet known",
            str(exc),
            "subject-not-yet-known",
            headers={"Retry-After": "1"},
        )
    if isinstance(exc, handlers.SubjectUnknown):
        return _unknown_subject(str(exc))
    if isinstance(exc, handlers.MissingConsent):
        return Problem(
            409,
            "Missing consent",
            str(exc),
            "missing-consent",
            missing_consent={"recipient": exc.recipient},
        )
    if isinstance(exc, handlers.ReferralNotFound):
        return not_found()
    if isinstance(exc, handlers.NotTheProvider):
        return Problem(403, "Forbidden", str(exc), "forbidden", rule="wrong-organisation")
    if isinstance(exc, handlers.NotTheReferrer):
        return Problem(
            403,
            "Forbidden",
            str(exc),
            "wrong-organisation",
            rule="wrong-organisation",
            errors=[{"field": "referral_id", "message": str(exc), "type": "not_the_referrer"}],
        )
    if isinstance(exc, model.NotRevocable):
        return Problem(
            409,
            "Conflict",
            str(exc),
            "referral-state",
            errors=[{"field": "referral_id", "message": str(exc), "type": "referral_ended"}],
        )
    return Problem(409, "Conflict", str(exc), "referral-state")


def _unknown_subject(detail: str) -> Problem:
    return Problem(
        404,
        "Not found",
        f"subject_id: {detail}. Check the id; a person identified without any consent to be "
        "assisted is known to referral only once one is recorded",
        "not-found",
        errors=[{"field": "subject_id", "message": "not known to referral", "type": "unknown"}],
    )


@router.post("/referrals", status_code=status.HTTP_201_CREATED, response_model=ReferralCreated)
async def start_referral(
    body: ReferralCreate,
    request: Request,
    clock: ClockDep,
    settings: SettingsDep,
    actor: ReferrerDep,
) -> ReferralCreated:
    """Offer a service to a person. Needs an active consent covering the service's
    recipient sector (GET /v1/reference/service-consents); never any consent or cooperation
    with the justice sector. Without one: 409 missing-consent, at once. An identification
    made moments ago (before its `referable_by`) may still be crossing the bus: the request
    waits for it, then answers 409 subject-not-yet-known with Retry-After if part of it is
    still on its way; a person referral has heard nothing of is 404 once that window has
    passed."""
    command = handlers.StartReferral(
        subject_id=body.subject_id,
        service_type=model.ServiceType(body.service_type),
        needs=body.needs,
        region=body.region,
        actor=actor,
    )
    runtime = request.app.state.runtime
    if await runtime.vault.is_erased(body.subject_id):
        # Answered as for anyone unknown: whether someone asked to be erased is not for all.
        raise _unknown_subject(f"no person {body.subject_id} is known to referral")
    try:
        referral = await handlers.start_referral_when_known(
            command,
            runtime.unit_of_work,
            clock,
            runtime.arrivals,
            within_s=settings.referable_within_s,
            settle=runtime.applied_in_hand,
        )
    except model.DomainError as exc:
        raise _refused(exc) from exc
    return ReferralCreated(referral_id=referral.referral_id, status=referral.status.value)


@router.get("/referrals", response_model=list[ReferralRead])
async def referrals_of_subject(
    subject_id: uuid.UUID, uow: UowDep, reader: ReferralReaderDep
) -> list[ReferralRead]:
    async with uow:
        await reader.admit(uow, subject_id)
        return [_read(referral) for referral in await uow.referrals.of_subject(subject_id)]


@router.get("/referrals/{referral_id}", response_model=ReferralRead)
async def get_referral(
    referral_id: uuid.UUID, uow: UowDep, reader: ReferralReaderDep
) -> ReferralRead:
    async with uow:
        referral = await uow.referrals.get(referral_id)
        await reader.admit(uow, referral.subject_id if referral else None, referral_id)
    if referral is None:
        raise not_found()
    return _read(referral)


async def _admit_to_referral(uow: UowDep, reader: PersonReader, referral_id: uuid.UUID) -> None:
    async with uow:
        referral = await uow.referrals.get(referral_id)
        await reader.admit(uow, referral.subject_id if referral else None, referral_id)


@router.post("/referrals/{referral_id}/acceptance", response_model=ReferralRead)
async def accept(
    referral_id: uuid.UUID, uow: UowDep, clock: ClockDep, actor: ReferralAnswerDep
) -> ReferralRead:
    await _admit_to_referral(uow, actor, referral_id)
    try:
        async with uow:
            referral = await handlers.accept_referral(
                handlers.AcceptReferral(referral_id, actor.caller), uow, clock
            )
    except model.DomainError as exc:
        raise _refused(exc) from exc
    return _read(referral)


@router.post("/referrals/{referral_id}/decline", response_model=ReferralRead)
async def decline(
    referral_id: uuid.UUID,
    body: DeclineIn,
    uow: UowDep,
    clock: ClockDep,
    actor: ReferralAnswerDep,
) -> ReferralRead:
    await _admit_to_referral(uow, actor, referral_id)
    try:
        async with uow:
            referral = await handlers.decline_referral(
                handlers.DeclineReferral(
                    referral_id,
                    model.DeclineReason(body.reason),
                    body.note,
                    actor.caller,
                    frozenset(body.keep),
                ),
                uow,
                clock,
            )
    except model.DomainError as exc:
        raise _refused(exc) from exc
    return _read(referral)


@router.post("/referrals/{referral_id}/withdrawal", response_model=ReferralRead)
async def withdraw(
    referral_id: uuid.UUID,
    body: WithdrawalIn,
    uow: UowDep,
    clock: ClockDep,
    actor: ReferralRevokerDep,
) -> ReferralRead:
    """The organisation that made the referral withdraws it, with a reason from the list: it
    becomes `withdrawn`, and a bed held for it is released at once (a waiting request leaves
    the waitlist). Another organisation that referred the same person: 403 naming
    `referral_id`; a referral already declined, completed or withdrawn, or a shelter place
    she has accepted (the shelter records her move-out): 409 naming `referral_id`. Nothing
    changes when refused. Anyone else: the 404 of a stranger."""
    await _admit_to_referral(uow, actor, referral_id)
    try:
        async with uow:
            referral = await handlers.revoke_referral(
                handlers.RevokeReferral(referral_id, model.RevokeReason(body.reason), actor.caller),
                uow,
                clock,
            )
    except model.DomainError as exc:
        raise _refused(exc) from exc
    return _read(referral)


# --- providers of the services other than shelter ------------------------------------


class ProviderIn(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    service_types: list[
        Literal[
            "medical", "psychological", "legal", "language", "vocational", "financial", "family"
        ]
    ] = Field(min_length=1)
    regions: list[Region] = Field(min_length=1, max_length=50)
    target_groups: list[TargetGroup] = Field(min_length=1)
    languages: list[LanguageTag] = Field(min_length=1, max_length=30)


class ProviderRead(ProviderIn):
    # A response: lenient like every response model, unlike the request it extends.
    model_config = ConfigDict(extra="ignore")

    provider_id: uuid.UUID
    organisation: str


class ProviderDeclineIn(RequestModel):
    reason: Literal["no_capacity", "not_eligible", "outside_area", "other"]


class ProgressIn(RequestModel):
    status: Literal["in_progress", "completed"]


def _provider_read(provider: Provider) -> ProviderRead:
    return ProviderRead.model_validate(
        {**provider.__dict__, "service_types": [s.value for s in provider.service_types]}
    )


@router.post(
    "/providers",
    status_code=status.HTTP_201_CREATED,
    response_model=ProviderRead,
    tags=["provider"],
)
async def register_provider(body: ProviderIn, uow: UowDep, actor: ProviderDep) -> ProviderRead:
    """A provider of medical, psychological, legal, language, vocational, financial or family
    services, registered by its own organisation; referrals are matched to it by service,
    the person's group, region and language."""
    try:
        async with uow:
            provider = await handlers.register_provider(
                handlers.RegisterProvider(
                    name=body.name,
                    service_types=[model.ServiceType(value) for value in body.service_types],
                    regions=list(body.regions),
                    target_groups=list(body.target_groups),
                    languages=list(body.languages),
                    actor=actor,
                ),
                uow,
            )
    except model.DomainError as exc:
        raise _refused(exc) from exc
    return _provider_read(provider)


@router.get("/providers", response_model=list[ProviderRead], tags=["provider"])
async def list_providers(uow: UowDep, reader: ReferenceReaderDep) -> list[ProviderRead]:
    async with uow:
        return [_provider_read(provider) for provider in await uow.providers.list()]


@router.post(
    "/referrals/{referral_id}/provider-decline", response_model=ReferralRead, tags=["provider"]
)
async def provider_declines(
    referral_id: uuid.UUID,
    body: ProviderDeclineIn,
    uow: UowDep,
    clock: ClockDep,
    actor: ProviderDep,
) -> ReferralRead:
    """The provider the referral was offered to cannot take the person, with a reason; the
    person can be referred again, and that provider is passed over."""
    return await _provider_answer(
        handlers.ProviderAnswer(referral_id, actor, decline_reason=body.reason), uow, clock
    )


@router.post("/referrals/{referral_id}/progress", response_model=ReferralRead, tags=["provider"])
async def provider_progress(
    referral_id: uuid.UUID, body: ProgressIn, uow: UowDep, clock: ClockDep, actor: ProviderDep
) -> ReferralRead:
    """The provider reports the service under way, then completed."""
    return await _provider_answer(
        handlers.ProviderAnswer(referral_id, actor, progress=model.Status(body.status)), uow, clock
    )


async def _provider_answer(
    command: handlers.ProviderAnswer, uow: UowDep, clock: ClockDep
) -> ReferralRead:
    try:
        async with uow:
            referral = await handlers.provider_answers(command, uow, clock)
    except model.DomainError as exc:
        raise _refused(exc) from exc
    return _read(referral)
