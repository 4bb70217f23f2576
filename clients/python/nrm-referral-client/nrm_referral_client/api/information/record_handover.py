from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.handover_in import HandoverIn
from ...models.handover_read import HandoverRead
from ...models.problem_details import ProblemDetails
from ...types import Response


def _get_kwargs(
    subject_id: UUID,
    *,
    body: HandoverIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subjects/{subject_id}/information-sheet/handovers".format(
            subject_id=quote(str(subject_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HandoverRead | ProblemDetails | None:
    if response.status_code == 201:
        response_201 = HandoverRead.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = ProblemDetails.from_dict(response.json())

        return response_404

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
) -> Response[HandoverRead | ProblemDetails]:
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
    body: HandoverIn,
) -> Response[HandoverRead | ProblemDetails]:
    """Record Handover

     Record that the sheet was given to the person: by whom, when, in which language,
    written or verbal. Kept so that information given earlier is on record if they come back.

    **Who may call.** Scope `referral:write`. Sectors: `health`, `labour_inspectorate`, `ngo`, `police`,
    `shelter`, `social_services`. Staff only while their training credential is valid (`trained_until`
    not past).

    Args:
        subject_id (UUID):
        body (HandoverIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HandoverRead | ProblemDetails]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
    body: HandoverIn,
) -> HandoverRead | ProblemDetails | None:
    """Record Handover

     Record that the sheet was given to the person: by whom, when, in which language,
    written or verbal. Kept so that information given earlier is on record if they come back.

    **Who may call.** Scope `referral:write`. Sectors: `health`, `labour_inspectorate`, `ngo`, `police`,
    `shelter`, `social_services`. Staff only while their training credential is valid (`trained_until`
    not past).

    Args:
        subject_id (UUID):
        body (HandoverIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HandoverRead | ProblemDetails
    """

    return sync_detailed(
        subject_id=subject_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
    body: HandoverIn,
) -> Response[HandoverRead | ProblemDetails]:
    """Record Handover

     Record that the sheet was given to the person: by whom, when, in which language,
    written or verbal. Kept so that information given earlier is on record if they come back.

    **Who may call.** Scope `referral:write`. Sectors: `health`, `labour_inspectorate`, `ngo`, `police`,
    `shelter`, `social_services`. Staff only while their training credential is valid (`trained_until`
    not past).

    Args:
        subject_id (UUID):
        body (HandoverIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HandoverRead | ProblemDetails]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
    body: HandoverIn,
) -> HandoverRead | ProblemDetails | None:
    """Record Handover

     Record that the sheet was given to the person: by whom, when, in which language,
    written or verbal. Kept so that information given earlier is on record if they come back.

    **Who may call.** Scope `referral:write`. Sectors: `health`, `labour_inspectorate`, `ngo`, `police`,
    `shelter`, `social_services`. Staff only while their training credential is valid (`trained_until`
    not past).

    Args:
        subject_id (UUID):
        body (HandoverIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HandoverRead | ProblemDetails
    """

    return (
        await asyncio_detailed(
            subject_id=subject_id,
            client=client,
            body=body,
        )
    ).parsed
