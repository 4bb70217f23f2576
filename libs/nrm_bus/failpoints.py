"""Named crash points for fault tests: `NRM_FAILPOINTS=relay.after_publish` makes the
process kill itself there with SIGKILL, as a power cut would; `relay.after_publish:<topic>`
only when what it is publishing includes that topic. Unset in production."""

import os
import signal
from collections.abc import Iterable


def hit(name: str, topics: Iterable[str] = ()) -> None:
    armed = os.environ.get("NRM_FAILPOINTS", "").split(",")
    if name in armed or any(f"{name}:{topic}" in armed for topic in topics):
        os.kill(os.getpid(), signal.SIGKILL)
