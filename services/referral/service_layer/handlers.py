"""Commands and event handlers of the referral service."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, get_args

from nrm_bus import topics
from nrm_bus.access import Relation
from nrm_bus.arrivals import SubjectArrivals
from nrm_bus.auth import Caller
from nrm_bus.clock import Clock
from nrm_bus.consent_events import ConsentEnded
from nrm_bus.consumer import Handler, PermanentFailure
from nrm_bus.contracts import build_event
from nrm_bus.envelope import CloudEvent
from nrm_bus.gate import ConsentRecord
from nrm_bus.vocabulary import Regime
from referral.domain.model import (
    ASSISTANCE_PURPOSES,
    ConsentNeeded,
    DeclineReason,
    DomainError,
    Referral,
    RevokeReason,
    ServiceType,
    Status,
    Subject,
    consent_needed,
    covering_consent,
)
from referral.domain.providers import PROVIDED_SERVICES, Provider, match_provider
from referral.service_layer.unit_of_work import ReferralUnitOfWork

SOURCE = "/nrm/referral"


class SubjectUnknown(DomainError):
    """Nothing about the person has reached this service: no consent to be assisted, no
    identification. An identification made moments ago may still be on its way; past that
    window, an id nobody identified (or identified without any consent to be assisted)."""


class SubjectNotYetKnown(DomainError):
    """Part of an identification made moments ago has reached this service (a consent that
    covers the service, or the person without all their consents), the rest is on its way;
    retrying shortly will work."""


class MissingConsent(DomainError):
    def __init__(self, needed: ConsentNeeded, *, subject_known: bool) -> None:
        super().__init__(
            f"no active consent to share {', '.join(sorted(needed.data_categories))} with "
            f"the {needed.recipient} sector; record one with the identification service "
            "(GET /v1/reference/service-consents lists what covers each service)"
        )
        self.recipient = needed.recipient
        # False: decided from the person's consents alone, before their identification
        # reached this service.
        self.subject_known = subject_known


class ReferralNotFound(DomainError):
    pass


class NotTheReferrer(DomainError):
    """Only the organisation that made a referral may revoke it."""


@dataclass(frozen=True)
class StartReferral:
    subject_id: uuid.UUID
    service_type: ServiceType
    needs: dict[str, Any]
    region: str | None
    actor: Caller


@dataclass(frozen=True)
class AcceptReferral:
    referral_id: uuid.UUID
    actor: Caller


@dataclass(frozen=True)
class DeclineReferral:
    referral_id: uuid.UUID
    reason: DeclineReason
    note: str | None
    actor: Caller
    # What the person agreed may be kept after declining: "needs", "note".
    keep: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RevokeReferral:
    referral_id: uuid.UUID
    reason: RevokeReason
    actor: Caller


def _event(event_type: str, referral: Referral, data: dict[str, Any]) -> CloudEvent:
    subject = str(referral.subject_id)
    return build_event(
        event_type,
        {
            "referral_id": str(referral.referral_id),
            "subject_id": subject,
            # The consent the referral relies on: the gate lets the event go only under it.
            "consent_id": str(referral.consent_id),
            **data,
        },
        source=SOURCE,
        key=subject,
        subject=subject,
    )


def consent_for_referral(
    cmd: StartReferral,
    subject: Subject | None,
    consents: list[ConsentRecord],
    now: datetime,
) -> tuple[Subject, ConsentRecord]:
    """The person and the consent a referral relies on, or why there are none yet.

    A missing consent is answered at once, whether or not the person's identification has
    reached this service: the consent broadcast reaches it even when the identification is
    held back for lack of a consent to be assisted. Only consents to be assisted count:
    a consent to the justice sector or for statistics neither opens assistance nor shows
    in a referral's answer, so a person with only those is as unknown here as one never
    identified (whether someone consented to a justice purpose is not for every referrer).
    """
    assisting = [consent for consent in consents if consent.purpose in ASSISTANCE_PURPOSES]
    covering = covering_consent(assisting, cmd.service_type, now)
    if subject is not None:
        if not set(subject.consent_ids) <= {consent.consent_id for consent in consents}:
            raise SubjectNotYetKnown(f"consents of subject {cmd.subject_id} are still arriving")
        if covering is None:
            raise MissingConsent(consent_needed(cmd.service_type), subject_known=True)
        return subject, covering
    if not assisting:
        raise SubjectUnknown(f"no person {cmd.subject_id} is known to referral")
    if covering is None:
        raise MissingConsent(consent_needed(cmd.service_type), subject_known=False)
    # A covering consent is here and the identification it came with is not, yet.
    raise SubjectNotYetKnown(f"the identification of subject {cmd.subject_id} is on its way")


async def start_referral(cmd: StartReferral, uow: ReferralUnitOfWork, clock: Clock) -> Referral:
    now = clock.now()
    subject, consent = consent_for_referral(
        cmd,
        await uow.referrals.get_subject(cmd.subject_id),
        await uow.consents.of_subject(cmd.subject_id),
        now,
    )
    referral = Referral.start(
        subject, cmd.service_type, cmd.region, cmd.needs, consent, now, by=cmd.actor.organisation
    )
    await uow.referrals.add(referral)
    await uow.parties.add(referral.subject_id, cmd.actor.organisation, Relation.REFERRED, now)
    await uow.record_access(cmd.actor, "referral.start", referral.subject_id, referral.referral_id)
    if referral.service_type is ServiceType.SHELTER:
        await uow.publish(
            topics.SHELTER_PLACEMENT_REQUESTS,
            _event(
                "PlacementRequested",
                referral,
                {
                    "target_group": subject.target_group,
                    "is_child": subject.is_child,
                    "languages": subject.languages,
                    "region": referral.region,
                    "requested_at": now.isoformat(),
                    "referred_by_organisation": cmd.actor.organisation,
                    **_matching_preferences(referral.needs),
                },
            ),
        )
    if referral.service_type in PROVIDED_SERVICES:
        await _offer_provider(uow, referral, subject, now)
    if referral.service_type is ServiceType.RETURN:
        await uow.publish(
            topics.CROSS_BORDER_REFERRALS, _cross_border(referral, subject, consent, now)
        )
    await uow.commit()
    return referral


async def start_referral_when_known(
    cmd: StartReferral,
    unit_of_work: Callable[[], ReferralUnitOfWork],
    clock: Clock,
    arrivals: SubjectArrivals,
    *,
    within_s: float,
    settle: Callable[[], Awaitable[None]],
) -> Referral:
    """Start a referral, waiting (woken by the consumer, not by polling) at most `within_s`
    for an identification made moments ago to arrive over the bus. Past that window a
    person this service has heard nothing of stays SubjectUnknown: never an endless wait.

    A missing consent decided from the person's consents alone is checked once more after
    `settle` (the consumer's batch in hand applied): the consents given with one
    identification travel together, and the one that covers may be the next applied."""
    deadline = time.monotonic() + within_s
    settled = False
    with arrivals.watch(str(cmd.subject_id)) as arrived:
        while True:
            arrived.clear()
            try:
                async with unit_of_work() as uow:
                    return await start_referral(cmd, uow, clock)
            except MissingConsent as exc:
                if exc.subject_known or settled:
                    raise
                settled = True
                await settle()
            except (SubjectUnknown, SubjectNotYetKnown):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(arrived.wait(), remaining)


async def subject_when_known(
    subject_id: uuid.UUID,
    unit_of_work: Callable[[], ReferralUnitOfWork],
    arrivals: SubjectArrivals,
    *,
    within_s: float,
) -> Subject | None:
    """The person as this service knows them, waiting (woken by the consumer) at most
    `within_s` for an identification made moments ago to arrive over the bus, as a referral
    does: the sheet printed right after an identification is not a 404 for the half second
    the event takes. None past that window (never identified, or without any consent to be
    assisted: the identification service prints her sheet for the identifying organisation).
    """
    deadline = time.monotonic() + within_s
    with arrivals.watch(str(subject_id)) as arrived:
        while True:
            arrived.clear()
            async with unit_of_work() as uow:
                subject = await uow.referrals.get_subject(subject_id)
            remaining = deadline - time.monotonic()
            if subject is not None or remaining <= 0:
                return subject
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), remaining)


async def _offer_provider(
    uow: ReferralUnitOfWork, referral: Referral, subject: Subject, now: datetime
) -> None:
    """Offer the service from the provider that fits best, passing over any that already
    declined this person; with none, the referral waits as requested."""
    declined_before = frozenset(
        uuid.UUID(entry["provider_id"])
        for earlier in await uow.referrals.of_subject(subject.subject_id)
        for entry in earlier.history
        if entry.get("reason") == DeclineReason.PROVIDER_DECLINED.value and entry.get("provider_id")
    )
    provider = match_provider(
        await uow.providers.list(), referral.service_type, subject, referral.region, declined_before
    )
    if provider is not None:
        referral.offer_provider(provider.as_offer(), now)
        await uow.referrals.save(referral)
        await uow.parties.add(referral.subject_id, provider.organisation, Relation.SERVES, now)


@dataclass(frozen=True)
class RegisterProvider:
    name: str
    service_types: list[ServiceType]
    regions: list[str]
    target_groups: list[str]
    languages: list[str]
    actor: Caller


async def register_provider(cmd: RegisterProvider, uow: ReferralUnitOfWork) -> Provider:
    if not set(cmd.service_types) <= PROVIDED_SERVICES:
        raise DomainError("service_types: shelter places and return are not provider services")
    provider = Provider(
        organisation=cmd.actor.organisation,
        name=cmd.name,
        service_types=tuple(cmd.service_types),
        regions=tuple(cmd.regions),
        target_groups=tuple(cmd.target_groups),
        languages=tuple(cmd.languages),
    )
    await uow.providers.add(provider)
    await uow.commit()
    return provider


class NotTheProvider(DomainError):
    """Only the organisation the referral was offered to may answer for the provider."""


@dataclass(frozen=True)
class ProviderAnswer:
    referral_id: uuid.UUID
    actor: Caller
    decline_reason: str | None = None
    progress: Status | None = None


async def provider_answers(cmd: ProviderAnswer, uow: ReferralUnitOfWork, clock: Clock) -> Referral:
    referral = await _load(uow, cmd.referral_id)
    if (referral.provider or {}).get("organisation") != cmd.actor.organisation:
        raise NotTheProvider("this referral was not offered to your organisation")
    if cmd.decline_reason is not None:
        referral.provider_declines(cmd.decline_reason, clock.now())
        action = "referral.provider_decline"
    else:
        assert cmd.progress is not None
        referral.progress(cmd.progress, clock.now())
        action = "referral.progress"
    await uow.record_access(cmd.actor, action, referral.subject_id, referral.referral_id)
    await uow.referrals.save(referral)
    await uow.commit()
    return referral


def _cross_border(
    referral: Referral, subject: Subject, consent: ConsentRecord, now: datetime
) -> CloudEvent:
    """The referral abroad carries the scope of the consent it relies on, so that the
    counterpart knows what it may do with it and until when."""
    destination = referral.needs.get("destination_country")
    if destination is not None and not (
        isinstance(destination, str) and len(destination) == 2 and destination.isupper()
    ):
        raise DomainError("needs.destination_country: an ISO 3166-1 alpha-2 country code")
    return _event(
        "CrossBorderReferralRequested",
        referral,
        {
            "consent_scope": {
                "purpose": consent.purpose,
                "recipient": consent.recipient,
                "data_categories": sorted(consent.data_categories),
                "expires_at": consent.expires_at.isoformat() if consent.expires_at else None,
            },
            "jurisdiction": subject.jurisdiction,
            "destination_country": destination,
            "target_group": subject.target_group,
            "is_child": subject.is_child,
            "languages": subject.languages,
            "requested_at": now.isoformat(),
        },
    )


def _matching_preferences(needs: dict[str, Any]) -> dict[str, Any]:
    """What of the stated needs helps the shelter sector find the right place; anything
    else in `needs` stays with social services."""
    preferences: dict[str, Any] = {}
    if isinstance(needs.get("with_children"), bool):
        preferences["with_children"] = needs["with_children"]
    if needs.get("regime") in get_args(Regime):
        preferences["regime_preference"] = needs["regime"]
    return preferences


async def _load(uow: ReferralUnitOfWork, referral_id: uuid.UUID) -> Referral:
    referral = await uow.referrals.get(referral_id, for_update=True)
    if referral is None:
        raise ReferralNotFound(f"no referral {referral_id}")
    return referral


async def accept_referral(cmd: AcceptReferral, uow: ReferralUnitOfWork, clock: Clock) -> Referral:
    referral = await _load(uow, cmd.referral_id)
    referral.accept(clock.now())
    await uow.record_access(cmd.actor, "referral.accept", referral.subject_id, referral.referral_id)
    await uow.referrals.save(referral)
    if referral.service_type is ServiceType.SHELTER:
        await uow.publish(
            topics.SHELTER_PLACEMENT_REQUESTS,
            _event("PlacementAccepted", referral, {"accepted_at": clock.now().isoformat()}),
        )
    await uow.commit()
    return referral


async def decline_referral(cmd: DeclineReferral, uow: ReferralUnitOfWork, clock: Clock) -> Referral:
    referral = await _load(uow, cmd.referral_id)
    referral.decline(cmd.reason, cmd.note, clock.now(), cmd.keep)
    await uow.record_access(
        cmd.actor, "referral.decline", referral.subject_id, referral.referral_id
    )
    await uow.referrals.save(referral)
    if referral.service_type is ServiceType.SHELTER:
        # Only the reason category travels; the note stays with social services.
        await uow.publish(
            topics.SHELTER_PLACEMENT_REQUESTS,
            _event(
                "PlacementDeclined",
                referral,
                {"reason": cmd.reason.value, "declined_at": clock.now().isoformat()},
            ),
        )
    await uow.commit()
    return referral


async def revoke_referral(cmd: RevokeReferral, uow: ReferralUnitOfWork, clock: Clock) -> Referral:
    """Its maker withdraws a referral, with a reason from the list; the shelter releases a
    held bed at once, or takes the request off its waitlist, on the event this sends (only
    the ids travel: why it was revoked stays here)."""
    referral = await _load(uow, cmd.referral_id)
    if referral.referred_by != cmd.actor.organisation:
        raise NotTheReferrer("only the organisation that made this referral may withdraw it")
    now = clock.now()
    referral.revoke(cmd.reason, cmd.actor.organisation, now)
    await uow.record_access(
        cmd.actor, "referral.withdraw", referral.subject_id, referral.referral_id
    )
    await uow.referrals.save(referral)
    if referral.service_type is ServiceType.SHELTER:
        await uow.publish(
            topics.SHELTER_PLACEMENT_REQUESTS,
            _event("PlacementWithdrawn", referral, {"withdrawn_at": now.isoformat()}),
        )
    await uow.commit()
    return referral


# --- events from other services -------------------------------------------------------


async def on_subject_identified(event: CloudEvent, uow: ReferralUnitOfWork) -> None:
    data = event.data
    if organisation := data.get("identified_by_organisation"):
        await uow.parties.add(
            uuid.UUID(data["subject_id"]), organisation, Relation.IDENTIFIED, event.time
        )
    await uow.referrals.put_subject(
        Subject(
            subject_id=uuid.UUID(data["subject_id"]),
            region=data["region"],
            jurisdiction=data["jurisdiction"],
            target_group=data["target_group"],
            is_child=data["is_child"],
            languages=data["languages"],
            consent_ids=[uuid.UUID(consent_id) for consent_id in data["consent_ids"]],
            reflection_ends_on=date.fromisoformat(data["reflection_period"]["ends_on"]),
            reflection_days=data["reflection_period"]["days"],
            identified_by_sector=data.get("identified_by_sector"),
            identified_by_organisation=data.get("identified_by_organisation"),
            exploitation_types=list(data.get("exploitation_types", [])),
        )
    )


async def on_reflection_period(event: CloudEvent, uow: ReferralUnitOfWork) -> None:
    """Keep the person's reflection end date current: the information sheet tells them."""
    subject_id = uuid.UUID(event.data["subject_id"])
    subject = await uow.referrals.get_subject(subject_id)
    if subject is None:
        return  # not referable here (no consent to be assisted): nothing to keep
    ends_on = date.fromisoformat(event.data["ends_on"])
    days = int(event.data.get("days") or subject.reflection_days or 0)
    await uow.referrals.set_reflection_end(subject_id, ends_on, days)


async def on_consent_ended(end: ConsentEnded, uow: ReferralUnitOfWork) -> str | None:
    """Open referrals that relied on the consent end; the shelter releases its own holds
    on the same event. Accepted ones stay: the person has the service already."""
    relied_on = [
        referral
        for referral in await uow.referrals.of_subject(end.subject_id)
        if referral.consent_id == end.consent_id
    ]
    for referral in relied_on:
        if referral.is_open:
            referral.withdraw_for_consent(end.at, reason=f"consent_{end.reason}")
            await uow.referrals.save(referral)
    subject = await uow.referrals.get_subject(end.subject_id)
    if subject is not None and not any(
        consent.is_active(end.at) and consent.purpose in ASSISTANCE_PURPOSES
        for consent in await uow.consents.of_subject(end.subject_id)
    ):
        # No consent to be assisted is left: forget the person's needs and what was said
        # about them; the referrals' history stays under the pseudonym, and a new consent
        # makes the person referable again without a new identification.
        await uow.referrals.forget_subject(end.subject_id)
        for referral in await uow.referrals.of_subject(end.subject_id):
            referral.forget_personal_details()
            await uow.referrals.save(referral)
        # What this service sent about the person under the consent is not kept either.
        await uow.scrub_subject(end.subject_id)
        return None
    # Another consent to be assisted remains: the person's needs stay under it.
    return "restricted"


async def on_subject_erased(subject_id: uuid.UUID, uow: ReferralUnitOfWork) -> None:
    await uow.referrals.erase_subject(subject_id)
    await uow.handovers.erase_subject(subject_id)
    await uow.holds.erase_subject(subject_id)


async def _referral_of(event: CloudEvent, uow: ReferralUnitOfWork) -> Referral:
    referral = await uow.referrals.get(uuid.UUID(event.data["referral_id"]), for_update=True)
    if referral is None:
        raise PermanentFailure(f"no referral {event.data['referral_id']}")
    return referral


def on_placement_offered(clock: Clock) -> Handler:
    async def handle(event: CloudEvent, uow: ReferralUnitOfWork) -> None:
        referral = await _referral_of(event, uow)
        if referral.status is not Status.REQUESTED and referral.status is not Status.WAITLISTED:
            # The person already declined or withdrew; the shelter releases the hold on
            # the PlacementDeclined it receives, so nothing more to do here.
            return
        referral.offer(
            {
                "placement_id": event.data["placement_id"],
                "shelter_id": event.data["shelter_id"],
                "shelter_name": event.data["shelter_name"],
                "hold_expires_at": event.data["hold_expires_at"],
            },
            clock.now(),
        )
        await uow.referrals.save(referral)
        if organisation := event.data.get("shelter_organisation"):
            await uow.parties.add(referral.subject_id, organisation, Relation.SERVES, clock.now())

    return handle


def on_placement_waitlisted(clock: Clock) -> Handler:
    async def handle(event: CloudEvent, uow: ReferralUnitOfWork) -> None:
        referral = await _referral_of(event, uow)
        if referral.status is Status.REQUESTED:
            referral.waitlist(clock.now())
            await uow.referrals.save(referral)

    return handle


def on_placement_hold_expired(clock: Clock) -> Handler:
    async def handle(event: CloudEvent, uow: ReferralUnitOfWork) -> None:
        referral = await _referral_of(event, uow)
        offered = referral.placement or {}
        if (
            referral.status is not Status.OFFERED
            or offered.get("placement_id") != event.data["placement_id"]
        ):
            # Declined or accepted meanwhile, or an older offer. An acceptance that crossed
            # the expiry on the bus is refused by the shelter (the hold is gone).
            return
        referral.expire_hold(clock.now())
        await uow.referrals.save(referral)

    return handle


def on_placement_confirmed(clock: Clock) -> Handler:
    async def handle(event: CloudEvent, uow: ReferralUnitOfWork) -> None:
        referral = await _referral_of(event, uow)
        referral.confirm_placement(clock.now())
        await uow.referrals.save(referral)

    return handle


def on_placement_ended(clock: Clock) -> Handler:
    """She moved out of the shelter: the referral completes (or is withdrawn with the reason
    when she left early); a transfer keeps it accepted, with her new place, and the shelter
    that now serves her may read it."""

    async def handle(event: CloudEvent, uow: ReferralUnitOfWork) -> None:
        referral = await _referral_of(event, uow)
        data = event.data
        if (
            referral.status not in (Status.ACCEPTED, Status.IN_PROGRESS)
            or (referral.placement or {}).get("placement_id") != data["placement_id"]
        ):
            return  # not her current place as referral knows it: nothing of this referral
        moved_out_on = date.fromisoformat(data["moved_out_on"])
        now = clock.now()
        to = data.get("transferred_to")
        if data.get("reason") == "transferred" and to:
            referral.transfer_placement(to, moved_out_on, now)
            if organisation := to.get("shelter_organisation"):
                await uow.parties.add(referral.subject_id, organisation, Relation.SERVES, now)
        else:
            referral.end_placement(data.get("reason"), moved_out_on, now, data.get("house_rule"))
        await uow.referrals.save(referral)

    return handle


def event_handlers(clock: Clock) -> dict[str, Handler]:
    return {
        "SubjectIdentified": on_subject_identified,
        "ReflectionPeriodExtended": on_reflection_period,
        "ReflectionPeriodEnding": on_reflection_period,
        "ReflectionPeriodEnded": on_reflection_period,
        "PlacementOffered": on_placement_offered(clock),
        "PlacementHoldExpired": on_placement_hold_expired(clock),
        "PlacementWaitlisted": on_placement_waitlisted(clock),
        "PlacementConfirmed": on_placement_confirmed(clock),
        "PlacementEnded": on_placement_ended(clock),
    }
