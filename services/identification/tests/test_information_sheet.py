"""The information sheet at first contact, from the identification service: printed by the
organisation that identified the person the moment it is recorded, in her language, whether
or not she consented to anything; for anyone else the 404 of a person who does not exist.
SQLite, no broker: the app runs without its lifespan and the caller is given."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from devtools import people
from identification.bootstrap import bootstrap
from identification.config import Settings
from nrm_bus.auth import Caller, authenticate
from nrm_bus.clock import FixedClock
from nrm_bus.information import PDF, default_catalogues

NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)
WRITE = frozenset({"identification:write", "identification:read", "consent:write", "subject:erase"})
OUTREACH = Caller("ngo-outreach", "Outreach Collective", "ngo", WRITE, date(2027, 12, 31))
POLICE = Caller("police-north", "Police Unit North", "police", WRITE, date(2027, 12, 31))
LAPSED = Caller("ngo-lapsed", "Drop-in Centre East", "ngo", WRITE, date(2025, 6, 30))
CATALOGUES = default_catalogues()


def said(language: str, msgid: str) -> str:
    message = CATALOGUES.catalog(language).get(msgid)
    assert message is not None
    assert isinstance(message.string, str)
    return message.string


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'identification.db'}",
        run_consumer=False,
        run_relay=False,
        migrate_on_start=False,
        keyvault_url=f"sqlite+aiosqlite:///{tmp_path / 'keyvault.db'}",
    )
    service = bootstrap(settings, FixedClock(NOW))
    await service.state.runtime.migrate()
    await service.state.runtime.vault.start()  # erasure destroys the person's key first
    service.dependency_overrides[authenticate] = lambda: OUTREACH
    yield service
    await service.state.runtime.stop()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://identification") as http:
        yield http


async def identify(client: httpx.AsyncClient, *consents: dict[str, Any], **overrides: Any) -> str:
    response = await client.post(
        "/v1/identifications", json=people.identification(*consents, **overrides)
    )
    assert response.status_code == 201, response.text
    subject_id: str = response.json()["subject_id"]
    return subject_id


async def test_the_identifying_organisation_prints_it_at_once_without_any_consent(
    client: httpx.AsyncClient,
) -> None:
    subject_id = await identify(client, person=people.person(languages=["ar", "en"]))
    sheet = await client.get(f"/v1/subjects/{subject_id}/information-sheet")
    assert sheet.status_code == 200, sheet.text
    assert sheet.headers["content-type"].startswith("text/html")
    assert sheet.headers["content-language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in sheet.text
    assert subject_id in sheet.text  # the reference code: a pseudonym, never her name
    assert "Given-" not in sheet.text
    assert "Family-" not in sheet.text
    # Her reflection period, as recorded with the identification (Norway: 180 days).
    assert said("ar", "Length of the period, in days: %(days)s.").replace("%(days)s", "180") in (
        sheet.text
    )

    romanian = await client.get(
        f"/v1/subjects/{subject_id}/information-sheet", params={"language": "ro"}
    )
    assert '<html lang="ro" dir="ltr">' in romanian.text
    pdf = await client.get(
        f"/v1/subjects/{subject_id}/information-sheet",
        params={"language": "ro"},
        headers={"Accept": PDF},
    )
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == PDF
    assert pdf.content.startswith(b"%PDF")


async def test_a_consented_person_and_a_child_get_the_same_sheet_with_the_child_section(
    client: httpx.AsyncClient,
) -> None:
    child = await identify(
        client,
        people.consent(*people.SHELTER_CONSENT),
        person=people.person(is_child=True, languages=["uk"]),
        representative={"role": "guardian", "organisation": "Guardianship Office"},
    )
    sheet = await client.get(f"/v1/subjects/{child}/information-sheet")
    assert sheet.status_code == 200, sheet.text
    assert '<html lang="uk"' in sheet.text
    assert 'data-section="child"' in sheet.text


async def test_anyone_else_gets_the_404_of_nobody_and_bad_input_a_problem(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    subject_id = await identify(client)
    nobody = await client.get(f"/v1/subjects/{uuid.uuid4()}/information-sheet")
    assert nobody.status_code == 404
    app.dependency_overrides[authenticate] = lambda: POLICE
    other = await client.get(f"/v1/subjects/{subject_id}/information-sheet")
    assert other.status_code == 404
    assert other.json() == nobody.json()
    app.dependency_overrides[authenticate] = lambda: LAPSED
    lapsed = await client.get(f"/v1/subjects/{subject_id}/information-sheet")
    assert (lapsed.status_code, lapsed.json()["rule"]) == (403, "training-lapsed")
    app.dependency_overrides[authenticate] = lambda: OUTREACH
    bad = await client.get(
        f"/v1/subjects/{subject_id}/information-sheet", params={"language": "../etc"}
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "language"
    assert "etc" not in bad.text


async def test_after_erasure_the_sheet_is_gone_too(client: httpx.AsyncClient) -> None:
    subject_id = await identify(client)
    erased = await client.post(f"/v1/subjects/{subject_id}/erasure")
    assert erased.status_code == 202, erased.text
    gone = await client.get(f"/v1/subjects/{subject_id}/information-sheet")
    assert gone.status_code == 404
