"""The OpenAPI document an integrator codes from, finished the same way for every service:
every problem response declared as `application/problem+json` with the ProblemDetails body
actually sent (FastAPI's HTTPValidationError replaced), who may call each operation (scope,
sectors, training, and the read rule of nrm_bus.access, stated from the very dependencies
that enforce them), every path and query parameter described, and /docs and /redoc served
from local, pinned assets (docs_assets/, no CDN: they render with no internet)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from pydantic import JsonValue

from nrm_bus.access import Relation
from nrm_bus.auth import ACCESS_RULES, AccessRule
from nrm_bus.models import api_routes
from nrm_bus.problems import PROBLEM_JSON, STATUS_MEANINGS, ProblemDetails

# A model's or an operation's example, as pydantic's json_schema_extra takes it.
Example = dict[str, JsonValue]
REF = "#/components/schemas/"
PROBLEM_REF = {"$ref": REF + ProblemDetails.__name__}
# The versions are in the folder names: docs_assets/README.md says where they come from.
ASSETS = Path(__file__).parent / "docs_assets"
SWAGGER_UI = "swagger-ui-dist-5.35.0"
REDOC = "redoc-2.5.4"
ASSETS_URL = "/docs/assets"

# Path and query parameters mean the same wherever they appear; a route's own description
# (Query/Path(description=...)) wins.
PARAMETERS = {
    "subject_id": "The person's pseudonymous id: `subject_id` of the identification's answer.",
    "consent_id": "The consent's id: `consent_id` in the person's consent list.",
    "referral_id": "The referral's id: `referral_id` of POST /v1/referrals.",
    "shelter_id": "The shelter's id: `shelter_id` of POST /v1/shelters or GET /v1/shelters.",
    "subscription_id": "The subscription's id: `subscription_id` of POST /v1/subscriptions.",
    "dead_letter_id": "The dead letter's id, from the subscription's dead-letter list.",
    "language": "A BCP 47 language tag (`ro`, `ar`, `pt-BR`). Without it: the first of the "
    "person's languages that has a translation.",
    "after": "Only entries after this sequence number (0: from the first).",
    "limit": "At most this many entries.",
    "service": "The service whose checkpoints are asked for: `identification`, `referral`, "
    "`shelter` or `justice`.",
    "format": "`json`: the trace to read; `bundle`: the same for the offline verifier "
    "(`python -m nrm_bus.audit verify BUNDLE`).",
}
_RELATIONS = {
    Relation.IDENTIFIED: "the organisation that identified the person",
    Relation.REFERRED: "an organisation that referred them",
    Relation.SERVES: "the provider or shelter organisation serving them",
}


_AT = "2026-03-02T09:15:00.000000+00:00"
HEALTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The database, the audit log and the broker are reachable; the relay, "
        "the consumer and the schedulers run.",
        "content": {"application/json": {"example": {"status": "ok"}}},
    },
    503: {
        "description": "What is unreachable or stopped, by component (never a problem body: "
        "this is for load balancers and operators).",
        "content": {
            "application/json": {
                "example": {
                    "status": "unavailable",
                    "problems": {"broker": "unreachable (KafkaConnectionError)"},
                }
            }
        },
    },
}
JWKS_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A JSON Web Key Set (RFC 7517) of Ed25519 keys.",
        "content": {
            "application/json": {
                "example": {
                    "keys": [
                        {
                            "kty": "OKP",
                            "crv": "Ed25519",
                            "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                            "kid": "referral-3f9c2a71",
                            "alg": "EdDSA",
                            "use": "sig",
                        }
                    ]
                }
            }
        },
    }
}


def example_response(example: Any, description: str = "") -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route answering JSON without a response model: its example."""
    content = {"application/json": {"example": example}}
    return {200: {"content": content, **({"description": description} if description else {})}}


def operation_id(route: APIRoute) -> str:
    """The route's own name (its function's), unique within a service."""
    return route.name


def finish_openapi(app: FastAPI) -> None:
    """Wrap `app.openapi` so the document is finished once, on first request."""
    build = app.openapi
    finished: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        if not finished:
            finished.update(finish(copy.deepcopy(build()), _rules(app)))
        return finished

    app.openapi = openapi  # type: ignore[method-assign]


def _rules(app: FastAPI) -> dict[tuple[str, str], AccessRule | None]:
    """The access rule of each operation, from the dependencies its route declares."""
    found: dict[tuple[str, str], AccessRule | None] = {}
    for route in api_routes(app):
        calls = [d.call for d in _dependencies(route.dependant)]
        rule = next((ACCESS_RULES[call] for call in calls if call in ACCESS_RULES), None)
        found |= {(route.path, method.lower()): rule for method in route.methods or ()}
    return found


def _dependencies(dependant: Dependant) -> Iterator[Dependant]:
    pending = list(dependant.dependencies)
    while pending:
        found = pending.pop(0)
        yield found
        pending.extend(found.dependencies)


def finish(
    document: dict[str, Any], rules: dict[tuple[str, str], AccessRule | None]
) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    problem = ProblemDetails.model_json_schema(ref_template=REF + "{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas[ProblemDetails.__name__] = problem
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            rule = rules.get((path, method))
            _describe_parameters(operation)
            _declare_problems(operation, rule)
            if operation.get("security"):
                access = _access(rule, _scopes(operation))
                operation["description"] = f"{operation.get('description', '')}\n\n{access}".strip()
    return document


def _scopes(operation: dict[str, Any]) -> list[str]:
    return sorted({scope for item in operation["security"] for s in item.values() for scope in s})


def _describe_parameters(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        if not parameter.get("description") and parameter["name"] in PARAMETERS:
            parameter["description"] = PARAMETERS[parameter["name"]]


def _declare_problems(operation: dict[str, Any], rule: AccessRule | None) -> None:
    """The problems every operation of this shape can answer, and every error response as
    the problem body it is sent as."""
    responses = operation.setdefault("responses", {})
    statuses: set[int] = set()
    if operation.get("security"):
        statuses |= {401, 403, 503}
    if "requestBody" in operation:
        statuses |= {400, 415, 422}
    if operation.get("parameters"):
        statuses.add(422)
    if rule is not None and rule.read is not None:
        statuses.add(404)
    for status in statuses:
        responses.setdefault(str(status), {"description": STATUS_MEANINGS[status]})
    operation["responses"] = dict(sorted(responses.items()))
    if not operation.get("security"):
        return  # /healthz and the public keys: not the API proper, their errors are no problems
    for status, response in operation["responses"].items():
        if int(status) < 400:
            continue
        if response.get("description") in ("Validation Error", None):
            response["description"] = STATUS_MEANINGS[int(status)]
        content = response.setdefault("content", {})
        content.pop("application/json", None)
        content[PROBLEM_JSON] = {"schema": PROBLEM_REF}


def _access(rule: AccessRule | None, scopes: list[str]) -> str:
    """Who may call, in words, from the rule that checks it."""
    lines = [f"**Who may call.** Scope {', '.join(f'`{s}`' for s in scopes) or 'none'}."]
    if rule is None or rule.sectors is None:
        lines.append("Any sector holding the scope.")
    else:
        lines.append(f"Sectors: {', '.join(f'`{s}`' for s in sorted(rule.sectors))}.")
    if rule is not None and rule.trained:
        lines.append(
            "Staff only while their training credential is valid (`trained_until` not past)."
        )
    read = rule.read if rule is not None else None
    if read is not None:
        who = [_RELATIONS[relation] for relation in Relation if relation in read.relations]
        if read.by_consent:
            consent = "a sector holding an active consent that names it"
            if read.categories:
                consent += f" and covers {', '.join(sorted(read.categories))}"
            if read.purposes:
                consent += f", for {' or '.join(sorted(read.purposes))}"
            who.append(consent)
        if read.auditors:
            who.append("auditors")
        lines.append(
            "Reads a person's data: answered only to "
            + (", ".join(who[:-1]) + " and " + who[-1] if len(who) > 1 else who[0])
            + "; anyone else gets the 404 of a person who does not exist. The read is an "
            "audit entry."
        )
    return " ".join(lines)


def install_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc from the pinned copies under docs_assets/."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="docs-assets")
    swagger, redoc = f"{ASSETS_URL}/{SWAGGER_UI}", f"{ASSETS_URL}/{REDOC}"
    redirect = "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{app.title}: API",
            oauth2_redirect_url=redirect,
            swagger_js_url=f"{swagger}/swagger-ui-bundle.js",
            swagger_css_url=f"{swagger}/swagger-ui.css",
            swagger_favicon_url=f"{swagger}/favicon-32x32.png",
            # No call to the public validator service.
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get(redirect, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc_ui() -> HTMLResponse:
        return get_redoc_html(
            openapi_url="/openapi.json",
            title=f"{app.title}: API",
            redoc_js_url=f"{redoc}/redoc.standalone.js",
            redoc_favicon_url=f"{swagger}/favicon-32x32.png",
            with_google_fonts=False,
        )
