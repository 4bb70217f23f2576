from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subject_id: UUID,
    *,
    language: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_language: None | str | Unset
    if isinstance(language, Unset):
        json_language = UNSET
    else:
        json_language = language
    params["language"] = json_language

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/subjects/{subject_id}/information-sheet".format(
            subject_id=quote(str(subject_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDetails | str | None:
    if response.status_code == 200:
        response_200 = response.text
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
) -> Response[ProblemDetails | str]:
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
    language: None | str | Unset = UNSET,
) -> Response[ProblemDetails | str]:
    """Information Sheet

     The sheet for the organisation that identified the person, at once after the
    identification and whether or not she consented to any assistance. Anyone else: the
    404 of a person who does not exist.

    **Who may call.** Scope `identification:write`. Sectors: `health`, `labour_inspectorate`, `ngo`,
    `police`, `shelter`, `social_services`. Staff only while their training credential is valid
    (`trained_until` not past). Reads a person's data: answered only to the organisation that identified
    the person; anyone else gets the 404 of a person who does not exist. The read is an audit entry.

    Args:
        subject_id (UUID):
        language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | str]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        language=language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
    language: None | str | Unset = UNSET,
) -> ProblemDetails | str | None:
    """Information Sheet

     The sheet for the organisation that identified the person, at once after the
    identification and whether or not she consented to any assistance. Anyone else: the
    404 of a person who does not exist.

    **Who may call.** Scope `identification:write`. Sectors: `health`, `labour_inspectorate`, `ngo`,
    `police`, `shelter`, `social_services`. Staff only while their training credential is valid
    (`trained_until` not past). Reads a person's data: answered only to the organisation that identified
    the person; anyone else gets the 404 of a person who does not exist. The read is an audit entry.

    Args:
        subject_id (UUID):
        language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | str
    """

    return sync_detailed(
        subject_id=subject_id,
        client=client,
        language=language,
    ).parsed


async def asyncio_detailed(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
    language: None | str | Unset = UNSET,
) -> Response[ProblemDetails | str]:
    """Information Sheet

     The sheet for the organisation that identified the person, at once after the
    identification and whether or not she consented to any assistance. Anyone else: the
    404 of a person who does not exist.

    **Who may call.** Scope `identification:write`. Sectors: `health`, `labour_inspectorate`, `ngo`,
    `police`, `shelter`, `social_services`. Staff only while their training credential is valid
    (`trained_until` not past). Reads a person's data: answered only to the organisation that identified
    the person; anyone else gets the 404 of a person who does not exist. The read is an audit entry.

    Args:
        subject_id (UUID):
        language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | str]
    """

    kwargs = _get_kwargs(
        subject_id=subject_id,
        language=language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subject_id: UUID,
    *,
    client: AuthenticatedClient,
    language: None | str | Unset = UNSET,
) -> ProblemDetails | str | None:
    """Information Sheet

     The sheet for the organisation that identified the person, at once after the
    identification and whether or not she consented to any assistance. Anyone else: the
    404 of a person who does not exist.

    **Who may call.** Scope `identification:write`. Sectors: `health`, `labour_inspectorate`, `ngo`,
    `police`, `shelter`, `social_services`. Staff only while their training credential is valid
    (`trained_until` not past). Reads a person's data: answered only to the organisation that identified
    the person; anyone else gets the 404 of a person who does not exist. The read is an audit entry.

    Args:
        subject_id (UUID):
        language (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | str
    """

    return (
        await asyncio_detailed(
            subject_id=subject_id,
            client=client,
            language=language,
        )
    ).parsed
