from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_details import ProblemDetails
from ...models.referral_read import ReferralRead
from ...models.withdrawal_in import WithdrawalIn
from ...types import Response


def _get_kwargs(
    referral_id: UUID,
    *,
    body: WithdrawalIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/referrals/{referral_id}/withdrawal".format(
            referral_id=quote(str(referral_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | ReferralRead | None:
    if response.status_code == 200:
        response_200 = ReferralRead.from_dict(response.json())

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
) -> Response[ProblemDetails | ReferralRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    referral_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WithdrawalIn,
) -> Response[ProblemDetails | ReferralRead]:
    """Withdraw

     The organisation that made the referral withdraws it, with a reason from the list: it
    becomes `withdrawn`, and a bed held for it is released at once (a waiting request leaves
    the waitlist). Another organisation that referred the same person: 403 naming
    `referral_id`; a referral already declined, completed or withdrawn, or a shelter place
    she has accepted (the shelter records her move-out): 409 naming `referral_id`. Nothing
    changes when refused. Anyone else: the 404 of a stranger.

    **Who may call.** Scope `referral:write`. Sectors: `health`, `labour_inspectorate`, `ngo`, `police`,
    `shelter`, `social_services`. Staff only while their training credential is valid (`trained_until`
    not past). Reads a person's data: answered only to an organisation that referred them; anyone else
    gets the 404 of a person who does not exist. The read is an audit entry.

    Args:
        referral_id (UUID):
        body (WithdrawalIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | ReferralRead]
    """

    kwargs = _get_kwargs(
        referral_id=referral_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    referral_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WithdrawalIn,
) -> ProblemDetails | ReferralRead | None:
    """Withdraw

     The organisation that made the referral withdraws it, with a reason from the list: it
    becomes `withdrawn`, and a bed held for it is released at once (a waiting request leaves
    the waitlist). Another organisation that referred the same person: 403 naming
    `referral_id`; a referral already declined, completed or withdrawn, or a shelter place
    she has accepted (the shelter records her move-out): 409 naming `referral_id`. Nothing
    changes when refused. Anyone else: the 404 of a stranger.

    **Who may call.** Scope `referral:write`. Sectors: `health`, `labour_inspectorate`, `ngo`, `police`,
    `shelter`, `social_services`. Staff only while their training credential is valid (`trained_until`
    not past). Reads a person's data: answered only to an organisation that referred them; anyone else
    gets the 404 of a person who does not exist. The read is an audit entry.

    Args:
        referral_id (UUID):
        body (WithdrawalIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | ReferralRead
    """

    return sync_detailed(
        referral_id=referral_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    referral_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WithdrawalIn,
) -> Response[ProblemDetails | ReferralRead]:
    """Withdraw

     The organisation that made the referral withdraws it, with a reason from the list: it
    becomes `withdrawn`, and a bed held for it is released at once (a waiting request leaves
    the waitlist). Another organisation that referred the same person: 403 naming
    `referral_id`; a referral already declined, completed or withdrawn, or a shelter place
    she has accepted (the shelter records her move-out): 409 naming `referral_id`. Nothing
    changes when refused. Anyone else: the 404 of a stranger.

    **Who may call.** Scope `referral:write`. Sectors: `health`, `labour_inspectorate`, `ngo`, `police`,
    `shelter`, `social_services`. Staff only while their training credential is valid (`trained_until`
    not past). Reads a person's data: answered only to an organisation that referred them; anyone else
    gets the 404 of a person who does not exist. The read is an audit entry.

    Args:
        referral_id (UUID):
        body (WithdrawalIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | ReferralRead]
    """

    kwargs = _get_kwargs(
        referral_id=referral_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    referral_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WithdrawalIn,
) -> ProblemDetails | ReferralRead | None:
    """Withdraw

     The organisation that made the referral withdraws it, with a reason from the list: it
    becomes `withdrawn`, and a bed held for it is released at once (a waiting request leaves
    the waitlist). Another organisation that referred the same person: 403 naming
    `referral_id`; a referral already declined, completed or withdrawn, or a shelter place
    she has accepted (the shelter records her move-out): 409 naming `referral_id`. Nothing
    changes when refused. Anyone else: the 404 of a stranger.

    **Who may call.** Scope `referral:write`. Sectors: `health`, `labour_inspectorate`, `ngo`, `police`,
    `shelter`, `social_services`. Staff only while their training credential is valid (`trained_until`
    not past). Reads a person's data: answered only to an organisation that referred them; anyone else
    gets the 404 of a person who does not exist. The read is an audit entry.

    Args:
        referral_id (UUID):
        body (WithdrawalIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | ReferralRead
    """

    return (
        await asyncio_detailed(
            referral_id=referral_id,
            client=client,
            body=body,
        )
    ).parsed
