"""Generated, obviously artificial people for tests and demos: never real-looking data."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any


def person(**overrides: Any) -> dict[str, Any]:
    tag = secrets.token_hex(3)
    return {
        "given_name": f"Given-{tag}",
        "family_name": f"Family-{tag}",
        "birth_year": 1990,
        "gender": "female",
        "nationality": "RO",
        "languages": ["ro", "en"],
        "is_child": False,
        **overrides,
    }


def consent(recipient: str, purpose: str, **overrides: Any) -> dict[str, Any]:
    return {
        "purpose": purpose,
        "recipient": recipient,
        "data_categories": ["needs"],
        "expires_at": (datetime.now(UTC) + timedelta(days=90)).isoformat(),
        "informed": {"language": "ro", "method": "written"},
        **overrides,
    }


def identification(*consents: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return {
        "grounds": "self_identified",
        "indicators": [],
        "exploitation_types": ["labour"],
        "person": person(),
        "region": "North",
        "jurisdiction": "NO",
        "consents": list(consents),
        **overrides,
    }


SHELTER_CONSENT = ("shelter", "shelter")
POLICE_CONSENT = ("police", "law_enforcement")
