"""Every referral and placement can end, end to end on the real broker and PostgreSQL, with
one clock the test moves for every service: a woman accepts a bed and moves out two weeks
later, and the bed goes to the first woman waiting; a referral revoked by its maker releases
its hold at once; the information sheet prints in her language right after identification,
also for a woman who has consented to nothing yet."""

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

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

CURFEW = {"rule": "back by 23:00", "rationale": "staff on duty can account for residents"}


@pytest.fixture(scope="module")
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC))


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any, clock: FixedClock) -> AsyncIterator[System]:
    async with running_system(broker.bootstrap_servers, pg_database, clock=clock) as running:
        yield running


@pytest.fixture
async def alone(broker: Broker, pg_database: Any) -> AsyncIterator[System]:
    """A system of its own: no shelter of another test can take the woman who must wait
    (matching looks beyond her region when hers is full)."""
    async with running_system(broker.bootstrap_servers, pg_database) as running:
        yield running


async def add_shelter(system: System, region: str, **overrides: Any) -> dict[str, Any]:
    body = {
        "name": f"House in {region}",
        "region": region,
        "target_groups": ["women"],
        "regime": "open",
        "languages": ["ro", "en"],
        "beds_total": 1,
        "house_rules": [CURFEW],
        **overrides,
    }
    response = await system.shelter.post("/v1/shelters", json=body)  # as Harbour's staff
    assert response.status_code == 201, response.text
    shelter: dict[str, Any] = response.json()
    return shelter


async def woman(system: System, region: str, *consents: dict[str, Any], **person: Any) -> str:
    identified = await system.identification.post(
        "/v1/identifications",
        json=people.identification(
            *consents, region=region, person=people.person(gender="female", **person)
        ),
    )
    assert identified.status_code == 201, identified.text
    subject_id: str = identified.json()["subject_id"]
    return subject_id


async def referred(system: System, region: str) -> tuple[str, str]:
    """A woman identified and referred to a shelter by the NGO: her id and the referral's."""
    subject_id = await woman(system, region, people.consent(*people.SHELTER_CONSENT))
    started = await system.referral.post(
        "/v1/referrals", json={"subject_id": subject_id, "service_type": "shelter"}
    )
    assert started.status_code == 201, started.text
    return subject_id, started.json()["referral_id"]


async def referral_in(system: System, referral_id: str, *statuses: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        body: dict[str, Any] = (await system.referral.get(f"/v1/referrals/{referral_id}")).json()
        return body if body["status"] in statuses else None

    return await eventually(probe)


async def placement_in(system: System, subject_id: str, status: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        found: list[dict[str, Any]] = (
            await system.shelter.get("/v1/placements", params={"subject_id": subject_id})
        ).json()
        return found[-1] if found and found[-1]["status"] == status else None

    return await eventually(probe)


async def test_she_moves_out_two_weeks_later_and_the_bed_goes_to_the_first_woman_waiting(
    system: System, clock: FixedClock
) -> None:
    house = await add_shelter(system, "Lifecycle North")
    first, first_referral = await referred(system, "Lifecycle North")
    await referral_in(system, first_referral, "offered")
    accepted = await system.referral.post(f"/v1/referrals/{first_referral}/acceptance")
    assert accepted.status_code == 200, accepted.text
    await placement_in(system, first, "confirmed")

    # Two more women wait for a bed there, in this order.
    second, second_referral = await referred(system, "Lifecycle North")
    await referral_in(system, second_referral, "waitlisted")
    third, third_referral = await referred(system, "Lifecycle North")
    await referral_in(system, third_referral, "waitlisted")

    clock.advance(timedelta(days=14))
    left = clock.now().date().isoformat()
    moved = await system.shelter.post(
        f"/v1/shelters/{house['shelter_id']}/move-outs",
        json={"subject_id": first, "reason": "moved_to_other_accommodation", "moved_out_on": left},
    )
    assert moved.status_code == 201, moved.text
    assert moved.json()["placement"]["status"] == "ended"

    # Her referral completes; the bed is offered to the first woman waiting, not the second.
    done = await referral_in(system, first_referral, "completed")
    assert done["history"][-1]["reason"] == "moved_to_other_accommodation"
    assert done["placement"]["ended_on"] == left
    offered = await referral_in(system, second_referral, "offered")
    assert offered["placement"]["shelter_id"] == house["shelter_id"]
    assert (await referral_in(system, third_referral, "waitlisted"))["status"] == "waitlisted"
    await placement_in(system, second, "held")
    # Capacity followed: the bed was freed and taken again.
    shelter = (await system.shelter.get(f"/v1/shelters/{house['shelter_id']}")).json()
    assert (shelter["beds_free"], shelter["beds_total"]) == (0, 1)
    # She waits on: no bed was held for her (as the NGO that referred her reads it).
    ngo = await system.as_("ngo-outreach")
    still = await system.shelter.get("/v1/placements", params={"subject_id": third}, headers=ngo)
    assert still.json() == []
    # She found a place elsewhere: the NGO revokes her referral and she leaves the waitlist.
    revoked = await system.referral.post(
        f"/v1/referrals/{third_referral}/withdrawal", json={"reason": "served_elsewhere"}
    )
    assert revoked.status_code == 200, revoked.text


async def test_a_referral_revoked_by_its_maker_releases_its_hold(alone: System) -> None:
    system = alone
    house = await add_shelter(system, "Lifecycle South")
    held, held_referral = await referred(system, "Lifecycle South")
    await referral_in(system, held_referral, "offered")
    await placement_in(system, held, "held")
    waiting, waiting_referral = await referred(system, "Lifecycle South")
    await referral_in(system, waiting_referral, "waitlisted")

    # Another organisation may not revoke it; its maker may, with a reason from the list.
    police = await system.as_("police-north")
    refused = await system.referral.post(
        f"/v1/referrals/{held_referral}/withdrawal",
        json={"reason": "entered_in_error"},
        headers=police,
    )
    assert refused.status_code == 404
    revoked = await system.referral.post(
        f"/v1/referrals/{held_referral}/withdrawal", json={"reason": "entered_in_error"}
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["status"] == "withdrawn"

    # The held bed is released at once, and goes to the woman waiting.
    await placement_in(system, held, "released")
    offered = await referral_in(system, waiting_referral, "offered")
    assert offered["placement"]["shelter_id"] == house["shelter_id"]
    await placement_in(system, waiting, "held")
    again = await system.referral.post(
        f"/v1/referrals/{held_referral}/withdrawal", json={"reason": "duplicate"}
    )
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "referral_id"


async def test_the_sheet_prints_in_her_language_right_after_identification(
    system: System,
) -> None:
    # She consented to a shelter knowing her needs: the referral service's sheet waits for
    # her identification to cross the bus rather than answer 404.
    subject_id = await woman(
        system, "Lifecycle East", people.consent(*people.SHELTER_CONSENT), languages=["ro"]
    )
    sheet = await system.referral.get(f"/v1/subjects/{subject_id}/information-sheet")
    assert sheet.status_code == 200, sheet.text
    assert '<html lang="ro" dir="ltr">' in sheet.text
    assert subject_id in sheet.text
    # The identifying organisation prints the same sheet from identification, at once.
    at_once = await system.identification.get(f"/v1/subjects/{subject_id}/information-sheet")
    assert at_once.status_code == 200, at_once.text
    assert '<html lang="ro" dir="ltr">' in at_once.text

    # She consented to nothing yet: referral never hears of her, identification prints it.
    nothing = await woman(system, "Lifecycle East", languages=["ar"])
    first_contact = await system.identification.get(
        f"/v1/subjects/{nothing}/information-sheet", headers={"Accept": "application/pdf"}
    )
    assert first_contact.status_code == 200, first_contact.text
    assert first_contact.headers["content-language"] == "ar"
    assert first_contact.content.startswith(b"%PDF")
    html = await system.identification.get(f"/v1/subjects/{nothing}/information-sheet")
    assert '<html lang="ar" dir="rtl">' in html.text
    # Only for the organisation that identified her.
    police = await system.as_("police-north")
    other = await system.identification.get(
        f"/v1/subjects/{nothing}/information-sheet", headers=police
    )
    assert other.status_code == 404
    not_at_referral = await system.referral.get(f"/v1/subjects/{nothing}/information-sheet")
    assert not_at_referral.status_code == 404
