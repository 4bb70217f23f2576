from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_details import ProblemDetails
from ...models.shelter_read import ShelterRead
from ...types import Response


def _get_kwargs(
    shelter_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/shelters/{shelter_id}".format(
            shelter_id=quote(str(shelter_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | ShelterRead | None:
    if response.status_code == 200:
        response_200 = ShelterRead.from_dict(response.json())

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
) -> Response[ProblemDetails | ShelterRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    shelter_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetails | ShelterRead]:
    """Get Shelter

     **Who may call.** Scope `shelter:read`. Any sector holding the scope.

    Args:
        shelter_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | ShelterRead]
    """

    kwargs = _get_kwargs(
        shelter_id=shelter_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    shelter_id: UUID,
    *,
    client: AuthenticatedClient,
) -> ProblemDetails | ShelterRead | None:
    """Get Shelter

     **Who may call.** Scope `shelter:read`. Any sector holding the scope.

    Args:
        shelter_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | ShelterRead
    """

    return sync_detailed(
        shelter_id=shelter_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    shelter_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetails | ShelterRead]:
    """Get Shelter

     **Who may call.** Scope `shelter:read`. Any sector holding the scope.

    Args:
        shelter_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | ShelterRead]
    """

    kwargs = _get_kwargs(
        shelter_id=shelter_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    shelter_id: UUID,
    *,
    client: AuthenticatedClient,
) -> ProblemDetails | ShelterRead | None:
    """Get Shelter

     **Who may call.** Scope `shelter:read`. Any sector holding the scope.

    Args:
        shelter_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | ShelterRead
    """

    return (
        await asyncio_detailed(
            shelter_id=shelter_id,
            client=client,
        )
    ).parsed
