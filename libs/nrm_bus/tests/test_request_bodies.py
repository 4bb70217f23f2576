"""What every service does with a request body, on a small app wired as create_app wires
the services: an unknown field is a 422 naming it, broken JSON a 400 saying where, a body
that is not JSON a 415; and the check that finds a request model without the strict base."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI
from pydantic import BaseModel, Field

from nrm_bus.models import RequestModel, is_json, lax_request_models, require_json_body
from nrm_bus.problems import install_problem_handlers


class Informed(RequestModel):
    language: str


class Person(RequestModel):
    is_child: bool = False
    languages: list[str] = Field(default_factory=list)


class Identify(RequestModel):
    person: Person
    informed: list[Informed] = Field(default_factory=list)
    note: str | None = None


class LaxNested(BaseModel):
    anything: int = 0


class HalfStrict(RequestModel):
    nested: LaxNested | None = None


def app_with(*routers: APIRouter) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    for router in routers:
        app.include_router(router, dependencies=[Depends(require_json_body)])
    return app


router = APIRouter(prefix="/v1")


@router.post("/identifications")
async def identify(body: Identify) -> dict[str, Any]:
    return {"is_child": body.person.is_child}


@router.patch("/things/{thing}")
async def change(thing: str, body: Person) -> dict[str, Any]:
    return {"thing": thing}


@router.post("/things/{thing}/acceptance")
async def accept(thing: str) -> dict[str, Any]:
    return {"accepted": thing}


@pytest.fixture
async def client() -> Any:
    transport = httpx.ASGITransport(app=app_with(router))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_an_unknown_field_is_named_with_its_path_and_its_value_is_not_echoed(
    client: httpx.AsyncClient,
) -> None:
    body = {"person": {"is_chid": True}, "informed": [{"language": "ro", "lang": "ro-secret"}]}
    body["notes"] = "a-secret-note"
    response = await client.post("/v1/identifications", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/validation")
    fields = {error["field"]: error["type"] for error in problem["errors"]}
    assert fields == {
        "person.is_chid": "extra_forbidden",
        "informed.0.lang": "extra_forbidden",
        "notes": "extra_forbidden",
    }
    assert "person.is_chid" in problem["detail"]
    assert "secret" not in response.text

    # Spelt right, the same request goes through: the strictness is about names only.
    body = {"person": {"is_child": True}, "informed": [{"language": "ro"}]}
    accepted = await client.post("/v1/identifications", json=body)
    assert accepted.status_code == 200
    assert accepted.json() == {"is_child": True}


@pytest.mark.parametrize(
    ("content", "line", "column", "reason"),
    [
        (b'{"person": {"is_child": true} "note": "x"}', 1, 31, "Expecting ',' delimiter"),
        (b'{\n  "person": {\n    "is_child": tru\n  }\n}', 3, 17, "Expecting value"),
        (b'{"person": {}', 1, 14, "Expecting ',' delimiter"),
    ],
)
async def test_malformed_json_is_a_400_saying_where_in_words_not_a_field(
    client: httpx.AsyncClient, content: bytes, line: int, column: int, reason: str
) -> None:
    response = await client.post(
        "/v1/identifications", content=content, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/malformed-json")
    assert problem["detail"] == f"malformed JSON at line {line}, column {column}: {reason}"
    assert (problem["line"], problem["column"]) == (line, column)
    assert "errors" not in problem
    assert "field" not in response.text


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
async def test_a_body_that_is_not_declared_json_is_415(
    client: httpx.AsyncClient, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = await client.post(
        "/v1/identifications", content=b'{"person": {"is_child": true}}', headers=headers
    )
    assert response.status_code == 415, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["accept-post"] == "application/json"
    problem = response.json()
    assert problem["type"].endswith("/unsupported-media-type")
    assert "application/json" in problem["detail"]
    assert "is_child" not in response.text

    patched = await client.patch("/v1/things/a", content=b"{}", headers=headers)
    assert patched.status_code == 415
    assert patched.headers["accept-patch"] == "application/json"


async def test_json_with_parameters_or_a_json_suffix_is_json_and_no_body_needs_no_type(
    client: httpx.AsyncClient,
) -> None:
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
        response = await client.patch(
            "/v1/things/a", content=b'{"is_child": false}', headers={"content-type": content_type}
        )
        assert response.status_code == 200, (content_type, response.text)
    # A POST that carries nothing needs no content type.
    assert (await client.post("/v1/things/a/acceptance")).status_code == 200
    assert not is_json("application/jsonp")
    assert not is_json("text/json")


def test_a_request_model_without_the_strict_base_is_found_with_where_it_is_used() -> None:
    assert lax_request_models(app_with(router)) == {}

    careless = APIRouter(prefix="/v1")

    @careless.post("/lax")
    async def lax(body: LaxNested) -> None: ...

    @careless.put("/nested/{key}")
    async def nested(key: str, body: list[HalfStrict]) -> None: ...

    assert lax_request_models(app_with(router, careless)) == {
        "POST /v1/lax": ["LaxNested"],
        "PUT /v1/nested/{key}": ["LaxNested"],
    }
