from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.declines_response_declines import DeclinesResponseDeclines
from ...models.problem_details import ProblemDetails
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/statistics/declines",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeclinesResponseDeclines | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = DeclinesResponseDeclines.from_dict(response.json())

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
) -> Response[DeclinesResponseDeclines | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[DeclinesResponseDeclines | ProblemDetails]:
    """Declines

     Declines by reason, and by reason with the identifying actor's sector, the forms of
    exploitation (where the person consented to share them) and the jurisdiction. Cells
    under the threshold are suppressed (`count: null`); no personal data.

    **Who may call.** Scope `statistics:read`. Sectors: `audit`, `operations`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeclinesResponseDeclines | ProblemDetails]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> DeclinesResponseDeclines | ProblemDetails | None:
    """Declines

     Declines by reason, and by reason with the identifying actor's sector, the forms of
    exploitation (where the person consented to share them) and the jurisdiction. Cells
    under the threshold are suppressed (`count: null`); no personal data.

    **Who may call.** Scope `statistics:read`. Sectors: `audit`, `operations`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeclinesResponseDeclines | ProblemDetails
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[DeclinesResponseDeclines | ProblemDetails]:
    """Declines

     Declines by reason, and by reason with the identifying actor's sector, the forms of
    exploitation (where the person consented to share them) and the jurisdiction. Cells
    under the threshold are suppressed (`count: null`); no personal data.

    **Who may call.** Scope `statistics:read`. Sectors: `audit`, `operations`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeclinesResponseDeclines | ProblemDetails]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> DeclinesResponseDeclines | ProblemDetails | None:
    """Declines

     Declines by reason, and by reason with the identifying actor's sector, the forms of
    exploitation (where the person consented to share them) and the jurisdiction. Cells
    under the threshold are suppressed (`count: null`); no personal data.

    **Who may call.** Scope `statistics:read`. Sectors: `audit`, `operations`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeclinesResponseDeclines | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
