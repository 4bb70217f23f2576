"""Justice cases: opened only because the person consented to it, with no database in sight."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from nrm_bus.vocabulary import ExploitationType

JusticePurpose = Literal["law_enforcement", "prosecution"]
JusticeRecipient = Literal["police", "prosecutor"]


IDENTITY_FIELDS = ("given_name", "family_name", "birth_year", "gender", "nationality")


@dataclass(frozen=True)
class Intake:
    """What the justice sector is told under one consent; nothing about assistance. Only
    what the consent's data categories cover arrives: the rest is None or empty."""

    subject_id: uuid.UUID
    consent_id: uuid.UUID
    purpose: JusticePurpose
    recipient: JusticeRecipient
    region: str | None
    jurisdiction: str
    exploitation_types: list[ExploitationType]
    indicators: list[str] = field(default_factory=list)
    identity: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    subject_id: uuid.UUID
    consent_id: uuid.UUID
    purpose: JusticePurpose
    recipient: JusticeRecipient
    region: str | None
    jurisdiction: str
    exploitation_types: list[ExploitationType]
    opened_at: datetime
    indicators: list[str] = field(default_factory=list)
    identity: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, intake: Intake, now: datetime) -> Case:
        return cls(
            intake.subject_id,
            intake.consent_id,
            intake.purpose,
            intake.recipient,
            intake.region,
            intake.jurisdiction,
            sorted(set(intake.exploitation_types)),
            now,
            list(intake.indicators),
            dict(intake.identity),
        )

    def take(self, intake: Intake) -> Case:
        """A later consent replaces what the case relies on; the case keeps its opening date."""
        return replace(Case.open(intake, self.opened_at), subject_id=self.subject_id)
