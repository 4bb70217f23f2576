"""`make bench`, the audit log: figures printed, never asserted (the machines are shared).

(a) An auditor's trace of one person while the four services' logs hold 1,000,000 entries
    together: the server-side time of the four services' parts, asked in parallel as the
    operations service asks them (record the auditor's read, sign a checkpoint, find the
    person's entries, prove each one), p50 and p95 over repeated traces.
(b) What the append costs: one transaction of a handler with and without k audit entries,
    on PostgreSQL, and so the cost per case given the entries per case that
    `python -m bench.flow` counts.

Writes bench/results/audit.json. PostgreSQL on loopback only; bounded in count and time."""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text

import identification.bootstrap
import identification.config
import justice.bootstrap
import justice.config
import referral.bootstrap
import referral.config
import shelter.bootstrap
import shelter.config
from devtools import postgres
from nrm_bus.audit.entry import Actor
from nrm_bus.audit.log import Draft
from nrm_bus.auth import Caller, authenticate

RESULTS = Path(__file__).resolve().parent / "results"
SERVICES: dict[str, tuple[Any, Any]] = {
    "identification": (identification.config.Settings, identification.bootstrap.bootstrap),
    "referral": (referral.config.Settings, referral.bootstrap.bootstrap),
    "shelter": (shelter.config.Settings, shelter.bootstrap.bootstrap),
    "justice": (justice.config.Settings, justice.bootstrap.bootstrap),
}
AUDITOR = Caller("bench-auditor", "Bench Audit", "audit", frozenset({"audit:read"}), None)
READER = Actor("bench-reader", "Bench Reader (generated)", "ngo")
KINDS = ("access", "published", "consumed")


def ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


async def fill(app: FastAPI, entries: int, target: str, about_target: int) -> None:
    """`entries` entries about 100,000 generated pseudonyms, `about_target` of them about the
    person traced, spread through the log; appended as the services append them."""
    runtime = app.state.runtime
    people = [str(uuid.uuid4()) for _ in range(100_000)]
    every = entries // about_target
    batch = 5000
    for start in range(0, entries, batch):
        drafts = [
            Draft(
                kind=random.choice(KINDS),
                action="bench.read",
                actor=READER,
                subject_id=target if (start + i) % every == every // 2 else random.choice(people),
                data_categories=("needs",),
            )
            for i in range(min(batch, entries - start))
        ]
        async with runtime.engine.connect() as conn:
            await conn.begin()
            await runtime.audit.commit_with(conn, drafts, datetime.now(UTC))


async def trace_parts(
    clients: dict[str, httpx.AsyncClient], target: str
) -> tuple[float, dict[str, float]]:
    """One trace: every service's part at once, as operations asks; the wall time and each."""
    parts: dict[str, float] = {}

    async def part(name: str) -> None:
        started = time.perf_counter()
        response = await clients[name].get("/v1/audit/entries", params={"subject_id": target})
        response.raise_for_status()
        assert response.json()["entries"], name
        parts[name] = time.perf_counter() - started

    started = time.perf_counter()
    await asyncio.gather(*(part(name) for name in clients))
    return time.perf_counter() - started, parts


async def append_cost(app: FastAPI, transactions: int) -> dict[str, float]:
    """A handler's transaction (one row written) with 0, 1 and 4 audit entries."""
    runtime = app.state.runtime
    costs: dict[str, float] = {}
    for entries in (0, 1, 4):
        samples = []
        for _ in range(transactions):
            started = time.perf_counter()
            async with runtime.unit_of_work() as uow:
                await uow.conn.execute(
                    text(
                        "INSERT INTO subject_parties (subject_id, organisation, relation, since)"
                        " VALUES (:s, 'Bench', 'referred', now())"
                    ),
                    {"s": uuid.uuid4()},
                )
                for _ in range(entries):
                    await uow.record_access(AUDITOR, "bench.read", uuid.uuid4())
                await uow.commit()
            samples.append(time.perf_counter() - started)
        costs[f"{entries}_entries_ms"] = round(statistics.median(samples) * 1000, 3)
    costs["first_entry_ms"] = round(costs["1_entries_ms"] - costs["0_entries_ms"], 3)
    costs["each_more_entry_ms"] = round((costs["4_entries_ms"] - costs["1_entries_ms"]) / 3, 3)
    return costs


async def main(total: int, traces: int, about_target: int, transactions: int) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    databases: list[str] = []
    apps: dict[str, FastAPI] = {}
    clients: dict[str, httpx.AsyncClient] = {}
    target = str(uuid.uuid4())
    try:
        for name, (settings_class, bootstrap) in SERVICES.items():
            databases.append(await postgres.create_database(f"nrm_bench_audit_{name}"))
            settings = settings_class(
                database_url=postgres.async_url(databases[-1]),
                run_relay=False,
                run_consumer=False,
                audit_checkpoint_interval_s=3600,
            )
            app = bootstrap(settings)
            await app.state.runtime.migrate()
            app.dependency_overrides[authenticate] = lambda: AUDITOR
            apps[name] = app
            clients[name] = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url=f"http://{name}"
            )
        print(f"(a) filling four audit logs with {total:,} entries in all …", flush=True)
        started = time.perf_counter()
        await asyncio.gather(
            *(fill(app, total // len(apps), target, about_target) for app in apps.values())
        )
        filled_s = time.perf_counter() - started
        await trace_parts(clients, target)  # warm: the first checkpoint and caches
        walls, per_service = [], {name: [] for name in apps}  # type: ignore[var-annotated]
        for _ in range(traces):
            wall, parts = await trace_parts(clients, target)
            walls.append(wall)
            for name, seconds in parts.items():
                per_service[name].append(seconds)
        print("(b) the append's cost per transaction …", flush=True)
        append = await append_cost(apps["referral"], transactions)
        figures: dict[str, Any] = {
            "entries_total": total,
            "entries_about_the_person_per_service": about_target,
            "fill_entries_per_s": round(total / filled_s),
            "trace_server_side": ms(walls),
            "trace_per_service": {name: ms(samples) for name, samples in per_service.items()},
            "append": append,
        }
    finally:
        for client in clients.values():
            await client.aclose()
        for app in apps.values():
            await app.state.runtime.stop()
        for name in databases:
            await postgres.drop_database(name)
    flow_file = RESULTS / "latest.json"
    flow = json.loads(flow_file.read_text()) if flow_file.exists() else {}
    per_case = flow.get("ratio", {}).get("audit_entries_per_case")
    if per_case:
        # Upper bound: each entry as if in a transaction of its own (the first entry's cost).
        audit_ms = per_case * append["first_entry_ms"]
        case_ms = 1000 * 2 / flow["flow"]["cases_per_s"]  # two cores' time per case
        figures["append_share_of_case_cost"] = round(audit_ms / case_ms, 4)
    (RESULTS / "audit.json").write_text(json.dumps(figures, indent=2) + "\n")
    trace = figures["trace_server_side"]
    share = figures.get("append_share_of_case_cost")
    print(f"""
(a) trace of one person, {total:,} entries in four logs ({about_target} about her per service),
    server side, four services in parallel: p50 {trace["p50_ms"]} ms, p95 {trace["p95_ms"]} ms
    ({traces} traces; filled at {figures["fill_entries_per_s"]:,} entries/s)
(b) append, one handler transaction on PostgreSQL: {append["0_entries_ms"]} ms bare,
    +{append["first_entry_ms"]} ms with one entry, +{append["each_more_entry_ms"]} ms per further entry
    {f"{per_case} entries per case (bench.flow) -> at most {share:.1%} of a case's cost" if share else "run `python -m bench.flow` first for the share of a case's cost"}
written to {RESULTS / "audit.json"}""")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--traces", type=int, default=50)
    parser.add_argument("--about-her", type=int, default=10)
    parser.add_argument("--transactions", type=int, default=300)
    arguments = parser.parse_args()
    asyncio.run(
        main(arguments.entries, arguments.traces, arguments.about_her, arguments.transactions)
    )
