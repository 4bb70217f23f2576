"""What an integrator needs from each service's OpenAPI document, as checks that name every
gap: a property or parameter without a description, an operation without an example of its
request and its response, an example its own schema refuses, a problem response not
declared as `application/problem+json` with the ProblemDetails body; and, on live traffic,
an error answered that the operation does not declare."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
from fastapi import FastAPI
from jsonschema import Draft202012Validator
from starlette.routing import Match

from nrm_bus.models import api_routes
from nrm_bus.problems import PROBLEM_JSON

PROBLEM_SCHEMA = {"$ref": "#/components/schemas/ProblemDetails"}


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def examples_of(document: dict[str, Any], media: dict[str, Any]) -> list[Any]:
    """The examples a media type gives: its own, or its schema's (an array's items' too)."""
    if "example" in media:
        return [media["example"]]
    if "examples" in media:
        return [example["value"] for example in media["examples"].values()]
    schema = _resolve(document, media.get("schema", {}))
    if "examples" in schema:
        return list(schema["examples"])
    if schema.get("type") == "array" and "items" in schema:
        items = _resolve(document, schema["items"])
        return [[example] for example in items.get("examples", [])]
    return []


def gaps(document: dict[str, Any]) -> list[str]:
    """Every way the document falls short, one line each; empty when none."""
    found: list[str] = []
    schemas = document.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        if name in schemas:
            found.append(f"{name}: FastAPI's default, not the problem body sent")
    for name, schema in schemas.items():
        for prop, definition in schema.get("properties", {}).items():
            if not definition.get("description"):
                found.append(f"schema {name}.{prop}: no description")
    for path, method, operation in operations(document):
        where = f"{method.upper()} {path}"
        if not operation.get("description"):
            found.append(f"{where}: no description")
        for parameter in operation.get("parameters", []):
            if not parameter.get("description"):
                found.append(f"{where}: parameter {parameter['name']} has no description")
        body = operation.get("requestBody", {}).get("content", {})
        for media_type, media in body.items():
            found += _example_gaps(document, f"{where} request {media_type}", media)
        responses = operation.get("responses", {})
        successes = [
            (status, media_type, media)
            for status, response in responses.items()
            if int(status) < 400
            for media_type, media in response.get("content", {}).items()
        ]
        if not any(examples_of(document, media) for _, _, media in successes):
            found.append(f"{where}: no example of a successful response")
        for status, media_type, media in successes:
            if examples_of(document, media):
                found += _example_gaps(document, f"{where} {status} {media_type}", media)
        found += _problem_gaps(where, operation)
    return found


def _example_gaps(document: dict[str, Any], where: str, media: dict[str, Any]) -> list[str]:
    examples = examples_of(document, media)
    if not examples:
        return [f"{where}: no example"]
    schema = {**media.get("schema", {}), "components": document.get("components", {})}
    validator = Draft202012Validator(schema)
    return [
        f"{where}: the example breaks its schema: {error.message}"
        for example in examples
        for error in validator.iter_errors(example)
    ]


def expected_problems(operation: dict[str, Any]) -> set[int]:
    """The problems an operation of this shape can always answer."""
    statuses: set[int] = set()
    if operation.get("security"):
        statuses |= {401, 403, 503}
    if "requestBody" in operation:
        statuses |= {400, 415, 422}
    if operation.get("parameters"):
        statuses.add(422)
    return statuses


def _problem_gaps(where: str, operation: dict[str, Any]) -> list[str]:
    found = []
    responses = operation.get("responses", {})
    for status in sorted(expected_problems(operation) - {int(s) for s in responses}):
        found.append(f"{where}: {status} not declared")
    if not operation.get("security"):
        return found  # /healthz, the public keys: not the API proper, no problem bodies
    for status, response in responses.items():
        if int(status) >= 400 and response.get("content") != {
            PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}
        }:
            found.append(f"{where}: {status} is not declared as {PROBLEM_JSON} ProblemDetails")
    return found


def undeclared(app: FastAPI, response: httpx.Response) -> str | None:
    """An error the app answered that its OpenAPI document does not declare for the
    operation, or not as the problem body it sent; None if declared."""
    if response.status_code < 400:
        return None
    request = response.request
    scope = {"type": "http", "path": request.url.path, "method": request.method}
    route = next(
        (r for r in api_routes(app) if r.include_in_schema and r.matches(scope)[0] is Match.FULL),
        None,
    )
    if route is None:
        return None
    operation = app.openapi()["paths"][route.path][request.method.lower()]
    if not operation.get("security"):
        return None
    where = f"{request.method} {route.path}"
    declared = operation.get("responses", {}).get(str(response.status_code))
    if declared is None:
        return f"{where} answered {response.status_code}, which its OpenAPI does not declare"
    if response.headers.get("content-type") != PROBLEM_JSON:
        return f"{where} answered {response.status_code} as {response.headers.get('content-type')}"
    body = response.json()
    missing = {"type", "title", "status", "detail"} - set(body)
    if missing or body["status"] != response.status_code:
        return f"{where} answered {response.status_code} with a body that is no problem: {body}"
    return None
