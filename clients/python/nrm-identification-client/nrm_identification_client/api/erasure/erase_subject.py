from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.erasure_read import ErasureRead
from ...models.problem_details import ProblemDetails
from ...types import Response


def _get_kwargs(
    subject_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subjects/{subject_id}/erasure".format(
            subject_id=quote(str(subject_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErasureRead | ProblemDetails | None:
    if response.status_code == 202:
        response_202 = ErasureRead.from_dict(response.json())

        return response_202

    if response.status_code == 401:
        response_401 = ProblemDetails.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemDetails.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ProblemDetails.from_dict(response.json())

        return response_409

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
) -> Response[ErasureRead | ProblemDetails]:
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
) -> Response[ErasureRead | ProblemDetails]:
    """Erase Subject

     The person's right to erasure. Their data key is destroyed at once, so every
    personal field the broker still holds about them is unreadable from now on; each
    service then erases what it holds and acknowledges (see GET).

    **Who may call.** Scope `subject:erase`. Any sector holding the scope.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasureRead | ProblemDetails]
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
) -> ErasureRead | ProblemDetails | None:
    """Erase Subject

     The person's right to erasure. Their data key is destroyed at once, so every
    personal field the broker still holds about them is unreadable from now on; each
    service then erases what it holds and acknowledges (see GET).

    **Who may call.** Scope `subject:erase`. Any sector holding the scope.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasureRead | ProblemDetails
    """

    return sync_detailed(
        subject_id=subject_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[ErasureRead | ProblemDetails]:
    """Erase Subject

     The person's right to erasure. Their data key is destroyed at once, so every
    personal field the broker still holds about them is unreadable from now on; each
    service then erases what it holds and acknowledges (see GET).

    **Who may call.** Scope `subject:erase`. Any sector holding the scope.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasureRead | ProblemDetails]
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
) -> ErasureRead | ProblemDetails | None:
    """Erase Subject

     The person's right to erasure. Their data key is destroyed at once, so every
    personal field the broker still holds about them is unreadable from now on; each
    service then erases what it holds and acknowledges (see GET).

    **Who may call.** Scope `subject:erase`. Any sector holding the scope.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasureRead | ProblemDetails
    """

    return (
        await asyncio_detailed(
            subject_id=subject_id,
            client=client,
        )
    ).parsed
