"""Agencies integrate without guessing: every service refuses a request body it would
misread. A misspelt field is a 422 naming it (a child is never treated as an adult over a
typo), broken JSON a 400 saying where, a body not declared JSON a 415; and no request
model of any service can forget the strict base."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from typing import Any

import pytest

from devtools import people
from devtools.broker import Broker
from nrm_bus.models import lax_request_models, request_body_models
from tests.system import System, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

NOBODY = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any) -> AsyncIterator[System]:
    async with running_system(broker.bootstrap_servers, pg_database) as running:
        yield running


def renamed(body: dict[str, Any], path: str, misspelt: str) -> dict[str, Any]:
    """The body with the field at `path` (dotted) spelt `misspelt`, with the same value."""
    body = copy.deepcopy(body)
    *parents, name = path.split(".")
    holder: Any = body
    for part in parents:
        holder = holder[int(part)] if isinstance(holder, list) else holder[part]
    holder[misspelt] = holder.pop(name)
    return body


SHELTER = {
    "name": "Strict House",
    "region": "North",
    "target_groups": ["women"],
    "regime": "open",
    "languages": ["ro"],
    "house_rules": [{"rule": "Quiet after 22:00", "rationale": "Residents work early"}],
    "beds_total": 3,
}
PROVIDER = {
    "name": "Strict Clinic",
    "service_types": ["medical"],
    "regions": ["North"],
    "target_groups": ["women"],
    "languages": ["ro"],
}
IDENTIFICATION = people.identification(people.consent(*people.SHELTER_CONSENT))


def typo(
    service: str, method: str, path: str, body: dict[str, Any], field: str, misspelt: str
) -> Any:
    """A valid body for the operation, and the field (dotted path) to misspell."""
    return pytest.param(
        service, method, path, body, field, misspelt, id=f"{service}-{method}-{misspelt}"
    )


TYPOS = [
    # The issue's own cases: each silently changed what happens to the person.
    typo("identification", "POST", "/v1/identifications", IDENTIFICATION, "person.is_child",
         "is_chid"),
    typo("identification", "POST", "/v1/identifications", IDENTIFICATION, "exploitation_types",
         "exploitaton_types"),
    typo("identification", "POST", "/v1/identifications", IDENTIFICATION, "person.nationality",
         "nationalty"),
    typo("identification", "POST", "/v1/identifications", IDENTIFICATION,
         "consents.0.informed.method", "methd"),
    typo("identification", "POST", "/v1/identifications", IDENTIFICATION, "region", "regoin"),
    typo("identification", "POST", f"/v1/subjects/{NOBODY}/consents",
         people.consent(*people.SHELTER_CONSENT), "expires_at", "expires"),
    typo("identification", "POST", f"/v1/subjects/{NOBODY}/reflection-period/extensions",
         {"days": 30, "reason": "recovering"}, "reason", "reasons"),
    typo("referral", "POST", "/v1/referrals",
         {"subject_id": NOBODY, "service_type": "shelter", "needs": {"with_children": True}},
         "needs", "neds"),
    typo("referral", "POST", f"/v1/referrals/{NOBODY}/decline",
         {"reason": "does_not_need_it", "keep": ["needs"]}, "keep", "keeep"),
    typo("referral", "POST", "/v1/providers", PROVIDER, "service_types", "service_type"),
    typo("referral", "POST", f"/v1/subjects/{NOBODY}/information-sheet/handovers",
         {"language": "ar", "method": "written"}, "method", "mehtod"),
    typo("shelter", "POST", "/v1/shelters", SHELTER, "beds_total", "beds_totl"),
    typo("shelter", "POST", "/v1/shelters", SHELTER, "house_rules.0.rationale", "rationle"),
    typo("shelter", "PATCH", f"/v1/shelters/{NOBODY}", {"beds_free": 2}, "beds_free",
         "beds_fre"),
]  # fmt: skip


@pytest.mark.parametrize(("service", "method", "path", "body", "field", "misspelt"), TYPOS)
async def test_a_misspelt_field_is_a_422_naming_it(
    system: System,
    service: str,
    method: str,
    path: str,
    body: dict[str, Any],
    field: str,
    misspelt: str,
) -> None:
    sent = renamed(body, field, misspelt)
    response = await system.clients[service].request(method, path, json=sent)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    where = ".".join([*field.split(".")[:-1], misspelt])
    assert {"field": where, "type": "extra_forbidden"} in [
        {"field": error["field"], "type": error["type"]} for error in problem["errors"]
    ]
    assert where in problem["detail"]
    assert "subject_id" not in problem

    # The same body spelt right is not refused for its fields.
    right = await system.clients[service].request(method, path, json=body)
    assert right.status_code != 422 or all(
        error["type"] != "extra_forbidden" for error in right.json()["errors"]
    ), right.text


async def test_a_child_behind_a_typo_is_not_recorded_as_an_adult(system: System) -> None:
    child = people.person(birth_year=2012)
    child.pop("is_child")
    child["is_chid"] = True
    body = people.identification(people.consent(*people.SHELTER_CONSENT), person=child)
    refused = await system.identification.post("/v1/identifications", json=body)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["person.is_chid"]

    # Spelt right, the child rules apply: no identification without a representative.
    child["is_child"] = child.pop("is_chid")
    refused = await system.identification.post("/v1/identifications", json=body)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["representative"]


MAIN_POSTS = [
    ("identification", "POST", "/v1/identifications"),
    ("referral", "POST", "/v1/referrals"),
    ("shelter", "POST", "/v1/shelters"),
    ("shelter", "PATCH", f"/v1/shelters/{NOBODY}"),
]


@pytest.mark.parametrize(("service", "method", "path"), MAIN_POSTS)
async def test_malformed_json_is_a_400_saying_where(
    system: System, service: str, method: str, path: str
) -> None:
    broken = b'{\n  "region": "North",\n  "beds_total": 3\n  "regime": "open"\n}'
    response = await system.clients[service].request(
        method, path, content=broken, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/malformed-json")
    assert problem["detail"] == "malformed JSON at line 4, column 3: Expecting ',' delimiter"
    assert "errors" not in problem
    assert "North" not in response.text


@pytest.mark.parametrize(("service", "method", "path"), MAIN_POSTS)
async def test_a_body_without_a_json_content_type_is_415(
    system: System, service: str, method: str, path: str
) -> None:
    client = system.clients[service]
    content = b'{"region": "North"}'
    for headers in ({}, {"content-type": "text/plain"}):
        response = await client.request(method, path, content=content, headers=headers)
        assert response.status_code == 415, (headers, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"].endswith("/unsupported-media-type")
    # Who is asking comes first: without a token it is 401, whatever the body.
    anonymous = await client.request(
        method,
        path,
        content=content,
        headers={"content-type": "text/plain", "Authorization": ""},
    )
    assert anonymous.status_code == 401


async def test_every_request_body_model_of_every_service_forbids_unknown_fields(
    system: System,
) -> None:
    """A new request model that forgets nrm_bus.models.RequestModel fails here, by name."""
    for service, app in system.apps.items():
        assert lax_request_models(app) == {}, service
        if service != "justice":  # justice takes no request body
            assert request_body_models(app), f"{service}: no request models found"
        # And the document integrators code from says so.
        spec = app.openapi()
        schemas = spec["components"]["schemas"]
        for path, operations in spec["paths"].items():
            for method, operation in operations.items():
                content = operation.get("requestBody", {}).get("content", {})
                for media in content.values():
                    for name in _referenced(media["schema"], schemas):
                        schema = schemas[name]
                        assert schema.get("additionalProperties") is False, (
                            service,
                            method,
                            path,
                            name,
                        )


def _referenced(schema: Any, schemas: dict[str, Any], seen: set[str] | None = None) -> set[str]:
    """Names of the component schemas a schema refers to, transitively."""
    seen = set() if seen is None else seen
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                _referenced(schemas[name], schemas, seen)
        for value in schema.values():
            _referenced(value, schemas, seen)
    elif isinstance(schema, list):
        for item in schema:
            _referenced(item, schemas, seen)
    return seen
