"""RFC 9457 problem details for every error an API returns."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://nrm.example/problems/"


class Problem(Exception):
    """An error a client can act on. `type_` is a short slug under PROBLEM_BASE."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        type_: str,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.type = PROBLEM_BASE + type_
        self.headers = headers
        self.extensions = extensions


def problem_response(
    status: int,
    title: str,
    detail: str,
    type_: str = "about:blank",
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    body = {"type": type_, "title": title, "status": status, "detail": detail, **extensions}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_: Request, exc: Problem) -> JSONResponse:
        return problem_response(
            exc.status, exc.title, exc.detail, exc.type, exc.headers, **exc.extensions
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        malformed = next((e for e in exc.errors() if e["type"] == "json_invalid"), None)
        if malformed is not None:
            return malformed_json(malformed, exc.body)
        # Name the fields and the rule; never echo the submitted value (it may be personal).
        errors = [
            {
                "field": ".".join(str(part) for part in error["loc"] if part != "body"),
                "message": _message(error),
                "type": error["type"],
            }
            for error in exc.errors()
        ]
        fields = ", ".join(error["field"] or "(body)" for error in errors)
        return problem_response(
            422,
            "Invalid request",
            f"Invalid or missing fields: {fields}",
            PROBLEM_BASE + "validation",
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(
            exc.status_code,
            str(exc.detail),
            str(exc.detail),
            headers=getattr(exc, "headers", None),
        )


def _message(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return (
            "not a field of this request: check its spelling and place (see the OpenAPI document)"
        )
    return str(error["msg"])


def malformed_json(error: Any, document: Any) -> JSONResponse:
    """A body that is not JSON at all: 400, not 422. RFC 9110 keeps 422 for content whose
    syntax is correct but whose instructions cannot be followed; broken syntax is a bad
    request (15.5.1). The position is given in words, never as a field, and nothing of the
    body is quoted (it may be personal)."""
    position = error["loc"][-1] if isinstance(error["loc"][-1], int) else None
    reason = str((error.get("ctx") or {}).get("error") or "not valid JSON")
    if isinstance(document, bytes):
        document = document.decode("utf-8", errors="replace")
    where: dict[str, Any] = {}
    if position is not None and isinstance(document, str):
        # As the json module counts: lines and columns from 1.
        where["line"] = document.count("\n", 0, position) + 1
        where["column"] = position - document.rfind("\n", 0, position)
        at = f" at line {where['line']}, column {where['column']}"
    elif position is not None:
        at = f" at character {position + 1}"
    else:
        at = ""
    return problem_response(
        400,
        "Malformed JSON",
        f"malformed JSON{at}: {reason}",
        PROBLEM_BASE + "malformed-json",
        **where,
    )
