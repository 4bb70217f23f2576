"""What a request body must be, for every service: JSON, and nothing but the fields the API
names. A misspelt field (`is_chid` for `is_child`) is refused and named, never dropped in
silence: silently dropped, it changes what happens to a person (a child treated as an
adult)."""

from __future__ import annotations

import email.message
import types
from collections.abc import Iterator
from typing import Any, get_args, get_origin

from fastapi import FastAPI, Request
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict

from nrm_bus.problems import Problem

# Methods whose body the API reads.
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class RequestModel(BaseModel):
    """The base of every request body model and of every model nested in one: an unknown
    field is a 422 problem naming it (`person.is_chid`). Response models stay lenient."""

    model_config = ConfigDict(extra="forbid")


def is_json(content_type: str | None) -> bool:
    """`application/json` or any `application/*+json`, with any parameters: what FastAPI
    parses as JSON."""
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def _has_body(request: Request) -> bool:
    length = request.headers.get("content-length")
    if length is not None:
        return length.strip() not in ("", "0")
    return "transfer-encoding" in request.headers


async def require_json_body(request: Request) -> None:
    """A body sent without a JSON content type is 415, whatever the route: FastAPI would
    not parse it (strict content type) and would report the whole body as an invalid field.
    `create_app` applies this to every route, after authentication."""
    if request.method not in BODY_METHODS or not _has_body(request):
        return
    content_type = request.headers.get("content-type")
    if is_json(content_type):
        return
    sent = f"Content-Type {content_type}" if content_type else "no Content-Type"
    accept = "Accept-Patch" if request.method == "PATCH" else "Accept-Post"
    raise Problem(
        415,
        "Unsupported media type",
        f"The body must be JSON with Content-Type application/json; the request has {sent}.",
        "unsupported-media-type",
        headers={accept: "application/json"},
    )


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """The pydantic models an annotation refers to: itself, or inside list[...], X | None,
    Annotated[...], dict[str, ...]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    if get_origin(annotation) is not None or isinstance(annotation, types.UnionType):
        for argument in get_args(annotation):
            yield from _models_in(argument)


def api_routes(app: FastAPI) -> Iterator[APIRoute]:
    """Every API route of the app, those of included routers too, as declared."""
    routes = list(app.routes)
    while routes:
        route = routes.pop()
        included = getattr(route, "original_router", None)
        if included is not None:  # an included router: look inside
            routes.extend(included.routes)
        elif isinstance(route, APIRoute):
            yield route


def _body_params(route: APIRoute) -> Iterator[Any]:
    """The route's body parameters, those its dependencies declare included."""
    dependants = [route.dependant]
    while dependants:
        dependant = dependants.pop()
        yield from dependant.body_params
        dependants.extend(dependant.dependencies)


def request_body_models(app: FastAPI) -> dict[str, set[type[BaseModel]]]:
    """Every model a request body of the app is validated with, nested ones included, with
    the operations (`POST /v1/...`) that take it."""
    found: dict[type[BaseModel], set[str]] = {}
    for route in api_routes(app):
        operations = {f"{method} {route.path}" for method in (route.methods or set()) - {"HEAD"}}
        pending = [
            model
            for field in _body_params(route)
            for model in _models_in(field.field_info.annotation)
        ]
        while pending:
            model = pending.pop()
            if model in found and operations <= found[model]:
                continue
            found.setdefault(model, set()).update(operations)
            for field_info in model.model_fields.values():
                pending.extend(_models_in(field_info.annotation))
    by_operation: dict[str, set[type[BaseModel]]] = {}
    for model, operations in found.items():
        for operation in operations:
            by_operation.setdefault(operation, set()).add(model)
    return by_operation


def lax_request_models(app: FastAPI) -> dict[str, list[str]]:
    """Request body models that would accept an unknown field, by operation; empty when
    every one of them forbids extra fields (derives from RequestModel)."""
    lax: dict[str, list[str]] = {}
    for operation, models in sorted(request_body_models(app).items()):
        names = sorted(m.__name__ for m in models if m.model_config.get("extra") != "forbid")
        if names:
            lax[operation] = names
    return lax
