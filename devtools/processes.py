"""A service as a real uvicorn process: for `make run`, the bench, and tests that kill it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from devtools.broker import free_port
from devtools.waiting import eventually

ROOT = Path(__file__).resolve().parents[1]


class ServiceProcess:
    def __init__(
        self,
        service: str,
        env: dict[str, str],
        log_path: Path,
        factory: str | None = None,
        port: int | None = None,
    ) -> None:
        self.service = service
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                factory or f"{service}.bootstrap:bootstrap",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--no-access-log",
                "--log-config",
                str(ROOT / "deploy" / "logging.yaml"),
            ],
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    async def healthy(self) -> None:
        async def probe() -> bool:
            try:
                async with httpx.AsyncClient() as client:
                    return (await client.get(f"{self.url}/healthz")).status_code == 200
            except httpx.HTTPError:
                return False

        await eventually(probe, timeout_s=30)

    async def killed(self) -> int:
        """Wait until the process has died by itself (a failpoint), return its exit code."""

        async def probe() -> int | None:
            return self.process.poll()

        await eventually(probe, timeout_s=30)
        return self.process.returncode

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._log.close()
