#!/usr/bin/env bash
# Kafka ACLs of the NRM services on the production cluster (see ../README.md). The table
# below is the producer/consumer table of schemas/asyncapi.yaml (`x-producers`,
# `x-consumers`): each service reads only its own topics, writes only what it produces, and
# writes the dead-letter topics of what it consumes. Anything not listed is denied
# (allow.everyone.if.no.acl.found=false). Principals are User:nrm-<service>: the Keycloak
# client id (SASL/OAUTHBEARER, `azp` claim) or the certificate CN (mTLS).
#
#   KAFKA_BOOTSTRAP=kafka-1:9094 KAFKA_ADMIN_CONFIG=/path/admin.properties ./acls.sh
#   DRY_RUN=1 ./acls.sh     # print the commands only
#
# KAFKA_ADMIN_CONFIG is a client properties file (TLS / SASL) of the admin principal, a
# super user. Adding an ACL that exists already is harmless.
set -euo pipefail

BOOTSTRAP="${KAFKA_BOOTSTRAP:-<bootstrap-server>}"
ADMIN_CONFIG="${KAFKA_ADMIN_CONFIG:-<admin-client.properties>}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"
if [[ "${DRY_RUN:-}" != 1 && ( -z "${KAFKA_BOOTSTRAP:-}" || -z "${KAFKA_ADMIN_CONFIG:-}" ) ]]; then
  echo "set KAFKA_BOOTSTRAP and KAFKA_ADMIN_CONFIG (or DRY_RUN=1)" >&2
  exit 2
fi

run() {
  if [[ "${DRY_RUN:-}" == 1 ]]; then printf '%q ' "$@"; echo; else "$@"; fi
}

# Read implies Describe; Write implies Describe (and, since Kafka 3.0, idempotent writes).
while read -r principal operation resource name; do
  [[ -z "$principal" || "$principal" == \#* ]] && continue
  run "$KAFKA_BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" \
    --command-config "$ADMIN_CONFIG" --add --allow-principal "User:$principal" \
    --operation "$operation" "--$resource" "$name" --resource-pattern-type literal
done <<'TABLE'
# principal         operation  resource  name
nrm-identification  Write      topic     nrm.all.consents.v1
nrm-identification  Write      topic     nrm.referral.subjects.v1
nrm-identification  Write      topic     nrm.justice.intake.v1
nrm-identification  Write      topic     nrm.all.reflection-periods.v1
nrm-identification  Read       topic     nrm.identification.consent-acks.v1
nrm-identification  Write      topic     nrm.identification.consent-acks.v1.dlq
nrm-identification  Write      topic     nrm.all.audit-checkpoints.v1
nrm-identification  Read       topic     nrm.all.audit-checkpoints.v1
nrm-identification  Write      topic     nrm.all.audit-checkpoints.v1.dlq
nrm-identification  Read       group     nrm-identification

nrm-referral        Read       topic     nrm.all.consents.v1
nrm-referral        Read       topic     nrm.referral.subjects.v1
nrm-referral        Read       topic     nrm.referral.placement-updates.v1
nrm-referral        Read       topic     nrm.all.reflection-periods.v1
nrm-referral        Write      topic     nrm.all.reflection-periods.v1.dlq
nrm-referral        Write      topic     nrm.shelter.placement-requests.v1
nrm-referral        Write      topic     nrm.all.consents.v1.dlq
nrm-referral        Write      topic     nrm.referral.subjects.v1.dlq
nrm-referral        Write      topic     nrm.referral.placement-updates.v1.dlq
nrm-referral        Write      topic     nrm.identification.consent-acks.v1
nrm-referral        Write      topic     nrm.foreign.cross-border-referrals.v1
nrm-referral        Write      topic     nrm.operations.referral-status.v1
nrm-referral        Write      topic     nrm.operations.consent-deliveries.v1
# Foreign counterparts (one principal per counterpart mechanism) read their topic only.
# nrm-foreign-<country> Read     topic     nrm.foreign.cross-border-referrals.v1
nrm-referral        Write      topic     nrm.all.audit-checkpoints.v1
nrm-referral        Read       topic     nrm.all.audit-checkpoints.v1
nrm-referral        Write      topic     nrm.all.audit-checkpoints.v1.dlq
nrm-referral        Read       group     nrm-referral

nrm-shelter         Read       topic     nrm.shelter.placement-requests.v1
nrm-shelter         Read       topic     nrm.all.consents.v1
nrm-shelter         Write      topic     nrm.referral.placement-updates.v1
nrm-shelter         Write      topic     nrm.all.shelter-capacity.v1
nrm-shelter         Write      topic     nrm.shelter.placement-requests.v1.dlq
nrm-shelter         Write      topic     nrm.all.consents.v1.dlq
nrm-shelter         Write      topic     nrm.identification.consent-acks.v1
nrm-shelter         Write      topic     nrm.operations.consent-deliveries.v1
nrm-shelter         Write      topic     nrm.all.audit-checkpoints.v1
nrm-shelter         Read       topic     nrm.all.audit-checkpoints.v1
nrm-shelter         Write      topic     nrm.all.audit-checkpoints.v1.dlq
nrm-shelter         Read       group     nrm-shelter

nrm-justice         Read       topic     nrm.justice.intake.v1
nrm-justice         Read       topic     nrm.all.consents.v1
nrm-justice         Write      topic     nrm.justice.intake.v1.dlq
nrm-justice         Write      topic     nrm.all.consents.v1.dlq
nrm-justice         Write      topic     nrm.identification.consent-acks.v1
nrm-justice         Write      topic     nrm.operations.consent-deliveries.v1
nrm-justice         Write      topic     nrm.all.audit-checkpoints.v1
nrm-justice         Read       topic     nrm.all.audit-checkpoints.v1
nrm-justice         Write      topic     nrm.all.audit-checkpoints.v1.dlq
nrm-justice         Read       group     nrm-justice

# Operations witnesses every service's audit checkpoints, and signs its own.
nrm-operations      Read       topic     nrm.all.audit-checkpoints.v1
nrm-operations      Write      topic     nrm.all.audit-checkpoints.v1
nrm-operations      Write      topic     nrm.all.audit-checkpoints.v1.dlq
nrm-operations      Read       group     nrm-operations
# The read side: streams without personal data (capacity, referral status by pseudonym,
# reflection clocks, consents' ends, acknowledgements and deliveries).
nrm-operations      Read       topic     nrm.all.shelter-capacity.v1
nrm-operations      Read       topic     nrm.operations.referral-status.v1
nrm-operations      Read       topic     nrm.all.reflection-periods.v1
nrm-operations      Read       topic     nrm.all.consents.v1
nrm-operations      Read       topic     nrm.identification.consent-acks.v1
nrm-operations      Read       topic     nrm.operations.consent-deliveries.v1
nrm-operations      Write      topic     nrm.all.shelter-capacity.v1.dlq
nrm-operations      Write      topic     nrm.operations.referral-status.v1.dlq
nrm-operations      Write      topic     nrm.all.reflection-periods.v1.dlq
nrm-operations      Write      topic     nrm.all.consents.v1.dlq
nrm-operations      Write      topic     nrm.identification.consent-acks.v1.dlq
nrm-operations      Write      topic     nrm.operations.consent-deliveries.v1.dlq
# Dead letters: every .dlq topic is read (headers listed; one record read back on replay)
# and a replay is written to the dead letter's original topic.
nrm-operations      Read       group     nrm-operations-dead-letters
nrm-operations      Read       topic     nrm.all.consents.v1.dlq
nrm-operations      Read       topic     nrm.all.shelter-capacity.v1.dlq
nrm-operations      Read       topic     nrm.all.reflection-periods.v1.dlq
nrm-operations      Read       topic     nrm.referral.subjects.v1.dlq
nrm-operations      Read       topic     nrm.referral.placement-updates.v1.dlq
nrm-operations      Read       topic     nrm.shelter.placement-requests.v1.dlq
nrm-operations      Read       topic     nrm.justice.intake.v1.dlq
nrm-operations      Read       topic     nrm.identification.consent-acks.v1.dlq
nrm-operations      Read       topic     nrm.foreign.cross-border-referrals.v1.dlq
nrm-operations      Read       topic     nrm.all.audit-checkpoints.v1.dlq
nrm-operations      Read       topic     nrm.operations.referral-status.v1.dlq
nrm-operations      Read       topic     nrm.operations.consent-deliveries.v1.dlq
nrm-operations      Write      topic     nrm.all.consents.v1
nrm-operations      Write      topic     nrm.all.shelter-capacity.v1
nrm-operations      Write      topic     nrm.all.reflection-periods.v1
nrm-operations      Write      topic     nrm.referral.subjects.v1
nrm-operations      Write      topic     nrm.referral.placement-updates.v1
nrm-operations      Write      topic     nrm.shelter.placement-requests.v1
nrm-operations      Write      topic     nrm.justice.intake.v1
nrm-operations      Write      topic     nrm.identification.consent-acks.v1
nrm-operations      Write      topic     nrm.foreign.cross-border-referrals.v1
nrm-operations      Write      topic     nrm.all.audit-checkpoints.v1
nrm-operations      Write      topic     nrm.operations.referral-status.v1
nrm-operations      Write      topic     nrm.operations.consent-deliveries.v1
TABLE
