from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.case_read import CaseRead
from ...models.problem_details import ProblemDetails
from ...types import Response


def _get_kwargs(
    subject_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/cases/{subject_id}".format(
            subject_id=quote(str(subject_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CaseRead | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = CaseRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemDetails.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemDetails.from_dict(response.json())

        return response_404

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
) -> Response[CaseRead | ProblemDetails]:
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
) -> Response[CaseRead | ProblemDetails]:
    """Get Case

     Only persons who consented to share with the justice sector have a case; for anyone
    else the answer is the same 404 as for an id that never existed.

    **Who may call.** Scope `case:read`. Sectors: `police`, `prosecutor`. Reads a person's data:
    answered only to a sector holding an active consent that names it, for law_enforcement or
    prosecution; anyone else gets the 404 of a person who does not exist. The read is an audit entry.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaseRead | ProblemDetails]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
) -> CaseRead | ProblemDetails | None:
    """Get Case

     Only persons who consented to share with the justice sector have a case; for anyone
    else the answer is the same 404 as for an id that never existed.

    **Who may call.** Scope `case:read`. Sectors: `police`, `prosecutor`. Reads a person's data:
    answered only to a sector holding an active consent that names it, for law_enforcement or
    prosecution; anyone else gets the 404 of a person who does not exist. The read is an audit entry.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaseRead | ProblemDetails
    """

    return sync_detailed(
        subject_id=subject_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[CaseRead | ProblemDetails]:
    """Get Case

     Only persons who consented to share with the justice sector have a case; for anyone
    else the answer is the same 404 as for an id that never existed.

    **Who may call.** Scope `case:read`. Sectors: `police`, `prosecutor`. Reads a person's data:
    answered only to a sector holding an active consent that names it, for law_enforcement or
    prosecution; anyone else gets the 404 of a person who does not exist. The read is an audit entry.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaseRead | ProblemDetails]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
) -> CaseRead | ProblemDetails | None:
    """Get Case

     Only persons who consented to share with the justice sector have a case; for anyone
    else the answer is the same 404 as for an id that never existed.

    **Who may call.** Scope `case:read`. Sectors: `police`, `prosecutor`. Reads a person's data:
    answered only to a sector holding an active consent that names it, for law_enforcement or
    prosecution; anyone else gets the 404 of a person who does not exist. The read is an audit entry.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaseRead | ProblemDetails
    """

    return (
        await asyncio_detailed(
            subject_id=subject_id,
            client=client,
        )
    ).parsed
