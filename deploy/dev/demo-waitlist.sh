#!/usr/bin/env bash
# With `make run` up: one fitting bed, two women referred; the second waits and is offered
# the bed when the first declines. The demo registers its own one-bed women's shelter and,
# for its length, takes the free beds of Harbour's other women's shelters out of matching
# (beds_free 0; its own staff may), putting them back when it ends, however it ends. Runs
# from any folder, before or after the other demos.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
H=$(auth ngo-outreach); S=$(auth shelter-harbour)
REGION="Waitlist-$TAG"
MINE=$(shelter "$S" "{\"name\": \"Waitlist House $TAG\", \"region\": \"$REGION\", \"target_groups\": [\"women\"], \"regime\": \"open\", \"languages\": [\"ro\"], \"beds_total\": 1}")
PAUSED=$(api "$S" GET localhost:8003/v1/shelters | python3 -c "
import json, sys
for s in json.load(sys.stdin):
    if s['shelter_id'] != '$MINE' and 'women' in s['target_groups'] and s['beds_free'] > 0:
        print(s['shelter_id'], s['beds_free'])")
restore() {
  while read -r id free; do
    [ -n "$id" ] && curl -s -o /dev/null -X PATCH "localhost:8003/v1/shelters/$id" -H "$S" \
      -H 'content-type: application/json' -d "{\"beds_free\": $free}"
  done <<< "$PAUSED"
}
trap restore EXIT
while read -r id free; do
  [ -n "$id" ] && curl -s -o /dev/null -X PATCH "localhost:8003/v1/shelters/$id" -H "$S" \
    -H 'content-type: application/json' -d '{"beds_free": 0}'
done <<< "$PAUSED"
echo "Waitlist House $TAG: 1 bed; other women's beds paused for the demo: $(echo "$PAUSED" | grep -c . || true) shelters"
person() { api "$H" POST localhost:8001/v1/identifications "{\"grounds\":\"self_identified\",\"region\":\"$REGION\",\"jurisdiction\":\"NO\",\"person\":{\"gender\":\"female\",\"languages\":[\"ro\"]},\"consents\":[{\"purpose\":\"shelter\",\"recipient\":\"shelter\",\"data_categories\":[\"needs\"],\"informed\":{\"language\":\"ro\",\"method\":\"written\"}}]}" | field '["subject_id"]'; }
refer() { api "$H" POST localhost:8002/v1/referrals "{\"subject_id\": \"$1\", \"service_type\": \"shelter\"}" | field '["referral_id"]'; }
status() { api "$H" GET "localhost:8002/v1/referrals/$1" | python3 -c 'import json,sys; b=json.load(sys.stdin); print(b["status"], (b.get("placement") or {}).get("shelter_name") or "")'; }
A=$(refer "$(person)"); settled "$H" "$A" > /dev/null
B=$(refer "$(person)"); settled "$H" "$B" > /dev/null
echo "first:  $(status "$A")"; echo "second: $(status "$B")"
api "$H" POST "localhost:8002/v1/referrals/$A/decline" '{"reason":"rules_and_restrictions"}' > /dev/null
for _ in $(seq 1 30); do [ "$(status "$B" | cut -d' ' -f1)" = offered ] && break; sleep 0.1; done
echo "after the first declines -> first: $(status "$A"); second: $(status "$B")"
echo "capacity: $(api "$S" GET localhost:8003/v1/capacity | python3 -c "import json,sys; print([r for r in json.load(sys.stdin) if r['region']=='$REGION'])")"
