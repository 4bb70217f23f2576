"""Disclosure rules: for each event type about a person, which consent lets it reach its
recipient and which of its fields belong to which data category. Declared once, in
`schemas/disclosures.yaml`, and applied by the consent gate, never by hand in a service."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from nrm_bus.contracts import SCHEMAS_DIR

DISCLOSURES = SCHEMAS_DIR / "disclosures.yaml"
CONSENT_FIELD = "consent_id"


@dataclass(frozen=True)
class DisclosureRule:
    event_type: str
    recipient: str
    purposes: frozenset[str]
    # Sectors the consent must be given to; None accepts any sector.
    consent_recipients: frozenset[str] | None
    required: frozenset[str]
    categories: Mapping[str, tuple[str, ...]]
    # Leaves the mechanism: signed by the sending service (nrm_bus.signing).
    signed: bool = False

    @property
    def personal_fields(self) -> frozenset[str]:
        return frozenset(name for names in self.categories.values() for name in names)

    def categories_in(self, covered: frozenset[str]) -> tuple[str, ...]:
        """The categories of this event that a consent covering `covered` lets through."""
        return tuple(sorted(category for category in self.categories if category in covered))

    def project(self, data: dict[str, Any], covered: frozenset[str]) -> dict[str, Any]:
        """The event's data without the fields of categories the consent does not cover."""
        withheld = {
            name
            for category, names in self.categories.items()
            if category not in covered
            for name in names
        }
        return {name: value for name, value in data.items() if name not in withheld}


@dataclass(frozen=True)
class Disclosures:
    rules: Mapping[str, DisclosureRule]
    broadcast: frozenset[str]

    def rule_for(self, event_type: str) -> DisclosureRule | None:
        return self.rules.get(event_type)

    def purposes_for(self, event_types: Iterable[str]) -> frozenset[str]:
        """The consent purposes that concern a service handling these event types: the only
        consents its view keeps (an assistance service never learns of a police consent)."""
        return frozenset(
            purpose
            for event_type in event_types
            if (rule := self.rules.get(event_type)) is not None
            for purpose in rule.purposes
        )


@cache
def disclosures(path: Path = DISCLOSURES) -> Disclosures:
    raw = yaml.safe_load(path.read_text())
    rules = {
        event_type: DisclosureRule(
            event_type=event_type,
            recipient=entry["recipient"],
            purposes=frozenset(entry["purposes"]),
            consent_recipients=(
                frozenset(entry["consent_recipients"]) if "consent_recipients" in entry else None
            ),
            required=frozenset(entry.get("required", [])),
            categories={
                category: tuple(names) for category, names in entry.get("categories", {}).items()
            },
            signed=bool(entry.get("signed", False)),
        )
        for event_type, entry in raw["events"].items()
    }
    return Disclosures(rules=rules, broadcast=frozenset(raw["broadcast"]))
