from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_details import ProblemDetails
from ...models.verify_logs_response_verify_logs import VerifyLogsResponseVerifyLogs
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/verify",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | VerifyLogsResponseVerifyLogs | None:
    if response.status_code == 200:
        response_200 = VerifyLogsResponseVerifyLogs.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemDetails.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 503:
        response_503 = ProblemDetails.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ProblemDetails | VerifyLogsResponseVerifyLogs]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetails | VerifyLogsResponseVerifyLogs]:
    """Verify Logs

     Every service's log recomputed and held against the signed checkpoints that the other
    services and operations witnessed: an edited, deleted, inserted, reordered or cut-off
    entry is named.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | VerifyLogsResponseVerifyLogs]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> ProblemDetails | VerifyLogsResponseVerifyLogs | None:
    """Verify Logs

     Every service's log recomputed and held against the signed checkpoints that the other
    services and operations witnessed: an edited, deleted, inserted, reordered or cut-off
    entry is named.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | VerifyLogsResponseVerifyLogs
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetails | VerifyLogsResponseVerifyLogs]:
    """Verify Logs

     Every service's log recomputed and held against the signed checkpoints that the other
    services and operations witnessed: an edited, deleted, inserted, reordered or cut-off
    entry is named.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | VerifyLogsResponseVerifyLogs]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> ProblemDetails | VerifyLogsResponseVerifyLogs | None:
    """Verify Logs

     Every service's log recomputed and held against the signed checkpoints that the other
    services and operations witnessed: an edited, deleted, inserted, reordered or cut-off
    entry is named.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | VerifyLogsResponseVerifyLogs
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
