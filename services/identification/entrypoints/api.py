"""HTTP API of the identification service (port 8001), per shared/API.md."""

from __future__ import annotations

import base64
import uuid
from dataclasses import asdict
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Request, Response, status
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from identification import receipts
from identification.domain import model, reference
from identification.entrypoints.deps import (
    ClockDep,
    ConsentsReaderDep,
    ConsentWriterDep,
    EraserDep,
    IdentifierDep,
    IndicatorsDep,
    KeyReceiverDep,
    PoliciesDep,
    ReferableWithinDep,
    ReferenceReaderDep,
    ReflectionReaderDep,
    UowDep,
    VaultDep,
)
from identification.service_layer import handlers
from nrm_bus.access import not_found, visible_consents
from nrm_bus.models import RequestModel
from nrm_bus.problems import Problem
from nrm_bus.vocabulary import (
    CountryCode,
    DataCategory,
    ExploitationType,
    LanguageTag,
    Purpose,
    Region,
    Sector,
)

router = APIRouter(prefix="/v1")


class InformedIn(RequestModel):
    language: LanguageTag
    method: Literal["written", "verbal", "both"]


class ConsentCreate(RequestModel):
    purpose: Purpose
    recipient: Sector
    data_categories: list[DataCategory] = Field(min_length=1)
    expires_at: AwareDatetime | None = None
    informed: InformedIn
    # For a child: given together with their guardian or representative (required for a
    # consent to share with the police or prosecutor).
    with_representative: bool = False


class InformedRead(InformedIn):
    # A response: lenient like every response model, unlike the request it extends.
    model_config = ConfigDict(extra="ignore")

    by_organisation: str
    by_sector: str


class ActorRead(BaseModel):
    client_id: str
    organisation: str
    sector: str


class AcknowledgementRead(BaseModel):
    service: str
    action: Literal["restricted", "erased"]
    at: AwareDatetime


class ConsentRead(BaseModel):
    consent_id: uuid.UUID
    purpose: Purpose
    recipient: Sector
    data_categories: list[DataCategory]
    status: Literal["active", "withdrawn", "expired"]
    given_at: AwareDatetime
    expires_at: AwareDatetime | None
    withdrawn_at: AwareDatetime | None
    informed: InformedRead
    jurisdiction: str
    legal_basis: str
    recorded_by: ActorRead
    with_representative: bool = False
    # Services that restricted or erased what they held once the consent ended.
    acknowledgements: list[AcknowledgementRead] = Field(default_factory=list)


class ErasureRead(BaseModel):
    subject_id: uuid.UUID
    requested_at: AwareDatetime
    requested_by: ActorRead
    # Services that confirmed they erased what they held; the key was destroyed at once.
    acknowledgements: list[dict[str, Any]]


class PersonIn(RequestModel):
    given_name: str | None = Field(default=None, max_length=200)
    family_name: str | None = Field(default=None, max_length=200)
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    gender: Literal["female", "male", "other", "unknown"] = "unknown"
    nationality: CountryCode | None = None
    languages: list[LanguageTag] = Field(min_length=1, max_length=10)
    is_child: bool = False
    # Age not established and possibly under 18: the child rules apply.
    age_uncertain: bool = False


class RepresentativeIn(RequestModel):
    role: Literal["guardian", "representative"]
    organisation: str = Field(min_length=1, max_length=200)


class IdentificationCreate(RequestModel):
    grounds: Literal["self_identified", "indicators", "both"]
    indicators: list[str] = Field(default_factory=list, max_length=50)
    exploitation_types: list[ExploitationType] = Field(default_factory=list)
    person: PersonIn
    region: Region
    jurisdiction: CountryCode
    consents: list[ConsentCreate] = Field(default_factory=list, max_length=20)
    # Required for a child or a person who may be a child.
    representative: RepresentativeIn | None = None


class ReflectionPeriodRead(BaseModel):
    starts_on: date
    ends_on: date
    days: int


class IdentificationRead(BaseModel):
    subject_id: uuid.UUID
    identification_id: uuid.UUID
    reflection_period: ReflectionPeriodRead
    referable_by: AwareDatetime | None = Field(
        default=None,
        description="From this time a referral for the person (referral service, POST "
        "/v1/referrals) is answered at once; before it, the identification may still be "
        "crossing the bus (the referral waits, or answers 409 subject-not-yet-known with "
        "Retry-After). Null when no consent given lets social services know the person's "
        "needs: a referral is refused until one is recorded.",
    )


class ExtensionRead(BaseModel):
    days: int
    reason: str
    extended_at: AwareDatetime
    extended_by: ActorRead


class ReflectionPeriodDetail(ReflectionPeriodRead):
    jurisdiction: str
    extensions: list[ExtensionRead] = Field(default_factory=list)


class ExtensionCreate(RequestModel):
    days: int = Field(ge=1, le=365)
    reason: str = Field(min_length=1, max_length=500)


def _consent_read(
    consent: model.Consent,
    clock: ClockDep,
    acknowledgements: list[dict[str, Any]] | None = None,
) -> ConsentRead:
    return ConsentRead.model_validate(
        {
            **asdict(consent),
            "purpose": consent.purpose.value,
            "status": consent.status(clock.now()).value,
            "acknowledgements": acknowledgements or [],
        }
    )


def _refused(exc: model.DomainError) -> Problem:
    if isinstance(exc, handlers.SubjectNotFound | handlers.ConsentNotFound):
        return not_found()
    if isinstance(exc, handlers.AlreadyDone):
        return Problem(409, "Conflict", str(exc), "already-done")
    if isinstance(exc, handlers.NotAllowed):
        return Problem(403, "Forbidden", str(exc), "forbidden", rule="wrong-organisation")
    if isinstance(exc, model.InvalidField):
        return Problem(
            422,
            "Refused by a domain rule",
            str(exc),
            "domain-rule",
            errors=[{"field": exc.field, "message": exc.message, "type": "domain_rule"}],
        )
    return Problem(422, "Refused by a domain rule", str(exc), "domain-rule")


def _check_reference_data(
    body: IdentificationCreate, indicators: reference.IndicatorCatalogue
) -> None:
    """Indicators from the operational list, real countries and languages: a typo here
    would send a person's case down the wrong policy or past the wrong interpreter."""
    errors = [
        {
            "field": f"indicators.{position}",
            "message": "not an operational indicator (GET /v1/indicators)",
            "type": "unknown_indicator",
        }
        for position in indicators.unknown(body.indicators)
    ]
    if not reference.is_country(body.jurisdiction):
        errors.append(
            {"field": "jurisdiction", "message": "not a country code", "type": "unknown_country"}
        )
    if body.person.nationality and not reference.is_country(body.person.nationality):
        errors.append(
            {
                "field": "person.nationality",
                "message": "not a country code",
                "type": "unknown_country",
            }
        )
    languages = [(f"person.languages.{i}", tag) for i, tag in enumerate(body.person.languages)]
    languages += [
        (f"consents.{i}.informed.language", consent.informed.language)
        for i, consent in enumerate(body.consents)
    ]
    for where, tag in languages:
        if not reference.is_language(tag):
            errors.append(
                {"field": where, "message": "not a known language", "type": "unknown_language"}
            )
    if errors:
        fields = ", ".join(error["field"] for error in errors)
        raise Problem(
            422, "Invalid request", f"Unknown values in: {fields}", "validation", errors=errors
        )


def _consent_fields(consent: ConsentCreate) -> dict[str, Any]:
    return {
        "purpose": model.Purpose(consent.purpose),
        "recipient": consent.recipient,
        "data_categories": list(consent.data_categories),
        "expires_at": consent.expires_at,
        "informed": model.Informed(consent.informed.language, consent.informed.method),
        "with_representative": consent.with_representative,
    }


@router.post(
    "/identifications",
    status_code=status.HTTP_201_CREATED,
    response_model=IdentificationRead,
    tags=["identification"],
)
async def identify(
    body: IdentificationCreate,
    uow: UowDep,
    clock: ClockDep,
    policies: PoliciesDep,
    indicators: IndicatorsDep,
    referable_within: ReferableWithinDep,
    actor: IdentifierDep,
) -> IdentificationRead:
    """Record reasonable grounds that a person is a presumed victim. The person's own account
    (`self_identified`) is sufficient on its own."""
    _check_reference_data(body, indicators)
    command = handlers.IdentifySubject(
        grounds=model.Grounds(body.grounds),
        indicators=body.indicators,
        exploitation_types=list(body.exploitation_types),
        person=model.Person(**body.person.model_dump()),
        region=body.region,
        jurisdiction=body.jurisdiction,
        consents=[_consent_fields(consent) for consent in body.consents],
        actor=handlers.actor_of(actor),
        representative=(
            model.Representative(**body.representative.model_dump())
            if body.representative
            else None
        ),
    )
    try:
        async with uow:
            identification = await handlers.identify_subject(command, uow, clock, policies)
    except model.DomainError as exc:
        raise _refused(exc) from exc
    period = identification.reflection_period
    return IdentificationRead(
        subject_id=identification.subject_id,
        identification_id=identification.identification_id,
        reflection_period=ReflectionPeriodRead(
            starts_on=period.starts_on, ends_on=period.ends_on, days=period.days
        ),
        referable_by=identification.referable_by(referable_within),
    )


@router.get("/indicators", tags=["identification"])
async def list_indicators(indicators: IndicatorsDep, reader: ReferenceReaderDep) -> dict[str, Any]:
    """The operational indicators an identification may name, with their source."""
    return indicators.as_dict()


@router.get("/subjects/{subject_id}/consents", response_model=list[ConsentRead], tags=["consent"])
async def list_consents(
    subject_id: uuid.UUID, uow: UowDep, clock: ClockDep, reader: ConsentsReaderDep
) -> list[ConsentRead]:
    """The person's consents: all of them for the identifying organisation and auditors;
    for anyone else only those naming its own sector, so whether the person consented to
    the police is known only to whom it concerns."""
    async with uow:
        granted = await reader.admit(uow, subject_id)
        await _known(uow, subject_id)
        consents = visible_consents(
            granted, reader.caller, await uow.identifications.consents_of(subject_id)
        )
        return [
            _consent_read(
                consent, clock, await uow.identifications.acknowledgements_of(consent.consent_id)
            )
            for consent in consents
        ]


async def _known(uow: UowDep, subject_id: uuid.UUID) -> model.Identification:
    identification = await uow.identifications.get(subject_id)
    if identification is None or identification.erased_at is not None:
        raise not_found()
    return identification


async def _consent_of(
    uow: UowDep, reader: ConsentsReaderDep, subject_id: uuid.UUID, consent_id: uuid.UUID
) -> model.Consent:
    """One consent, if the reader may see the person and this consent of theirs."""
    granted = await reader.admit(uow, subject_id, consent_id)
    identification = await _known(uow, subject_id)
    visible = visible_consents(granted, reader.caller, identification.consents)
    consent = next((c for c in visible if c.consent_id == consent_id), None)
    if consent is None:
        raise not_found()
    return consent


@router.get(
    "/subjects/{subject_id}/consents/{consent_id}",
    response_model=ConsentRead,
    tags=["consent"],
)
async def get_consent(
    subject_id: uuid.UUID,
    consent_id: uuid.UUID,
    uow: UowDep,
    clock: ClockDep,
    reader: ConsentsReaderDep,
) -> ConsentRead:
    """One consent, with the services that acknowledged its end."""
    async with uow:
        consent = await _consent_of(uow, reader, subject_id, consent_id)
        return _consent_read(
            consent, clock, await uow.identifications.acknowledgements_of(consent_id)
        )


@router.get(
    "/subjects/{subject_id}/consents/{consent_id}/receipt",
    tags=["consent"],
    responses={
        200: {
            "description": "The consent receipt: JSON in the ISO/IEC TS 27560 structure, or "
            "with `Accept: text/html` a printable page in the language the person was "
            "informed in.",
            "content": {"application/json": {}, "text/html": {}},
        }
    },
)
async def consent_receipt(
    subject_id: uuid.UUID,
    consent_id: uuid.UUID,
    request: Request,
    uow: UowDep,
    clock: ClockDep,
    reader: ConsentsReaderDep,
) -> Response:
    async with uow:
        consent = await _consent_of(uow, reader, subject_id, consent_id)
    document = receipts.receipt_document(consent, consent.jurisdiction, clock.now())
    if _wants_html(request):
        html = receipts.render_receipt_html(
            document, consent.informed.language, request.app.state.receipt_catalogues
        )
        return HTMLResponse(html)
    return JSONResponse(jsonable_encoder(document))


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept


class DataKeyRead(BaseModel):
    subject_id: uuid.UUID
    alg: Literal["A256GCM"] = "A256GCM"
    # base64url, no padding: opens the `sealed` member of events about this person.
    key: str
    # The consent the key is released under; it stops opening anything once erased.
    consent_id: uuid.UUID


@router.get("/subjects/{subject_id}/data-key", response_model=DataKeyRead, tags=["consent"])
async def release_data_key(
    subject_id: uuid.UUID,
    uow: UowDep,
    clock: ClockDep,
    vault: VaultDep,
    caller: KeyReceiverDep,
) -> DataKeyRead:
    """A recipient outside the mechanism (a foreign counterpart) gets the person's data key
    only while the person has an active consent naming the caller's sector; the release is
    recorded. Anyone else gets the same 404 as for an unknown person."""
    async with uow:
        granted = await caller.admit(uow, subject_id)
        await _known(uow, subject_id)
    if granted.consent_id is None:
        raise not_found()  # only a consent opens this read; kept explicit all the same
    key = await vault.data_key(subject_id, create=True)
    return DataKeyRead(
        subject_id=subject_id,
        key=base64.urlsafe_b64encode(key).rstrip(b"=").decode(),
        consent_id=granted.consent_id,
    )


@router.post(
    "/subjects/{subject_id}/erasure",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ErasureRead,
    tags=["erasure"],
)
async def erase_subject(
    subject_id: uuid.UUID, uow: UowDep, clock: ClockDep, vault: VaultDep, actor: EraserDep
) -> ErasureRead:
    """The person's right to erasure. Their data key is destroyed at once, so every
    personal field the broker still holds about them is unreadable from now on; each
    service then erases what it holds and acknowledges (see GET)."""
    try:
        async with uow:
            await handlers.erase_subject(
                handlers.EraseSubject(subject_id, handlers.actor_of(actor)), uow, clock, vault
            )
    except model.DomainError as exc:
        raise _refused(exc) from exc
    return await _erasure(uow, subject_id)


@router.get("/subjects/{subject_id}/erasure", response_model=ErasureRead, tags=["erasure"])
async def erasure_status(subject_id: uuid.UUID, uow: UowDep, actor: EraserDep) -> ErasureRead:
    """Who has confirmed the erasure: for the organisation that asked for it, or auditors."""
    erasure = await _erasure(uow, subject_id)
    if actor.sector != "audit" and erasure.requested_by.organisation != actor.organisation:
        # As for an unknown person: whether someone was erased is not for everyone.
        raise not_found()
    async with uow:
        await uow.record_access(actor, "erasure.read", subject_id)
        await uow.commit()
    return erasure


async def _erasure(uow: UowDep, subject_id: uuid.UUID) -> ErasureRead:
    async with uow:
        erasure = await uow.identifications.erasure_of(subject_id)
        if erasure is None:
            raise not_found()
        acknowledgements = await uow.identifications.erasure_acknowledgements(subject_id)
    return ErasureRead(subject_id=subject_id, acknowledgements=acknowledgements, **erasure)


@router.post(
    "/subjects/{subject_id}/consents",
    status_code=status.HTTP_201_CREATED,
    response_model=ConsentRead,
    tags=["consent"],
)
async def give_consent(
    subject_id: uuid.UUID,
    body: ConsentCreate,
    uow: UowDep,
    clock: ClockDep,
    actor: ConsentWriterDep,
) -> ConsentRead:
    try:
        async with uow:
            consent = await handlers.give_consent(
                handlers.GiveConsent(
                    subject_id=subject_id,
                    actor=handlers.actor_of(actor),
                    **_consent_fields(body),
                ),
                uow,
                clock,
            )
    except model.DomainError as exc:
        raise _refused(exc) from exc
    return _consent_read(consent, clock)


@router.post(
    "/subjects/{subject_id}/consents/{consent_id}/withdrawal",
    response_model=ConsentRead,
    tags=["consent"],
)
async def withdraw_consent(
    subject_id: uuid.UUID,
    consent_id: uuid.UUID,
    uow: UowDep,
    clock: ClockDep,
    actor: ConsentWriterDep,
) -> ConsentRead:
    try:
        async with uow:
            consent = await handlers.withdraw_consent(
                handlers.WithdrawConsent(subject_id, consent_id, handlers.actor_of(actor)),
                uow,
                clock,
            )
    except model.DomainError as exc:
        raise _refused(exc) from exc
    return _consent_read(consent, clock)


@router.get(
    "/subjects/{subject_id}/reflection-period",
    response_model=ReflectionPeriodDetail,
    tags=["identification"],
)
async def reflection_period(
    subject_id: uuid.UUID, uow: UowDep, reader: ReflectionReaderDep
) -> ReflectionPeriodDetail:
    async with uow:
        await reader.admit(uow, subject_id)
        identification = await _known(uow, subject_id)
    return _period_detail(identification.reflection_period)


def _period_detail(period: model.ReflectionPeriod) -> ReflectionPeriodDetail:
    return ReflectionPeriodDetail.model_validate(
        {
            "starts_on": period.starts_on,
            "ends_on": period.ends_on,
            "days": period.total_days,
            "jurisdiction": period.jurisdiction,
            "extensions": [asdict(extension) for extension in period.extensions],
        }
    )


@router.post(
    "/subjects/{subject_id}/reflection-period/extensions",
    status_code=status.HTTP_201_CREATED,
    response_model=ReflectionPeriodDetail,
    tags=["identification"],
)
async def extend_reflection_period(
    subject_id: uuid.UUID,
    body: ExtensionCreate,
    uow: UowDep,
    clock: ClockDep,
    actor: IdentifierDep,
) -> ReflectionPeriodDetail:
    """More time to recover and decide, with the reason on record; every service hears of
    the new end date, and the warnings before it are armed again."""
    try:
        async with uow:
            period = await handlers.extend_reflection_period(
                handlers.ExtendReflectionPeriod(
                    subject_id, body.days, body.reason, handlers.actor_of(actor)
                ),
                uow,
                clock,
            )
    except model.DomainError as exc:
        raise _refused(exc) from exc
    return _period_detail(period)
