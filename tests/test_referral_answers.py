"""Consent answers that say what to do, on the real broker and PostgreSQL: a consent that
does not cover the service is 409 missing-consent at once, heard of or not; subject-not-yet-
known only while an identification made moments ago crosses the bus; a person never heard
of is 404 once that window has passed; and the rules are served as reference data."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from devtools import people
from devtools.broker import Broker
from devtools.waiting import eventually
from identification.domain.model import purpose_rules
from nrm_bus import topics
from nrm_bus.contracts import build_event
from nrm_bus.disclosure import disclosures
from nrm_bus.envelope import CloudEvent
from nrm_bus.sealing import seal
from referral.domain.model import ServiceType, consent_needed
from tests.system import System, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

# The bus window of this system: long enough that "at once" and "after the window" cannot
# be mistaken for each other on a busy machine.
WINDOW_S = 4.0


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any) -> AsyncIterator[System]:
    async with running_system(
        broker.bootstrap_servers,
        pg_database,
        only=("identification", "referral"),
        referable_within_s=WINDOW_S,
    ) as running:
        yield running


async def identify(system: System, *consents: dict[str, Any]) -> dict[str, Any]:
    response = await system.identification.post(
        "/v1/identifications", json=people.identification(*consents)
    )
    assert response.status_code == 201, response.text
    identified: dict[str, Any] = response.json()
    return identified


async def refer(
    system: System, subject_id: str, service_type: str = "shelter"
) -> tuple[httpx.Response, float]:
    """The referral's answer, and how long it took in seconds."""
    started = time.monotonic()
    response = await system.referral.post(
        "/v1/referrals", json={"subject_id": subject_id, "service_type": service_type}
    )
    return response, time.monotonic() - started


async def referral_has_consents(system: System, subject_id: str, count: int) -> None:
    async def arrived() -> bool:
        async with system.runtime("referral").unit_of_work() as uow:
            return len(await uow.consents.of_subject(uuid.UUID(subject_id))) >= count

    await eventually(arrived, timeout_s=15)


async def send_raw(broker: Broker, topic: str, event: CloudEvent) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers, acks="all")
    await producer.start()
    try:
        await (await event.send(producer, topic))
    finally:
        await producer.stop()


def assert_missing_consent(response: httpx.Response, recipient: str) -> None:
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/missing-consent")
    assert problem["missing_consent"] == {"recipient": recipient}
    assert recipient in problem["detail"]
    assert "retry-after" not in response.headers


async def test_the_identification_says_by_when_the_person_is_referable(system: System) -> None:
    before = datetime.now(UTC)
    identified = await identify(system, people.consent(*people.SHELTER_CONSENT))
    referable_by = datetime.fromisoformat(identified["referable_by"])
    window = timedelta(seconds=WINDOW_S)
    assert before + window <= referable_by <= datetime.now(UTC) + window
    # Made a moment ago and referred at once: the service waits for it, within the window.
    started, _ = await refer(system, identified["subject_id"])
    assert started.status_code == 201, started.text

    # No consent that lets social services know the person's needs: never referable.
    for consents in (
        [],
        [people.consent(*people.POLICE_CONSENT)],
        [people.consent("shelter", "shelter", data_categories=["identity"])],
    ):
        assert (await identify(system, *consents))["referable_by"] is None


async def test_a_consent_that_does_not_cover_is_409_naming_the_sector_at_once(
    system: System,
) -> None:
    # Heard of: her health consent made her known to referral, but not to shelters.
    health = (await identify(system, people.consent("health", "health")))["subject_id"]
    await referral_has_consents(system, health, 1)
    refused, took = await refer(system, health, "shelter")
    assert_missing_consent(refused, "shelter")
    assert took < WINDOW_S / 2

    # Never heard of: her only consent to be assisted names no needs, so her identification
    # never reaches referral; the consent broadcast does, and that is enough to answer.
    unheard = await identify(
        system, people.consent("shelter", "shelter", data_categories=["identity"])
    )
    assert unheard["referable_by"] is None
    refused, took = await refer(system, unheard["subject_id"], "shelter")
    assert_missing_consent(refused, "shelter")
    assert took < WINDOW_S / 2
    referrals = await system.referral.get(
        "/v1/referrals", params={"subject_id": unheard["subject_id"]}
    )
    # Nothing was started: to the reader she is as unknown as a stranger (scoped reads).
    assert referrals.status_code == 404

    # A referral abroad names its own sector.
    refused, _ = await refer(system, health, "return")
    assert_missing_consent(refused, "foreign_counterpart")


async def test_a_person_never_heard_of_is_404_after_the_window_not_an_endless_409(
    system: System,
) -> None:
    made_up = str(uuid.uuid4())
    unknown, took = await refer(system, made_up)
    assert took >= WINDOW_S * 0.95  # an identification made moments ago would have come
    assert unknown.status_code == 404, unknown.text
    assert "retry-after" not in unknown.headers
    problem = unknown.json()
    assert problem["errors"] == [
        {"field": "subject_id", "message": "not known to referral", "type": "unknown"}
    ]
    assert made_up in problem["detail"]

    # A person whose only consent is to the police is answered exactly as a made-up id:
    # whether someone consented to a justice purpose is not for every referrer to learn.
    # Referral does not even keep her police consent (no justice consent in an assistance
    # service): only the window passes.
    police = (await identify(system, people.consent(*people.POLICE_CONSENT)))["subject_id"]
    answer, _ = await refer(system, police)
    assert answer.status_code == 404
    assert answer.json()["detail"].replace(police, "X") == problem["detail"].replace(made_up, "X")
    assert {k: v for k, v in answer.json().items() if k != "detail"} == {
        k: v for k, v in problem.items() if k != "detail"
    }


async def subject_identified(system: System, subject_id: str, consent_id: str) -> CloudEvent:
    """A SubjectIdentified as identification sends it, sealed as the relay seals it."""
    today = datetime.now(UTC).date()
    event = build_event(
        "SubjectIdentified",
        {
            "subject_id": subject_id,
            "consent_id": consent_id,
            "identification_id": str(uuid.uuid4()),
            "region": "North",
            "jurisdiction": "NO",
            "target_group": "women",
            "is_child": False,
            "languages": ["ro"],
            "reflection_period": {
                "starts_on": today.isoformat(),
                "ends_on": (today + timedelta(days=30)).isoformat(),
                "days": 30,
            },
            "identified_at": datetime.now(UTC).isoformat(),
            "consent_ids": [consent_id],
            "identified_by_sector": "ngo",
            "exploitation_types": ["labour"],
        },
        source="/nrm/identification",
        key=subject_id,
        subject=subject_id,
    )
    fields = disclosures().rules["SubjectIdentified"].personal_fields
    return await seal(event, fields, system.runtime("referral").vault)


async def test_subject_not_yet_known_only_while_the_identification_is_on_its_way(
    system: System, broker: Broker
) -> None:
    # The covering consent has crossed the bus; the identification it came with has not.
    subject, consent = str(uuid.uuid4()), str(uuid.uuid4())
    given = people.consent_given(uuid.UUID(subject), uuid.UUID(consent))
    await send_raw(broker, topics.CONSENTS, given)
    await referral_has_consents(system, subject, 1)

    waiting, took = await refer(system, subject)
    assert took >= WINDOW_S * 0.95
    assert waiting.status_code == 409, waiting.text
    assert waiting.json()["type"].endswith("/subject-not-yet-known")
    assert waiting.headers["retry-after"] == "1"

    # A request that waits is woken by the identification's arrival, and answered with it.
    pending = asyncio.ensure_future(refer(system, subject))
    await asyncio.sleep(0.3)
    await send_raw(
        broker, topics.REFERRAL_SUBJECTS, await subject_identified(system, subject, consent)
    )
    started, took = await pending
    assert started.status_code == 201, started.text
    assert took < WINDOW_S


async def test_consents_given_together_are_decided_together(system: System) -> None:
    """Referred the moment she is identified, with a health consent before the shelter one:
    the request, woken by the first consent to arrive, never answers missing-consent for the
    shelter consent that arrives just after it."""
    both = (people.consent("health", "health"), people.consent(*people.SHELTER_CONSENT))
    subjects = [(await identify(system, *both))["subject_id"] for _ in range(8)]
    answers = await asyncio.gather(*(refer(system, subject) for subject in subjects))
    assert [response.status_code for response, _ in answers] == [201] * len(subjects), [
        response.text for response, _ in answers if response.status_code != 201
    ]


async def test_the_consent_rules_are_served_from_the_tables_the_services_enforce(
    system: System,
) -> None:
    rules = await system.identification.get("/v1/reference/consent-rules")
    assert rules.status_code == 200, rules.text
    served = {rule["purpose"]: rule for rule in rules.json()["purposes"]}
    assert served == {
        rule.purpose.value: {
            "purpose": rule.purpose.value,
            "recipients": list(rule.recipients),
            "track": rule.track,
            "referable_with": list(rule.referable_with),
            "child_needs_representative": rule.child_needs_representative,
        }
        for rule in purpose_rules()
    }
    assert served["prosecution"]["recipients"] == ["prosecutor"]
    assert served["prosecution"]["track"] == "justice"

    services = await system.referral.get("/v1/reference/service-consents")
    assert services.status_code == 200, services.text
    by_type = {row["service_type"]: row for row in services.json()["services"]}
    assert set(by_type) == {service_type.value for service_type in ServiceType}
    for service_type in ServiceType:
        needed = consent_needed(service_type)
        row = by_type[service_type.value]
        assert row["recipient"] == needed.recipient
        assert set(row["purposes"]) == needed.purposes
        assert set(row["data_categories"]) == needed.data_categories
        # The two services agree: some consent identification accepts covers the service.
        assert any(
            row["recipient"] in served[purpose]["recipients"]
            and set(row["data_categories"]) >= set(served[purpose]["referable_with"])
            for purpose in row["purposes"]
        ), service_type

    # Both are described in the OpenAPI document, with their response models.
    for client, path, model in (
        (system.identification, "/v1/reference/consent-rules", "ConsentRulesRead"),
        (system.referral, "/v1/reference/service-consents", "ServiceConsentsRead"),
    ):
        spec = (await client.get("/openapi.json")).json()
        ok = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert ok["schema"] == {"$ref": f"#/components/schemas/{model}"}
        assert spec["components"]["schemas"][model]["properties"]
