#!/usr/bin/env bash
# With `make run` up: the scenario of seed 004. Ms. A is identified by a police officer
# after a raid; she speaks Romanian and little of the local language. She is referred to a
# shelter and given the information sheet in Romanian (printed to .run/), fears the
# shelter worker is another trafficker and declines; later an NGO worker refers her again,
# with no new identification, and she accepts. The decline statistics show her reason only
# in aggregate. (Her reflection warnings are announced 14 and 3 days before the end; the
# tests move the clock to see them: tests/test_ms_a.py.) Runs from any folder, in any order.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
P=$(auth police-north); N=$(auth ngo-outreach); O=$(auth operations); S=$(auth shelter-harbour)
REGION="MsA-$TAG"
shelter "$S" "{\"name\": \"Linden House $TAG\", \"region\": \"$REGION\", \"target_groups\": [\"women\"], \"regime\": \"open\", \"languages\": [\"ro\", \"en\"], \"beds_total\": 2}" > /dev/null
IDENT=$(api "$P" POST localhost:8001/v1/identifications "{
  \"grounds\": \"indicators\", \"indicators\": [\"deceived-nature-of-job\", \"lack-of-language-knowledge\"],
  \"exploitation_types\": [\"labour\"], \"region\": \"$REGION\", \"jurisdiction\": \"NO\",
  \"person\": {\"gender\": \"female\", \"languages\": [\"ro\"]},
  \"consents\": [{\"purpose\": \"shelter\", \"recipient\": \"shelter\", \"data_categories\": [\"needs\"],
                \"informed\": {\"language\": \"ro\", \"method\": \"verbal\"}}]}")
SUBJECT=$(echo "$IDENT" | field '["subject_id"]')
echo "identified; reflection period: $(echo "$IDENT" | field '["reflection_period"]')"
FIRST=$(api "$P" POST localhost:8002/v1/referrals "{\"subject_id\": \"$SUBJECT\", \"service_type\": \"shelter\"}" | field '["referral_id"]')
echo "first referral: $(settled "$P" "$FIRST")"
api "$P" GET "localhost:8002/v1/subjects/$SUBJECT/information-sheet" > "$ROOT/.run/ms-a-sheet.html"
curl -sf "localhost:8002/v1/subjects/$SUBJECT/information-sheet" -H "$P" -H 'Accept: application/pdf' -o "$ROOT/.run/ms-a-sheet.pdf"
echo "information sheet in Romanian: .run/ms-a-sheet.html, .run/ms-a-sheet.pdf ($(head -c 400 "$ROOT/.run/ms-a-sheet.html" | grep -o '<html[^>]*>'))"
api "$P" POST "localhost:8002/v1/subjects/$SUBJECT/information-sheet/handovers" '{"language": "ro", "method": "both"}' > /dev/null
echo "she declines: $(api "$P" POST "localhost:8002/v1/referrals/$FIRST/decline" '{"reason": "does_not_trust_helpers", "note": "fears the worker is another trafficker"}' | field '["status"]')"
SECOND=$(api "$N" POST localhost:8002/v1/referrals "{\"subject_id\": \"$SUBJECT\", \"service_type\": \"shelter\"}" | field '["referral_id"]')
echo "later, an NGO refers her again: $(settled "$N" "$SECOND")"
api "$N" POST "localhost:8002/v1/referrals/$SECOND/acceptance" > /dev/null
echo "she accepts: $(api "$N" GET "localhost:8002/v1/referrals/$SECOND" | field '["status"]')"
echo "what she was told before: $(api "$N" GET "localhost:8002/v1/subjects/$SUBJECT/information-sheet/handovers")"
echo "decline statistics (operations): $(api "$O" GET localhost:8002/v1/statistics/declines | field '["by_reason"]')"
