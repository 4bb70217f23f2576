from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.identification_create import IdentificationCreate
from ...models.identification_read import IdentificationRead
from ...models.problem_details import ProblemDetails
from ...types import Response


def _get_kwargs(
    *,
    body: IdentificationCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/identifications",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> IdentificationRead | ProblemDetails | None:
    if response.status_code == 201:
        response_201 = IdentificationRead.from_dict(response.json())

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
) -> Response[IdentificationRead | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: IdentificationCreate,
) -> Response[IdentificationRead | ProblemDetails]:
    """Identify

     Record reasonable grounds that a person is a presumed victim. The person's own account
    (`self_identified`) is sufficient on its own.

    **Who may call.** Scope `identification:write`. Sectors: `health`, `labour_inspectorate`, `ngo`,
    `police`, `shelter`, `social_services`. Staff only while their training credential is valid
    (`trained_until` not past).

    Args:
        body (IdentificationCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IdentificationRead | ProblemDetails]
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
    body: IdentificationCreate,
) -> IdentificationRead | ProblemDetails | None:
    """Identify

     Record reasonable grounds that a person is a presumed victim. The person's own account
    (`self_identified`) is sufficient on its own.

    **Who may call.** Scope `identification:write`. Sectors: `health`, `labour_inspectorate`, `ngo`,
    `police`, `shelter`, `social_services`. Staff only while their training credential is valid
    (`trained_until` not past).

    Args:
        body (IdentificationCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IdentificationRead | ProblemDetails
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: IdentificationCreate,
) -> Response[IdentificationRead | ProblemDetails]:
    """Identify

     Record reasonable grounds that a person is a presumed victim. The person's own account
    (`self_identified`) is sufficient on its own.

    **Who may call.** Scope `identification:write`. Sectors: `health`, `labour_inspectorate`, `ngo`,
    `police`, `shelter`, `social_services`. Staff only while their training credential is valid
    (`trained_until` not past).

    Args:
        body (IdentificationCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IdentificationRead | ProblemDetails]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: IdentificationCreate,
) -> IdentificationRead | ProblemDetails | None:
    """Identify

     Record reasonable grounds that a person is a presumed victim. The person's own account
    (`self_identified`) is sufficient on its own.

    **Who may call.** Scope `identification:write`. Sectors: `health`, `labour_inspectorate`, `ngo`,
    `police`, `shelter`, `social_services`. Staff only while their training credential is valid
    (`trained_until` not past).

    Args:
        body (IdentificationCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IdentificationRead | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
