#!/usr/bin/env bash
# Creates every NRM topic and its dead-letter topic on the production cluster (see
# ../README.md). Topics are those of libs/nrm_bus/topics.py and schemas/asyncapi.yaml;
# brokers have auto.create.topics.enable=false, so this runs before the services start.
#
#   KAFKA_BOOTSTRAP=kafka-1:9094 KAFKA_ADMIN_CONFIG=/path/admin.properties ./create-topics.sh
#   DRY_RUN=1 ./create-topics.sh     # print the commands only
#
# KAFKA_ADMIN_CONFIG is a client properties file (TLS / SASL) of the admin principal, a
# super user. Existing topics are left as they are.
set -euo pipefail

BOOTSTRAP="${KAFKA_BOOTSTRAP:-<bootstrap-server>}"
ADMIN_CONFIG="${KAFKA_ADMIN_CONFIG:-<admin-client.properties>}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"
if [[ "${DRY_RUN:-}" != 1 && ( -z "${KAFKA_BOOTSTRAP:-}" || -z "${KAFKA_ADMIN_CONFIG:-}" ) ]]; then
  echo "set KAFKA_BOOTSTRAP and KAFKA_ADMIN_CONFIG (or DRY_RUN=1)" >&2
  exit 2
fi

TOPICS=(
  nrm.all.consents.v1
  nrm.all.shelter-capacity.v1
  nrm.all.reflection-periods.v1
  nrm.referral.subjects.v1
  nrm.referral.placement-updates.v1
  nrm.shelter.placement-requests.v1
  nrm.justice.intake.v1
  nrm.identification.consent-acks.v1
  nrm.foreign.cross-border-referrals.v1
  nrm.all.audit-checkpoints.v1
  nrm.operations.referral-status.v1
  nrm.operations.consent-deliveries.v1
)

run() {
  if [[ "${DRY_RUN:-}" == 1 ]]; then printf '%q ' "$@"; echo; else "$@"; fi
}

create() {  # topic partitions
  run "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" \
    --command-config "$ADMIN_CONFIG" --create --if-not-exists --topic "$1" \
    --partitions "$2" --replication-factor 3 --config min.insync.replicas=2
}

for topic in "${TOPICS[@]}"; do
  create "$topic" 4
  create "$topic.dlq" 1
done
