from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_overview_response_get_overview import GetOverviewResponseGetOverview
from ...models.problem_details import ProblemDetails
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/overview",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GetOverviewResponseGetOverview | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = GetOverviewResponseGetOverview.from_dict(response.json())

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
) -> Response[GetOverviewResponseGetOverview | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[GetOverviewResponseGetOverview | ProblemDetails]:
    """Get Overview

     The whole mechanism at a glance: capacity, the referral pipeline and what is stuck,
    reflection periods running out, acknowledgements owed, bus health, dead letters to
    handle, decline statistics, alerts. Each section's freshness is in `freshness` (and
    each row of a list carries its section's `as_of`). No personal data: pseudonyms,
    counts, states, clocks and organisation names.

    **Who may call.** Scope `operations:read`. Sectors: `audit`, `operations`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetOverviewResponseGetOverview | ProblemDetails]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> GetOverviewResponseGetOverview | ProblemDetails | None:
    """Get Overview

     The whole mechanism at a glance: capacity, the referral pipeline and what is stuck,
    reflection periods running out, acknowledgements owed, bus health, dead letters to
    handle, decline statistics, alerts. Each section's freshness is in `freshness` (and
    each row of a list carries its section's `as_of`). No personal data: pseudonyms,
    counts, states, clocks and organisation names.

    **Who may call.** Scope `operations:read`. Sectors: `audit`, `operations`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetOverviewResponseGetOverview | ProblemDetails
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[GetOverviewResponseGetOverview | ProblemDetails]:
    """Get Overview

     The whole mechanism at a glance: capacity, the referral pipeline and what is stuck,
    reflection periods running out, acknowledgements owed, bus health, dead letters to
    handle, decline statistics, alerts. Each section's freshness is in `freshness` (and
    each row of a list carries its section's `as_of`). No personal data: pseudonyms,
    counts, states, clocks and organisation names.

    **Who may call.** Scope `operations:read`. Sectors: `audit`, `operations`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetOverviewResponseGetOverview | ProblemDetails]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> GetOverviewResponseGetOverview | ProblemDetails | None:
    """Get Overview

     The whole mechanism at a glance: capacity, the referral pipeline and what is stuck,
    reflection periods running out, acknowledgements owed, bus health, dead letters to
    handle, decline statistics, alerts. Each section's freshness is in `freshness` (and
    each row of a list carries its section's `as_of`). No personal data: pseudonyms,
    counts, states, clocks and organisation names.

    **Who may call.** Scope `operations:read`. Sectors: `audit`, `operations`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetOverviewResponseGetOverview | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
