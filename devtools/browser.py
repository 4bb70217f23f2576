"""A real headless Chromium for the dashboard's tests and bench: Debian's `chromium`,
installed with apt when missing (CI runs as root on a fresh machine), driven by Playwright
for Python pointed at that executable. `playwright install` is never run: no browser is
downloaded."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Git-ignored (.run/): look at them before calling the dashboard done.
SCREENSHOTS = Path(__file__).resolve().parents[1] / ".run" / "screenshots"


def ensure_chromium() -> str:
    """The path of Debian's Chromium, installing it (and its driver) if it is missing."""
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    apt = shutil.which("apt-get")
    if apt is None:
        raise RuntimeError("chromium is missing and apt-get is not available to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([apt, "update"], check=True, env=env, capture_output=True)
    subprocess.run(
        [apt, "install", "-y", "chromium", "chromium-driver"],
        check=True,
        env=env,
        capture_output=True,
    )
    return CHROMIUM
