from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.consistency_proof_response_consistency_proof import ConsistencyProofResponseConsistencyProof
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response


def _get_kwargs(
    *,
    first: int,
    second: int,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["first"] = first

    params["second"] = second

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/consistency",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConsistencyProofResponseConsistencyProof | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = ConsistencyProofResponseConsistencyProof.from_dict(response.json())

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
) -> Response[ConsistencyProofResponseConsistencyProof | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    first: int,
    second: int,
) -> Response[ConsistencyProofResponseConsistencyProof | ProblemDetails]:
    """Consistency Proof

     An RFC 9162 consistency proof that the log of `second` entries extends the log of
    `first`: held against two signed checkpoints, it shows nothing before `first` was
    rewritten, without reading the log.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        first (int): The size of the earlier tree (a checkpoint's).
        second (int): The size of the later tree, at most the log's size.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsistencyProofResponseConsistencyProof | ProblemDetails]
    """

    kwargs = _get_kwargs(
        first=first,
        second=second,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    first: int,
    second: int,
) -> ConsistencyProofResponseConsistencyProof | ProblemDetails | None:
    """Consistency Proof

     An RFC 9162 consistency proof that the log of `second` entries extends the log of
    `first`: held against two signed checkpoints, it shows nothing before `first` was
    rewritten, without reading the log.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        first (int): The size of the earlier tree (a checkpoint's).
        second (int): The size of the later tree, at most the log's size.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsistencyProofResponseConsistencyProof | ProblemDetails
    """

    return sync_detailed(
        client=client,
        first=first,
        second=second,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    first: int,
    second: int,
) -> Response[ConsistencyProofResponseConsistencyProof | ProblemDetails]:
    """Consistency Proof

     An RFC 9162 consistency proof that the log of `second` entries extends the log of
    `first`: held against two signed checkpoints, it shows nothing before `first` was
    rewritten, without reading the log.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        first (int): The size of the earlier tree (a checkpoint's).
        second (int): The size of the later tree, at most the log's size.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsistencyProofResponseConsistencyProof | ProblemDetails]
    """

    kwargs = _get_kwargs(
        first=first,
        second=second,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    first: int,
    second: int,
) -> ConsistencyProofResponseConsistencyProof | ProblemDetails | None:
    """Consistency Proof

     An RFC 9162 consistency proof that the log of `second` entries extends the log of
    `first`: held against two signed checkpoints, it shows nothing before `first` was
    rewritten, without reading the log.

    **Who may call.** Scope `audit:read`. Sectors: `audit`.

    Args:
        first (int): The size of the earlier tree (a checkpoint's).
        second (int): The size of the later tree, at most the log's size.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsistencyProofResponseConsistencyProof | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
            first=first,
            second=second,
        )
    ).parsed
