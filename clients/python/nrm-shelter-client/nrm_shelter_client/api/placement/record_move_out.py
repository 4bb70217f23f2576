from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.move_out_in import MoveOutIn
from ...models.move_out_read import MoveOutRead
from ...models.problem_details import ProblemDetails
from ...types import Response


def _get_kwargs(
    shelter_id: UUID,
    *,
    body: MoveOutIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/shelters/{shelter_id}/move-outs".format(
            shelter_id=quote(str(shelter_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MoveOutRead | ProblemDetails | None:
    if response.status_code == 201:
        response_201 = MoveOutRead.from_dict(response.json())

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
) -> Response[MoveOutRead | ProblemDetails]:
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
    body: MoveOutIn,
) -> Response[MoveOutRead | ProblemDetails]:
    """Record Move Out

     Record that a person left the shelter, and why: her bed goes at once to the first
    person waiting whom it fits, and her referral is completed (or, when she left without
    notice or was asked to leave, withdrawn with the reason). Only the shelter's own
    organisation. Refused, naming the field and changing nothing: a person with no
    placement here (422 `subject_id`; 409 if her bed is only held), a date after today or
    before her placement began (422 `moved_out_on`), a house rule that is not this
    shelter's or not called for (422 `house_rule`), a transfer without a fitting
    destination with a free bed (422/409 `to_shelter_id`).

    **Who may call.** Scope `shelter:write`. Sectors: `shelter`.

    Args:
        shelter_id (UUID):
        body (MoveOutIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MoveOutRead | ProblemDetails]
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
    body: MoveOutIn,
) -> MoveOutRead | ProblemDetails | None:
    """Record Move Out

     Record that a person left the shelter, and why: her bed goes at once to the first
    person waiting whom it fits, and her referral is completed (or, when she left without
    notice or was asked to leave, withdrawn with the reason). Only the shelter's own
    organisation. Refused, naming the field and changing nothing: a person with no
    placement here (422 `subject_id`; 409 if her bed is only held), a date after today or
    before her placement began (422 `moved_out_on`), a house rule that is not this
    shelter's or not called for (422 `house_rule`), a transfer without a fitting
    destination with a free bed (422/409 `to_shelter_id`).

    **Who may call.** Scope `shelter:write`. Sectors: `shelter`.

    Args:
        shelter_id (UUID):
        body (MoveOutIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MoveOutRead | ProblemDetails
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
    body: MoveOutIn,
) -> Response[MoveOutRead | ProblemDetails]:
    """Record Move Out

     Record that a person left the shelter, and why: her bed goes at once to the first
    person waiting whom it fits, and her referral is completed (or, when she left without
    notice or was asked to leave, withdrawn with the reason). Only the shelter's own
    organisation. Refused, naming the field and changing nothing: a person with no
    placement here (422 `subject_id`; 409 if her bed is only held), a date after today or
    before her placement began (422 `moved_out_on`), a house rule that is not this
    shelter's or not called for (422 `house_rule`), a transfer without a fitting
    destination with a free bed (422/409 `to_shelter_id`).

    **Who may call.** Scope `shelter:write`. Sectors: `shelter`.

    Args:
        shelter_id (UUID):
        body (MoveOutIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MoveOutRead | ProblemDetails]
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
    body: MoveOutIn,
) -> MoveOutRead | ProblemDetails | None:
    """Record Move Out

     Record that a person left the shelter, and why: her bed goes at once to the first
    person waiting whom it fits, and her referral is completed (or, when she left without
    notice or was asked to leave, withdrawn with the reason). Only the shelter's own
    organisation. Refused, naming the field and changing nothing: a person with no
    placement here (422 `subject_id`; 409 if her bed is only held), a date after today or
    before her placement began (422 `moved_out_on`), a house rule that is not this
    shelter's or not called for (422 `house_rule`), a transfer without a fitting
    destination with a free bed (422/409 `to_shelter_id`).

    **Who may call.** Scope `shelter:write`. Sectors: `shelter`.

    Args:
        shelter_id (UUID):
        body (MoveOutIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MoveOutRead | ProblemDetails
    """

    return (
        await asyncio_detailed(
            shelter_id=shelter_id,
            client=client,
            body=body,
        )
    ).parsed
