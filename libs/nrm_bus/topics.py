"""Topic names, `nrm.<recipient>.<stream>.v<N>`: each sector reads only its own topics, so
that production ACLs can say who reads what. `schemas/asyncapi.yaml` documents each one."""

from __future__ import annotations

import contextlib
import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

log = logging.getLogger(__name__)

# Broadcast: pseudonyms and scope only, no personal data.
CONSENTS = "nrm.all.consents.v1"
SHELTER_CAPACITY = "nrm.all.shelter-capacity.v1"
# Reflection period dates, extensions and the warnings before it ends.
REFLECTION_PERIODS = "nrm.all.reflection-periods.v1"
# Signed checkpoints of every service's audit log, kept by all the others.
AUDIT_CHECKPOINTS = "nrm.all.audit-checkpoints.v1"
# Addressed to one sector.
REFERRAL_SUBJECTS = "nrm.referral.subjects.v1"
REFERRAL_PLACEMENT_UPDATES = "nrm.referral.placement-updates.v1"
SHELTER_PLACEMENT_REQUESTS = "nrm.shelter.placement-requests.v1"
JUSTICE_INTAKE = "nrm.justice.intake.v1"
# Signed referrals to foreign counterparts, under a cross_border consent.
CROSS_BORDER_REFERRALS = "nrm.foreign.cross-border-referrals.v1"
# For the operations read side only: pseudonyms, states, counts and clocks.
# Every referral's status transitions, with its service type and the organisations to call.
REFERRAL_STATUS = "nrm.operations.referral-status.v1"
# Which service first received data under which consent: it owes an acknowledgement when
# the consent ends.
CONSENT_DELIVERIES = "nrm.operations.consent-deliveries.v1"
# Recipients tell the consent's owner what they did when a consent ended or a person asked
# to be erased.
CONSENT_ACKNOWLEDGEMENTS = "nrm.identification.consent-acks.v1"

ALL = (
    CONSENTS,
    SHELTER_CAPACITY,
    REFLECTION_PERIODS,
    REFERRAL_SUBJECTS,
    REFERRAL_PLACEMENT_UPDATES,
    SHELTER_PLACEMENT_REQUESTS,
    JUSTICE_INTAKE,
    CONSENT_ACKNOWLEDGEMENTS,
    CROSS_BORDER_REFERRALS,
    AUDIT_CHECKPOINTS,
    REFERRAL_STATUS,
    CONSENT_DELIVERIES,
)
PARTITIONS = 4
# What a consumer could not process goes to `<topic>.dlq`, with the reason in headers.
DLQ_SUFFIX = ".dlq"


def dead_letter_topic(topic: str) -> str:
    return topic + DLQ_SUFFIX


async def ensure_topics(bootstrap_servers: str, replication_factor: int = 1) -> None:
    """Create every topic and its dead-letter topic; existing ones are left as they are."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, client_id="nrm-admin")
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [name for topic in ALL for name in (topic, dead_letter_topic(topic))]
        missing = [
            NewTopic(name, PARTITIONS if not name.endswith(".dlq") else 1, replication_factor)
            for name in wanted
            if name not in existing
        ]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(missing)
            log.info("topics created", extra={"count": len(missing)})
    finally:
        await admin.close()
