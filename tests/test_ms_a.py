"""The scenario of seed 004, played through the public API: Ms. A, identified after a raid,
speaks little of the local language and fears the shelter worker is another trafficker.
She is told in her own language, declines, and later accepts, without being identified
again; her reflection clock warns before it ends; statistics show her decline only in
aggregate."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from devtools import people
from devtools.broker import Broker
from devtools.waiting import eventually
from nrm_bus.clock import FixedClock
from tests.system import System, running_system
from tests.test_identification_rules import reflection_events

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


@pytest.fixture(scope="module")
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC))


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any, clock: FixedClock) -> AsyncIterator[System]:
    async with running_system(
        broker.bootstrap_servers, pg_database, clock=clock, reflection_sweep_s=0.1
    ) as running:
        await running.shelter.post(
            "/v1/shelters",
            json={
                "name": "Harbour House",
                "region": "North",
                "target_groups": ["women"],
                "regime": "open",
                "languages": ["nb", "en"],
                "beds_total": 4,
            },
        )
        yield running


async def status_of(
    system: System, referral_id: str, wanted: str, headers: dict[str, str]
) -> dict[str, Any]:
    """The referral once it reached `wanted`, as the organisation that made it reads it."""

    async def reached() -> dict[str, Any] | None:
        response = await system.referral.get(f"/v1/referrals/{referral_id}", headers=headers)
        body: dict[str, Any] = response.json()
        return body if body["status"] == wanted else None

    return await eventually(reached, timeout_s=15)


async def test_ms_a(system: System, broker: Broker, clock: FixedClock) -> None:
    police = await system.as_("police-north")
    ngo = await system.as_("ngo-outreach")

    # After the raid, a police officer identifies her from indicators; she consents to a
    # shelter knowing her needs, told verbally in Romanian. Nothing for the police.
    identified = await system.identification.post(
        "/v1/identifications",
        headers=police,
        json=people.identification(
            people.consent(
                *people.SHELTER_CONSENT,
                informed={"language": "ro", "method": "verbal"},
                expires_at=(clock.now() + timedelta(days=365)).isoformat(),
            ),
            grounds="indicators",
            indicators=["deceived-nature-of-job", "lack-of-language-knowledge"],
            exploitation_types=["labour"],
            person=people.person(gender="female", languages=["ro"]),
        ),
    )
    assert identified.status_code == 201, identified.text
    subject_id = identified.json()["subject_id"]
    assert identified.json()["reflection_period"]["days"] == 180  # Norway: six months

    first = await system.referral.post(
        "/v1/referrals", headers=police, json={"subject_id": subject_id, "service_type": "shelter"}
    )
    assert first.status_code == 201, first.text
    offer = await status_of(system, first.json()["referral_id"], "offered", police)
    assert offer["placement"]["shelter_name"] == "Harbour House"

    # The information sheet, in Romanian, printed, and its handing over recorded.
    sheet = await system.referral.get(
        f"/v1/subjects/{subject_id}/information-sheet", headers=police
    )
    assert sheet.status_code == 200
    assert '<html lang="ro"' in sheet.text
    pdf = await system.referral.get(
        f"/v1/subjects/{subject_id}/information-sheet",
        headers={**police, "Accept": "application/pdf"},
    )
    assert pdf.content.startswith(b"%PDF")
    handed = await system.referral.post(
        f"/v1/subjects/{subject_id}/information-sheet/handovers",
        headers=police,
        json={"language": "ro", "method": "both"},
    )
    assert handed.status_code == 201, handed.text

    # She fears the shelter worker is another trafficker, and declines.
    declined = await system.referral.post(
        f"/v1/referrals/{first.json()['referral_id']}/decline",
        headers=police,
        json={"reason": "does_not_trust_helpers", "note": "thinks the worker is a trafficker"},
    )
    assert declined.status_code == 200, declined.text

    # Weeks later she comes back to an NGO: referred again, with no new identification, and
    # what she was told before is on record.
    clock.advance(timedelta(days=20))
    again = await system.referral.post(
        "/v1/referrals", headers=ngo, json={"subject_id": subject_id, "service_type": "shelter"}
    )
    assert again.status_code == 201, again.text
    await status_of(system, again.json()["referral_id"], "offered", ngo)
    accepted = await system.referral.post(
        f"/v1/referrals/{again.json()['referral_id']}/acceptance", headers=ngo
    )
    assert accepted.status_code == 200
    await status_of(system, again.json()["referral_id"], "accepted", ngo)
    earlier = (
        await system.referral.get(
            f"/v1/subjects/{subject_id}/information-sheet/handovers", headers=ngo
        )
    ).json()
    assert [(h["language"], h["method"]) for h in earlier] == [("ro", "both")]

    # Two weeks before her reflection period ends, a warning goes out without any request.
    # (Her clock is read where she was identified, by the police who identified her.)
    clock.advance(timedelta(days=146))
    period = (
        await system.identification.get(
            f"/v1/subjects/{subject_id}/reflection-period", headers=police
        )
    ).json()
    assert period["days"] == 180

    async def warned() -> list[dict[str, Any]]:
        events = await reflection_events(broker, subject_id)
        return [data for kind, data in events if kind == "ReflectionPeriodEnding"]

    [warning] = await eventually(warned, timeout_s=15)
    assert warning["days_left"] == 14
    assert warning["ends_on"] == period["ends_on"]

    # Her decline counts, in aggregate only: one decline is a cell too small to show.
    operations = await system.as_("operations")
    stats = (await system.referral.get("/v1/statistics/declines", headers=operations)).json()
    [row] = [r for r in stats["by_reason"] if r["reason"] == "does_not_trust_helpers"]
    assert row == {"reason": "does_not_trust_helpers", "count": None, "suppressed": True}
    assert subject_id not in str(stats)
