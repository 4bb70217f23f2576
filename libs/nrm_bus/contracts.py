"""Event contracts: one JSON Schema per event type and version under `schemas/events/`,
checked before an event enters the outbox and again when a consumer receives it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from nrm_bus.envelope import CloudEvent

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas"
SCHEMA_URN_PREFIX = "urn:nrm:events:"


class ContractViolation(ValueError):
    """An event that does not match its declared contract, or declares none we know."""


def schema_urn(event_type: str, version: int) -> str:
    return f"{SCHEMA_URN_PREFIX}{event_type}:v{version}"


@dataclass(frozen=True)
class Contract:
    event_type: str
    version: int
    validator: Draft202012Validator

    @property
    def urn(self) -> str:
        return schema_urn(self.event_type, self.version)


@cache
def registry(schemas_dir: Path = SCHEMAS_DIR) -> dict[str, Contract]:
    """Every contract by its URN, loaded once from `schemas/events/<Type>/v<N>.json`."""
    contracts: dict[str, Contract] = {}
    for path in sorted((schemas_dir / "events").glob("*/v*.json")):
        schema = json.loads(path.read_text())
        Draft202012Validator.check_schema(schema)
        contract = Contract(
            event_type=path.parent.name,
            version=int(path.stem.removeprefix("v")),
            validator=Draft202012Validator(schema, format_checker=FormatChecker()),
        )
        if schema.get("$id") != contract.urn:
            raise RuntimeError(f"{path}: $id must be {contract.urn}")
        contracts[contract.urn] = contract
    return contracts


def contract_for(event: CloudEvent) -> Contract:
    contract = registry().get(event.dataschema)
    if contract is None:
        raise ContractViolation(f"unknown dataschema {event.dataschema!r}")
    if contract.event_type != event.type:
        raise ContractViolation(
            f"ce_type {event.type!r} does not match dataschema {event.dataschema!r}"
        )
    return contract


def validate(event: CloudEvent) -> None:
    """Raise ContractViolation naming the first offending field."""
    contract = contract_for(event)
    error = next(iter(sorted(contract.validator.iter_errors(event.data), key=str)), None)
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        raise ContractViolation(f"{contract.urn}: {where}: {_describe(error)}")


def _describe(error: Any) -> str:
    """Name the broken rule without echoing the value: reasons travel in plaintext
    dead-letter headers and logs, and a value may be personal data."""
    if error.validator in ("required", "additionalProperties"):
        return str(error.message)
    return f"does not satisfy {error.validator}={error.validator_value!r}"[:300]


def build_event(
    event_type: str,
    data: dict[str, Any],
    *,
    source: str,
    key: str,
    subject: str | None,
    version: int = 1,
) -> CloudEvent:
    """A validated event ready for the outbox."""
    event = CloudEvent(
        type=event_type,
        source=source,
        dataschema=schema_urn(event_type, version),
        data=data,
        key=key,
        subject=subject,
    )
    validate(event)
    return event
