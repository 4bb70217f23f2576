"""Commands of the identification service. Each writes its state change and the events it
causes in one unit of work; nothing reaches the bus unless the transaction commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from identification.domain.model import (
    Consent,
    ConsentStatus,
    DomainError,
    Grounds,
    Identification,
    Informed,
    Person,
    Purpose,
    ReflectionPolicy,
)
from identification.service_layer.unit_of_work import IdentificationUnitOfWork
from nrm_bus import topics
from nrm_bus.auth import Caller
from nrm_bus.clock import Clock
from nrm_bus.contracts import build_event
from nrm_bus.envelope import CloudEvent

SOURCE = "/nrm/identification"


class SubjectNotFound(DomainError):
    pass


class ConsentNotFound(DomainError):
    pass


@dataclass(frozen=True)
class IdentifySubject:
    grounds: Grounds
    indicators: list[str]
    exploitation_types: list[str]
    person: Person
    region: str
    jurisdiction: str
    consents: list[dict[str, Any]]
    actor: Caller


@dataclass(frozen=True)
class GiveConsent:
    subject_id: uuid.UUID
    purpose: Purpose
    recipient: str
    data_categories: list[str]
    expires_at: datetime | None
    informed: Informed
    actor: Caller


@dataclass(frozen=True)
class WithdrawConsent:
    subject_id: uuid.UUID
    consent_id: uuid.UUID
    actor: Caller


async def identify_subject(
    cmd: IdentifySubject,
    uow: IdentificationUnitOfWork,
    clock: Clock,
    policies: dict[str, ReflectionPolicy],
) -> Identification:
    identification = Identification.record(
        grounds=cmd.grounds,
        indicators=cmd.indicators,
        exploitation_types=cmd.exploitation_types,
        person=cmd.person,
        region=cmd.region,
        jurisdiction=cmd.jurisdiction,
        consents=cmd.consents,
        now=clock.now(),
        policies=policies,
    )
    await uow.identifications.add(identification)
    await uow.record_access(cmd.actor, "identification.create", identification.subject_id)
    for consent in identification.consents:
        await _announce_consent(uow, identification, consent)
    if any(consent.covers_assistance for consent in identification.consents):
        await uow.publish(topics.REFERRAL_SUBJECTS, _subject_identified(identification))
    await uow.commit()
    return identification


async def give_consent(cmd: GiveConsent, uow: IdentificationUnitOfWork, clock: Clock) -> Consent:
    identification = await uow.identifications.get(cmd.subject_id)
    if identification is None:
        raise SubjectNotFound(f"no subject {cmd.subject_id}")
    consent = Consent.give(
        cmd.subject_id,
        cmd.purpose,
        cmd.recipient,
        cmd.data_categories,
        cmd.expires_at,
        cmd.informed,
        clock.now(),
    )
    await uow.identifications.add_consent(consent)
    await uow.record_access(cmd.actor, "consent.give", cmd.subject_id, consent.consent_id)
    await _announce_consent(uow, identification, consent)
    now = clock.now()
    already_referable = any(
        c.covers_assistance and c.status(now) is ConsentStatus.ACTIVE
        for c in identification.consents
    )
    if consent.covers_assistance and not already_referable:
        await uow.publish(topics.REFERRAL_SUBJECTS, _subject_identified(identification))
    await uow.commit()
    return consent


async def withdraw_consent(
    cmd: WithdrawConsent, uow: IdentificationUnitOfWork, clock: Clock
) -> Consent:
    consents = await uow.identifications.consents_of(cmd.subject_id)
    consent = next((c for c in consents if c.consent_id == cmd.consent_id), None)
    if consent is None:
        raise ConsentNotFound(f"no consent {cmd.consent_id} for subject {cmd.subject_id}")
    consent.withdraw(clock.now())
    await uow.record_access(cmd.actor, "consent.withdraw", cmd.subject_id, consent.consent_id)
    await uow.identifications.save_withdrawal(consent)
    await uow.publish(
        topics.CONSENTS,
        build_event(
            "ConsentWithdrawn",
            {
                "consent_id": str(consent.consent_id),
                "subject_id": str(consent.subject_id),
                "withdrawn_at": clock.now().isoformat(),
            },
            source=SOURCE,
            key=str(consent.subject_id),
            subject=str(consent.subject_id),
        ),
    )
    await uow.commit()
    return consent


async def _announce_consent(
    uow: IdentificationUnitOfWork, identification: Identification, consent: Consent
) -> None:
    """Broadcast the consent's scope; open a justice case only if this consent says so."""
    subject = str(identification.subject_id)
    await uow.publish(
        topics.CONSENTS,
        build_event(
            "ConsentGiven",
            {
                "consent_id": str(consent.consent_id),
                "subject_id": subject,
                "purpose": consent.purpose.value,
                "recipient": consent.recipient,
                "data_categories": consent.data_categories,
                "given_at": consent.given_at.isoformat(),
                "expires_at": consent.expires_at.isoformat() if consent.expires_at else None,
            },
            source=SOURCE,
            key=subject,
            subject=subject,
        ),
    )
    if consent.opens_justice_track:
        await uow.publish(
            topics.JUSTICE_INTAKE,
            build_event(
                "JusticeIntakeRequested",
                {
                    "subject_id": subject,
                    "consent_id": str(consent.consent_id),
                    "purpose": consent.purpose.value,
                    "recipient": consent.recipient,
                    "region": identification.region,
                    "jurisdiction": identification.jurisdiction,
                    "exploitation_types": sorted(set(identification.exploitation_types)),
                    "identified_at": identification.identified_at.isoformat(),
                },
                source=SOURCE,
                key=subject,
                subject=subject,
            ),
        )


def _subject_identified(identification: Identification) -> CloudEvent:
    period = identification.reflection_period
    subject = str(identification.subject_id)
    return build_event(
        "SubjectIdentified",
        {
            "subject_id": subject,
            "identification_id": str(identification.identification_id),
            "region": identification.region,
            "jurisdiction": identification.jurisdiction,
            "target_group": identification.person.target_group,
            "is_child": identification.person.is_child,
            "languages": identification.person.languages,
            "reflection_period": {
                "starts_on": period.starts_on.isoformat(),
                "ends_on": period.ends_on.isoformat(),
                "days": period.days,
            },
            "identified_at": identification.identified_at.isoformat(),
            "consent_ids": [str(consent.consent_id) for consent in identification.consents],
        },
        source=SOURCE,
        key=subject,
        subject=subject,
    )
