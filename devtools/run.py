"""`make run`: the whole system on its embedded defaults (Tansu on 9092, SQLite files under
.run/, the local issuer on 8009), the four services and operations on the ports of
shared/API.md, demo shelters, until Ctrl-C."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import httpx

from devtools.broker import Broker
from devtools.issuer import client_token, load_clients, load_staff
from devtools.processes import ServiceProcess
from nrm_bus.topics import ensure_topics

ROOT = Path(__file__).resolve().parents[1]
RUN_DIR = ROOT / ".run"
BROKER_PORT = 9092
ISSUER_PORT = 8009
SERVICES = {
    "identification": 8001,
    "referral": 8002,
    "shelter": 8003,
    "justice": 8004,
    "operations": 8000,
}
# Each demo shelter is registered by its own organisation's staff.
DEMO_SHELTERS = {
    "shelter-harbour": [
        {
            "name": "Harbour House",
            "region": "North",
            "target_groups": ["women"],
            "regime": "open",
            "languages": ["en", "ro", "ru"],
            "beds_total": 6,
        },
        {
            "name": "Ridge Men's Shelter",
            "region": "South",
            "target_groups": ["men"],
            "regime": "open",
            "languages": ["en", "bg", "ro"],
            "beds_total": 8,
        },
    ],
    "shelter-birch": [
        {
            "name": "Birch Family Home",
            "region": "North",
            "target_groups": ["families", "children"],
            "regime": "community",
            "languages": ["en", "uk"],
            "beds_total": 4,
        },
        {
            "name": "Lantern Youth House",
            "region": "South",
            "target_groups": ["children"],
            "regime": "closed",
            "languages": ["en", "ar"],
            "beds_total": 3,
        },
    ],
}


def migrate_all() -> None:
    """`make migrate`: bring every service's database to the latest schema."""
    import identification.bootstrap
    import justice.bootstrap
    import operations.bootstrap
    import referral.bootstrap
    import shelter.bootstrap

    RUN_DIR.mkdir(exist_ok=True)  # where the default SQLite files go; `make run` makes it too

    async def run() -> None:
        for module in (
            identification.bootstrap,
            referral.bootstrap,
            shelter.bootstrap,
            justice.bootstrap,
            operations.bootstrap,
        ):
            runtime = module.bootstrap().state.runtime
            await runtime.migrate()
            await runtime.engine.dispose()
            await runtime.background_engine.dispose()

    asyncio.run(run())


async def seed_shelters(issuer: str) -> None:
    clients = load_clients()
    url = f"http://127.0.0.1:{SERVICES['shelter']}/v1/shelters"
    async with httpx.AsyncClient() as http:
        for client_id, shelters in DEMO_SHELTERS.items():
            token = await client_token(issuer, clients[client_id])
            headers = {"Authorization": f"Bearer {token}"}
            for shelter in shelters:
                (await http.post(url, json=shelter, headers=headers)).raise_for_status()


async def start(processes: list[ServiceProcess], env: dict[str, str]) -> None:
    processes.append(
        ServiceProcess(
            "issuer", env, RUN_DIR / "issuer.log", factory="devtools.issuer:app", port=ISSUER_PORT
        )
    )
    await processes[-1].healthy()
    for name, port in SERVICES.items():
        processes.append(ServiceProcess(name, env, RUN_DIR / f"{name}.log", port=port))
    await asyncio.wait_for(asyncio.gather(*(p.healthy() for p in processes)), 60)
    await seed_shelters(env["NRM_AUTH_ISSUER"])


def main() -> None:
    RUN_DIR.mkdir(exist_ok=True)
    # Tansu keeps nothing on disk, so databases kept from an earlier run would be out of step
    # with an empty bus: every run starts clean, logs too. The issuer's signing key is kept.
    for stale in [*RUN_DIR.glob("*.db*"), *RUN_DIR.glob("*.log")]:
        stale.unlink()
    env = {
        **os.environ,
        "NRM_KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{BROKER_PORT}",
        "NRM_AUTH_ISSUER": f"http://127.0.0.1:{ISSUER_PORT}",
        # The data tracker asks every service for a person's audit entries as this client.
        "REFERRAL_TRACKER_CLIENT_SECRET": load_clients()["referral-data-tracker"].client_secret,
        # The dashboard signs staff in at the issuer, and reads decline statistics as itself.
        "OPERATIONS_OIDC_CLIENT_SECRET": load_staff()[0]["operations-dashboard"].client_secret,
        "OPERATIONS_CLIENT_SECRET": load_clients()["operations"].client_secret,
        "OPERATIONS_PUBLIC_URL": f"http://127.0.0.1:{SERVICES['operations']}",
        # Keys that sign events leaving the mechanism, kept across runs like the issuer's.
        **{
            f"{service.upper()}_SIGNING_KEY_FILE": str(RUN_DIR / f"{service}-signing-key.json")
            for service in SERVICES
        },
    }
    print(f"starting the broker (Tansu) on 127.0.0.1:{BROKER_PORT}", flush=True)
    broker = Broker(BROKER_PORT, RUN_DIR / "broker.log")
    processes: list[ServiceProcess] = []

    def stop(*_: object) -> None:
        print("\nstopping…", flush=True)
        for process in processes:
            process.stop()
        broker.stop()
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    asyncio.run(ensure_topics(broker.bootstrap_servers))
    try:
        asyncio.run(start(processes, env))
    except (TimeoutError, httpx.HTTPError) as exc:
        print(f"start-up failed ({type(exc).__name__}); see .run/*.log", flush=True)
        stop()
    staff = load_staff()[1]["ops-anna"]
    print(
        "\nNRM bus is up (Ctrl-C stops everything):\n"
        + "".join(
            f"  {name:<15} http://127.0.0.1:{port}  (docs: /docs)\n"
            for name, port in SERVICES.items()
        )
        + f"  issuer          http://127.0.0.1:{ISSUER_PORT}  (demo clients: "
        "deploy/dev/clients.yaml)\n"
        f"  broker          127.0.0.1:{BROKER_PORT}\n"
        "  logs            .run/*.log\n"
        "  a token         .venv/bin/python -m devtools.token ngo-outreach\n"
        f"\nThe operations dashboard: http://127.0.0.1:{SERVICES['operations']}/\n"
        f"  sign in as     {staff.username} / {staff.password}  ({staff.name}, operations)\n"
        "  or            audit-ben (read-only), in deploy/dev/staff.yaml\n"
        "  then          deploy/dev/demo-waitlist.sh moves capacity and the pipeline;\n"
        "                deploy/dev/demo-dead-letter.sh leaves a dead letter to replay\n"
        "Try the flow in README.md.",
        flush=True,
    )
    while True:
        for process in processes:
            if process.process.poll() is not None:
                print(
                    f"{process.service} exited with {process.process.returncode}; see .run/*.log",
                    flush=True,
                )
                stop()
        time.sleep(1)


if __name__ == "__main__":
    main()
