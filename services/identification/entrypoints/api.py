"""HTTP API of the identification service (port 8001), per shared/API.md."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, status
from pydantic import AwareDatetime, BaseModel, Field

from identification.domain import model
from identification.entrypoints.deps import (
    ClockDep,
    ConsentWriterDep,
    IdentifierDep,
    PoliciesDep,
    SubjectReaderDep,
    UowDep,
)
from identification.service_layer import handlers
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


class InformedIn(BaseModel):
    language: LanguageTag
    method: Literal["written", "verbal", "both"]


class ConsentCreate(BaseModel):
    purpose: Purpose
    recipient: Sector
    data_categories: list[DataCategory] = Field(min_length=1)
    expires_at: AwareDatetime | None = None
    informed: InformedIn


class ConsentRead(BaseModel):
    consent_id: uuid.UUID
    purpose: Purpose
    recipient: Sector
    data_categories: list[DataCategory]
    status: Literal["active", "withdrawn", "expired"]
    given_at: AwareDatetime
    expires_at: AwareDatetime | None
    withdrawn_at: AwareDatetime | None
    informed: InformedIn


class PersonIn(BaseModel):
    given_name: str | None = Field(default=None, max_length=200)
    family_name: str | None = Field(default=None, max_length=200)
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    gender: Literal["female", "male", "other", "unknown"] = "unknown"
    nationality: CountryCode | None = None
    languages: list[LanguageTag] = Field(min_length=1, max_length=10)
    is_child: bool = False


class IdentificationCreate(BaseModel):
    grounds: Literal["self_identified", "indicators", "both"]
    indicators: list[str] = Field(default_factory=list, max_length=50)
    exploitation_types: list[ExploitationType] = Field(default_factory=list)
    person: PersonIn
    region: Region
    jurisdiction: CountryCode
    consents: list[ConsentCreate] = Field(default_factory=list, max_length=20)


class ReflectionPeriodRead(BaseModel):
    starts_on: date
    ends_on: date
    days: int


class IdentificationRead(BaseModel):
    subject_id: uuid.UUID
    identification_id: uuid.UUID
    reflection_period: ReflectionPeriodRead


class ReflectionPeriodDetail(ReflectionPeriodRead):
    jurisdiction: str
    extensions: list[dict[str, str]] = Field(default_factory=list)


def _consent_read(consent: model.Consent, clock: ClockDep) -> ConsentRead:
    return ConsentRead(
        consent_id=consent.consent_id,
        purpose=consent.purpose.value,
        recipient=consent.recipient,  # type: ignore[arg-type]
        data_categories=consent.data_categories,  # type: ignore[arg-type]
        status=consent.status(clock.now()).value,
        given_at=consent.given_at,
        expires_at=consent.expires_at,
        withdrawn_at=consent.withdrawn_at,
        informed=InformedIn(language=consent.informed.language, method=consent.informed.method),  # type: ignore[arg-type]
    )


def _refused(exc: model.DomainError) -> Problem:
    if isinstance(exc, handlers.SubjectNotFound | handlers.ConsentNotFound):
        return Problem(404, "Not found", str(exc), "not-found")
    return Problem(422, "Refused by a domain rule", str(exc), "domain-rule")


def _consent_fields(consent: ConsentCreate) -> dict[str, Any]:
    return {
        "purpose": model.Purpose(consent.purpose),
        "recipient": consent.recipient,
        "data_categories": list(consent.data_categories),
        "expires_at": consent.expires_at,
        "informed": model.Informed(consent.informed.language, consent.informed.method),
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
    actor: IdentifierDep,
) -> IdentificationRead:
    """Record reasonable grounds that a person is a presumed victim. The person's own account
    (`self_identified`) is sufficient on its own."""
    command = handlers.IdentifySubject(
        grounds=model.Grounds(body.grounds),
        indicators=body.indicators,
        exploitation_types=list(body.exploitation_types),
        person=model.Person(**body.person.model_dump()),
        region=body.region,
        jurisdiction=body.jurisdiction,
        consents=[_consent_fields(consent) for consent in body.consents],
        actor=actor,
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
    )


@router.get("/subjects/{subject_id}/consents", response_model=list[ConsentRead], tags=["consent"])
async def list_consents(
    subject_id: uuid.UUID, uow: UowDep, clock: ClockDep, reader: SubjectReaderDep
) -> list[ConsentRead]:
    async with uow:
        await uow.record_access(reader, "consents.read", subject_id)
        await uow.commit()
        if await uow.identifications.get(subject_id) is None:
            raise Problem(404, "Not found", f"no subject {subject_id}", "not-found")
        consents = await uow.identifications.consents_of(subject_id)
    return [_consent_read(consent, clock) for consent in consents]


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
                    actor=actor,
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
                handlers.WithdrawConsent(subject_id, consent_id, actor), uow, clock
            )
    except model.DomainError as exc:
        if isinstance(exc, handlers.ConsentNotFound):
            raise _refused(exc) from exc
        raise Problem(409, "Conflict", str(exc), "consent-state") from exc
    return _consent_read(consent, clock)


@router.get(
    "/subjects/{subject_id}/reflection-period",
    response_model=ReflectionPeriodDetail,
    tags=["identification"],
)
async def reflection_period(
    subject_id: uuid.UUID, uow: UowDep, reader: SubjectReaderDep
) -> ReflectionPeriodDetail:
    async with uow:
        await uow.record_access(reader, "reflection_period.read", subject_id)
        await uow.commit()
        identification = await uow.identifications.get(subject_id)
    if identification is None:
        raise Problem(404, "Not found", f"no subject {subject_id}", "not-found")
    period = identification.reflection_period
    return ReflectionPeriodDetail(
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        days=period.days,
        jurisdiction=period.jurisdiction,
    )
