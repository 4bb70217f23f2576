"""RFC 9457 problem details for every error an API returns."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
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


class FieldError(BaseModel):
    """One field a request got wrong; never the value sent (it may be personal)."""

    field: str = Field(
        description="Where the field is, as a dotted path from the body's top (`person.is_child`, "
        "`consents.0.informed.language`), or a query parameter's name; empty for the body."
    )
    message: str = Field(description="What is wrong with it, in words.")
    type: str = Field(
        description="The rule it broke, for programs: `extra_forbidden` (not a field of this "
        "request: a typo?), `missing`, `literal_error`, `string_pattern_mismatch`, "
        "`unknown_country`, `unknown_language`, `unknown_indicator`, `domain_rule`, ..."
    )


class MissingConsent(BaseModel):
    recipient: str = Field(
        description="The sector an active consent must name for this referral "
        "(GET /v1/reference/service-consents)."
    )


class ProblemDetails(BaseModel):
    """RFC 9457 problem details: every error any service answers, as
    `application/problem+json`. `type`, `title`, `status` and `detail` are always present;
    the other members appear with the problems that carry them."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": PROBLEM_BASE + "validation",
                    "title": "Invalid request",
                    "status": 422,
                    "detail": "Invalid or missing fields: person.is_chid",
                    "errors": [
                        {
                            "field": "person.is_chid",
                            "message": "not a field of this request: check its spelling and "
                            "place (see the OpenAPI document)",
                            "type": "extra_forbidden",
                        }
                    ],
                }
            ]
        },
    )

    type: str = Field(
        description=f"What kind of problem, as a URI: `{PROBLEM_BASE}<slug>` (slugs are listed "
        "with each response), or `about:blank` for a plain HTTP status. Programs branch on this."
    )
    title: str = Field(description="A short summary of the kind of problem, the same every time.")
    status: int = Field(description="The HTTP status code, repeated.")
    detail: str = Field(
        description="What went wrong this time and what to do about it, in words. Never "
        "quotes a value sent, which may be personal."
    )
    errors: list[FieldError] | None = Field(
        default=None,
        description="Validation problems (422, and the 404 of an unknown `subject_id` on a "
        "referral): every field at fault.",
    )
    rule: str | None = Field(
        default=None,
        description="403: the rule that refused: `missing-scope`, `wrong-sector`, "
        "`training-lapsed` or `wrong-organisation`.",
    )
    reason: str | None = Field(
        default=None,
        description="503 `audit-unavailable`: `audit-log-unavailable`; nothing about a person is "
        "served or changed unaudited.",
    )
    line: int | None = Field(
        default=None, description="400 `malformed-json`: the line of the first syntax error."
    )
    column: int | None = Field(
        default=None, description="400 `malformed-json`: the column of the first syntax error."
    )
    missing_consent: MissingConsent | None = Field(
        default=None, description="409 `missing-consent`: the consent the referral needs."
    )


# What each status means here, with its problem types: the descriptions of the problem
# responses in every OpenAPI document (nrm_bus.openapi), kept beside the code that sends them.
STATUS_MEANINGS = {
    400: "`malformed-json`: the body is not JSON; `detail`, `line` and `column` say where.",
    401: "`unauthorized`: no bearer token, or one that is expired, not yet valid, for another "
    "issuer or audience, or not signed by the issuer's keys. Get a new token "
    "(client credentials) and retry.",
    403: "`rule` says which rule refused: `missing-scope` (the token lacks the operation's "
    "scope), `wrong-sector` (the caller's sector may not do this), `training-lapsed` (the "
    "staff member's training credential has lapsed) or `wrong-organisation` (only the "
    "organisation the record belongs to may).",
    404: "`not-found`: nothing is found here, or nothing this caller may see: a person the "
    "caller may not read about answers exactly like one who does not exist.",
    409: "The request conflicts with the current state (the problem types are listed below).",
    415: "`unsupported-media-type`: a body was sent without `Content-Type: application/json`.",
    422: "`validation` (a field is missing, misspelt, of the wrong type or an unknown code; "
    "`errors` names each one) or `domain-rule` (a rule of the domain refuses it; `detail` "
    "says which).",
    503: "`audit-unavailable` (the audit log cannot be written: nothing about a person is "
    "served or changed unaudited) or `issuer-unavailable` (the token issuer's keys cannot "
    "be fetched). Retry later.",
}


def problem_responses(*declared: int | tuple[int, str]) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: the problems it can answer beyond those every operation of
    its shape gets (nrm_bus.openapi), each a status or (status, what it means here):
    `problem_responses(404, (409, "`already-done`: the consent is already withdrawn."))`."""
    responses: dict[int | str, dict[str, Any]] = {}
    for item in declared:
        status, meaning = item if isinstance(item, tuple) else (item, STATUS_MEANINGS[item])
        responses[status] = {"model": ProblemDetails, "description": meaning}
    return responses


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
