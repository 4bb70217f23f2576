#!/usr/bin/env bash
# With `make run` up: the scenario of seed 004. Ms. A is identified by a police officer
# after a raid; she speaks Romanian and little of the local language. She is referred to a
# shelter and given the information sheet in Romanian (printed to .run/), fears the
# shelter worker is another trafficker and declines; later an NGO worker refers her again,
# with no new identification, and she accepts. The decline statistics show her reason only
# in aggregate. (Her reflection warnings are announced 14 and 3 days before the end; the
# tests move the clock to see them: tests/test_ms_a.py.)
set -e
tok() { .venv/bin/python -m devtools.token "$1"; }
P="Authorization: Bearer $(tok police-north)"; N="Authorization: Bearer $(tok ngo-outreach)"
O="Authorization: Bearer $(tok operations)"; J='content-type: application/json'
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
IDENT=$(curl -s -X POST localhost:8001/v1/identifications -H "$P" -H "$J" -d '{
  "grounds": "indicators", "indicators": ["deceived-nature-of-job", "lack-of-language-knowledge"],
  "exploitation_types": ["labour"], "region": "North", "jurisdiction": "NO",
  "person": {"gender": "female", "languages": ["ro"]},
  "consents": [{"purpose": "shelter", "recipient": "shelter", "data_categories": ["needs"],
                "informed": {"language": "ro", "method": "verbal"}}]}')
SUBJECT=$(echo "$IDENT" | field '["subject_id"]')
echo "identified; reflection period: $(echo "$IDENT" | field '["reflection_period"]')"
FIRST=$(curl -s -X POST localhost:8002/v1/referrals -H "$P" -H "$J" -d "{\"subject_id\": \"$SUBJECT\", \"service_type\": \"shelter\"}" | field '["referral_id"]')
sleep 1; echo "first referral: $(curl -s localhost:8002/v1/referrals/$FIRST -H "$P" | field '["status"]')"
curl -s "localhost:8002/v1/subjects/$SUBJECT/information-sheet" -H "$P" -o .run/ms-a-sheet.html
curl -s "localhost:8002/v1/subjects/$SUBJECT/information-sheet" -H "$P" -H 'Accept: application/pdf' -o .run/ms-a-sheet.pdf
echo "information sheet in Romanian: .run/ms-a-sheet.html, .run/ms-a-sheet.pdf ($(head -c 400 .run/ms-a-sheet.html | grep -o '<html[^>]*>'))"
curl -s -X POST localhost:8002/v1/subjects/$SUBJECT/information-sheet/handovers -H "$P" -H "$J" -d '{"language": "ro", "method": "both"}' > /dev/null
curl -s -X POST localhost:8002/v1/referrals/$FIRST/decline -H "$P" -H "$J" -d '{"reason": "does_not_trust_helpers", "note": "fears the worker is another trafficker"}' | python3 -c 'import json,sys; print("she declines:", json.load(sys.stdin)["status"])'
SECOND=$(curl -s -X POST localhost:8002/v1/referrals -H "$N" -H "$J" -d "{\"subject_id\": \"$SUBJECT\", \"service_type\": \"shelter\"}" | field '["referral_id"]')
sleep 1; echo "later, an NGO refers her again: $(curl -s localhost:8002/v1/referrals/$SECOND -H "$N" | field '["status"]')"
curl -s -X POST localhost:8002/v1/referrals/$SECOND/acceptance -H "$N" > /dev/null; sleep 1
echo "she accepts: $(curl -s localhost:8002/v1/referrals/$SECOND -H "$N" | field '["status"]')"
echo "what she was told before: $(curl -s localhost:8002/v1/subjects/$SUBJECT/information-sheet/handovers -H "$N")"
echo "decline statistics (operations): $(curl -s localhost:8002/v1/statistics/declines -H "$O" | field '["by_reason"]')"
