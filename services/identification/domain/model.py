"""Identification and consent: the rules, with no database or broker in sight."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any


class DomainError(Exception):
    """A rule of the domain refused the request; the message names the rule."""


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


class ConsentStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Informed:
    language: str
    method: str  # written | verbal | both


@dataclass
class Consent:
    subject_id: uuid.UUID
    purpose: Purpose
    recipient: str
    data_categories: list[str]
    given_at: datetime
    expires_at: datetime | None
    informed: Informed
    consent_id: uuid.UUID = field(default_factory=uuid.uuid4)
    withdrawn_at: datetime | None = None

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
    ) -> Consent:
        if expires_at is not None and expires_at <= now:
            raise DomainError("consent expiry must be in the future")
        return cls(
            subject_id, purpose, recipient, sorted(set(data_categories)), now, expires_at, informed
        )

    def status(self, now: datetime) -> ConsentStatus:
        if self.withdrawn_at is not None:
            return ConsentStatus.WITHDRAWN
        if self.expires_at is not None and self.expires_at <= now:
            return ConsentStatus.EXPIRED
        return ConsentStatus.ACTIVE

    def withdraw(self, now: datetime) -> None:
        if self.status(now) is not ConsentStatus.ACTIVE:
            raise DomainError(f"consent is already {self.status(now).value}")
        self.withdrawn_at = now

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
class ReflectionPeriod:
    jurisdiction: str
    starts_on: date
    days: int

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(days=self.days)

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

    @property
    def target_group(self) -> str:
        """The kind of place a person needs, without saying why (principle 8)."""
        if self.is_child:
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
    identification_id: uuid.UUID = field(default_factory=uuid.uuid4)

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
    ) -> Identification:
        # Principle 1: the person's own account is sufficient on its own.
        if grounds is Grounds.INDICATORS and not indicators:
            raise DomainError("grounds 'indicators' needs at least one indicator")
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
            consents=[Consent.give(subject_id, now=now, **consent) for consent in consents],
        )
