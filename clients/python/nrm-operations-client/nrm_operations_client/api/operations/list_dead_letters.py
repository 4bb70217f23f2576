from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_dead_letters_response_200_item import ListDeadLettersResponse200Item
from ...models.list_dead_letters_status_type_0 import ListDeadLettersStatusType0
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    topic: None | str | Unset = UNSET,
    status: ListDeadLettersStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 500,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_topic: None | str | Unset
    if isinstance(topic, Unset):
        json_topic = UNSET
    else:
        json_topic = topic
    params["topic"] = json_topic

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListDeadLettersStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/dead-letters",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | list[ListDeadLettersResponse200Item] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = ListDeadLettersResponse200Item.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 401:
        response_401 = ProblemDetails.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

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
) -> Response[ProblemDetails | list[ListDeadLettersResponse200Item]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    topic: None | str | Unset = UNSET,
    status: ListDeadLettersStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 500,
) -> Response[ProblemDetails | list[ListDeadLettersResponse200Item]]:
    """List Dead Letters

     Dead letters by their headers (reason, consumer, time, event type and id), newest
    first; never the event's value.

    **Who may call.** Scope `operations:read`. Sectors: `audit`, `operations`.

    Args:
        topic (None | str | Unset): Only those of this original topic.
        status (ListDeadLettersStatusType0 | None | Unset): Only those still to handle (`new`), or
            handled so.
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | list[ListDeadLettersResponse200Item]]
    """

    kwargs = _get_kwargs(
        topic=topic,
        status=status,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    topic: None | str | Unset = UNSET,
    status: ListDeadLettersStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 500,
) -> ProblemDetails | list[ListDeadLettersResponse200Item] | None:
    """List Dead Letters

     Dead letters by their headers (reason, consumer, time, event type and id), newest
    first; never the event's value.

    **Who may call.** Scope `operations:read`. Sectors: `audit`, `operations`.

    Args:
        topic (None | str | Unset): Only those of this original topic.
        status (ListDeadLettersStatusType0 | None | Unset): Only those still to handle (`new`), or
            handled so.
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | list[ListDeadLettersResponse200Item]
    """

    return sync_detailed(
        client=client,
        topic=topic,
        status=status,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    topic: None | str | Unset = UNSET,
    status: ListDeadLettersStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 500,
) -> Response[ProblemDetails | list[ListDeadLettersResponse200Item]]:
    """List Dead Letters

     Dead letters by their headers (reason, consumer, time, event type and id), newest
    first; never the event's value.

    **Who may call.** Scope `operations:read`. Sectors: `audit`, `operations`.

    Args:
        topic (None | str | Unset): Only those of this original topic.
        status (ListDeadLettersStatusType0 | None | Unset): Only those still to handle (`new`), or
            handled so.
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | list[ListDeadLettersResponse200Item]]
    """

    kwargs = _get_kwargs(
        topic=topic,
        status=status,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    topic: None | str | Unset = UNSET,
    status: ListDeadLettersStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 500,
) -> ProblemDetails | list[ListDeadLettersResponse200Item] | None:
    """List Dead Letters

     Dead letters by their headers (reason, consumer, time, event type and id), newest
    first; never the event's value.

    **Who may call.** Scope `operations:read`. Sectors: `audit`, `operations`.

    Args:
        topic (None | str | Unset): Only those of this original topic.
        status (ListDeadLettersStatusType0 | None | Unset): Only those still to handle (`new`), or
            handled so.
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | list[ListDeadLettersResponse200Item]
    """

    return (
        await asyncio_detailed(
            client=client,
            topic=topic,
            status=status,
            limit=limit,
        )
    ).parsed
