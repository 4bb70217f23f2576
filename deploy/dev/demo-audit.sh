#!/usr/bin/env bash
# With `make run` up: consent at every door and the audit trail. A person consents to a
# shelter and to the police. Readers without a relation or a consent get the 404 of nobody;
# the police see only the consent naming them. An auditor traces her across the services,
# exports the trace and checks it offline; an audit row edited in one database is named by
# the verification; her data tracker prints in Romanian. Runs from any folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
tok() { .venv/bin/python -m devtools.token "$1"; }
auth() { echo "Authorization: Bearer $(tok "$1")"; }
NGO=$(auth ngo-outreach); J='content-type: application/json'
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

SUBJECT=$(curl -s -X POST localhost:8001/v1/identifications -H "$NGO" -H "$J" -d '{"grounds":"self_identified","region":"North","jurisdiction":"NO","exploitation_types":["labour"],"person":{"gender":"female","languages":["ro"]},"consents":[{"purpose":"shelter","recipient":"shelter","data_categories":["needs"],"informed":{"language":"ro","method":"written"}},{"purpose":"law_enforcement","recipient":"police","data_categories":["exploitation"],"informed":{"language":"ro","method":"verbal"}}]}' | field '["subject_id"]')
REFERRAL=$(curl -s -X POST localhost:8002/v1/referrals -H "$NGO" -H "$J" -d "{\"subject_id\": \"$SUBJECT\", \"service_type\": \"shelter\"}" | field '["referral_id"]')
sleep 1
echo "== reads are scoped by consent"
echo "immigration reads her consents:     $(code localhost:8001/v1/subjects/$SUBJECT/consents -H "$(auth immigration)")"
echo "legal aid reads her referrals:      $(code "localhost:8002/v1/referrals?subject_id=$SUBJECT" -H "$(auth legal-aid)")"
echo "the police see these consents:      $(curl -s localhost:8001/v1/subjects/$SUBJECT/consents -H "$(auth police-north)" | field '' | python3 -c 'import ast,sys; print([c["recipient"] for c in ast.literal_eval(sys.stdin.read())])')"
echo "the NGO that identified her sees:   $(curl -s localhost:8001/v1/subjects/$SUBJECT/consents -H "$NGO" | python3 -c 'import json,sys; print([c["recipient"] for c in json.load(sys.stdin)])')"
echo "Harbour, whose shelter holds a bed: $(code localhost:8002/v1/referrals/$REFERRAL -H "$(auth shelter-harbour)")"

echo "== the auditor's trace"
AUDITOR=$(auth auditor)
curl -s localhost:8000/v1/audit/subjects/$SUBJECT/trace -H "$AUDITOR" | python3 -c '
import collections, json, sys
trace = json.load(sys.stdin)
print("entries by service:", dict(collections.Counter(e["service"] for e in trace["entries"])))
print("missing:", trace["missing"])
for e in trace["entries"]:
    if e["kind"] == "access" and e["actor"]:
        at, service, who, action = e["at"][11:23], e["service"], e["actor"]["organisation"], e["action"]
        print(f"  {at} {service:<14} {who:<36} {action}")'
BUNDLE=$(mktemp --suffix=.json)
curl -s "localhost:8000/v1/audit/subjects/$SUBJECT/trace?format=bundle" -H "$AUDITOR" > "$BUNDLE"
echo -n "offline verification of the bundle: "; .venv/bin/python -m nrm_bus.audit verify "$BUNDLE" | tail -1

echo "== an audit row edited in referral's database"
sleep 6  # every service signs a checkpoint within 5 s, and the others keep it
.venv/bin/python - <<'PY'
import sqlite3
db = sqlite3.connect(".run/referral.db")
seq, action = db.execute("SELECT seq, action FROM audit_log ORDER BY seq LIMIT 1 OFFSET 2").fetchone()
db.execute("UPDATE audit_log SET action = 'nothing.happened' WHERE seq = ?", (seq,))
db.commit()
open(".run/demo-audit-restore", "w").write(f"{seq}\t{action}")
print(f"changed entry {seq} ({action} -> nothing.happened)")
PY
curl -s localhost:8000/v1/audit/verify -H "$AUDITOR" | python3 -c '
import json, sys
report = json.load(sys.stdin)
print("verification ok:", report["ok"])
for name, service in report["services"].items():
    for p in service["problems"][:2]:
        seq, problem, detail = p["seq"], p["problem"], p["detail"][:80]
        print(f"  {name}: entry {seq}: {problem} ({detail})")'
.venv/bin/python - <<'PY'
import sqlite3
seq, action = open(".run/demo-audit-restore").read().split("\t")
db = sqlite3.connect(".run/referral.db")
db.execute("UPDATE audit_log SET action = ? WHERE seq = ?", (action, int(seq)))
db.commit()
print(f"entry {seq} restored")
PY
echo "verification ok again: $(curl -s localhost:8000/v1/audit/verify -H "$AUDITOR" | field '["ok"]')"

echo "== her data tracker, in Romanian"
curl -s "localhost:8002/v1/subjects/$SUBJECT/data-tracker?language=ro" -H "$NGO" -o .run/data-tracker-ro.html
grep -o '<title>[^<]*' .run/data-tracker-ro.html | sed 's/<title>/title: /'
echo "written to .run/data-tracker-ro.html"
