"""A referral abroad: only under a cross_border consent, as a signed event on its own topic
that carries the consent's scope; the counterpart verifies it with the referral service's
published key and opens it with the data key released to it under the same consent."""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from devtools import people
from devtools.broker import Broker
from devtools.waiting import eventually
from nrm_bus import topics
from nrm_bus.envelope import CloudEvent
from nrm_bus.sealing import SEALED, SealBroken, open_sealed
from nrm_bus.signing import verify
from tests.system import System, retained_records, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

CROSS_BORDER = ("foreign_counterpart", "cross_border")


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any) -> AsyncIterator[System]:
    async with running_system(
        broker.bootstrap_servers, pg_database, only=("identification", "referral")
    ) as running:
        yield running


async def sent_abroad(broker: Broker, referral_id: str) -> CloudEvent | None:
    for record in await retained_records(broker.bootstrap_servers, topics.CROSS_BORDER_REFERRALS):
        event = CloudEvent.from_record(record.key, record.value, record.headers)
        if event.data.get("referral_id") == referral_id:
            return event
    return None


async def test_a_referral_abroad_needs_a_cross_border_consent(system: System) -> None:
    # Consent to a counterpart for "return" is not consent to cross the border.
    subject = (
        await system.identification.post(
            "/v1/identifications",
            json=people.identification(
                people.consent(*people.SHELTER_CONSENT),
                people.consent("foreign_counterpart", "return"),
            ),
        )
    ).json()["subject_id"]

    async def answered() -> Any:
        response = await system.referral.post(
            "/v1/referrals", json={"subject_id": subject, "service_type": "return"}
        )
        return response if response.status_code != 409 or "consent" in response.text else None

    refused = await eventually(answered, timeout_s=15)
    assert refused.status_code == 409
    assert "foreign_counterpart" in refused.json()["detail"]


async def test_the_signed_referral_carries_its_consent_and_opens_only_with_the_released_key(
    system: System, broker: Broker
) -> None:
    subject = (
        await system.identification.post(
            "/v1/identifications",
            json=people.identification(
                people.consent(*people.SHELTER_CONSENT),
                people.consent(*CROSS_BORDER, data_categories=["needs", "location"]),
                person=people.person(languages=["uk"]),
            ),
        )
    ).json()["subject_id"]

    async def referred() -> Any:
        response = await system.referral.post(
            "/v1/referrals",
            json={
                "subject_id": subject,
                "service_type": "return",
                "needs": {"destination_country": "UA"},
            },
        )
        return response if response.status_code == 201 else None

    referral = await eventually(referred, timeout_s=15)
    referral_id = referral.json()["referral_id"]
    event = await eventually(lambda: sent_abroad(broker, referral_id), timeout_s=15)

    # Signed by the referral service, with the key it publishes.
    jwks = (await system.referral.get("/.well-known/jwks.json")).json()
    assert event.signature is not None
    assert verify(event, event.signature, jwks)
    forged = CloudEvent(**{**event.__dict__, "data": {**event.data, "jurisdiction": "SE"}})
    assert not verify(forged, event.signature, jwks)

    consents = (await system.identification.get(f"/v1/subjects/{subject}/consents")).json()
    [cross_border] = [c for c in consents if c["purpose"] == "cross_border"]
    assert event.data["consent_id"] == cross_border["consent_id"]
    assert event.data["consent_scope"] == {
        "purpose": "cross_border",
        "recipient": "foreign_counterpart",
        "data_categories": ["location", "needs"],
        "expires_at": event.data["consent_scope"]["expires_at"],
    }
    assert SEALED in event.data
    assert "languages" not in event.data
    assert "destination_country" not in event.data

    # The counterpart gets the key under the consent, and reads the sealed needs.
    counterpart = await system.as_("foreign-counterpart")
    released = await system.identification.get(
        f"/v1/subjects/{subject}/data-key", headers=counterpart
    )
    assert released.status_code == 200, released.text
    key = base64.urlsafe_b64decode(released.json()["key"] + "==")
    opened = open_sealed(event, key).data
    assert opened["languages"] == ["uk"]
    assert opened["destination_country"] == "UA"
    with pytest.raises(SealBroken):
        open_sealed(event, bytes(32))

    # Once the consent is withdrawn, no key is released any more.
    await system.identification.post(
        f"/v1/subjects/{subject}/consents/{cross_border['consent_id']}/withdrawal"
    )
    again = await system.identification.get(f"/v1/subjects/{subject}/data-key", headers=counterpart)
    assert again.status_code == 404
    assert uuid.UUID(released.json()["consent_id"]) == uuid.UUID(cross_border["consent_id"])
