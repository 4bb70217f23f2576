"""Named crash points for fault tests: `NRM_FAILPOINTS=relay.after_publish` makes the
process kill itself there with SIGKILL, as a power cut would. Unset in production."""

import os
import signal


def hit(name: str) -> None:
    if name in os.environ.get("NRM_FAILPOINTS", "").split(","):
        os.kill(os.getpid(), signal.SIGKILL)
