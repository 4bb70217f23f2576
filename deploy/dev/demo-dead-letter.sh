#!/usr/bin/env bash
# With `make run` up and signed in to http://127.0.0.1:8000 as ops-anna: a dead letter
# appears on the dashboard within a second (an alert too). Tick it, give a reason, "Replay
# selected": it goes back to its topic; operations' inbox recognises it as applied already.
set -e
cd "$(dirname "$0")/../.."
.venv/bin/python -m devtools.dead_letter "${1:-nrm.all.shelter-capacity.v1}"
