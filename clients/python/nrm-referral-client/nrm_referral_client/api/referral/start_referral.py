from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_details import ProblemDetails
from ...models.referral_create import ReferralCreate
from ...models.referral_created import ReferralCreated
from ...types import Response


def _get_kwargs(
    *,
    body: ReferralCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/referrals",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | ReferralCreated | None:
    if response.status_code == 201:
        response_201 = ReferralCreated.from_dict(response.json())

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
) -> Response[ProblemDetails | ReferralCreated]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ReferralCreate,
) -> Response[ProblemDetails | ReferralCreated]:
    """Start Referral

     Offer a service to a person. Needs an active consent covering the service's
    recipient sector (GET /v1/reference/service-consents); never any consent or cooperation
    with the justice sector. Without one: 409 missing-consent, at once. An identification
    made moments ago (before its `referable_by`) may still be crossing the bus: the request
    waits for it, then answers 409 subject-not-yet-known with Retry-After if part of it is
    still on its way; a person referral has heard nothing of is 404 once that window has
    passed.

    **Who may call.** Scope `referral:write`. Sectors: `health`, `labour_inspectorate`, `ngo`, `police`,
    `shelter`, `social_services`. Staff only while their training credential is valid (`trained_until`
    not past).

    Args:
        body (ReferralCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | ReferralCreated]
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
    body: ReferralCreate,
) -> ProblemDetails | ReferralCreated | None:
    """Start Referral

     Offer a service to a person. Needs an active consent covering the service's
    recipient sector (GET /v1/reference/service-consents); never any consent or cooperation
    with the justice sector. Without one: 409 missing-consent, at once. An identification
    made moments ago (before its `referable_by`) may still be crossing the bus: the request
    waits for it, then answers 409 subject-not-yet-known with Retry-After if part of it is
    still on its way; a person referral has heard nothing of is 404 once that window has
    passed.

    **Who may call.** Scope `referral:write`. Sectors: `health`, `labour_inspectorate`, `ngo`, `police`,
    `shelter`, `social_services`. Staff only while their training credential is valid (`trained_until`
    not past).

    Args:
        body (ReferralCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | ReferralCreated
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ReferralCreate,
) -> Response[ProblemDetails | ReferralCreated]:
    """Start Referral

     Offer a service to a person. Needs an active consent covering the service's
    recipient sector (GET /v1/reference/service-consents); never any consent or cooperation
    with the justice sector. Without one: 409 missing-consent, at once. An identification
    made moments ago (before its `referable_by`) may still be crossing the bus: the request
    waits for it, then answers 409 subject-not-yet-known with Retry-After if part of it is
    still on its way; a person referral has heard nothing of is 404 once that window has
    passed.

    **Who may call.** Scope `referral:write`. Sectors: `health`, `labour_inspectorate`, `ngo`, `police`,
    `shelter`, `social_services`. Staff only while their training credential is valid (`trained_until`
    not past).

    Args:
        body (ReferralCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | ReferralCreated]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ReferralCreate,
) -> ProblemDetails | ReferralCreated | None:
    """Start Referral

     Offer a service to a person. Needs an active consent covering the service's
    recipient sector (GET /v1/reference/service-consents); never any consent or cooperation
    with the justice sector. Without one: 409 missing-consent, at once. An identification
    made moments ago (before its `referable_by`) may still be crossing the bus: the request
    waits for it, then answers 409 subject-not-yet-known with Retry-After if part of it is
    still on its way; a person referral has heard nothing of is 404 once that window has
    passed.

    **Who may call.** Scope `referral:write`. Sectors: `health`, `labour_inspectorate`, `ngo`, `police`,
    `shelter`, `social_services`. Staff only while their training credential is valid (`trained_until`
    not past).

    Args:
        body (ReferralCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | ReferralCreated
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
