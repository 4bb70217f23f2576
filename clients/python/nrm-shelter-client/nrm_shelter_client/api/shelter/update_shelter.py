from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_details import ProblemDetails
from ...models.shelter_read import ShelterRead
from ...models.shelter_update import ShelterUpdate
from ...types import Response


def _get_kwargs(
    shelter_id: UUID,
    *,
    body: ShelterUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/shelters/{shelter_id}".format(
            shelter_id=quote(str(shelter_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | ShelterRead | None:
    if response.status_code == 200:
        response_200 = ShelterRead.from_dict(response.json())

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
    body: ShelterUpdate,
) -> Response[ProblemDetails | ShelterRead]:
    """Update Shelter

     Change capacity and attributes. Refused (409) if it would leave a held or confirmed
    placement without a bed, or free beds outside 0..beds_total.

    **Who may call.** Scope `shelter:write`. Sectors: `shelter`.

    Args:
        shelter_id (UUID):
        body (ShelterUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | ShelterRead]
    """

    kwargs = _get_kwargs(
        shelter_id=shelter_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    shelter_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ShelterUpdate,
) -> ProblemDetails | ShelterRead | None:
    """Update Shelter

     Change capacity and attributes. Refused (409) if it would leave a held or confirmed
    placement without a bed, or free beds outside 0..beds_total.

    **Who may call.** Scope `shelter:write`. Sectors: `shelter`.

    Args:
        shelter_id (UUID):
        body (ShelterUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | ShelterRead
    """

    return sync_detailed(
        shelter_id=shelter_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    shelter_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ShelterUpdate,
) -> Response[ProblemDetails | ShelterRead]:
    """Update Shelter

     Change capacity and attributes. Refused (409) if it would leave a held or confirmed
    placement without a bed, or free beds outside 0..beds_total.

    **Who may call.** Scope `shelter:write`. Sectors: `shelter`.

    Args:
        shelter_id (UUID):
        body (ShelterUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | ShelterRead]
    """

    kwargs = _get_kwargs(
        shelter_id=shelter_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    shelter_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ShelterUpdate,
) -> ProblemDetails | ShelterRead | None:
    """Update Shelter

     Change capacity and attributes. Refused (409) if it would leave a held or confirmed
    placement without a bed, or free beds outside 0..beds_total.

    **Who may call.** Scope `shelter:write`. Sectors: `shelter`.

    Args:
        shelter_id (UUID):
        body (ShelterUpdate):

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
            body=body,
        )
    ).parsed
