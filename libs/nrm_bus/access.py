"""Who may read data about a person (API.md, "Reads are scoped by consent"), written once.

Each endpoint declares what it reads (`PersonRead`) beside its scope; `grant` decides, with
no I/O, from the organisations related to the person in this service and the consents this
service's view holds. A read that is not granted answers exactly like a person who does
not exist (`not_found`), so a refusal says nothing about whether the person is known."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol, TypeVar

from nrm_bus.gate import ConsentRecord
from nrm_bus.problems import Problem

AUDIT_SECTOR = "audit"


class Relation(StrEnum):
    """How an organisation stands to a person in a service's records."""

    IDENTIFIED = "identified"  # recorded reasonable grounds for this person
    REFERRED = "referred"  # started a referral for them
    SERVES = "serves"  # a provider or shelter a referral was offered to


@dataclass(frozen=True)
class Party:
    organisation: str
    relation: Relation


class Reader(Protocol):
    @property
    def organisation(self) -> str: ...
    @property
    def sector(self) -> str: ...


@dataclass(frozen=True)
class PersonRead:
    """What one endpoint reads about a person, declared beside its scope.

    `categories` are the data categories (API.md `<ConsentIn>`) the answer reveals: a
    sector reading by consent needs an active consent naming it that covers all of them.
    `relations` are the relations that open the read without a consent; `purposes`, when
    set, are the only consent purposes that open it."""

    action: str
    categories: frozenset[str] = frozenset()
    relations: frozenset[Relation] = frozenset(Relation)
    by_consent: bool = True
    purposes: frozenset[str] | None = None
    auditors: bool = True


@dataclass(frozen=True)
class Grant:
    """Why a read was allowed: a relation, a consent (named), or the audit sector."""

    basis: str
    consent_id: uuid.UUID | None = None
    categories: frozenset[str] = field(default_factory=frozenset)

    @property
    def sees_every_consent(self) -> bool:
        """Only the identifying organisation and auditors see consents naming others,
        and so whether the person consented to the police (API.md)."""
        return self.basis in {Relation.IDENTIFIED.value, "audit"}


def grant(
    read: PersonRead,
    reader: Reader,
    parties: Iterable[Party],
    consents: Iterable[ConsentRecord],
    now: datetime,
) -> Grant | None:
    """The rule, with no I/O; None means the reader must not learn the person exists."""
    if read.auditors and reader.sector == AUDIT_SECTOR:
        return Grant("audit", categories=read.categories)
    for party in parties:
        if party.organisation == reader.organisation and party.relation in read.relations:
            return Grant(party.relation.value, categories=read.categories)
    if not read.by_consent:
        return None
    for consent in sorted(consents, key=lambda c: str(c.consent_id)):
        if (
            consent.recipient == reader.sector
            and consent.is_active(now)
            and read.categories <= consent.data_categories
            and (read.purposes is None or consent.purpose in read.purposes)
        ):
            return Grant("consent", consent.consent_id, read.categories)
    return None


class Addressed(Protocol):
    @property
    def recipient(self) -> str: ...


C = TypeVar("C", bound=Addressed)


def visible_consents(granted: Grant, reader: Reader, consents: Sequence[C]) -> list[C]:
    """A consent list shows each reader only the consents that name its own sector, except
    to the identifying organisation and auditors."""
    if granted.sees_every_consent:
        return list(consents)
    return [consent for consent in consents if consent.recipient == reader.sector]


def not_found() -> Problem:
    """The one answer for a person (or a record about one) that does not exist, or that
    the caller may not see: the same body and headers either way."""
    return Problem(
        404,
        "Not found",
        "Nothing is found here, or nothing this caller may see.",
        "not-found",
    )
