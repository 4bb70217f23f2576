from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.checkpoints_held_response_checkpoints_held import CheckpointsHeldResponseCheckpointsHeld
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response


def _get_kwargs(
    *,
    service: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["service"] = service

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/checkpoints",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CheckpointsHeldResponseCheckpointsHeld | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = CheckpointsHeldResponseCheckpointsHeld.from_dict(response.json())

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
) -> Response[CheckpointsHeldResponseCheckpointsHeld | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    service: str,
) -> Response[CheckpointsHeldResponseCheckpointsHeld | ProblemDetails]:
    """Checkpoints Held

     The checkpoints of `service` this service holds: its own, or those it witnessed.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        service (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckpointsHeldResponseCheckpointsHeld | ProblemDetails]
    """

    kwargs = _get_kwargs(
        service=service,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    service: str,
) -> CheckpointsHeldResponseCheckpointsHeld | ProblemDetails | None:
    """Checkpoints Held

     The checkpoints of `service` this service holds: its own, or those it witnessed.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        service (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckpointsHeldResponseCheckpointsHeld | ProblemDetails
    """

    return sync_detailed(
        client=client,
        service=service,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    service: str,
) -> Response[CheckpointsHeldResponseCheckpointsHeld | ProblemDetails]:
    """Checkpoints Held

     The checkpoints of `service` this service holds: its own, or those it witnessed.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        service (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckpointsHeldResponseCheckpointsHeld | ProblemDetails]
    """

    kwargs = _get_kwargs(
        service=service,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    service: str,
) -> CheckpointsHeldResponseCheckpointsHeld | ProblemDetails | None:
    """Checkpoints Held

     The checkpoints of `service` this service holds: its own, or those it witnessed.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        service (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckpointsHeldResponseCheckpointsHeld | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
            service=service,
        )
    ).parsed
