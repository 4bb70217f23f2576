#!/usr/bin/env bash
# With `make run` up, from any folder: the end of a stay and of a referral.
#   1. A woman is identified and her information sheet prints at once, in Romanian; so does
#      the sheet of a woman who has consented to nothing yet (from identification).
#   2. She accepts the one bed of a shelter this script registers; two more women wait.
#   3. She moves out: her referral completes and the bed goes to the first woman waiting.
#   4. The NGO revokes that woman's referral: her hold is released at once and the bed goes
#      to the next woman. Oversight sees how people left, by reason and house rule.
# Matching is nationwide, so other shelters' free beds for women are set aside while it runs
# (each shrunk to the beds in use by its own organisation) and given back when it ends.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="$ROOT/.venv/bin/python"
tok() { "$PY" -m devtools.token "$1"; }
H="Authorization: Bearer $(tok ngo-outreach)"
S="Authorization: Bearer $(tok shelter-harbour)"
B="Authorization: Bearer $(tok shelter-birch)"
A="Authorization: Bearer $(tok auditor)"
J='content-type: application/json'
field() { python3 -c "import json,sys; b=json.load(sys.stdin); print($1)"; }

# --- our own shelter; other free beds for women set aside until the end -------------------
TAG=$(python3 -c 'import secrets; print(secrets.token_hex(2))')
HOUSE=$(curl -s -X POST localhost:8003/v1/shelters -H "$S" -H "$J" -d "{
  \"name\": \"Move-out Demo House $TAG\", \"region\": \"Demo $TAG\", \"target_groups\": [\"women\"],
  \"regime\": \"open\", \"languages\": [\"ro\", \"en\"], \"beds_total\": 1,
  \"house_rules\": [{\"rule\": \"back by 23:00\", \"rationale\": \"staff on duty can account for residents\"}]}" \
  | field 'b["shelter_id"]')
echo "registered Move-out Demo House $TAG: 1 bed, house rule 'back by 23:00'"
staff() { if [ "$1" = S ]; then echo "$S"; else echo "$B"; fi; }
RESTORE=()
while read -r id total free; do
  for org in S B; do  # whichever organisation runs it may change it
    code=$(curl -s -o /dev/null -w '%{http_code}' -X PATCH "localhost:8003/v1/shelters/$id" \
      -H "$(staff $org)" -H "$J" -d "{\"beds_total\": $((total - free))}")
    if [ "$code" = 200 ]; then RESTORE+=("$id $total $org"); break; fi
  done
done < <(curl -s localhost:8003/v1/shelters -H "$S" | python3 -c "
import json, sys
for s in json.load(sys.stdin):
    if s['shelter_id'] != '$HOUSE' and s['beds_free'] and set(s['target_groups']) & {'women', 'lgbtq', 'disabilities'}:
        print(s['shelter_id'], s['beds_total'], s['beds_free'])")
restore() {
  for entry in "${RESTORE[@]+"${RESTORE[@]}"}"; do
    read -r id total org <<<"$entry"
    curl -s -o /dev/null -X PATCH "localhost:8003/v1/shelters/$id" -H "$(staff "$org")" \
      -H "$J" -d "{\"beds_total\": $total}"
  done
  [ ${#RESTORE[@]} -gt 0 ] && echo "(gave back the free beds of ${#RESTORE[@]} other shelter(s))"
  return 0
}
trap restore EXIT
[ ${#RESTORE[@]} -gt 0 ] && echo "(set aside the free beds of ${#RESTORE[@]} other shelter(s) for women)"

identify() {  # $1: consents JSON, $2: language
  curl -s -X POST localhost:8001/v1/identifications -H "$H" -H "$J" -d "{
    \"grounds\": \"self_identified\", \"region\": \"Demo $TAG\", \"jurisdiction\": \"NO\",
    \"person\": {\"gender\": \"female\", \"languages\": [\"$2\"]}, \"consents\": $1}" | field 'b["subject_id"]'
}
SHELTER_CONSENT='[{"purpose": "shelter", "recipient": "shelter", "data_categories": ["needs"], "informed": {"language": "ro", "method": "written"}}]'
refer() {
  curl -s -X POST localhost:8002/v1/referrals -H "$H" -H "$J" \
    -d "{\"subject_id\": \"$1\", \"service_type\": \"shelter\"}" | field 'b["referral_id"]'
}
status() {  # a problem (say a busy SQLite file: 503) prints as its HTTP status
  curl -s "localhost:8002/v1/referrals/$1" -H "$H" | field '"http-" + str(b["status"]) if "type" in b
    else b["status"] + ((" at " + b["placement"]["shelter_name"]) if b.get("placement") else "")'
}
until_status() {  # $1 referral, $2 status: events cross the bus in well under a second
  for _ in $(seq 1 50); do
    [ "$(status "$1" | cut -d' ' -f1)" = "$2" ] && return 0; sleep 0.1
  done
  echo "referral $1 did not become $2" >&2; return 1
}
lang() { grep -o '<html lang="[^"]*" dir="[^"]*"' | head -1; }

# --- 1. the sheet at first contact --------------------------------------------------------
FIRST=$(identify "$SHELTER_CONSENT" ro)
echo
echo "1. identified $FIRST; the information sheet right away:"
echo "   referral:       $(curl -s "localhost:8002/v1/subjects/$FIRST/information-sheet" -H "$H" | lang)"
echo "   identification: $(curl -s "localhost:8001/v1/subjects/$FIRST/information-sheet" -H "$H" | lang)"
NOBODY=$(identify '[]' uk)
echo "   a woman who consented to nothing yet, from identification: $(curl -s "localhost:8001/v1/subjects/$NOBODY/information-sheet" -H "$H" | lang)"

# --- 2. she accepts the bed; two more women wait ------------------------------------------
R1=$(refer "$FIRST"); until_status "$R1" offered
curl -s -o /dev/null -X POST "localhost:8002/v1/referrals/$R1/acceptance" -H "$H"
until_status "$R1" accepted
SECOND=$(identify "$SHELTER_CONSENT" ro); R2=$(refer "$SECOND"); until_status "$R2" waitlisted
THIRD=$(identify "$SHELTER_CONSENT" ro); R3=$(refer "$THIRD"); until_status "$R3" waitlisted
echo
echo "2. first: $(status "$R1")   second: $(status "$R2")   third: $(status "$R3")"
for _ in $(seq 1 50); do  # her acceptance crosses the bus: the shelter confirms her place
  curl -s "localhost:8003/v1/placements?subject_id=$FIRST" -H "$S" | grep -q '"confirmed"' && break
  sleep 0.1
done

# --- 3. she moves out ---------------------------------------------------------------------
TODAY=$(date -u +%F)
echo
echo "3. a move-out dated in the future is refused, naming the field, and changes nothing:"
curl -s -X POST "localhost:8003/v1/shelters/$HOUSE/move-outs" -H "$S" -H "$J" -d "{
  \"subject_id\": \"$FIRST\", \"reason\": \"returned_home\", \"moved_out_on\": \"2999-01-01\"}" \
  | field '"   " + str(b["status"]) + " " + b["errors"][0]["field"] + ": " + b["errors"][0]["message"]'
curl -s -X POST "localhost:8003/v1/shelters/$HOUSE/move-outs" -H "$S" -H "$J" -d "{
  \"subject_id\": \"$FIRST\", \"reason\": \"moved_to_other_accommodation\", \"moved_out_on\": \"$TODAY\"}" \
  | field '"   she moved out today: placement " + b["placement"]["status"] + ", on " + b["placement"]["ended_on"]'
until_status "$R1" completed; until_status "$R2" offered
echo "   first: $(status "$R1")   second: $(status "$R2")   third: $(status "$R3")"

# --- 4. the NGO revokes the second referral -----------------------------------------------
echo
curl -s -X POST "localhost:8002/v1/referrals/$R2/withdrawal" -H "$H" -H "$J" -d '{"reason": "served_elsewhere"}' \
  | field '"4. the NGO that made it revokes the second referral: " + b["status"] + " (" + b["history"][-1]["reason"] + ")"'
until_status "$R3" offered
echo "   her hold is released at once -> second: $(status "$R2")   third: $(status "$R3")"
echo "   how people left, for oversight:"
curl -s localhost:8003/v1/statistics/move-outs -H "$A" | python3 -c "
import json, sys
for row in json.load(sys.stdin):
    if row['shelter_id'] == '$HOUSE':
        print('    ', row['shelter_name'], '|', row['reason'], '|', row['house_rule'], '|', row['count'])"
