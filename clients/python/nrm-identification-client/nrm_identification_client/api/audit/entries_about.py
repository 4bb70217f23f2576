from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.entries_about_response_entries_about import EntriesAboutResponseEntriesAbout
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response


def _get_kwargs(
    *,
    subject_id: UUID,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_subject_id = str(subject_id)
    params["subject_id"] = json_subject_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/entries",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EntriesAboutResponseEntriesAbout | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = EntriesAboutResponseEntriesAbout.from_dict(response.json())

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
) -> Response[EntriesAboutResponseEntriesAbout | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    subject_id: UUID,
) -> Response[EntriesAboutResponseEntriesAbout | ProblemDetails]:
    """Entries About

     This service's entries about one person, each with its inclusion proof against a
    signed checkpoint that covers them all (signed now if the newest is not yet covered).
    The auditor's read is itself an entry, appended after: the next trace shows it.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EntriesAboutResponseEntriesAbout | ProblemDetails]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    subject_id: UUID,
) -> EntriesAboutResponseEntriesAbout | ProblemDetails | None:
    """Entries About

     This service's entries about one person, each with its inclusion proof against a
    signed checkpoint that covers them all (signed now if the newest is not yet covered).
    The auditor's read is itself an entry, appended after: the next trace shows it.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EntriesAboutResponseEntriesAbout | ProblemDetails
    """

    return sync_detailed(
        client=client,
        subject_id=subject_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    subject_id: UUID,
) -> Response[EntriesAboutResponseEntriesAbout | ProblemDetails]:
    """Entries About

     This service's entries about one person, each with its inclusion proof against a
    signed checkpoint that covers them all (signed now if the newest is not yet covered).
    The auditor's read is itself an entry, appended after: the next trace shows it.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EntriesAboutResponseEntriesAbout | ProblemDetails]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    subject_id: UUID,
) -> EntriesAboutResponseEntriesAbout | ProblemDetails | None:
    """Entries About

     This service's entries about one person, each with its inclusion proof against a
    signed checkpoint that covers them all (signed now if the newest is not yet covered).
    The auditor's read is itself an entry, appended after: the next trace shows it.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EntriesAboutResponseEntriesAbout | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
            subject_id=subject_id,
        )
    ).parsed
