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
    subject_id: uuid.UUID | None = None,
    consent_id: uuid.UUID | None = None,
) -> CloudEvent:
    """A PlacementRequested event as referral sends it, about a generated pseudonym unless
    one is given, under the given (or a made-up) consent."""
    subject = str(subject_id or uuid.uuid4())
    return build_event(
        "PlacementRequested",
        {
            "referral_id": str(referral_id or uuid.uuid4()),
            "subject_id": subject,
            "consent_id": str(consent_id or uuid.uuid4()),
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


def consent_given(
    subject_id: uuid.UUID,
    consent_id: uuid.UUID,
    *,
    purpose: str = "shelter",
    recipient: str = "shelter",
    data_categories: tuple[str, ...] = ("needs",),
) -> CloudEvent:
    """A ConsentGiven as identification broadcasts it: what lets an event about the
    person through the consent gate."""
    subject = str(subject_id)
    return build_event(
        "ConsentGiven",
        {
            "consent_id": str(consent_id),
            "subject_id": subject,
            "purpose": purpose,
            "recipient": recipient,
            "data_categories": list(data_categories),
            "given_at": datetime.now(UTC).isoformat(),
            "expires_at": None,
        },
        source="/nrm/identification",
        key=subject,
        subject=subject,
    )
