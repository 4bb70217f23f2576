#!/usr/bin/env bash
# With `make run` up: consent is the gate. A person consents to a shelter only: she gets a
# placement offer and the justice service answers 404. She adds a police consent: the case
# appears within a second. She withdraws it: the case is gone, and the consent shows the
# justice service's acknowledgement. Runs from any folder, before or after the other demos.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
H=$(auth ngo-outreach); P=$(auth police-north); S=$(auth shelter-harbour)
REGION="Consent-$TAG"
shelter "$S" "{\"name\": \"Consent House $TAG\", \"region\": \"$REGION\", \"target_groups\": [\"women\"], \"regime\": \"open\", \"languages\": [\"ro\"], \"beds_total\": 2}" > /dev/null
SUBJECT=$(api "$H" POST localhost:8001/v1/identifications "{\"grounds\":\"self_identified\",\"region\":\"$REGION\",\"jurisdiction\":\"NO\",\"exploitation_types\":[\"labour\"],\"person\":{\"gender\":\"female\",\"languages\":[\"ro\"]},\"consents\":[{\"purpose\":\"shelter\",\"recipient\":\"shelter\",\"data_categories\":[\"needs\"],\"informed\":{\"language\":\"ro\",\"method\":\"written\"}}]}" | field '["subject_id"]')
REFERRAL=$(api "$H" POST localhost:8002/v1/referrals "{\"subject_id\": \"$SUBJECT\", \"service_type\": \"shelter\"}" | field '["referral_id"]')
echo "referral:           $(settled "$H" "$REFERRAL")"
echo "justice, no police consent: $(curl -s -o /dev/null -w '%{http_code}' "localhost:8004/v1/cases/$SUBJECT" -H "$P")"
POLICE=$(api "$H" POST "localhost:8001/v1/subjects/$SUBJECT/consents" '{"purpose":"law_enforcement","recipient":"police","data_categories":["exploitation"],"informed":{"language":"ro","method":"verbal"}}' | field '["consent_id"]')
for i in $(seq 1 20); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "localhost:8004/v1/cases/$SUBJECT" -H "$P")
  [ "$code" = 200 ] && break; sleep 0.1
done
echo "justice, after the police consent: $code (after about $((i * 100)) ms)"
api "$H" POST "localhost:8001/v1/subjects/$SUBJECT/consents/$POLICE/withdrawal" > /dev/null
sleep 1
echo "justice, after the withdrawal: $(curl -s -o /dev/null -w '%{http_code}' "localhost:8004/v1/cases/$SUBJECT" -H "$P")"
echo "acknowledgements: $(api "$H" GET "localhost:8001/v1/subjects/$SUBJECT/consents/$POLICE" | field '["acknowledgements"]')"
echo "receipt (JSON):   $(api "$H" GET "localhost:8001/v1/subjects/$SUBJECT/consents/$POLICE/receipt" | head -c 200)…"
echo "referral still:   $(api "$H" GET "localhost:8002/v1/referrals/$REFERRAL" | field '["status"]')"
