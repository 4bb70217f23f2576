# Shared by the demos: sourced, never run. Works from any folder: it finds the repository
# from its own path. Each demo makes its own shelters, so the demos run in any order.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || { echo "no $PY: run 'make run' (or 'make install') first" >&2; exit 1; }
mkdir -p "$ROOT/.run"
# A demo run's own tag: its shelters and people are its own, whatever ran before.
TAG="$(date +%H%M%S)-$RANDOM"
# An access token for a demo client (deploy/dev/clients.yaml). Tokens live 10 minutes;
# a demo fetches fresh ones when it starts.
tok() { (cd "$ROOT" && "$PY" -m devtools.token "$1"); }
auth() { echo "Authorization: Bearer $(tok "$1")"; }
# An error inside $(...) stops the whole demo, not only the subshell (and runs its EXIT trap).
trap 'exit 1' USR1
# api AS METHOD URL [BODY]: the response body; on an error, the problem it answered, and stop.
# A 409 subject-not-yet-known (an identification still crossing the bus) is retried, as its
# Retry-After says.
api() {
  local who="$1" method="$2" url="$3" body="${4:-}" out status
  out="$(mktemp)"
  for _ in 1 2 3 4 5; do
    if [ -n "$body" ]; then
      status=$(curl -s -o "$out" -w '%{http_code}' -X "$method" "$url" -H "$who" \
        -H 'content-type: application/json' -d "$body")
    else
      status=$(curl -s -o "$out" -w '%{http_code}' -X "$method" "$url" -H "$who")
    fi
    [ "$status" = 409 ] && grep -q subject-not-yet-known "$out" || break
    sleep 1
  done
  if [ "$status" -ge 400 ] || [ "$status" = 000 ]; then
    echo "$method $url answered $status: $(cat "$out")" >&2
    [ "$status" = 000 ] && echo "is 'make run' up?" >&2
    rm -f "$out"; kill -USR1 $$; exit 1
  fi
  cat "$out"; rm -f "$out"
}
# field EXPR: a value of the JSON on stdin, e.g. field '["subject_id"]'.
field() { python3 -c "import json,sys; t=sys.stdin.read(); t or sys.exit(1); print(json.loads(t)$1)"; }
# A shelter of this demo's own, by its organisation's staff (header $1): echoes its id.
shelter() {
  api "$1" POST localhost:8003/v1/shelters "$2" | field '["shelter_id"]'
}
# The status of a referral, once it has left `requested` (a shelter answers within moments).
settled() {
  local who="$1" referral="$2" status
  for _ in $(seq 1 50); do
    status=$(api "$who" GET "localhost:8002/v1/referrals/$referral" | field '["status"]')
    [ "$status" != requested ] && { echo "$status"; return; }
    sleep 0.1
  done
  echo "$status"
}
