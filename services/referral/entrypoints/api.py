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
from nrm_bus.openapi import Example
from nrm_bus.problems import Problem, problem_responses
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
REFERRAL_STATE = (
    "`referral-state`: the referral's status does not allow this (an offer already answered, "
    "a hold that has run out, a withdrawn referral); `detail` says which."
)

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


_SUBJECT = "5b0e6f2e-8a7c-4f0e-9d51-2f4c1c3b7a10"
_REFERRAL = "0b7d4c2e-1f3a-4b5c-8d9e-6f7a8b9c0d1e"
_REFERRAL_OUT: Example = {
    "referral_id": _REFERRAL,
    "subject_id": _SUBJECT,
    "service_type": "shelter",
    "status": "offered",
    "region": "North",
    "created_at": "2026-03-02T09:15:04+00:00",
    "history": [
        {"status": "requested", "at": "2026-03-02T09:15:04+00:00"},
        {"status": "offered", "at": "2026-03-02T09:15:04.300000+00:00"},
    ],
    "placement": {
        "shelter_id": "3e5a7c9b-2d4f-4a6c-8e0b-1c3d5f7a9b2d",
        "shelter_name": "Harbour House",
        "hold_expires_at": "2026-03-03T09:15:04+00:00",
    },
}

RevokeReasonIn = Literal[
    "entered_in_error",
    "duplicate",
    "needs_changed",
    "served_elsewhere",
    "contact_lost",
    "left_the_area",
]


class ReferralCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"subject_id": _SUBJECT, "service_type": "shelter"}]}
    )

    subject_id: uuid.UUID = Field(description="The person, as the identification answered.")
    service_type: ServiceTypeIn = Field(
        description="The service offered. Which consent each needs: "
        "GET /v1/reference/service-consents; `return` only under a cross_border consent."
    )
    needs: dict[str, Any] = Field(
        default_factory=dict,
        description="What the service should know, beyond what the identification said "
        "(for a shelter: `with_children`, `regime_preference`); kept only under the consent.",
    )
    region: Region | None = Field(
        default=None, description="Where the service is wanted; the person's region if absent."
    )


class ReferralCreated(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"referral_id": _REFERRAL, "status": "requested"}]}
    )

    referral_id: uuid.UUID = Field(description="The referral's id.")
    status: str = Field(
        description="`requested`; a shelter or provider answers within moments "
        "(GET /v1/referrals/{referral_id})."
    )


class PlacementRead(BaseModel):
    shelter_id: uuid.UUID = Field(description="The shelter holding a bed.")
    shelter_name: str = Field(description="Its name.")
    hold_expires_at: AwareDatetime = Field(
        description="The bed is held until then; accept before it, or it is released."
    )
    placement_id: uuid.UUID | None = Field(
        default=None, description="The placement in the shelter service, once offered."
    )
    ended_on: date | None = Field(
        default=None, description="The day she moved out of this shelter, once she did."
    )


class ReferralRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_REFERRAL_OUT]})

    referral_id: uuid.UUID = Field(description="The referral's id.")
    subject_id: uuid.UUID = Field(description="The person referred.")
    service_type: ServiceTypeIn = Field(description="The service offered.")
    status: Literal[
        "requested",
        "offered",
        "accepted",
        "declined",
        "in_progress",
        "completed",
        "withdrawn",
        "waitlisted",
    ] = Field(
        description="`requested` → `offered` (a place or provider found) or `waitlisted` "
        "(none yet; offered when one frees) → `accepted` or `declined` by the person → "
        "`in_progress` → `completed`; `withdrawn` when the consent it relied on ended."
    )
    region: str = Field(description="Where the service is offered.")
    created_at: AwareDatetime = Field(description="When the referral was started.")
    history: list[dict[str, Any]] = Field(
        description="Every status with when (`status`, `at`, and what came with it), oldest first."
    )
    provider: dict[str, str] | None = Field(
        default=None,
        description="For services other than shelter: the provider it was offered to "
        "(`provider_id`, `provider_name`, `organisation`).",
    )
    placement: PlacementRead | None = Field(
        default=None, description="For a shelter, once offered: the bed held."
    )


class WithdrawalIn(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "entered_in_error"}]})

    reason: RevokeReasonIn = Field(
        description="Why the organisation that made the referral withdraws it; the person's "
        "own no is a decline."
    )


class DeclineIn(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "reason": "fear_of_trafficker_or_reprisals",
                    "note": "would like to be asked again in a week",
                    "keep": ["needs"],
                }
            ]
        }
    )

    reason: DeclineReasonIn = Field(
        description="Why the person declines, as a category: counted (never the note) in "
        "GET /v1/statistics/declines."
    )
    note: str | None = Field(
        default=None,
        max_length=2000,
        description="In words, if the person wants it on record; dropped unless kept.",
    )
    keep: list[Literal["needs", "note"]] = Field(
        default_factory=list,
        description="What the person agreed may be kept for when they come back; the rest "
        "is dropped.",
    )


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


@router.post(
    "/referrals",
    status_code=status.HTTP_201_CREATED,
    response_model=ReferralCreated,
    responses=problem_responses(
        (
            404,
            "`not-found`: no person with this `subject_id` is known to referral (`errors` "
            "names the field), or the person asked to be erased. A person identified without "
            "any consent to be assisted is known only once one is recorded.",
        ),
        (
            409,
            "`missing-consent`: no active consent covers the service; `missing_consent` names "
            "the recipient sector (record one, then retry). `subject-not-yet-known`, with "
            "`Retry-After`: an identification made moments ago (before its `referable_by`) is "
            "still crossing the bus; retry after the header's seconds.",
        ),
    ),
)
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


@router.post(
    "/referrals/{referral_id}/acceptance",
    response_model=ReferralRead,
    responses=problem_responses((409, REFERRAL_STATE)),
)
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


@router.post(
    "/referrals/{referral_id}/decline",
    response_model=ReferralRead,
    responses=problem_responses((409, REFERRAL_STATE)),
)
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


@router.post(
    "/referrals/{referral_id}/withdrawal",
    response_model=ReferralRead,
    responses=problem_responses(
        (403, "`wrong-organisation`: another organisation made this referral."),
        (409, "`referral-state`: it has ended, or she has accepted her shelter place."),
    ),
)
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


_PROVIDER_IN: Example = {
    "name": "Community Clinic North",
    "service_types": ["medical", "psychological"],
    "regions": ["North"],
    "target_groups": ["women", "men"],
    "languages": ["en", "ro"],
}


class ProviderIn(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_PROVIDER_IN]})

    name: str = Field(min_length=1, max_length=200, description="The provider's name.")
    service_types: list[
        Literal[
            "medical", "psychological", "legal", "language", "vocational", "financial", "family"
        ]
    ] = Field(min_length=1, description="The services it offers (not shelter or return).")
    regions: list[Region] = Field(min_length=1, max_length=50, description="Where it offers them.")
    target_groups: list[TargetGroup] = Field(
        min_length=1, description="Whom it serves; a child is matched only where children are."
    )
    languages: list[LanguageTag] = Field(
        min_length=1, max_length=30, description="Languages its staff speak (BCP 47)."
    )


class ProviderRead(ProviderIn):
    # A response: lenient like every response model, unlike the request it extends.
    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    **_PROVIDER_IN,
                    "provider_id": "4f6b8d0a-3c5e-4b7d-9f1a-2b4c6d8e0f3a",
                    "organisation": "Community Clinic (demo)",
                }
            ]
        },
    )

    provider_id: uuid.UUID = Field(description="The provider's id.")
    organisation: str = Field(
        description="The organisation that registered it: only it answers its referrals."
    )


class ProviderDeclineIn(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "no_capacity"}]})

    reason: Literal["no_capacity", "not_eligible", "outside_area", "other"] = Field(
        description="Why the provider cannot take the person; they are referred elsewhere."
    )


class ProgressIn(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "in_progress"}]})

    status: Literal["in_progress", "completed"] = Field(
        description="The service is under way, or completed."
    )


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
    "/referrals/{referral_id}/provider-decline",
    response_model=ReferralRead,
    tags=["provider"],
    responses=problem_responses(404, (409, REFERRAL_STATE)),
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


@router.post(
    "/referrals/{referral_id}/progress",
    response_model=ReferralRead,
    tags=["provider"],
    responses=problem_responses(404, (409, REFERRAL_STATE)),
)
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
