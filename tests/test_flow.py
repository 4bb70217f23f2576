"""The walking skeleton's flow end to end: over HTTP, through the real broker and four
PostgreSQL databases, from identification to an accepted shelter placement, and the justice
track only with the person's consent."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from devtools import people
from devtools.broker import Broker
from devtools.waiting import eventually
from nrm_bus import telemetry
from tests.system import System, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


@pytest.fixture(scope="module")
def spans() -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    telemetry.configure_tracing("none", SimpleSpanProcessor(exporter))
    return exporter


@pytest.fixture(scope="module")
async def system(
    broker: Broker, pg_database: Any, spans: InMemorySpanExporter
) -> AsyncIterator[System]:
    async with running_system(broker.bootstrap_servers, pg_database) as running:
        yield running


async def add_shelter(system: System, **overrides: Any) -> dict[str, Any]:
    body = {
        "name": "Test House",
        "region": "North",
        "target_groups": ["women"],
        "regime": "open",
        "languages": ["ro"],
        "beds_total": 2,
        **overrides,
    }
    response = await system.shelter.post("/v1/shelters", json=body)
    assert response.status_code == 201, response.text
    shelter: dict[str, Any] = response.json()
    return shelter


async def identify(system: System, *consents: tuple[str, str], **overrides: Any) -> str:
    body = people.identification(*(people.consent(*c) for c in consents), **overrides)
    response = await system.identification.post("/v1/identifications", json=body)
    assert response.status_code == 201, response.text
    subject_id: str = response.json()["subject_id"]
    return subject_id


async def refer(system: System, subject_id: str, service_type: str = "shelter") -> httpx.Response:
    """Start a referral, retrying while the identification is still on its way."""

    async def attempt() -> httpx.Response | None:
        response = await system.referral.post(
            "/v1/referrals", json={"subject_id": subject_id, "service_type": service_type}
        )
        if response.status_code == 409 and "not-yet-known" in response.json()["type"]:
            return None
        return response

    return await eventually(attempt)


async def referral_in(system: System, referral_id: str, status: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        body: dict[str, Any] = (await system.referral.get(f"/v1/referrals/{referral_id}")).json()
        return body if body["status"] == status else None

    return await eventually(probe)


async def test_identified_person_is_offered_a_fitting_bed_and_accepts_it(system: System) -> None:
    men_only = await add_shelter(system, name="Men's House", target_groups=["men"], beds_total=5)
    women = await add_shelter(system, name="Women's House", target_groups=["women"])
    subject_id = await identify(
        system, people.SHELTER_CONSENT, person=people.person(gender="female")
    )

    started = await refer(system, subject_id)
    assert started.status_code == 201, started.text
    referral_id = started.json()["referral_id"]

    offered = await referral_in(system, referral_id, "offered")
    assert offered["placement"]["shelter_id"] == women["shelter_id"]
    assert offered["placement"]["shelter_name"] == "Women's House"
    assert offered["placement"]["hold_expires_at"]
    held = (await system.shelter.get(f"/v1/shelters/{women['shelter_id']}")).json()
    assert held["beds_free"] == women["beds_free"] - 1
    untouched = (await system.shelter.get(f"/v1/shelters/{men_only['shelter_id']}")).json()
    assert untouched["beds_free"] == men_only["beds_free"]

    accepted = await system.referral.post(f"/v1/referrals/{referral_id}/acceptance")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"

    async def confirmed() -> list[dict[str, Any]] | None:
        placements: list[dict[str, Any]] = (
            await system.shelter.get("/v1/placements", params={"subject_id": subject_id})
        ).json()
        return placements if placements and placements[0]["status"] == "confirmed" else None

    [placement] = await eventually(confirmed)
    assert placement["shelter_id"] == women["shelter_id"]
    after = (await system.shelter.get(f"/v1/shelters/{women['shelter_id']}")).json()
    assert after["beds_free"] == women["beds_free"] - 1


async def test_without_police_consent_justice_knows_nothing(system: System) -> None:
    subject_id = await identify(system, people.SHELTER_CONSENT)
    referral = await refer(system, subject_id)
    await referral_in(system, referral.json()["referral_id"], "offered")

    # The referral has gone through the broker, so the justice service had every chance to
    # hear of this person: it must still answer exactly as for someone who does not exist.
    case = await system.justice.get(f"/v1/cases/{subject_id}")
    nobody = await system.justice.get("/v1/cases/00000000-0000-4000-8000-000000000000")
    assert case.status_code == nobody.status_code == 404
    assert case.json()["detail"].replace(subject_id, "X") == nobody.json()["detail"].replace(
        "00000000-0000-4000-8000-000000000000", "X"
    )
    cases = (await system.justice.get("/v1/cases")).json()
    assert subject_id not in {c["subject_id"] for c in cases}


async def test_with_police_consent_justice_opens_a_case(system: System) -> None:
    subject_id = await identify(system, people.SHELTER_CONSENT, people.POLICE_CONSENT)

    async def case() -> dict[str, Any] | None:
        response = await system.justice.get(f"/v1/cases/{subject_id}")
        return response.json() if response.status_code == 200 else None

    opened = await eventually(case)
    assert opened["subject_id"] == subject_id
    assert opened["recipient"] == "police"
    assert "given_name" not in str(opened)


async def test_referral_without_a_covering_consent_is_refused_naming_it(system: System) -> None:
    subject_id = await identify(system, ("health", "health"))
    refused = await refer(system, subject_id, "shelter")
    assert refused.status_code == 409
    problem = refused.json()
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert problem["missing_consent"] == {"recipient": "shelter"}
    assert "shelter" in problem["detail"]


async def test_a_justice_consent_never_opens_assistance(system: System) -> None:
    # A law-enforcement consent naming the shelter sector is not a consent to shelter: it is
    # refused as a mistake at the door.
    mixed = people.identification(people.consent("shelter", "law_enforcement"))
    assert (await system.identification.post("/v1/identifications", json=mixed)).status_code == 422

    subject_id = await identify(system, people.POLICE_CONSENT)
    # The justice case shows the identification's events have crossed the broker.
    await eventually(lambda: _status_is(system.justice, f"/v1/cases/{subject_id}", 200))

    refused = await system.referral.post(
        "/v1/referrals", json={"subject_id": subject_id, "service_type": "shelter"}
    )

    # Not even a missing-consent answer: to referral she is as unknown as a made-up id, so
    # the answer does not tell a referrer that she consented to the police.
    assert refused.status_code == 404
    # Referral does not even know she exists: a justice consent tells it nothing.
    referrals = await system.referral.get("/v1/referrals", params={"subject_id": subject_id})
    assert referrals.status_code == 404


async def _status_is(client: httpx.AsyncClient, path: str, status: int) -> bool:
    return (await client.get(path)).status_code == status


async def test_malformed_request_gets_a_problem_naming_the_field(system: System) -> None:
    body = people.identification()
    body["person"]["languages"] = []
    body["jurisdiction"] = "norway"
    response = await system.identification.post("/v1/identifications", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    fields = {error["field"] for error in problem["errors"]}
    assert fields == {"person.languages", "jurisdiction"}
    assert "norway" not in response.text


async def test_every_route_needs_a_bearer_token(system: System) -> None:
    for service, path in [
        ("identification", "/v1/subjects/00000000-0000-4000-8000-000000000000/consents"),
        ("referral", "/v1/referrals?subject_id=x"),
        ("shelter", "/v1/shelters"),
        ("justice", "/v1/cases"),
    ]:
        client = system.clients[service]
        response = await client.get(path, headers={"Authorization": ""})
        assert response.status_code == 401, (service, response.text)
        assert response.headers["www-authenticate"] == "Bearer"


async def test_health_and_openapi_are_open_and_document_every_operations_scopes(
    system: System,
) -> None:
    for service, client in system.clients.items():
        health = await client.get("/healthz", headers={"Authorization": ""})
        assert health.status_code == 200, (service, health.text)
        spec = (await client.get("/openapi.json", headers={"Authorization": ""})).json()
        flow = spec["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]
        assert flow["tokenUrl"] == f"{system.issuer.url}/token"
        for path, operations in spec["paths"].items():
            if not path.startswith("/v1/"):
                continue
            for method, operation in operations.items():
                [requirement] = operation["security"]
                assert requirement["oauth2"], (service, method, path, "names no scope")


async def test_one_trace_spans_the_request_every_kafka_hop_and_the_reply(
    system: System, spans: InMemorySpanExporter
) -> None:
    subject_id = await identify(system, people.SHELTER_CONSENT)
    await add_shelter(system)
    spans.clear()
    started = await refer(system, subject_id)
    referral_id = started.json()["referral_id"]
    await referral_in(system, referral_id, "offered")

    finished = spans.get_finished_spans()
    [request] = [
        s
        for s in finished
        if s.name == "POST /v1/referrals"
        and s.kind.name == "SERVER"
        and 201
        in (
            (s.attributes or {}).get("http.status_code"),
            (s.attributes or {}).get("http.response.status_code"),
        )
    ]
    trace_id = request.context.trace_id
    in_trace = {s.name for s in finished if s.context.trace_id == trace_id}
    assert {
        "nrm.shelter.placement-requests.v1 publish",  # referral's relay
        "nrm.shelter.placement-requests.v1 process",  # shelter's consumer
        "nrm.referral.placement-updates.v1 publish",  # shelter's reply
        "nrm.referral.placement-updates.v1 process",  # referral takes the offer
    } <= in_trace


async def test_logs_are_json_and_carry_no_personal_data(
    system: System, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = people.identification(people.consent(*people.SHELTER_CONSENT))
    response = await system.identification.post("/v1/identifications", json=body)
    subject_id = response.json()["subject_id"]
    referral = await refer(system, subject_id)
    await referral_in(system, referral.json()["referral_id"], "offered")
    await system.referral.post("/v1/referrals/not-a-uuid/decline", json={"note": "x"})

    lines = [telemetry.JsonFormatter().format(record) for record in caplog.records]
    assert lines, "the flow logged nothing at all"
    personal = [body["person"]["given_name"], body["person"]["family_name"], subject_id]
    for line in lines:
        json.loads(line)
        assert not any(value in line for value in personal), line
