"""The person's data tracker through the real services, on the real source: identified by an
NGO, her data read by legal aid and the police; the NGO prints her tracker in Romanian, the
police cannot see it, and a police hold keeps its entries off it until a date."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from markupsafe import escape
from sqlalchemy import select

from devtools import people
from devtools.broker import Broker
from devtools.waiting import eventually
from nrm_bus.auth import Caller
from nrm_bus.information import default_catalogues
from tests.system import System, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

RO = default_catalogues().resolve("ro")
HELD_BACK = (
    "Some entries are not shown until %(date)s. The law allows this in some cases. "
    "They will be shown after that date."
)
POLICE = Caller("police-north", "Police Unit North (demo)", "police", frozenset(), None)


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any) -> AsyncIterator[System]:
    async with running_system(
        broker.bootstrap_servers, pg_database, only=("identification", "referral")
    ) as running:
        yield running


def ro(msgid: str, context: str | None = None) -> str:
    text = RO.pgettext(context, msgid) if context else RO.gettext(msgid)
    assert text != msgid
    return str(escape(text))


async def test_her_tracker_in_her_language_held_back_while_the_police_investigate(
    system: System,
) -> None:
    # Identified by the NGO (the referral client's default caller), with consents to a
    # shelter and to legal aid (which reads her referrals, so where she lives as well).
    identified = await system.identification.post(
        "/v1/identifications",
        json=people.identification(
            people.consent(*people.SHELTER_CONSENT),
            people.consent("legal_aid", "legal_aid", data_categories=["needs", "location"]),
        ),
    )
    assert identified.status_code == 201, identified.text
    subject_id = identified.json()["subject_id"]
    tracker = f"/v1/subjects/{subject_id}/data-tracker"

    async def known_to_referral() -> httpx.Response | None:
        response = await system.referral.get(tracker, params={"language": "ro"})
        return response if response.status_code == 200 else None

    # Only the identifying organisation gets it: the organisation came over the bus.
    assert (await eventually(known_to_referral)).status_code == 200

    # Legal aid reads her referrals over HTTP. The police read is written straight to the
    # access log, as a police read would be, so this test does not depend on which police
    # reads referral allows.
    read = await system.referral.get(
        "/v1/referrals", params={"subject_id": subject_id}, headers=await system.as_("legal-aid")
    )
    assert read.status_code == 200
    async with system.runtime("referral").unit_of_work() as uow:
        await uow.record_access(POLICE, "referrals.read", subject_id)
        await uow.commit()

    page = await system.referral.get(tracker, params={"language": "ro"})
    assert page.status_code == 200, page.text
    assert '<html lang="ro" dir="ltr">' in page.text
    assert ro("Who received or read your information") in page.text
    assert "Legal Aid Office (demo)" in page.text
    assert "Police Unit North (demo)" in page.text
    assert ro("read", "data_use") in page.text
    assert ro("needs", "data_category") in page.text
    assert RO.gettext(HELD_BACK).split("%(date)s")[0] not in page.text
    pdf = await system.referral.get(
        tracker, params={"language": "ar"}, headers={"Accept": "application/pdf"}
    )
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")

    # To the police, and to an auditor asking for someone unknown, she does not exist.
    police = await system.as_("police-north")
    refused = await system.referral.get(tracker, headers=police)
    nobody = uuid.uuid4()
    absent = await system.referral.get(f"/v1/subjects/{nobody}/data-tracker")
    assert refused.status_code == absent.status_code == 404
    assert refused.text == absent.text.replace(str(nobody), subject_id)
    assert refused.headers == absent.headers

    # The police hold back their entries while they investigate.
    until = datetime.now(UTC).date() + timedelta(days=60)
    held = await system.referral.post(
        f"{tracker}/holds",
        headers=police,
        json={
            "sector": "police",
            "until": until.isoformat(),
            "legal_basis": "Criminal procedure act s. 12, investigation 2026/117",
        },
    )
    assert held.status_code == 201, held.text
    page = await system.referral.get(tracker, params={"language": "ro"})
    assert "Legal Aid Office (demo)" in page.text
    assert "Police Unit North (demo)" not in page.text
    assert "2026/117" not in page.text
    assert RO.format_date(until) in page.text
    assert str(escape(RO.gettext(HELD_BACK) % {"date": RO.format_date(until)})) in page.text

    # Auditors see the hold, its legal basis and who recorded it.
    holds = await system.referral.get(f"{tracker}/holds", headers=await system.as_("auditor"))
    assert holds.status_code == 200
    [record] = holds.json()
    assert record["legal_basis"] == "Criminal procedure act s. 12, investigation 2026/117"
    assert (record["by_organisation"], record["by_sector"]) == (
        "Police Unit North (demo)",
        "police",
    )

    # Every read of the tracker is on record, by whom.
    access_log = system.runtime("referral").metadata.tables["audit_log"]
    async with system.runtime("referral").engine.connect() as conn:
        rows = await conn.execute(
            select(access_log.c.client_id, access_log.c.action).where(
                access_log.c.subject_id == subject_id
            )
        )
        actions = [(row.client_id, row.action) for row in rows]
    assert actions.count(("ngo-outreach", "data_tracker.read")) >= 3
    assert ("police-north", "data_tracker.read") not in actions
    assert ("police-north", "data_tracker.hold.record") in actions
    assert ("auditor", "data_tracker.holds.read") in actions
