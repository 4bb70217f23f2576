"""`make bench` (part 3): the operations dashboard in a real headless Chromium, with 10,000
referrals and 100 shelters in its read models: (a) first paint of `GET /` (and the server's
time for the page), (b) how long an event takes from its commit on the broker to the open
page. Its own broker and PostgreSQL database; loopback only, bounded. Prints, asserts
nothing (these machines are shared and noisy)."""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import statistics
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import uvicorn
from aiokafka import AIOKafkaProducer
from sqlalchemy import insert

from devtools import postgres
from devtools.broker import Broker, free_port
from devtools.browser import ARGS, ensure_chromium
from devtools.waiting import eventually, wait_until
from nrm_bus import topics
from nrm_bus.contracts import build_event
from nrm_bus.topics import ensure_topics
from operations import bootstrap
from operations.adapters.orm import (
    dashboard_sessions,
    referrals,
    reflection_periods,
    shelter_capacity,
    waitlist_counts,
)
from operations.config import Settings
from operations.entrypoints.signin import SESSION_COOKIE, _hash

RESULTS = Path(__file__).resolve().parent / "results"
REGIONS = ["North", "South", "East", "West", "Capital"]
GROUPS = ["women", "men", "children", "families"]
STATUSES = ["requested", "waitlisted", "offered", "accepted", "in_progress", "completed",
            "declined", "withdrawn"]  # fmt: skip
SERVICES = ["shelter", "medical", "psychological", "legal", "language", "vocational"]


async def seed(app: Any, shelters: int, referral_count: int) -> list[uuid.UUID]:
    """The read models as a busy national mechanism's would be."""
    now = datetime.now(UTC)
    rng = random.Random(7)
    shelter_ids = [uuid.uuid4() for _ in range(shelters)]
    engine = app.state.operations.runtime.engine
    async with engine.begin() as conn:
        await conn.execute(
            insert(shelter_capacity),
            [
                {
                    "shelter_id": shelter_id,
                    "region": REGIONS[i % len(REGIONS)],
                    "target_groups": [GROUPS[i % len(GROUPS)]],
                    "regime": ["open", "closed", "community"][i % 3],
                    "languages": rng.sample(["en", "ro", "ru", "uk", "ar", "vi", "bg"], 2),
                    "beds_total": 10,
                    "beds_free": rng.randint(0, 10),
                    "beds_held": rng.randint(0, 2),
                    "changed_at": now,
                }
                for i, shelter_id in enumerate(shelter_ids)
            ],
        )
        await conn.execute(
            insert(waitlist_counts),
            [
                {
                    "region": region,
                    "target_group": group,
                    "language": "ro",
                    "count": rng.randint(1, 9),
                    "oldest_since": now - timedelta(hours=rng.randint(1, 90)),
                }
                for region in REGIONS
                for group in GROUPS
            ],
        )
        batch = []
        for _ in range(referral_count):
            status = rng.choice(STATUSES)
            batch.append(
                {
                    "referral_id": uuid.uuid4(),
                    "subject_id": uuid.uuid4(),
                    "service_type": rng.choice(SERVICES),
                    "status": status,
                    "region": rng.choice(REGIONS),
                    "since": now - timedelta(hours=rng.randint(0, 24 * 30)),
                    "referred_by_organisation": "Outreach Collective (bench)",
                    "provider_organisation": "Harbour Shelters (bench)",
                    "hold_expires_at": now + timedelta(hours=rng.randint(-48, 24))
                    if status == "offered"
                    else None,
                }
            )
        for start in range(0, len(batch), 1000):
            await conn.execute(insert(referrals), batch[start : start + 1000])
        await conn.execute(
            insert(reflection_periods),
            [
                {
                    "subject_id": uuid.uuid4(),
                    "jurisdiction": "NO",
                    "ends_on": date.today() + timedelta(days=rng.randint(-3, 14)),
                    "responsible_organisation": "Outreach Collective (bench)",
                    "notice": "ending",
                    "announced_at": now,
                }
                for _ in range(200)
            ],
        )
    return shelter_ids


async def session_cookie(app: Any) -> str:
    session_id = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    async with app.state.operations.runtime.engine.begin() as conn:
        await conn.execute(
            insert(dashboard_sessions).values(
                session_hash=_hash(session_id),
                subject="ops-bench",
                name="Bench Operator",
                organisation="NRM Coordination Unit (bench)",
                sector="operations",
                scopes=["operations:read", "dead-letter:write"],
                csrf_token=secrets.token_urlsafe(16),
                created_at=now,
                last_seen_at=now,
                expires_at=now + timedelta(hours=1),
            )
        )
    value: str = app.state.signin_serializer.dumps(session_id)
    return value


async def main(shelters: int, referral_count: int, events: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    RESULTS.mkdir(parents=True, exist_ok=True)
    broker = Broker(free_port(), RESULTS / "dashboard-broker.log")
    database = await postgres.create_database("nrm_bench_dashboard")
    keyvault = await postgres.create_database("nrm_bench_dashboard_vault")
    port = free_port()
    try:
        await ensure_topics(broker.bootstrap_servers)
        settings = Settings(
            database_url=postgres.async_url(database),
            keyvault_url=postgres.async_url(keyvault),
            kafka_bootstrap_servers=broker.bootstrap_servers,
            public_url=f"http://127.0.0.1:{port}",
            log_level="WARNING",
        )
        app = bootstrap.bootstrap(settings, peers={})
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        task = asyncio.create_task(server.serve())
        await wait_until(lambda: server.started, timeout_s=60)
        runtime = app.state.operations.runtime
        await eventually(runtime.consumer.ready, timeout_s=60)
        started = time.monotonic()
        shelter_ids = await seed(app, shelters, referral_count)
        print(f"seeded {shelters} shelters and {referral_count} referrals in "
              f"{time.monotonic() - started:.1f} s")  # fmt: skip
        cookie = await session_cookie(app)
        executable = ensure_chromium()
        result: dict[str, Any] = {"shelters": shelters, "referrals": referral_count}
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=executable, args=ARGS)
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            await context.add_cookies(
                [{"name": SESSION_COOKIE, "value": cookie, "url": f"http://127.0.0.1:{port}"}]
            )
            page = await context.new_page()
            paints, responses = [], []
            for _ in range(5):
                await page.goto(f"http://127.0.0.1:{port}/")
                await page.wait_for_function(
                    "performance.getEntriesByName('first-contentful-paint').length > 0"
                )
                timing = await page.evaluate(
                    """() => ({
                        fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
                        response: performance.getEntriesByType('navigation')[0].responseEnd
                    })"""
                )
                paints.append(timing["fcp"])
                responses.append(timing["response"])
            result["first_paint_ms"] = {
                "median": statistics.median(paints),
                "max": max(paints),
            }
            result["page_response_ms"] = {"median": statistics.median(responses)}
            await page.wait_for_selector("#connection.live")
            producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers, acks="all")
            await producer.start()
            latencies = []
            try:
                for index in range(events):
                    shelter_id = shelter_ids[index % len(shelter_ids)]
                    before = int(await page.inner_text("#beds-free-total"))
                    event = build_event(
                        "ShelterCapacityChanged",
                        {
                            "shelter_id": str(shelter_id),
                            "region": "Bench",
                            "target_groups": ["women"],
                            "regime": "open",
                            "languages": ["en"],
                            "beds_total": 1000,
                            "beds_free": 1000 - index,
                            "beds_held": 0,
                            "changed_at": datetime.now(UTC).isoformat(),
                        },
                        source="/nrm/shelter",
                        key=str(shelter_id),
                        subject=None,
                    )
                    # Committed: acknowledged by the broker (acks=all), as the relay waits.
                    await (await event.send(producer, topics.SHELTER_CAPACITY))
                    committed = time.monotonic()
                    await page.wait_for_function(
                        "Number(document.querySelector('#beds-free-total').innerText) !== "
                        f"{before}",
                        timeout=10000,
                    )
                    latencies.append((time.monotonic() - committed) * 1000)
                    await asyncio.sleep(0.2)
            finally:
                await producer.stop()
            latencies.sort()
            result["event_to_page_ms"] = {
                "events": len(latencies),
                "median": statistics.median(latencies),
                "p95": latencies[int(0.95 * (len(latencies) - 1))],
                "max": latencies[-1],
            }
            await browser.close()
        server.should_exit = True
        await task
        return result
    finally:
        broker.stop()
        await postgres.drop_database(database)
        await postgres.drop_database(keyvault)


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shelters", type=int, default=100)
    parser.add_argument("--referrals", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=20)
    args = parser.parse_args()
    result = asyncio.run(main(args.shelters, args.referrals, args.events))
    paint, latency = result["first_paint_ms"], result["event_to_page_ms"]
    print(
        f"dashboard with {result['shelters']} shelters and {result['referrals']} referrals:\n"
        f"  first paint        median {paint['median']:.0f} ms, max {paint['max']:.0f} ms "
        f"(page served in {result['page_response_ms']['median']:.0f} ms)\n"
        f"  event to the page  median {latency['median']:.0f} ms, p95 {latency['p95']:.0f} ms, "
        f"max {latency['max']:.0f} ms over {latency['events']} events"
    )
    (RESULTS / "dashboard.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    run()
