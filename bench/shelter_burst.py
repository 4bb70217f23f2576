"""`make bench` (part 2): a burst of placement requests at the shelter service: how fast
beds are held, and how long until every request is held or waitlisted. Two shelter
processes in one consumer group, the real broker, PostgreSQL. Loopback only, bounded."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select

from devtools import people, postgres
from devtools.broker import Broker, free_port
from devtools.issuer import client_token, load_clients
from devtools.processes import ServiceProcess
from nrm_bus import topics
from nrm_bus.db import create_engine
from nrm_bus.topics import ensure_topics
from shelter.adapters.orm import placements, waitlist

RESULTS = Path(__file__).resolve().parent / "results"


async def main(requests: int, beds: int, instances: int) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    broker = Broker(free_port(), RESULTS / "burst-broker.log")
    database = await postgres.create_database("nrm_bench_burst")
    url = postgres.async_url(database)
    issuer_port = free_port()
    env = {
        "NRM_KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
        "NRM_LOG_LEVEL": "WARNING",
        "NRM_AUTH_ISSUER": f"http://127.0.0.1:{issuer_port}",
        "SHELTER_DATABASE_URL": url,
        # Nothing here is sealed twice by different processes; the shelter's own database
        # can hold the vault's two tables.
        "NRM_KEYVAULT_URL": url,
    }
    processes = [
        ServiceProcess(
            "issuer",
            env,
            RESULTS / "burst-issuer.log",
            factory="devtools.issuer:app",
            port=issuer_port,
        )
    ]
    engine = create_engine(url)
    try:
        await ensure_topics(broker.bootstrap_servers)
        await processes[0].healthy()
        for index in range(instances):  # one after the other: the first one migrates
            processes.append(ServiceProcess("shelter", env, RESULTS / f"burst-shelter{index}.log"))
            await processes[-1].healthy()
        token = await client_token(env["NRM_AUTH_ISSUER"], load_clients()["shelter-harbour"])
        async with httpx.AsyncClient(
            base_url=processes[1].url, headers={"Authorization": f"Bearer {token}"}
        ) as api:
            per_shelter, regions = beds // 5, ["North", "South", "East", "West", "Centre"]
            for region in regions:
                (
                    await api.post(
                        "/v1/shelters",
                        json={
                            "name": f"Burst {region}",
                            "region": region,
                            "target_groups": ["women"],
                            "regime": "open",
                            "languages": ["ro"],
                            "beds_total": per_shelter,
                        },
                    )
                ).raise_for_status()
        await asyncio.sleep(6)  # let both consumers join the group before the burst

        producer = AIOKafkaProducer(
            bootstrap_servers=broker.bootstrap_servers, acks="all", linger_ms=5
        )
        await producer.start()
        # Each person's shelter consent is broadcast first, as identification does; the
        # burst then measures requests that pass the consent gate.
        people_ = [(uuid.uuid4(), uuid.uuid4()) for _ in range(requests)]
        for subject_id, consent_id in people_:
            await people.consent_given(subject_id, consent_id).send(producer, topics.CONSENTS)
        await producer.flush()
        start = datetime.now(UTC)
        started = time.perf_counter()
        for i, (subject_id, consent_id) in enumerate(people_):
            event = people.placement_requested(
                region=regions[i % 5],
                requested_at=start + timedelta(microseconds=i),
                subject_id=subject_id,
                consent_id=consent_id,
            )
            await event.send(producer, topics.SHELTER_PLACEMENT_REQUESTS)
        await producer.flush()
        await producer.stop()
        sent_s = time.perf_counter() - started
        held_at: float | None = None
        while True:
            async with engine.connect() as conn:
                held = int(await conn.scalar(select(func.count()).select_from(placements)) or 0)
                waiting = int(await conn.scalar(select(func.count()).select_from(waitlist)) or 0)
            if held >= min(beds, requests) and held_at is None:
                held_at = time.perf_counter() - started
            if held + waiting >= requests:
                break
            if time.perf_counter() - started > 300:
                raise SystemExit("the burst was not answered within 300 s")
            await asyncio.sleep(0.05)
        answered_s = time.perf_counter() - started
    finally:
        for process in processes:
            process.stop()
        broker.stop()
        await engine.dispose()
        await postgres.drop_database(database)
    figures = {
        "requests": requests,
        "beds": beds,
        "shelter_instances": instances,
        "held": held,
        "waitlisted": waiting,
        "burst_sent_s": round(sent_s, 2),
        "all_beds_held_s": round(held_at or 0, 2),
        "placements_per_s": round(held / (held_at or answered_s), 1),
        "all_answered_s": round(answered_s, 2),
        "requests_answered_per_s": round(requests / answered_s, 1),
    }
    (RESULTS / "shelter_burst.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"""
(d) shelter burst  {requests} requests at {beds} beds, {instances} shelter instances
                   {held} held, {waiting} waitlisted (overbooked: {max(0, held - beds)})
                   all beds held after {figures["all_beds_held_s"]} s = {figures["placements_per_s"]} placements/s
                   every request held or waitlisted after {figures["all_answered_s"]} s = {figures["requests_answered_per_s"]} requests/s
written to {RESULTS / "shelter_burst.json"}""")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--beds", type=int, default=500)
    parser.add_argument("--instances", type=int, default=2)
    args = parser.parse_args()
    asyncio.run(main(args.requests, args.beds, args.instances))
