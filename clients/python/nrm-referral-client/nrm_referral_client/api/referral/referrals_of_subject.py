from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_details import ProblemDetails
from ...models.referral_read import ReferralRead
from ...types import UNSET, Response


def _get_kwargs(
    *,
    subject_id: UUID,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_subject_id = str(subject_id)
    params["subject_id"] = json_subject_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/referrals",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | list[ReferralRead] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = ReferralRead.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[ProblemDetails | list[ReferralRead]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    subject_id: UUID,
) -> Response[ProblemDetails | list[ReferralRead]]:
    """Referrals Of Subject

     **Who may call.** Scope `referral:read`. Any sector holding the scope. Reads a person's data:
    answered only to the organisation that identified the person, an organisation that referred them,
    the provider or shelter organisation serving them, a sector holding an active consent that names it
    and covers location, needs and auditors; anyone else gets the 404 of a person who does not exist.
    The read is an audit entry.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | list[ReferralRead]]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    subject_id: UUID,
) -> ProblemDetails | list[ReferralRead] | None:
    """Referrals Of Subject

     **Who may call.** Scope `referral:read`. Any sector holding the scope. Reads a person's data:
    answered only to the organisation that identified the person, an organisation that referred them,
    the provider or shelter organisation serving them, a sector holding an active consent that names it
    and covers location, needs and auditors; anyone else gets the 404 of a person who does not exist.
    The read is an audit entry.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | list[ReferralRead]
    """

    return sync_detailed(
        client=client,
        subject_id=subject_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    subject_id: UUID,
) -> Response[ProblemDetails | list[ReferralRead]]:
    """Referrals Of Subject

     **Who may call.** Scope `referral:read`. Any sector holding the scope. Reads a person's data:
    answered only to the organisation that identified the person, an organisation that referred them,
    the provider or shelter organisation serving them, a sector holding an active consent that names it
    and covers location, needs and auditors; anyone else gets the 404 of a person who does not exist.
    The read is an audit entry.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | list[ReferralRead]]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    subject_id: UUID,
) -> ProblemDetails | list[ReferralRead] | None:
    """Referrals Of Subject

     **Who may call.** Scope `referral:read`. Any sector holding the scope. Reads a person's data:
    answered only to the organisation that identified the person, an organisation that referred them,
    the provider or shelter organisation serving them, a sector holding an active consent that names it
    and covers location, needs and auditors; anyone else gets the 404 of a person who does not exist.
    The read is an audit entry.

    Args:
        subject_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | list[ReferralRead]
    """

    return (
        await asyncio_detailed(
            client=client,
            subject_id=subject_id,
        )
    ).parsed
