"""Referrals: an offer of one service to one person, which the person may accept or decline.
Nothing here knows about the justice track: assistance never depends on it (principle 3)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, get_args

from nrm_bus.gate import ConsentRecord
from nrm_bus.vocabulary import Purpose


class DomainError(Exception):
    """A rule of the domain refused the request; the message names the rule."""


class NotRevocable(DomainError):
    """The referral has ended, or the person has accepted a place she now lives in (her
    move-out is the shelter's to record)."""


class ServiceType(StrEnum):
    SHELTER = "shelter"
    MEDICAL = "medical"
    PSYCHOLOGICAL = "psychological"
    LEGAL = "legal"
    LANGUAGE = "language"
    VOCATIONAL = "vocational"
    FINANCIAL = "financial"
    FAMILY = "family"
    RETURN = "return"


# Which recipient sector must be covered by the person's consent for each service.
RECIPIENT_SECTOR: dict[ServiceType, str] = {
    ServiceType.SHELTER: "shelter",
    ServiceType.MEDICAL: "health",
    ServiceType.PSYCHOLOGICAL: "health",
    ServiceType.LEGAL: "legal_aid",
    ServiceType.LANGUAGE: "social_services",
    ServiceType.VOCATIONAL: "social_services",
    ServiceType.FINANCIAL: "social_services",
    ServiceType.FAMILY: "social_services",
    ServiceType.RETURN: "foreign_counterpart",
}
# Services that need a consent of a particular purpose, beyond its recipient sector: a
# referral abroad only under a consent to cross the border.
REQUIRED_PURPOSES: dict[ServiceType, frozenset[str]] = {
    ServiceType.RETURN: frozenset({"cross_border"}),
}
# Consents for these purposes never open assistance: help is not conditional on them.
NON_ASSISTANCE_PURPOSES = frozenset({"law_enforcement", "prosecution", "statistics"})
ASSISTANCE_PURPOSES = frozenset(get_args(Purpose)) - NON_ASSISTANCE_PURPOSES
# A referral passes on the person's needs: the gate would refuse it without them.
REFERRAL_CATEGORIES = frozenset({"needs"})


@dataclass(frozen=True)
class ConsentNeeded:
    """What covers a service: an active consent to share with `recipient`, for one of
    `purposes`, naming every one of `data_categories`."""

    recipient: str
    purposes: frozenset[str]
    data_categories: frozenset[str]

    def covered_by(self, consent: ConsentRecord, now: datetime) -> bool:
        return (
            consent.recipient == self.recipient
            and consent.purpose in self.purposes
            and self.data_categories <= consent.data_categories
            and consent.is_active(now)
        )


def consent_needed(service_type: ServiceType) -> ConsentNeeded:
    """The one statement of which consent covers a service: referrals are checked against
    it, and GET /v1/reference/service-consents serves it."""
    return ConsentNeeded(
        recipient=RECIPIENT_SECTOR[service_type],
        purposes=REQUIRED_PURPOSES.get(service_type, ASSISTANCE_PURPOSES) - NON_ASSISTANCE_PURPOSES,
        data_categories=REFERRAL_CATEGORIES,
    )


class Status(StrEnum):
    REQUESTED = "requested"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    WAITLISTED = "waitlisted"


class DeclineReason(StrEnum):
    """Why people decline, after the research in shared/seeds/004."""

    WANTS_TO_MIGRATE_FURTHER = "wants_to_migrate_further"
    FAMILY_NEEDS_OR_PRESSURE = "family_needs_or_pressure"
    DOES_NOT_NEED_IT = "does_not_need_it"
    DID_NOT_UNDERSTAND_OFFER = "did_not_understand_offer"
    OFFER_DOES_NOT_FIT = "offer_does_not_fit"
    RULES_AND_RESTRICTIONS = "rules_and_restrictions"
    FEAR_OF_TRAFFICKER_OR_REPRISALS = "fear_of_trafficker_or_reprisals"
    DOES_NOT_TRUST_HELPERS = "does_not_trust_helpers"
    STIGMA = "stigma"
    DOES_NOT_SEE_SELF_AS_VICTIM = "does_not_see_self_as_victim"
    PROVIDER_DECLINED = "provider_declined"


class RevokeReason(StrEnum):
    """Why the organisation that made a referral withdraws it. The person's own no is a
    decline (DeclineReason), never a revocation."""

    ENTERED_IN_ERROR = "entered_in_error"
    DUPLICATE = "duplicate"
    NEEDS_CHANGED = "needs_changed"
    SERVED_ELSEWHERE = "served_elsewhere"
    CONTACT_LOST = "contact_lost"
    LEFT_THE_AREA = "left_the_area"


ENDED = frozenset({Status.DECLINED, Status.COMPLETED, Status.WITHDRAWN})
# A shelter stay that ends early withdraws the referral with the reason; any other move-out
# completes it (shelter's MoveOutReason values).
PLACEMENT_ENDS_EARLY = frozenset({"left_without_notice", "asked_to_leave_under_house_rule"})

_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.REQUESTED: frozenset(
        {Status.OFFERED, Status.WAITLISTED, Status.DECLINED, Status.WITHDRAWN}
    ),
    Status.WAITLISTED: frozenset({Status.OFFERED, Status.DECLINED, Status.WITHDRAWN}),
    Status.OFFERED: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}),
    Status.ACCEPTED: frozenset({Status.IN_PROGRESS, Status.COMPLETED, Status.WITHDRAWN}),
    Status.IN_PROGRESS: frozenset({Status.COMPLETED, Status.WITHDRAWN}),
}


@dataclass(frozen=True)
class Subject:
    """What social services know of a person: pseudonym and needs, never identity."""

    subject_id: uuid.UUID
    region: str
    jurisdiction: str
    target_group: str
    is_child: bool
    languages: list[str]
    # Consents given with the identification; until the local view has them all, the
    # subject is not yet fully known here.
    consent_ids: list[uuid.UUID] = field(default_factory=list)
    reflection_ends_on: date | None = None
    reflection_days: int | None = None
    # For statistics on who is not assisted, never about one person: the sector that
    # identified them, and the forms of exploitation if the person consented to say.
    identified_by_sector: str | None = None
    exploitation_types: list[str] = field(default_factory=list)
    # The organisation that identified them reads their data tracker on their behalf;
    # unknown (None) for people identified before events carried it.
    identified_by_organisation: str | None = None


def covering_consent(
    consents: list[ConsentRecord], service_type: ServiceType, now: datetime
) -> ConsentRecord | None:
    needed = consent_needed(service_type)
    return next((consent for consent in consents if needed.covered_by(consent, now)), None)


@dataclass
class Referral:
    subject_id: uuid.UUID
    service_type: ServiceType
    region: str
    needs: dict[str, Any]
    consent_id: uuid.UUID
    created_at: datetime
    status: Status = Status.REQUESTED
    referral_id: uuid.UUID = field(default_factory=uuid.uuid4)
    history: list[dict[str, Any]] = field(default_factory=list)
    placement: dict[str, Any] | None = None
    # The provider a non-shelter service was offered with: id, name, organisation.
    provider: dict[str, str] | None = None
    # What decline statistics count by, fixed when the referral starts: never read for
    # one person, and aggregated with small cells suppressed (see statistics.py).
    dimensions: dict[str, Any] = field(default_factory=dict)
    # The organisation that made the referral: the only one that may revoke it. None for
    # referrals made before it was kept.
    referred_by: str | None = None

    @classmethod
    def start(
        cls,
        subject: Subject,
        service_type: ServiceType,
        region: str | None,
        needs: dict[str, Any],
        consent: ConsentRecord,
        now: datetime,
        by: str | None = None,
    ) -> Referral:
        referral = cls(
            subject.subject_id,
            service_type,
            region or subject.region,
            needs,
            consent.consent_id,
            now,
            referred_by=by,
        )
        referral.history.append({"status": Status.REQUESTED.value, "at": now.isoformat()})
        referral.dimensions = {
            "jurisdiction": subject.jurisdiction,
            "identified_by_sector": subject.identified_by_sector or "unknown",
            "exploitation_types": sorted(subject.exploitation_types) or ["not_shared"],
        }
        return referral

    def _move(self, to: Status, now: datetime, **details: Any) -> None:
        if to not in _TRANSITIONS.get(self.status, frozenset()):
            raise DomainError(f"a {self.status.value} referral cannot become {to.value}")
        self.status = to
        self.history.append({"status": to.value, "at": now.isoformat(), **details})

    def offer(self, placement: dict[str, Any], now: datetime) -> None:
        self._move(Status.OFFERED, now)
        self.placement = placement

    def waitlist(self, now: datetime) -> None:
        self._move(Status.WAITLISTED, now)

    def offer_provider(self, provider: dict[str, str], now: datetime) -> None:
        """A provider of this service fits the person: offered to them to accept or not."""
        self._move(Status.OFFERED, now, provider_id=provider["provider_id"])
        self.provider = provider

    def provider_declines(self, reason: str, now: datetime) -> None:
        """The provider cannot take the person; they can be referred again, elsewhere."""
        self._move(
            Status.DECLINED,
            now,
            reason=DeclineReason.PROVIDER_DECLINED.value,
            provider_reason=reason,
            provider_id=(self.provider or {}).get("provider_id"),
        )

    def progress(self, to: Status, now: datetime) -> None:
        """The provider reports the service under way, then completed."""
        if to not in (Status.IN_PROGRESS, Status.COMPLETED):
            raise DomainError("a provider reports in_progress or completed")
        self._move(to, now)

    def accept(self, now: datetime) -> None:
        expires = (self.placement or {}).get("hold_expires_at")
        if expires and datetime.fromisoformat(expires) <= now:
            # The shelter gives the bed away once its hold has run out.
            raise DomainError(f"the offer expired at {expires}")
        self._move(Status.ACCEPTED, now)

    @property
    def is_open(self) -> bool:
        return self.status in (Status.REQUESTED, Status.WAITLISTED, Status.OFFERED)

    def withdraw_for_consent(self, now: datetime, reason: str = "consent_withdrawn") -> None:
        """The consent this referral relied on was withdrawn or expired: an open offer ends."""
        self._move(Status.WITHDRAWN, now, reason=reason)
        self.placement = None

    def decline(
        self,
        reason: DeclineReason,
        note: str | None,
        now: datetime,
        keep: frozenset[str] = frozenset(),
    ) -> None:
        """Declining is legitimate and temporary. The reason category always stays (it is
        what the statistics count); the stated needs and the note stay only if the person
        agreed to their keeping (`keep`), so that a later referral can build on them."""
        self._move(Status.DECLINED, now, reason=reason.value, kept=sorted(keep))
        if "note" in keep:
            self.history[-1]["note"] = note
        if "needs" not in keep:
            self.needs = {}
        self.placement = None

    def revoke(self, reason: RevokeReason, by: str, now: datetime) -> None:
        """Its maker withdraws the referral, with a reason from the list. Not once it has
        ended, and not a shelter place she has accepted: she lives there, and leaving it is
        recorded by the shelter (end_placement). A held bed is released by the shelter on
        the event this causes."""
        if self.status in ENDED:
            raise NotRevocable(f"the referral is already {self.status.value}")
        if self.service_type is ServiceType.SHELTER and self.status in (
            Status.ACCEPTED,
            Status.IN_PROGRESS,
        ):
            raise NotRevocable(
                "she accepted her place and lives there: the shelter records her move-out"
            )
        self._move(Status.WITHDRAWN, now, reason=reason.value, revoked_by=by)
        self.placement = None

    def end_placement(
        self, reason: str | None, moved_out_on: date, now: datetime, house_rule: str | None = None
    ) -> None:
        """She moved out of her shelter: the referral is completed, or withdrawn with the
        reason when she left without notice or was asked to leave (naming the house rule).
        Her place stays on the referral, with the day she left."""
        outcome = Status.WITHDRAWN if reason in PLACEMENT_ENDS_EARLY else Status.COMPLETED
        details: dict[str, Any] = {
            "reason": reason or "moved_out",
            "moved_out_on": moved_out_on.isoformat(),
        }
        if house_rule:
            details["house_rule"] = house_rule
        self._move(outcome, now, **details)
        if self.placement is not None:
            self.placement = {**self.placement, "ended_on": moved_out_on.isoformat()}

    def transfer_placement(self, to: dict[str, str], moved_out_on: date, now: datetime) -> None:
        """She moved to another shelter in the same referral: still accepted, her place is
        the new one, and the history says where she was before and when she moved."""
        if self.status not in (Status.ACCEPTED, Status.IN_PROGRESS):
            raise DomainError(f"a {self.status.value} referral has no place to transfer")
        before = self.placement or {}
        self.history.append(
            {
                "status": self.status.value,
                "at": now.isoformat(),
                "event": "transferred",
                "from_shelter_id": before.get("shelter_id"),
                "from_shelter_name": before.get("shelter_name"),
                "to_shelter_id": to["shelter_id"],
                "to_shelter_name": to["shelter_name"],
                "moved_out_on": moved_out_on.isoformat(),
            }
        )
        self.placement = {
            "placement_id": to["placement_id"],
            "shelter_id": to["shelter_id"],
            "shelter_name": to["shelter_name"],
            # Confirmed as she arrived: no hold to run out.
            "hold_expires_at": to["confirmed_at"],
        }

    def forget_personal_details(self) -> None:
        """Keep what happened and when, under the pseudonym; drop needs, free text and the
        forms of exploitation the person had consented to share."""
        self.needs = {}
        self.dimensions = {**self.dimensions, "exploitation_types": ["not_shared"]}
        for entry in self.history:
            entry.pop("note", None)

    def expire_hold(self, now: datetime) -> None:
        """Nobody answered the offer before the shelter's hold ran out: the bed is gone, and
        a new referral can ask again. Only an open offer has a hold to expire."""
        if self.status is not Status.OFFERED:
            raise DomainError(f"a {self.status.value} referral has no hold to expire")
        self._move(Status.WITHDRAWN, now, reason="hold_expired")
        self.placement = None

    def confirm_placement(self, now: datetime) -> None:
        """The shelter turned the hold into a placement; the status stays accepted."""
        self.history.append(
            {"status": self.status.value, "at": now.isoformat(), "event": "placement_confirmed"}
        )
