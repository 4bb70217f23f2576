from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_details import ProblemDetails
from ...models.subject_trace_format import SubjectTraceFormat
from ...models.subject_trace_response_subject_trace import SubjectTraceResponseSubjectTrace
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subject_id: UUID,
    *,
    format_: SubjectTraceFormat | Unset = SubjectTraceFormat.JSON,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/subjects/{subject_id}/trace".format(
            subject_id=quote(str(subject_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | SubjectTraceResponseSubjectTrace | None:
    if response.status_code == 200:
        response_200 = SubjectTraceResponseSubjectTrace.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemDetails.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = ProblemDetails.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = ProblemDetails.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ProblemDetails | SubjectTraceResponseSubjectTrace]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
    format_: SubjectTraceFormat | Unset = SubjectTraceFormat.JSON,
) -> Response[ProblemDetails | SubjectTraceResponseSubjectTrace]:
    """Subject Trace

     Every consent, event and access about one person across all services, in time order,
    each entry with its inclusion proof against a signed checkpoint; `missing` names the
    services that did not answer. An unknown or erased person has no entries (auditors may
    ask about anyone). `format=bundle` gives the same as a bundle for the offline verifier
    (`python -m nrm_bus.audit verify BUNDLE`).

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        subject_id (UUID):
        format_ (SubjectTraceFormat | Unset):  Default: SubjectTraceFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | SubjectTraceResponseSubjectTrace]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
    format_: SubjectTraceFormat | Unset = SubjectTraceFormat.JSON,
) -> ProblemDetails | SubjectTraceResponseSubjectTrace | None:
    """Subject Trace

     Every consent, event and access about one person across all services, in time order,
    each entry with its inclusion proof against a signed checkpoint; `missing` names the
    services that did not answer. An unknown or erased person has no entries (auditors may
    ask about anyone). `format=bundle` gives the same as a bundle for the offline verifier
    (`python -m nrm_bus.audit verify BUNDLE`).

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        subject_id (UUID):
        format_ (SubjectTraceFormat | Unset):  Default: SubjectTraceFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | SubjectTraceResponseSubjectTrace
    """

    return sync_detailed(
        subject_id=subject_id,
        client=client,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
    format_: SubjectTraceFormat | Unset = SubjectTraceFormat.JSON,
) -> Response[ProblemDetails | SubjectTraceResponseSubjectTrace]:
    """Subject Trace

     Every consent, event and access about one person across all services, in time order,
    each entry with its inclusion proof against a signed checkpoint; `missing` names the
    services that did not answer. An unknown or erased person has no entries (auditors may
    ask about anyone). `format=bundle` gives the same as a bundle for the offline verifier
    (`python -m nrm_bus.audit verify BUNDLE`).

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        subject_id (UUID):
        format_ (SubjectTraceFormat | Unset):  Default: SubjectTraceFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | SubjectTraceResponseSubjectTrace]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
    format_: SubjectTraceFormat | Unset = SubjectTraceFormat.JSON,
) -> ProblemDetails | SubjectTraceResponseSubjectTrace | None:
    """Subject Trace

     Every consent, event and access about one person across all services, in time order,
    each entry with its inclusion proof against a signed checkpoint; `missing` names the
    services that did not answer. An unknown or erased person has no entries (auditors may
    ask about anyone). `format=bundle` gives the same as a bundle for the offline verifier
    (`python -m nrm_bus.audit verify BUNDLE`).

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        subject_id (UUID):
        format_ (SubjectTraceFormat | Unset):  Default: SubjectTraceFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | SubjectTraceResponseSubjectTrace
    """

    return (
        await asyncio_detailed(
            subject_id=subject_id,
            client=client,
            format_=format_,
        )
    ).parsed
