"""`make run`: the whole system on its embedded defaults (Tansu on 9092, SQLite files under
.run/), the four services on the ports of shared/API.md, demo shelters, until Ctrl-C."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from devtools.broker import Broker
from nrm_bus.topics import ensure_topics

ROOT = Path(__file__).resolve().parents[1]
RUN_DIR = ROOT / ".run"
BROKER_PORT = 9092
SERVICES = {"identification": 8001, "referral": 8002, "shelter": 8003, "justice": 8004}
DEMO_TOKEN = "demo"  # any bearer token until the local issuer arrives (issue 3)
DEMO_SHELTERS = [
    {
        "name": "Harbour House",
        "region": "North",
        "target_groups": ["women"],
        "regime": "open",
        "languages": ["en", "ro", "ru"],
        "beds_total": 6,
    },
    {
        "name": "Birch Family Home",
        "region": "North",
        "target_groups": ["families", "children"],
        "regime": "community",
        "languages": ["en", "uk"],
        "beds_total": 4,
    },
    {
        "name": "Ridge Men's Shelter",
        "region": "South",
        "target_groups": ["men"],
        "regime": "open",
        "languages": ["en", "bg", "ro"],
        "beds_total": 8,
    },
    {
        "name": "Lantern Youth House",
        "region": "South",
        "target_groups": ["children"],
        "regime": "closed",
        "languages": ["en", "ar"],
        "beds_total": 3,
    },
]


def migrate_all() -> None:
    import identification.bootstrap
    import justice.bootstrap
    import referral.bootstrap
    import shelter.bootstrap

    async def run() -> None:
        for module in (
            identification.bootstrap,
            referral.bootstrap,
            shelter.bootstrap,
            justice.bootstrap,
        ):
            runtime = module.bootstrap().state.runtime
            await runtime.migrate()
            await runtime.engine.dispose()

    asyncio.run(run())


def wait_healthy(timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    pending = dict(SERVICES)
    while pending and time.monotonic() < deadline:
        for name, port in list(pending.items()):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    del pending[name]
            except httpx.HTTPError:
                pass
        time.sleep(0.3)
    if pending:
        raise SystemExit(f"not healthy after {timeout_s}s: {', '.join(pending)}; see .run/*.log")


def seed_shelters() -> None:
    headers = {"Authorization": f"Bearer {DEMO_TOKEN}"}
    url = f"http://127.0.0.1:{SERVICES['shelter']}/v1/shelters"
    if httpx.get(url, headers=headers).json():
        return
    for shelter in DEMO_SHELTERS:
        httpx.post(url, json=shelter, headers=headers).raise_for_status()


def main() -> None:
    RUN_DIR.mkdir(exist_ok=True)
    # Tansu keeps nothing on disk, so databases kept from an earlier run would be out of step
    # with an empty bus: every run starts clean.
    for stale in RUN_DIR.glob("*.db*"):
        stale.unlink()
    env = {**os.environ, "NRM_KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{BROKER_PORT}"}
    os.environ.update(env)
    print(f"starting the broker (Tansu) on 127.0.0.1:{BROKER_PORT}", flush=True)
    broker = Broker(BROKER_PORT, RUN_DIR / "broker.log")
    processes: list[subprocess.Popen[bytes]] = []

    def stop(*_: object) -> None:
        print("\nstopping…", flush=True)
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        broker.stop()
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    asyncio.run(ensure_topics(broker.bootstrap_servers))
    for name, port in SERVICES.items():
        log = open(RUN_DIR / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the child
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    f"{name}.bootstrap:bootstrap",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-access-log",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=ROOT,
            )
        )
    wait_healthy()
    seed_shelters()
    print(
        "\nNRM bus is up (Ctrl-C stops everything):\n"
        + "".join(
            f"  {name:<15} http://127.0.0.1:{port}  (docs: /docs)\n"
            for name, port in SERVICES.items()
        )
        + f"  broker          127.0.0.1:{BROKER_PORT}\n"
        "  logs            .run/*.log\n"
        f"  demo token      Authorization: Bearer {DEMO_TOKEN}\n"
        "Try the flow in README.md.",
        flush=True,
    )
    while True:
        for process in processes:
            if process.poll() is not None:
                print(f"a service exited with {process.returncode}; see .run/*.log", flush=True)
                stop()
        time.sleep(1)


if __name__ == "__main__":
    main()
