#!/usr/bin/env bash
# With `make run` up: one fitting bed, two women referred; the second waits and is offered
# the bed when the first declines. Shrinks Harbour House to one bed (its own staff may).
set -e
tok() { .venv/bin/python -m devtools.token "$1"; }
H="Authorization: Bearer $(tok ngo-outreach)"; S="Authorization: Bearer $(tok shelter-harbour)"
J='content-type: application/json'
curl -s localhost:8003/v1/shelters -H "$S" | python3 -c 'import json,sys; [print(s["name"], s["target_groups"], s["beds_free"], "/", s["beds_total"]) for s in json.load(sys.stdin)]'
HARBOUR=$(curl -s localhost:8003/v1/shelters -H "$S" | python3 -c 'import json,sys; print([s["shelter_id"] for s in json.load(sys.stdin) if s["name"]=="Harbour House"][0])')
curl -s -X PATCH localhost:8003/v1/shelters/$HARBOUR -H "$S" -H "$J" -d '{"beds_total": 1}' | python3 -c 'import json,sys; b=json.load(sys.stdin); print("Harbour House now", b["beds_free"], "/", b["beds_total"])'
person() { curl -s -X POST localhost:8001/v1/identifications -H "$H" -H "$J" -d '{"grounds":"self_identified","region":"North","jurisdiction":"NO","person":{"gender":"female","languages":["ro"]},"consents":[{"purpose":"shelter","recipient":"shelter","data_categories":["needs"],"informed":{"language":"ro","method":"written"}}]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["subject_id"])'; }
refer() { curl -s -X POST localhost:8002/v1/referrals -H "$H" -H "$J" -d "{\"subject_id\": \"$1\", \"service_type\": \"shelter\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["referral_id"])'; }
status() { curl -s localhost:8002/v1/referrals/$1 -H "$H" | python3 -c 'import json,sys; b=json.load(sys.stdin); print(b["status"], (b.get("placement") or {}).get("shelter_name"))'; }
A=$(refer $(person)); sleep 1; B=$(refer $(person)); sleep 1
echo "first:  $(status $A)"; echo "second: $(status $B)"
curl -s -X POST localhost:8002/v1/referrals/$A/decline -H "$H" -H "$J" -d '{"reason":"rules_and_restrictions"}' > /dev/null; sleep 1
echo "after the first declines -> first: $(status $A); second: $(status $B)"
curl -s localhost:8003/v1/capacity -H "$S" | head -c 300; echo
