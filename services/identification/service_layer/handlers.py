"""Commands of the identification service. Each writes its state change and the events it
causes in one unit of work; nothing reaches the bus unless the transaction commits."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from identification.domain.model import (
    Actor,
    Consent,
    ConsentStatus,
    DomainError,
    Grounds,
    Identification,
    Informed,
    Person,
    Purpose,
    ReflectionPeriod,
    ReflectionPolicy,
    Representative,
)
from identification.service_layer.unit_of_work import IdentificationUnitOfWork
from nrm_bus import topics
from nrm_bus.access import Relation
from nrm_bus.auth import Caller
from nrm_bus.clock import Clock
from nrm_bus.consent_events import ERASURE_REQUESTED
from nrm_bus.consumer import Handler
from nrm_bus.contracts import build_event
from nrm_bus.disclosure import disclosures
from nrm_bus.envelope import CloudEvent
from nrm_bus.sealing import KeyVault

SOURCE = "/nrm/identification"

# The consents that concern the referral service, by the rule for what it receives.
_REFERRAL_PURPOSES = disclosures().purposes_for(["SubjectIdentified"])


class SubjectNotFound(DomainError):
    pass


class ConsentNotFound(DomainError):
    pass


class NotAllowed(DomainError):
    """The caller may not do this to this person's record."""


class AlreadyDone(DomainError):
    """The request repeats one already carried out (a second withdrawal or erasure)."""


@dataclass(frozen=True)
class IdentifySubject:
    grounds: Grounds
    indicators: list[str]
    exploitation_types: list[str]
    person: Person
    region: str
    jurisdiction: str
    consents: list[dict[str, Any]]
    actor: Actor
    representative: Representative | None = None


@dataclass(frozen=True)
class GiveConsent:
    subject_id: uuid.UUID
    purpose: Purpose
    recipient: str
    data_categories: list[str]
    expires_at: datetime | None
    informed: Informed
    actor: Actor
    with_representative: bool = False


@dataclass(frozen=True)
class WithdrawConsent:
    subject_id: uuid.UUID
    consent_id: uuid.UUID
    actor: Actor


@dataclass(frozen=True)
class EraseSubject:
    subject_id: uuid.UUID
    actor: Actor


def actor_of(caller: Caller) -> Actor:
    return Actor(caller.client_id, caller.organisation, caller.sector)


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
        actor=cmd.actor,
        representative=cmd.representative,
    )
    await uow.identifications.add(identification)
    await uow.parties.add(
        identification.subject_id, cmd.actor.organisation, Relation.IDENTIFIED, clock.now()
    )
    await uow.record_access(cmd.actor, "identification.create", identification.subject_id)
    for consent in identification.consents:
        await _announce_consent(uow, identification, consent)
    referable = identification.referable_consent(clock.now())
    if referable is not None:
        await uow.publish(topics.REFERRAL_SUBJECTS, _subject_identified(identification, referable))
    await uow.commit()
    return identification


async def give_consent(cmd: GiveConsent, uow: IdentificationUnitOfWork, clock: Clock) -> Consent:
    identification = await _live(uow, cmd.subject_id)
    now = clock.now()
    consent = Consent.give(
        cmd.subject_id,
        cmd.purpose,
        cmd.recipient,
        cmd.data_categories,
        cmd.expires_at,
        cmd.informed,
        now,
        jurisdiction=identification.jurisdiction,
        recorded_by=cmd.actor,
        for_child=identification.person.treated_as_child,
        with_representative=cmd.with_representative,
    )
    await uow.identifications.add_consent(consent)
    await uow.record_access(cmd.actor, "consent.give", cmd.subject_id, consent.consent_id)
    await _announce_consent(uow, identification, consent)
    already_referable = identification.referable_consent(now) is not None
    if consent.covers_needs_for_assistance and not already_referable:
        # Referral forgot the person's needs when their last such consent ended; this one
        # lets social services know them again, without a new identification.
        identification.consents.append(consent)
        await uow.publish(topics.REFERRAL_SUBJECTS, _subject_identified(identification, consent))
    await uow.commit()
    return consent


async def _live(uow: IdentificationUnitOfWork, subject_id: uuid.UUID) -> Identification:
    identification = await uow.identifications.get(subject_id)
    if identification is None or identification.erased_at is not None:
        # An erased person is as unknown as one never identified.
        raise SubjectNotFound(f"no subject {subject_id}")
    return identification


async def withdraw_consent(
    cmd: WithdrawConsent, uow: IdentificationUnitOfWork, clock: Clock
) -> Consent:
    consents = await uow.identifications.consents_of(cmd.subject_id)
    consent = next((c for c in consents if c.consent_id == cmd.consent_id), None)
    if consent is None:
        raise ConsentNotFound(f"no consent {cmd.consent_id} for subject {cmd.subject_id}")
    if consent.status(clock.now()) is not ConsentStatus.ACTIVE:
        raise AlreadyDone(f"consent is already {consent.status(clock.now()).value}")
    consent.withdraw(clock.now(), cmd.actor)
    await uow.record_access(cmd.actor, "consent.withdraw", cmd.subject_id, consent.consent_id)
    await uow.identifications.save_consent_state(consent)
    await _announce_end(uow, consent, "ConsentWithdrawn", "withdrawn_at", clock.now())
    await uow.commit()
    return consent


async def expire_consents(uow_factory: Callable[[], IdentificationUnitOfWork], clock: Clock) -> int:
    """Announce every consent whose expiry has come, once, without anyone asking; the
    recipients then restrict what they hold exactly as after a withdrawal."""
    now = clock.now()
    async with uow_factory() as uow:
        due = await uow.identifications.consents_due_to_expire(now)
    announced = 0
    for consent_id in due:
        async with uow_factory() as uow:
            consent = await uow.identifications.consent_for_update(consent_id)
            if consent is None or consent.expiry_announced_at is not None:
                continue  # another instance announced it meanwhile
            if consent.status(now) is not ConsentStatus.EXPIRED:
                continue
            consent.expiry_announced_at = now
            await uow.identifications.save_consent_state(consent)
            assert consent.expires_at is not None
            await _announce_end(uow, consent, "ConsentExpired", "expired_at", consent.expires_at)
            await uow.commit()
            announced += 1
    return announced


async def erase_subject(
    cmd: EraseSubject, uow: IdentificationUnitOfWork, clock: Clock, vault: KeyVault
) -> None:
    """The right to erasure: forget the person here, destroy their data key (every sealed
    field on the bus becomes unreadable), and ask every service to erase what it holds."""
    identification = await uow.identifications.get(cmd.subject_id)
    if identification is None:
        raise SubjectNotFound(f"no subject {cmd.subject_id}")
    if not identification.may_be_erased_by(cmd.actor):
        raise NotAllowed("only the identifying organisation or an auditor may erase a person")
    if identification.erased_at is not None:
        raise AlreadyDone("the person's data is already erased")
    # The key goes first: if what follows fails, the person is already unreadable on the
    # bus and a repeated request finishes the rest (destroying is idempotent).
    await vault.destroy(cmd.subject_id)
    now = clock.now()
    identification.erase(now)
    await uow.identifications.save_erasure(identification, cmd.actor)
    uow.record_erasure(cmd.actor, cmd.subject_id)
    await uow.erase_subject(cmd.subject_id)
    subject = str(cmd.subject_id)
    await uow.publish(
        topics.CONSENTS,
        build_event(
            ERASURE_REQUESTED,
            {"subject_id": subject, "requested_at": now.isoformat()},
            source=SOURCE,
            key=subject,
            subject=subject,
        ),
    )
    await uow.commit()


@dataclass(frozen=True)
class ExtendReflectionPeriod:
    subject_id: uuid.UUID
    days: int
    reason: str
    actor: Actor


async def extend_reflection_period(
    cmd: ExtendReflectionPeriod, uow: IdentificationUnitOfWork, clock: Clock
) -> ReflectionPeriod:
    identification = await _live(uow, cmd.subject_id)
    now = clock.now()
    period = identification.reflection_period.extend(cmd.days, cmd.reason, now, cmd.actor)
    await uow.identifications.add_extension(cmd.subject_id, period.extensions[-1])
    await uow.record_access(cmd.actor, "reflection_period.extend", cmd.subject_id)
    subject = str(cmd.subject_id)
    await uow.publish(
        topics.REFLECTION_PERIODS,
        build_event(
            "ReflectionPeriodExtended",
            {
                "subject_id": subject,
                "jurisdiction": period.jurisdiction,
                "starts_on": period.starts_on.isoformat(),
                "ends_on": period.ends_on.isoformat(),
                "days": period.total_days,
                "extended_at": now.isoformat(),
                "responsible_organisation": identification.identified_by.organisation,
            },
            source=SOURCE,
            key=subject,
            subject=subject,
        ),
    )
    await uow.commit()
    return period


async def announce_reflection_notices(
    uow_factory: Callable[[], IdentificationUnitOfWork],
    clock: Clock,
    warning_days: tuple[int, ...],
) -> int:
    """Without any request: warn before each reflection period ends, and say when it has
    ended, once each. Returns how many notices went out."""
    async with uow_factory() as uow:
        subjects = await uow.identifications.live_subjects()
    sent = 0
    for subject_id in subjects:
        try:
            async with uow_factory() as uow:
                sent += await _announce_due(uow, subject_id, clock, warning_days)
        except IntegrityError:
            continue  # another instance announced it first
    return sent


async def _announce_due(
    uow: IdentificationUnitOfWork,
    subject_id: uuid.UUID,
    clock: Clock,
    warning_days: tuple[int, ...],
) -> int:
    identification = await uow.identifications.get(subject_id)
    if identification is None or identification.erased_at is not None:
        return 0
    now = clock.now()
    period = identification.reflection_period
    done = await uow.identifications.announced(subject_id)
    due = [(notice, left) for notice, left in period.notices_due(now.date(), warning_days)]
    due = [(notice, left) for notice, left in due if notice not in done]
    subject = str(subject_id)
    for notice, left in due:
        await uow.identifications.record_notice(subject_id, notice, now)
        data: dict[str, Any] = {
            "subject_id": subject,
            "jurisdiction": period.jurisdiction,
            "ends_on": period.ends_on.isoformat(),
            "announced_at": now.isoformat(),
            # Whom operations staff call while the clock runs down.
            "responsible_organisation": identification.identified_by.organisation,
        }
        if left > 0:
            event_type = "ReflectionPeriodEnding"
            data["days_left"] = left
        else:
            event_type = "ReflectionPeriodEnded"
        await uow.publish(
            topics.REFLECTION_PERIODS,
            build_event(event_type, data, source=SOURCE, key=subject, subject=subject),
        )
    await uow.commit()
    return len(due)


# --- acknowledgements from the recipients -----------------------------------------------


async def on_consent_acknowledged(event: CloudEvent, uow: IdentificationUnitOfWork) -> None:
    data = event.data
    await uow.identifications.add_acknowledgement(
        consent_id=uuid.UUID(data["consent_id"]),
        service=data["service"],
        action=data["action"],
        at=datetime.fromisoformat(data["acknowledged_at"]),
    )


async def on_subject_erased(event: CloudEvent, uow: IdentificationUnitOfWork) -> None:
    data = event.data
    await uow.identifications.add_erasure_acknowledgement(
        subject_id=uuid.UUID(data["subject_id"]),
        service=data["service"],
        at=datetime.fromisoformat(data["erased_at"]),
    )


def event_handlers() -> dict[str, Handler]:
    return {
        "ConsentAcknowledged": on_consent_acknowledged,
        "SubjectErased": on_subject_erased,
    }


async def _announce_end(
    uow: IdentificationUnitOfWork, consent: Consent, event_type: str, field: str, at: datetime
) -> None:
    subject = str(consent.subject_id)
    await uow.publish(
        topics.CONSENTS,
        build_event(
            event_type,
            {"consent_id": str(consent.consent_id), "subject_id": subject, field: at.isoformat()},
            source=SOURCE,
            key=subject,
            subject=subject,
        ),
    )


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
                    "jurisdiction": identification.jurisdiction,
                    "identified_at": identification.identified_at.isoformat(),
                    # Everything the justice sector might be told; the consent gate keeps
                    # only the categories this consent covers (schemas/disclosures.yaml).
                    "region": identification.region,
                    "exploitation_types": sorted(set(identification.exploitation_types)),
                    "indicators": identification.indicators,
                    **_identity(identification),
                },
                source=SOURCE,
                key=subject,
                subject=subject,
            ),
        )


def _identity(identification: Identification) -> dict[str, Any]:
    person = identification.person
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "birth_year": person.birth_year,
        "gender": person.gender,
        "nationality": person.nationality,
    }


def _subject_identified(identification: Identification, consent: Consent) -> CloudEvent:
    period = identification.reflection_period
    subject = str(identification.subject_id)
    return build_event(
        "SubjectIdentified",
        {
            "subject_id": subject,
            "consent_id": str(consent.consent_id),
            "identification_id": str(identification.identification_id),
            "region": identification.region,
            "jurisdiction": identification.jurisdiction,
            "target_group": identification.person.target_group,
            "is_child": identification.person.treated_as_child,
            "languages": identification.person.languages,
            "reflection_period": {
                "starts_on": period.starts_on.isoformat(),
                "ends_on": period.ends_on.isoformat(),
                "days": period.days,
            },
            "identified_at": identification.identified_at.isoformat(),
            # Only the consents referral keeps: it must not learn that others exist.
            "consent_ids": [
                str(consent.consent_id)
                for consent in identification.consents
                if consent.purpose in _REFERRAL_PURPOSES
            ],
            "identified_by_sector": identification.identified_by.sector,
            "identified_by_organisation": identification.identified_by.organisation,
            "exploitation_types": sorted(set(identification.exploitation_types)),
        },
        source=SOURCE,
        key=subject,
        subject=subject,
    )
