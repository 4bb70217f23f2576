"""Generated, obviously artificial people for tests and demos: never real-looking data."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from nrm_bus.contracts import build_event
from nrm_bus.envelope import CloudEvent


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


def placement_requested(
    *,
    region: str = "North",
    requested_at: datetime | None = None,
    is_child: bool = False,
    referral_id: uuid.UUID | None = None,
    languages: tuple[str, ...] = ("ro",),
) -> CloudEvent:
    """A PlacementRequested event as referral sends it, about a generated pseudonym."""
    subject = str(uuid.uuid4())
    return build_event(
        "PlacementRequested",
        {
            "referral_id": str(referral_id or uuid.uuid4()),
            "subject_id": subject,
            "consent_id": str(uuid.uuid4()),
            "target_group": "children" if is_child else "women",
            "is_child": is_child,
            "languages": list(languages),
            "region": region,
            "requested_at": (requested_at or datetime.now(UTC)).isoformat(),
        },
        source="/nrm/referral",
        key=subject,
        subject=subject,
    )
