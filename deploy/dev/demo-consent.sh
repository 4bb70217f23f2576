#!/usr/bin/env bash
# With `make run` up: consent is the gate. A person consents to a shelter only: she gets a
# placement offer and the justice service answers 404. She adds a police consent: the case
# appears within a second. She withdraws it: the case is gone, and the consent shows the
# justice service's acknowledgement.
set -e
tok() { .venv/bin/python -m devtools.token "$1"; }
H="Authorization: Bearer $(tok ngo-outreach)"; P="Authorization: Bearer $(tok police-north)"
J='content-type: application/json'
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
SUBJECT=$(curl -s -X POST localhost:8001/v1/identifications -H "$H" -H "$J" -d '{"grounds":"self_identified","region":"North","jurisdiction":"NO","exploitation_types":["labour"],"person":{"gender":"female","languages":["ro"]},"consents":[{"purpose":"shelter","recipient":"shelter","data_categories":["needs"],"informed":{"language":"ro","method":"written"}}]}' | field '["subject_id"]')
REFERRAL=$(curl -s -X POST localhost:8002/v1/referrals -H "$H" -H "$J" -d "{\"subject_id\": \"$SUBJECT\", \"service_type\": \"shelter\"}" | field '["referral_id"]')
sleep 1
echo "referral:           $(curl -s localhost:8002/v1/referrals/$REFERRAL -H "$H" | field '["status"]')"
echo "justice, no police consent: $(curl -s -o /dev/null -w '%{http_code}' localhost:8004/v1/cases/$SUBJECT -H "$P")"
POLICE=$(curl -s -X POST localhost:8001/v1/subjects/$SUBJECT/consents -H "$H" -H "$J" -d '{"purpose":"law_enforcement","recipient":"police","data_categories":["exploitation"],"informed":{"language":"ro","method":"verbal"}}' | field '["consent_id"]')
for i in $(seq 1 20); do
  code=$(curl -s -o /dev/null -w '%{http_code}' localhost:8004/v1/cases/$SUBJECT -H "$P")
  [ "$code" = 200 ] && break; sleep 0.1
done
echo "justice, after the police consent: $code (after about $((i * 100)) ms)"
curl -s -X POST localhost:8001/v1/subjects/$SUBJECT/consents/$POLICE/withdrawal -H "$H" > /dev/null
sleep 1
echo "justice, after the withdrawal: $(curl -s -o /dev/null -w '%{http_code}' localhost:8004/v1/cases/$SUBJECT -H "$P")"
echo "acknowledgements: $(curl -s localhost:8001/v1/subjects/$SUBJECT/consents/$POLICE -H "$H" | field '["acknowledgements"]')"
echo "receipt (JSON):   $(curl -s localhost:8001/v1/subjects/$SUBJECT/consents/$POLICE/receipt -H "$H" | head -c 200)…"
echo "referral still:   $(curl -s localhost:8002/v1/referrals/$REFERRAL -H "$H" | field '["status"]')"
