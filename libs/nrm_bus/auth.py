"""Who is calling. Every route but /healthz and /openapi.json depends on this."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from nrm_bus.problems import Problem

_bearer = HTTPBearer(auto_error=False, description="OAuth2 access token (JWT)")


async def require_bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    # Presence only: signature, issuer, audience and claims are checked with the
    # identity and access work (issue 3), behind this same dependency.
    if credentials is None or not credentials.credentials:
        raise Problem(
            401,
            "Unauthorized",
            "A bearer token is required.",
            "unauthorized",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return credentials.credentials


BearerToken = Annotated[str, Depends(require_bearer_token)]
