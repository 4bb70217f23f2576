from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_details import ProblemDetails
from ...models.provider_in import ProviderIn
from ...models.provider_read import ProviderRead
from ...types import Response


def _get_kwargs(
    *,
    body: ProviderIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/providers",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | ProviderRead | None:
    if response.status_code == 201:
        response_201 = ProviderRead.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDetails.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

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
) -> Response[ProblemDetails | ProviderRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ProviderIn,
) -> Response[ProblemDetails | ProviderRead]:
    """Register Provider

     A provider of medical, psychological, legal, language, vocational, financial or family
    services, registered by its own organisation; referrals are matched to it by service,
    the person's group, region and language.

    **Who may call.** Scope `provider:write`. Sectors: `health`, `legal_aid`, `ngo`, `social_services`.

    Args:
        body (ProviderIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | ProviderRead]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ProviderIn,
) -> ProblemDetails | ProviderRead | None:
    """Register Provider

     A provider of medical, psychological, legal, language, vocational, financial or family
    services, registered by its own organisation; referrals are matched to it by service,
    the person's group, region and language.

    **Who may call.** Scope `provider:write`. Sectors: `health`, `legal_aid`, `ngo`, `social_services`.

    Args:
        body (ProviderIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | ProviderRead
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ProviderIn,
) -> Response[ProblemDetails | ProviderRead]:
    """Register Provider

     A provider of medical, psychological, legal, language, vocational, financial or family
    services, registered by its own organisation; referrals are matched to it by service,
    the person's group, region and language.

    **Who may call.** Scope `provider:write`. Sectors: `health`, `legal_aid`, `ngo`, `social_services`.

    Args:
        body (ProviderIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | ProviderRead]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ProviderIn,
) -> ProblemDetails | ProviderRead | None:
    """Register Provider

     A provider of medical, psychological, legal, language, vocational, financial or family
    services, registered by its own organisation; referrals are matched to it by service,
    the person's group, region and language.

    **Who may call.** Scope `provider:write`. Sectors: `health`, `legal_aid`, `ngo`, `social_services`.

    Args:
        body (ProviderIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | ProviderRead
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
