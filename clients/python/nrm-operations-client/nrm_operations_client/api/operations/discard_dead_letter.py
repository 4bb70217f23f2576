from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.discard_dead_letter_response_discard_dead_letter import DiscardDeadLetterResponseDiscardDeadLetter
from ...models.problem_details import ProblemDetails
from ...models.reason_in import ReasonIn
from ...types import Response


def _get_kwargs(
    dead_letter_id: UUID,
    *,
    body: ReasonIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/dead-letters/{dead_letter_id}/discard".format(
            dead_letter_id=quote(str(dead_letter_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DiscardDeadLetterResponseDiscardDeadLetter | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = DiscardDeadLetterResponseDiscardDeadLetter.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

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

    if response.status_code == 415:
        response_415 = ProblemDetails.from_dict(response.json())

        return response_415

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
) -> Response[DiscardDeadLetterResponseDiscardDeadLetter | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    dead_letter_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ReasonIn,
) -> Response[DiscardDeadLetterResponseDiscardDeadLetter | ProblemDetails]:
    """Discard Dead Letter

     Close the dead letter without replaying it; the operator and the reason are an
    audit entry of kind `replay` (action `dead_letter.discard`).

    **Who may call.** Scope `dead-letter:write`. Sectors: `operations`.

    Args:
        dead_letter_id (UUID):
        body (ReasonIn): Why the operator replays or discards: kept in the audit log with their
            name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DiscardDeadLetterResponseDiscardDeadLetter | ProblemDetails]
    """

    kwargs = _get_kwargs(
        dead_letter_id=dead_letter_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    dead_letter_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ReasonIn,
) -> DiscardDeadLetterResponseDiscardDeadLetter | ProblemDetails | None:
    """Discard Dead Letter

     Close the dead letter without replaying it; the operator and the reason are an
    audit entry of kind `replay` (action `dead_letter.discard`).

    **Who may call.** Scope `dead-letter:write`. Sectors: `operations`.

    Args:
        dead_letter_id (UUID):
        body (ReasonIn): Why the operator replays or discards: kept in the audit log with their
            name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DiscardDeadLetterResponseDiscardDeadLetter | ProblemDetails
    """

    return sync_detailed(
        dead_letter_id=dead_letter_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    dead_letter_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ReasonIn,
) -> Response[DiscardDeadLetterResponseDiscardDeadLetter | ProblemDetails]:
    """Discard Dead Letter

     Close the dead letter without replaying it; the operator and the reason are an
    audit entry of kind `replay` (action `dead_letter.discard`).

    **Who may call.** Scope `dead-letter:write`. Sectors: `operations`.

    Args:
        dead_letter_id (UUID):
        body (ReasonIn): Why the operator replays or discards: kept in the audit log with their
            name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DiscardDeadLetterResponseDiscardDeadLetter | ProblemDetails]
    """

    kwargs = _get_kwargs(
        dead_letter_id=dead_letter_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    dead_letter_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ReasonIn,
) -> DiscardDeadLetterResponseDiscardDeadLetter | ProblemDetails | None:
    """Discard Dead Letter

     Close the dead letter without replaying it; the operator and the reason are an
    audit entry of kind `replay` (action `dead_letter.discard`).

    **Who may call.** Scope `dead-letter:write`. Sectors: `operations`.

    Args:
        dead_letter_id (UUID):
        body (ReasonIn): Why the operator replays or discards: kept in the audit log with their
            name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DiscardDeadLetterResponseDiscardDeadLetter | ProblemDetails
    """

    return (
        await asyncio_detailed(
            dead_letter_id=dead_letter_id,
            client=client,
            body=body,
        )
    ).parsed
