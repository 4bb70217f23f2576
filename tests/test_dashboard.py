"""The dashboard as staff use it: signing in through the OIDC provider (authorization code
with PKCE), the session cookie, forms refused across sites, auditors read-only; and in a
real headless Chromium, free beds moving when a bed is held through the API and a dead
letter appearing, replayed and applied, at 1280 px and at tablet width."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import uvicorn

from devtools import people
from devtools.broker import Broker, free_port
from devtools.browser import ARGS, SCREENSHOTS, ensure_chromium
from devtools.issuer import load_clients, load_staff
from devtools.waiting import eventually, wait_until
from tests.system import SECTORS, System, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

PORT = free_port()
DASHBOARD = f"http://127.0.0.1:{PORT}"
APPLICATIONS, USERS = load_staff()


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any) -> AsyncIterator[System]:
    async with running_system(
        broker.bootstrap_servers,
        pg_database,
        only=(*SECTORS, "operations"),
        public_url=DASHBOARD,
        oidc_client_secret=APPLICATIONS["operations-dashboard"].client_secret,
        # Operations' own client reads the decline statistics of referral.
        client_secret=load_clients()["operations"].client_secret,
        metrics_sample_interval_s=0.5,
        scrape_interval_s=0.5,
    ) as running:
        reader = running.apps["operations"].state.operations.dead_letter_reader
        await eventually(reader.ready, timeout_s=60)
        # The browser needs a real socket: the operations app, already started, on a port.
        server = uvicorn.Server(
            uvicorn.Config(
                running.apps["operations"],
                host="127.0.0.1",
                port=PORT,
                log_level="warning",
                lifespan="off",
            )
        )
        task = asyncio.create_task(server.serve())
        await wait_until(lambda: server.started)
        try:
            yield running
        finally:
            server.should_exit = True
            await task


async def sign_in(system: System, username: str) -> httpx.AsyncClient:
    """The browser's part of the code flow, by hand: follow the dashboard to the provider's
    login page, post the password, and come back to the callback with the code."""
    client = httpx.AsyncClient(base_url=DASHBOARD, timeout=10)
    start = await client.get("/auth/login?next=/")
    assert start.status_code == 303
    authorize = start.headers["location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert "code_challenge" in query
    assert "nonce" in query
    async with httpx.AsyncClient(timeout=10) as provider:
        page = await provider.get(authorize)
        assert page.status_code == 200
        assert '<label for="password">' in page.text
        form = {name: values[0] for name, values in query.items()}
        user = USERS[username]
        back = await provider.post(
            authorize.split("?")[0],
            data={**form, "username": user.username, "password": user.password},
        )
    assert back.status_code == 303, back.text
    callback = urlsplit(back.headers["location"])
    done = await client.get(f"{callback.path}?{callback.query}")
    client.last_status = done.status_code  # type: ignore[attr-defined]
    return client


async def test_pages_and_the_stream_need_a_session(system: System) -> None:
    async with httpx.AsyncClient(base_url=DASHBOARD) as anonymous:
        page = await anonymous.get("/")
        assert page.status_code == 303
        assert page.headers["location"].startswith("/auth/login")
        stream = await anonymous.get("/dashboard/stream")
        assert stream.status_code == 401
        api = await anonymous.get("/v1/overview")
        assert api.status_code == 401
        forged = await anonymous.post("/dashboard/dead-letters/replay", data={"reason": "x"})
        assert forged.status_code == 303  # to sign-in: nothing done


async def test_operations_staff_sign_in_with_pkce_and_get_a_strict_cookie(system: System) -> None:
    client = await sign_in(system, "ops-anna")
    async with contextlib.aclosing(client):
        assert client.last_status == 200  # type: ignore[attr-defined]
        cookie = next(c for c in client.cookies.jar if c.name == "nrm_session")
        assert cookie.has_nonstandard_attr("HttpOnly")
        page = await client.get("/")
        assert page.status_code == 200
        assert "Anna Lind" in page.text
        assert 'id="dead-letters"' in page.text
        assert "read-only" not in page.text
        # A post without the session's CSRF token is refused, and one from another site.
        no_token = await client.post(
            "/dashboard/dead-letters/discard",
            data={"dead_letter_id": str(uuid.uuid4()), "reason": "x"},
        )
        assert no_token.status_code == 403
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None
        cross_site = await client.post(
            "/dashboard/dead-letters/discard",
            data={"csrf_token": token.group(1), "dead_letter_id": str(uuid.uuid4()), "reason": "x"},
            headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        )
        assert cross_site.status_code == 403
        same_site = await client.post(
            "/dashboard/dead-letters/discard",
            data={"csrf_token": token.group(1), "dead_letter_id": str(uuid.uuid4()), "reason": "x"},
            headers={"Origin": DASHBOARD, "X-Requested-With": "fetch"},
        )
        assert same_site.status_code == 200
        assert "no such dead letter" in same_site.text
        without_reason = await client.post(
            "/dashboard/dead-letters/discard",
            data={"csrf_token": token.group(1), "dead_letter_id": str(uuid.uuid4())},
            headers={"X-Requested-With": "fetch"},
        )
        assert without_reason.status_code == 422
        # Signing out ends the session on the server, not only in the browser.
        stolen = dict(client.cookies)
        out = await client.post("/auth/logout", data={"csrf_token": token.group(1)})
        assert out.status_code == 200
    async with httpx.AsyncClient(base_url=DASHBOARD, cookies=stolen) as replayed_cookie:
        assert (await replayed_cookie.get("/")).status_code == 303


async def test_auditors_read_and_other_sectors_are_refused(system: System) -> None:
    auditor = await sign_in(system, "audit-ben")
    async with contextlib.aclosing(auditor):
        page = await auditor.get("/")
        assert page.status_code == 200
        assert "read-only" in page.text
        assert "Replay selected" not in page.text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None
        refused = await auditor.post(
            "/dashboard/dead-letters/replay",
            data={"csrf_token": token.group(1), "dead_letter_id": str(uuid.uuid4()), "reason": "x"},
        )
        assert refused.status_code == 403
    ngo = await sign_in(system, "ngo-clara")
    async with contextlib.aclosing(ngo):
        assert ngo.last_status == 403  # type: ignore[attr-defined]
        assert (await ngo.get("/")).status_code == 303


async def free_beds_on_page(page: Any) -> int:
    return int(await page.inner_text("#beds-free-total"))


@pytest.mark.browser
async def test_the_dashboard_in_chromium(system: System) -> None:
    from playwright.async_api import async_playwright

    executable = ensure_chromium()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900})
            await page.goto(f"{DASHBOARD}/")
            # The provider's login page, by keyboard as much as by mouse.
            await page.get_by_label("User name").fill("ops-anna")
            await page.get_by_label("Password").fill(USERS["ops-anna"].password)
            await page.keyboard.press("Enter")
            await page.wait_for_url(f"{DASHBOARD}/")
            await page.wait_for_selector("#connection.live")
            await page.keyboard.press("Tab")
            focused = await page.evaluate("document.activeElement.textContent")
            assert focused == "Skip to the dashboard"
            await page.keyboard.press("Enter")
            assert await page.evaluate("location.hash") == "#main"
            await page.evaluate("document.activeElement.blur()")
            for landmark in ("header", "nav", "main", "footer"):
                assert await page.locator(landmark).count() == 1, landmark
            assert await page.locator("[aria-live=polite]").count() >= 1

            # A shelter appears, then a bed is held for a referral: the page follows.
            region = "Browser-North"
            shelter = await system.shelter.post(
                "/v1/shelters",
                json={
                    "name": "Harbour Browser House",
                    "region": region,
                    "target_groups": ["women"],
                    "regime": "open",
                    "languages": ["ro"],
                    "beds_total": 3,
                },
            )
            assert shelter.status_code == 201
            await page.wait_for_function(
                f"document.querySelector('#capacity-body').innerText.includes('{region}')"
            )
            before = await free_beds_on_page(page)
            subject = await identify(system, region)
            referral = await system.referral.post(
                "/v1/referrals", json={"subject_id": subject, "service_type": "shelter"}
            )
            assert referral.status_code == 201
            shelter_id = shelter.json()["shelter_id"]

            async def held() -> bool:
                found = await system.shelter.get(f"/v1/shelters/{shelter_id}")
                return int(found.json()["beds_free"]) == 2

            await eventually(held, interval_s=0.02)
            committed = time.monotonic()
            await page.wait_for_function(
                f"Number(document.querySelector('#beds-free-total').innerText) === {before - 1}",
                timeout=1000,
            )
            print(
                f"free beds changed on the page {time.monotonic() - committed:.3f} s after the hold"
            )
            await page.screenshot(path=SCREENSHOTS / "dashboard-1280.png", full_page=True)

            # A dead letter: the shelter's handler fails until the fix is deployed.
            shelter_runtime = system.runtime("shelter")
            working = shelter_runtime.handlers["PlacementRequested"]

            async def failing(event: Any, uow: Any) -> None:
                raise RuntimeError("handler broken")

            shelter_runtime.handlers["PlacementRequested"] = failing
            try:
                waiting = await identify(system, region)
                stuck = await system.referral.post(
                    "/v1/referrals", json={"subject_id": waiting, "service_type": "shelter"}
                )
                assert stuck.status_code == 201
                row = page.locator("#dead-letters-body tbody tr", has_text="PlacementRequested")
                await row.first.wait_for(timeout=30000)
            finally:
                shelter_runtime.handlers["PlacementRequested"] = working
            assert "failed 3 times: RuntimeError" in await row.first.inner_text()
            alerts = await page.inner_text("#alerts-body")
            assert "dead letter" in alerts
            await page.screenshot(path=SCREENSHOTS / "dead-letter-1280.png", full_page=True)

            free_before_replay = await free_beds_on_page(page)
            await row.first.get_by_role("checkbox").check()
            await page.get_by_label("Reason (kept in the audit log with your name)").fill(
                "handler fixed in release 1.4.2"
            )
            await page.get_by_role("button", name="Replay selected").click()
            await page.wait_for_function(
                "document.querySelector('#announcer').textContent.includes('replayed')"
            )
            await page.wait_for_function(
                "document.querySelector('#dead-letters-body').innerText"
                ".includes('No dead letter waits')",
                timeout=15000,
            )
            # Applied: the replayed request took a bed.
            await page.wait_for_function(
                "Number(document.querySelector('#beds-free-total').innerText) === "
                f"{free_before_replay - 1}",
                timeout=15000,
            )
            await page.screenshot(path=SCREENSHOTS / "replayed-1280.png", full_page=True)

            await page.set_viewport_size({"width": 820, "height": 1180})
            await page.screenshot(path=SCREENSHOTS / "dashboard-tablet.png", full_page=True)
            wide = await page.evaluate("document.documentElement.scrollWidth")
            assert wide <= 820, "the page scrolls sideways at tablet width"
        finally:
            await browser.close()


async def identify(system: System, region: str) -> str:
    body = people.identification(people.consent(*people.SHELTER_CONSENT), region=region)
    response = await system.identification.post("/v1/identifications", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["subject_id"])
