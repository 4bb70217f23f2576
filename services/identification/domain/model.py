"""Identification and consent: the rules, with no database or broker in sight."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal


class DomainError(Exception):
    """A rule of the domain refused the request; the message names the rule."""


class InvalidField(DomainError):
    """A value that breaks a rule of the domain; `field` names it for the client."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Grounds(StrEnum):
    SELF_IDENTIFIED = "self_identified"
    INDICATORS = "indicators"
    BOTH = "both"


class Purpose(StrEnum):
    ASSISTANCE = "assistance"
    SHELTER = "shelter"
    HEALTH = "health"
    LEGAL_AID = "legal_aid"
    SOCIAL_SERVICES = "social_services"
    LAW_ENFORCEMENT = "law_enforcement"
    PROSECUTION = "prosecution"
    RETURN = "return"
    CROSS_BORDER = "cross_border"
    STATISTICS = "statistics"


JUSTICE_PURPOSES = frozenset({Purpose.LAW_ENFORCEMENT, Purpose.PROSECUTION})
JUSTICE_RECIPIENTS = frozenset({"police", "prosecutor"})
# Assistance needs only consent to be assisted; justice and statistics are separate tracks.
ASSISTANCE_PURPOSES = frozenset(Purpose) - JUSTICE_PURPOSES - {Purpose.STATISTICS}


# Who may receive data for each purpose: a consent outside this table is a mistake in the
# request, never something to pass on (e.g. "prosecution" to a shelter).
PURPOSE_RECIPIENTS: dict[Purpose, frozenset[str]] = {
    Purpose.ASSISTANCE: frozenset({"ngo", "social_services", "shelter", "health", "legal_aid"}),
    Purpose.SHELTER: frozenset({"shelter"}),
    Purpose.HEALTH: frozenset({"health"}),
    Purpose.LEGAL_AID: frozenset({"legal_aid"}),
    Purpose.SOCIAL_SERVICES: frozenset({"social_services", "ngo"}),
    Purpose.LAW_ENFORCEMENT: frozenset({"police", "labour_inspectorate"}),
    Purpose.PROSECUTION: frozenset({"prosecutor"}),
    Purpose.RETURN: frozenset({"immigration", "foreign_counterpart", "ngo"}),
    Purpose.CROSS_BORDER: frozenset({"foreign_counterpart"}),
    Purpose.STATISTICS: frozenset({"operations", "audit"}),
}
# What a consent to be assisted must name for social services (the referral service) to
# learn of the person: their needs.
REFERABLE_CATEGORIES = frozenset({"needs"})


Track = Literal["assistance", "justice", "statistics"]


@dataclass(frozen=True)
class PurposeRule:
    """What a consent for one purpose may be, as Consent.give enforces it."""

    purpose: Purpose
    # The sectors a consent for this purpose may name as its recipient.
    recipients: tuple[str, ...]
    track: Track
    # The categories that, with this purpose, make the person referable (none: never).
    referable_with: tuple[str, ...]
    # From a child, given only together with their guardian or representative.
    child_needs_representative: bool


def _track(purpose: Purpose) -> Track:
    if purpose in ASSISTANCE_PURPOSES:
        return "assistance"
    return "justice" if purpose in JUSTICE_PURPOSES else "statistics"


def purpose_rules() -> list[PurposeRule]:
    """The consent rules, from the tables above: served as reference data, never copied."""
    return [
        PurposeRule(
            purpose=purpose,
            recipients=tuple(sorted(PURPOSE_RECIPIENTS[purpose])),
            track=_track(purpose),
            referable_with=(
                tuple(sorted(REFERABLE_CATEGORIES)) if purpose in ASSISTANCE_PURPOSES else ()
            ),
            child_needs_representative=purpose in JUSTICE_PURPOSES,
        )
        for purpose in Purpose
    ]


# GDPR Art. 6(1)(a) with Art. 9(2)(a): explicit consent, as the person's data reveal
# special categories (health, sexual life, criminal offences suffered).
LEGAL_BASIS_CONSENT = "gdpr-art-6-1-a+art-9-2-a"


class ConsentStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Actor:
    """Who did something on the record: the client and the organisation and sector it
    speaks for. Never a person's name."""

    client_id: str
    organisation: str
    sector: str


@dataclass(frozen=True)
class Representative:
    """Who stands with a child: a guardian, or a representative appointed for them."""

    role: str  # guardian | representative
    organisation: str


@dataclass(frozen=True)
class Informed:
    """How the person was told what the consent means, and by whom."""

    language: str
    method: str  # written | verbal | both
    by_organisation: str = ""
    by_sector: str = ""


@dataclass
class Consent:
    subject_id: uuid.UUID
    purpose: Purpose
    recipient: str
    data_categories: list[str]
    given_at: datetime
    expires_at: datetime | None
    informed: Informed
    jurisdiction: str
    recorded_by: Actor
    legal_basis: str = LEGAL_BASIS_CONSENT
    consent_id: uuid.UUID = field(default_factory=uuid.uuid4)
    withdrawn_at: datetime | None = None
    withdrawn_by: Actor | None = None
    # Given together with the child's guardian or representative.
    with_representative: bool = False
    # When the expiry was announced on the bus; the scheduler does it once.
    expiry_announced_at: datetime | None = None

    @classmethod
    def give(
        cls,
        subject_id: uuid.UUID,
        purpose: Purpose,
        recipient: str,
        data_categories: list[str],
        expires_at: datetime | None,
        informed: Informed,
        now: datetime,
        jurisdiction: str,
        recorded_by: Actor,
        for_child: bool = False,
        with_representative: bool = False,
    ) -> Consent:
        if for_child and purpose in JUSTICE_PURPOSES and not with_representative:
            raise InvalidField(
                "with_representative",
                "a consent to share with the police or prosecutor is not taken from a child "
                "alone: give it with their guardian or representative",
            )
        if expires_at is not None and expires_at <= now:
            raise InvalidField("expires_at", "a consent's expiry must be in the future")
        if recipient not in PURPOSE_RECIPIENTS[purpose]:
            allowed = ", ".join(sorted(PURPOSE_RECIPIENTS[purpose]))
            raise InvalidField(
                "recipient",
                f"a consent for {purpose.value} can be given to {allowed}, not to {recipient}",
            )
        return cls(
            subject_id=subject_id,
            purpose=purpose,
            recipient=recipient,
            data_categories=sorted(set(data_categories)),
            given_at=now,
            expires_at=expires_at,
            informed=replace(
                informed, by_organisation=recorded_by.organisation, by_sector=recorded_by.sector
            ),
            jurisdiction=jurisdiction,
            recorded_by=recorded_by,
            with_representative=with_representative,
        )

    def status(self, now: datetime) -> ConsentStatus:
        if self.withdrawn_at is not None:
            return ConsentStatus.WITHDRAWN
        if self.expires_at is not None and self.expires_at <= now:
            return ConsentStatus.EXPIRED
        return ConsentStatus.ACTIVE

    def withdraw(self, now: datetime, by: Actor) -> None:
        if self.status(now) is not ConsentStatus.ACTIVE:
            raise DomainError(f"consent is already {self.status(now).value}")
        self.withdrawn_at = now
        self.withdrawn_by = by

    @property
    def covers_needs_for_assistance(self) -> bool:
        """What makes the person referable: consent to be helped, naming their needs."""
        return self.covers_assistance and set(self.data_categories) >= REFERABLE_CATEGORIES

    @property
    def opens_justice_track(self) -> bool:
        return self.purpose in JUSTICE_PURPOSES and self.recipient in JUSTICE_RECIPIENTS

    @property
    def covers_assistance(self) -> bool:
        return self.purpose in ASSISTANCE_PURPOSES


@dataclass(frozen=True)
class ReflectionPolicy:
    days: int
    starts: str
    extension: str
    source: str


@dataclass(frozen=True)
class Extension:
    """More time, granted by an authorised actor, with the reason on record."""

    days: int
    reason: str
    extended_at: datetime
    extended_by: Actor


@dataclass(frozen=True)
class ReflectionPeriod:
    jurisdiction: str
    starts_on: date
    days: int
    extensions: tuple[Extension, ...] = ()

    @property
    def total_days(self) -> int:
        return self.days + sum(extension.days for extension in self.extensions)

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(days=self.total_days)

    def extend(self, days: int, reason: str, now: datetime, by: Actor) -> ReflectionPeriod:
        if days < 1:
            raise InvalidField("days", "an extension adds at least one day")
        if not reason.strip():
            raise InvalidField("reason", "an extension needs its reason on record")
        return replace(self, extensions=(*self.extensions, Extension(days, reason, now, by)))

    def notices_due(self, today: date, warning_days: tuple[int, ...]) -> list[tuple[str, int]]:
        """(notice key, days left) of every announcement due by `today`; the key names the
        end date, so that an extension arms the warnings again for the new end."""
        left = (self.ends_on - today).days
        due = [(f"ending-{days}:{self.ends_on}", left) for days in warning_days if 0 < left <= days]
        if left <= 0:
            due.append((f"ended:{self.ends_on}", 0))
        return due

    @classmethod
    def starting(
        cls, jurisdiction: str, on: date, policies: dict[str, ReflectionPolicy]
    ) -> ReflectionPeriod:
        policy = policies.get(jurisdiction, policies["default"])
        return cls(jurisdiction, on, policy.days)


@dataclass(frozen=True)
class Person:
    """Identity data: it never leaves this service."""

    languages: list[str]
    given_name: str | None = None
    family_name: str | None = None
    birth_year: int | None = None
    gender: str = "unknown"
    nationality: str | None = None
    is_child: bool = False
    # Age not established and possibly under 18: presumed a child until shown otherwise.
    age_uncertain: bool = False

    @property
    def treated_as_child(self) -> bool:
        return self.is_child or self.age_uncertain

    @property
    def target_group(self) -> str:
        """The kind of place a person needs, without saying why (principle 8)."""
        if self.treated_as_child:
            return "children"
        return {"female": "women", "male": "men"}.get(self.gender, "unspecified")

    def as_dict(self) -> dict[str, Any]:
        return {
            "languages": self.languages,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "birth_year": self.birth_year,
            "gender": self.gender,
            "nationality": self.nationality,
            "is_child": self.is_child,
            "age_uncertain": self.age_uncertain,
        }


@dataclass
class Identification:
    subject_id: uuid.UUID
    grounds: Grounds
    indicators: list[str]
    exploitation_types: list[str]
    person: Person
    region: str
    jurisdiction: str
    identified_at: datetime
    reflection_period: ReflectionPeriod
    consents: list[Consent]
    identified_by: Actor
    identification_id: uuid.UUID = field(default_factory=uuid.uuid4)
    erased_at: datetime | None = None
    representative: Representative | None = None

    def referable_consent(self, now: datetime) -> Consent | None:
        """The consent under which social services learn of the person, if any."""
        return next(
            (
                consent
                for consent in self.consents
                if consent.covers_needs_for_assistance
                and consent.status(now) is ConsentStatus.ACTIVE
            ),
            None,
        )

    def referable_by(self, within: timedelta) -> datetime | None:
        """By when a referral for the person is answered at once: the identification has
        crossed the bus to the referral service `within` after it was made. None when no
        consent given lets social services know the person's needs (no referral until one
        is recorded)."""
        if self.referable_consent(self.identified_at) is None:
            return None
        return self.identified_at + within

    def may_be_erased_by(self, actor: Actor) -> bool:
        """The identifying organisation, or an auditor acting on the person's request."""
        return actor.organisation == self.identified_by.organisation or actor.sector == "audit"

    def erase(self, now: datetime) -> None:
        """Forget who the person is and what happened to them; keep the pseudonym, the
        fact of an identification and its dates, so that the erasure itself is on record."""
        if self.erased_at is not None:
            raise DomainError("the person's data is already erased")
        self.person = Person(languages=[])
        self.indicators = []
        self.exploitation_types = []
        self.region = ""
        self.erased_at = now
        for consent in self.consents:
            if consent.status(now) is ConsentStatus.ACTIVE:
                consent.withdrawn_at = now

    @classmethod
    def record(
        cls,
        *,
        grounds: Grounds,
        indicators: list[str],
        exploitation_types: list[str],
        person: Person,
        region: str,
        jurisdiction: str,
        consents: list[dict[str, Any]],
        now: datetime,
        policies: dict[str, ReflectionPolicy],
        actor: Actor,
        representative: Representative | None = None,
    ) -> Identification:
        # Principle 1: the person's own account is sufficient on its own.
        if grounds is Grounds.INDICATORS and not indicators:
            raise InvalidField("indicators", "grounds 'indicators' needs at least one indicator")
        if person.treated_as_child and representative is None:
            raise InvalidField(
                "representative",
                "a child, or a person who may be a child, is identified with a guardian or "
                "representative on record",
            )
        subject_id = uuid.uuid4()
        return cls(
            subject_id=subject_id,
            grounds=grounds,
            indicators=indicators,
            exploitation_types=exploitation_types,
            person=person,
            region=region,
            jurisdiction=jurisdiction,
            identified_at=now,
            reflection_period=ReflectionPeriod.starting(jurisdiction, now.date(), policies),
            consents=[
                Consent.give(
                    subject_id,
                    now=now,
                    jurisdiction=jurisdiction,
                    recorded_by=actor,
                    for_child=person.treated_as_child,
                    **consent,
                )
                for consent in consents
            ],
            identified_by=actor,
            representative=representative,
        )
