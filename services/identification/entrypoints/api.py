"""HTTP API of the identification service (port 8001), per shared/API.md."""

from __future__ import annotations

import base64
import uuid
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
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
from nrm_bus.openapi import Example, example_response
from nrm_bus.problems import Problem, problem_responses
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


_SUBJECT = "5b0e6f2e-8a7c-4f0e-9d51-2f4c1c3b7a10"
_CONSENT = "7c3d9a1e-2b4f-4e6a-8c0d-1e2f3a4b5c6d"
_NGO: Example = {
    "client_id": "ngo-outreach",
    "organisation": "Outreach Collective (demo)",
    "sector": "ngo",
}
_INFORMED: Example = {"language": "ro", "method": "written"}
_CONSENT_IN: Example = {
    "purpose": "shelter",
    "recipient": "shelter",
    "data_categories": ["needs"],
    "expires_at": "2026-06-01T00:00:00+00:00",
    "informed": _INFORMED,
}
_CONSENT_OUT: Example = {
    "consent_id": _CONSENT,
    "purpose": "shelter",
    "recipient": "shelter",
    "data_categories": ["needs"],
    "status": "active",
    "given_at": "2026-03-02T09:15:00+00:00",
    "expires_at": "2026-06-01T00:00:00+00:00",
    "withdrawn_at": None,
    "informed": {**_INFORMED, "by_organisation": "Outreach Collective (demo)", "by_sector": "ngo"},
    "jurisdiction": "NO",
    "legal_basis": "GDPR Art. 6(1)(a) and 9(2)(a): explicit consent",
    "recorded_by": _NGO,
    "with_representative": False,
    "acknowledgements": [],
}
_PERIOD: Example = {"starts_on": "2026-03-02", "ends_on": "2026-08-29", "days": 180}


def _receipt_example() -> dict[str, Any]:
    """The example consent's receipt, made by the code that makes every receipt."""
    given = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    consent = model.Consent(
        subject_id=uuid.UUID(_SUBJECT),
        purpose=model.Purpose("shelter"),
        recipient="shelter",
        data_categories=["needs"],
        given_at=given,
        expires_at=given + timedelta(days=91),
        informed=model.Informed("ro", "written", "Outreach Collective (demo)", "ngo"),
        jurisdiction="NO",
        recorded_by=model.Actor("ngo-outreach", "Outreach Collective (demo)", "ngo"),
        consent_id=uuid.UUID(_CONSENT),
    )
    example: dict[str, Any] = jsonable_encoder(receipts.receipt_document(consent, "NO", given))
    return example


RECEIPT_EXAMPLE = _receipt_example()


class InformedIn(RequestModel):
    language: LanguageTag = Field(
        description="The language the person was informed in (BCP 47): the receipt is "
        "printed in it."
    )
    method: Literal["written", "verbal", "both"] = Field(
        description="How the person was informed: in writing, by word of mouth, or both."
    )


class ConsentCreate(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_CONSENT_IN]})

    purpose: Purpose = Field(
        description="What the data may be used for. Which recipients each purpose allows: "
        "GET /v1/reference/consent-rules."
    )
    recipient: Sector = Field(description="The sector the person agrees to share with.")
    data_categories: list[DataCategory] = Field(
        min_length=1,
        description="What may be shared: `identity` (name, birth year, gender, nationality), "
        "`contact`, `needs` (target group, languages, region, child), `exploitation` (forms "
        "and indicators), `health`, `location` (where the person lives or goes).",
    )
    expires_at: AwareDatetime | None = Field(
        default=None,
        description="When the consent ends by itself (announced as ConsentExpired); none: "
        "until withdrawn. Must be in the future.",
    )
    informed: InformedIn = Field(description="How and in which language the person was told.")
    with_representative: bool = Field(
        default=False,
        description="For a child: given together with their guardian or representative "
        "(required for a consent to share with the police or prosecutor).",
    )


class InformedRead(InformedIn):
    # A response: lenient like every response model, unlike the request it extends.
    model_config = ConfigDict(extra="ignore")

    by_organisation: str = Field(description="The organisation whose staff informed the person.")
    by_sector: str = Field(description="That organisation's sector.")


class ActorRead(BaseModel):
    client_id: str = Field(description="The OAuth2 client that made the request.")
    organisation: str = Field(description="The organisation the client speaks for.")
    sector: str = Field(description="That organisation's sector.")


class AcknowledgementRead(BaseModel):
    service: str = Field(description="The service that acted: referral, shelter or justice.")
    action: Literal["restricted", "erased"] = Field(
        description="What it did with what it held under the consent."
    )
    at: AwareDatetime = Field(description="When it did it.")


class ConsentRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_CONSENT_OUT]})

    consent_id: uuid.UUID = Field(description="The consent's id; events relying on it name it.")
    purpose: Purpose = Field(description="What the data may be used for.")
    recipient: Sector = Field(description="The sector the person agreed to share with.")
    data_categories: list[DataCategory] = Field(description="What may be shared.")
    status: Literal["active", "withdrawn", "expired"] = Field(
        description="Only an active consent lets data through the gate."
    )
    given_at: AwareDatetime = Field(description="When the consent was recorded.")
    # Defaults only so that the examples (whose nulls the document drops) stay valid.
    expires_at: AwareDatetime | None = Field(
        default=None, description="When it ends by itself, if ever."
    )
    withdrawn_at: AwareDatetime | None = Field(
        default=None, description="When the person withdrew it."
    )
    informed: InformedRead = Field(
        description="How, in which language and by whom the person was informed."
    )
    jurisdiction: str = Field(description="The country whose law applies (ISO 3166-1 alpha-2).")
    legal_basis: str = Field(description="The legal basis of the processing, in words.")
    recorded_by: ActorRead = Field(description="Who recorded the consent.")
    with_representative: bool = Field(
        default=False, description="Given together with a child's guardian or representative."
    )
    acknowledgements: list[AcknowledgementRead] = Field(
        default_factory=list,
        description="Services that restricted or erased what they held once the consent ended.",
    )


class ErasureRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject_id": _SUBJECT,
                    "requested_at": "2026-03-02T09:15:00+00:00",
                    "requested_by": _NGO,
                    "acknowledgements": [
                        {"service": "referral", "at": "2026-03-02T09:15:01+00:00"}
                    ],
                }
            ]
        }
    )

    subject_id: uuid.UUID = Field(description="The person erased.")
    requested_at: AwareDatetime = Field(description="When the erasure was asked for.")
    requested_by: ActorRead = Field(description="Who asked for it.")
    acknowledgements: list[dict[str, Any]] = Field(
        description="Services that confirmed they erased what they held (`service`, `at`); "
        "the person's data key was destroyed at once."
    )


class PersonIn(RequestModel):
    given_name: str | None = Field(
        default=None, max_length=200, description="Stays in the identification service."
    )
    family_name: str | None = Field(
        default=None, max_length=200, description="Stays in the identification service."
    )
    birth_year: int | None = Field(default=None, ge=1900, le=2100, description="If known.")
    gender: Literal["female", "male", "other", "unknown"] = Field(
        default="unknown", description="As the person states it; decides the target group."
    )
    nationality: CountryCode | None = Field(
        default=None, description="ISO 3166-1 alpha-2 country code, if known."
    )
    languages: list[LanguageTag] = Field(
        min_length=1,
        max_length=10,
        description="Languages the person speaks (BCP 47), best first: information and "
        "shelters are matched to them.",
    )
    is_child: bool = Field(
        default=False,
        description="Under 18: the child rules apply (a representative, never an adult-only "
        "place).",
    )
    age_uncertain: bool = Field(
        default=False,
        description="Age not established and possibly under 18: the child rules apply.",
    )


class RepresentativeIn(RequestModel):
    role: Literal["guardian", "representative"] = Field(
        description="The child's guardian, or a representative appointed for them."
    )
    organisation: str = Field(
        min_length=1, max_length=200, description="Whom the guardian or representative is with."
    )


class IdentificationCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "grounds": "self_identified",
                    "exploitation_types": ["labour"],
                    "person": {"gender": "female", "languages": ["ro"]},
                    "region": "North",
                    "jurisdiction": "NO",
                    "consents": [_CONSENT_IN],
                }
            ]
        }
    )

    grounds: Literal["self_identified", "indicators", "both"] = Field(
        description="The reasonable grounds: the person's own account (sufficient on its "
        "own), operational indicators, or both."
    )
    indicators: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Ids of ILO/UNODC operational indicators observed (GET /v1/indicators).",
    )
    exploitation_types: list[ExploitationType] = Field(
        default_factory=list, description="The forms of exploitation the person went through."
    )
    person: PersonIn = Field(
        description="What is known of the person; only `languages` is required."
    )
    region: Region = Field(
        description="Where the person is now: services in this region are offered first."
    )
    jurisdiction: CountryCode = Field(
        description="The country whose law applies (ISO 3166-1 alpha-2): it sets the "
        "reflection period."
    )
    consents: list[ConsentCreate] = Field(
        default_factory=list,
        max_length=20,
        description="The consents the person gives now; more can be added later.",
    )
    representative: RepresentativeIn | None = Field(
        default=None,
        description="Required for a child or a person who may be a child.",
    )


class ReflectionPeriodRead(BaseModel):
    starts_on: date = Field(description="The first day of the reflection and recovery period.")
    ends_on: date = Field(description="The last day, extensions included.")
    days: int = Field(description="How many days it lasts, extensions included.")


class IdentificationRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject_id": _SUBJECT,
                    "identification_id": "2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e1b",
                    "reflection_period": _PERIOD,
                    "referable_by": "2026-03-02T09:15:03+00:00",
                }
            ]
        }
    )

    subject_id: uuid.UUID = Field(
        description="The person's pseudonymous id: every service knows them by it, never by name."
    )
    identification_id: uuid.UUID = Field(description="This identification's id.")
    reflection_period: ReflectionPeriodRead = Field(
        description="The person's reflection and recovery period under the jurisdiction's policy."
    )
    referable_by: AwareDatetime | None = Field(
        default=None,
        description="From this time a referral for the person (referral service, POST "
        "/v1/referrals) is answered at once; before it, the identification may still be "
        "crossing the bus (the referral waits, or answers 409 subject-not-yet-known with "
        "Retry-After). Null when no consent given lets social services know the person's "
        "needs: a referral is refused until one is recorded.",
    )


class ExtensionRead(BaseModel):
    days: int = Field(description="Days added.")
    reason: str = Field(description="Why, as recorded.")
    extended_at: AwareDatetime = Field(description="When it was recorded.")
    extended_by: ActorRead = Field(description="Who recorded it.")


class ReflectionPeriodDetail(ReflectionPeriodRead):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_PERIOD,
                    "jurisdiction": "NO",
                    "extensions": [
                        {
                            "days": 30,
                            "reason": "recovering from an operation",
                            "extended_at": "2026-04-01T10:00:00+00:00",
                            "extended_by": _NGO,
                        }
                    ],
                }
            ]
        }
    )

    jurisdiction: str = Field(description="The country whose policy sets the period.")
    extensions: list[ExtensionRead] = Field(
        default_factory=list, description="Every extension, oldest first."
    )


class ExtensionCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"days": 30, "reason": "recovering from an operation"}]}
    )

    days: int = Field(ge=1, le=365, description="Days to add.")
    reason: str = Field(
        min_length=1, max_length=500, description="Why; kept on record with who extended it."
    )


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


@router.get(
    "/indicators",
    tags=["identification"],
    responses=example_response(
        {
            "source": "ILO and European Commission, Operational indicators of trafficking in "
            "human beings (Delphi methodology), 2009; UNODC, Human trafficking indicators",
            "indicators": [
                {
                    "id": "deceived-nature-of-job",
                    "dimension": "deceptive_recruitment",
                    "dimension_label": "Deceptive recruitment",
                    "label": "Deceived about the nature of the job, location or employer",
                    "strength": "strong",
                }
            ],
        }
    ),
)
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
            "content": {
                "application/json": {"example": RECEIPT_EXAMPLE},
                "text/html": {
                    "schema": {"type": "string"},
                    "example": '<!doctype html><html lang="ro" dir="ltr">…</html>',
                },
            },
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
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject_id": _SUBJECT,
                    "alg": "A256GCM",
                    "key": "q4Zb1F0yX8c2l9V3n6T5w7R1s0P2m4K6j8H0g2D4f6A",
                    "consent_id": _CONSENT,
                }
            ]
        }
    )

    subject_id: uuid.UUID = Field(description="The person the key belongs to.")
    alg: Literal["A256GCM"] = Field(default="A256GCM", description="AES-256-GCM, as JOSE names it.")
    key: str = Field(
        description="The key, base64url without padding: it opens the `sealed` member of "
        "events about this person (nonce and ciphertext base64; associated data "
        "`<event id>|<event type>|<subject_id>`)."
    )
    consent_id: uuid.UUID = Field(
        description="The consent the key is released under; once the person is erased the "
        "key is destroyed and opens nothing new."
    )


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
    responses=problem_responses(404, (409, "`already-done`: the person's data is already erased.")),
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


@router.get(
    "/subjects/{subject_id}/erasure",
    response_model=ErasureRead,
    tags=["erasure"],
    responses=problem_responses(404),
)
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
    responses=problem_responses(404),
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
    responses=problem_responses(
        404, (409, "`already-done`: the consent is already withdrawn or expired.")
    ),
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
    responses=problem_responses(404),
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
