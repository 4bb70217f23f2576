"""Who is calling, and may they. Every route but /healthz and /openapi.json validates the
bearer JWT (signature against the issuer's JWKS, issuer, audience, expiry, not-before, and an
algorithm allow-list from configuration, never from the token), then each operation states
the scope, sectors and training it needs."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import httpx
from fastapi import Depends, Request
from fastapi.openapi.models import OAuthFlowClientCredentials, OAuthFlows
from fastapi.security import OAuth2, SecurityScopes
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from nrm_bus.access import Grant, PersonRead
from nrm_bus.db import UnitOfWork
from nrm_bus.problems import Problem

log = logging.getLogger(__name__)

# Sectors whose trained staff may identify a person and start a referral (DOMAIN.md).
IDENTIFYING_SECTORS = frozenset(
    {"ngo", "police", "labour_inspectorate", "social_services", "health", "shelter"}
)
JUSTICE_SECTORS = frozenset({"police", "prosecutor"})

SCOPES = {
    "identification:write": "identify a person",
    "identification:read": "read a person's consents, reflection period and data tracker",
    "consent:write": "record or withdraw a person's consent",
    "data-key:read": "receive a person's data key under their consent (recipients abroad)",
    "subject:erase": "erase a person at their request (identifying organisation or auditor)",
    "referral:write": "start, accept or decline referrals",
    "referral:read": "read referrals",
    "provider:write": "register a service provider and answer referrals offered to it",
    "shelter:read": "read the shelter registry",
    "shelter:write": "register shelters and change their capacity",
    "placement:read": "read placements",
    "case:read": "read justice cases",
    "statistics:read": "read aggregate statistics",
    "audit:read": "read audit trails",
    "tracker-hold:write": "hold back a justice sector's entries on a person's data tracker",
    "operations:read": "read the operations overview and the dead letters (no personal data)",
    "dead-letter:write": "replay or discard a dead letter",
}


@dataclass(frozen=True)
class Caller:
    """The authenticated client and the organisation, sector and training it speaks for."""

    client_id: str
    organisation: str
    sector: str
    scopes: frozenset[str]
    trained_until: date | None

    def trained_on(self, day: date) -> bool:
        return self.trained_until is not None and self.trained_until >= day


class TokenValidator:
    """Validates access tokens against the issuer's JWKS; the key set is cached and fetched
    again when a token names a key id it does not hold (the issuer rotated its keys)."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str | None,
        algorithms: Collection[str],
        leeway_s: int = 30,
        refetch_interval_s: float = 30.0,
        fetch: Callable[[str], Awaitable[dict[str, Any]]] | None = None,
    ) -> None:
        if not algorithms or any(
            alg.lower() == "none" or alg.startswith("HS") for alg in algorithms
        ):
            raise ValueError("allowed algorithms must be asymmetric signatures")
        self._algorithms = list(algorithms)
        self._issuer = issuer
        self._jwks_url = jwks_url  # None: found through OIDC discovery
        self._fetch = fetch or _fetch_json
        self._keys: KeySet | None = None
        self._fetched_at = 0.0
        self._refetch_interval_s = refetch_interval_s
        self._lock = asyncio.Lock()
        self._claims = jwt.JWTClaimsRegistry(
            leeway=leeway_s,
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": audience},
            exp={"essential": True},
            sub={"essential": True},
            organisation={"essential": True},
            sector={"essential": True},
        )

    async def _key_set(self, refresh: bool = False) -> KeySet:
        async with self._lock:
            stale = time.monotonic() - self._fetched_at > self._refetch_interval_s
            if self._keys is None or (refresh and stale):
                if self._jwks_url is None:
                    discovery = await self._fetch(
                        f"{self._issuer.rstrip('/')}/.well-known/openid-configuration"
                    )
                    self._jwks_url = str(discovery["jwks_uri"])
                self._keys = KeySet.import_key_set(await self._fetch(self._jwks_url))  # type: ignore[arg-type]
                self._fetched_at = time.monotonic()
            return self._keys

    async def validate(self, token: str) -> Caller:
        """Return the caller, or raise Problem 401 saying what is wrong (never the token)."""
        try:
            try:
                decoded = jwt.decode(token, await self._key_set(), algorithms=self._algorithms)
            except InvalidKeyIdError:
                decoded = jwt.decode(
                    token, await self._key_set(refresh=True), algorithms=self._algorithms
                )
            self._claims.validate(decoded.claims)
        except JoseError as exc:
            raise _unauthorized(f"invalid token ({exc.error})") from exc
        except (ValueError, TypeError, KeyError) as exc:
            raise _unauthorized("invalid token (malformed)") from exc
        except httpx.HTTPError as exc:
            log.error("JWKS unavailable", extra={"error": type(exc).__name__})
            raise Problem(
                503,
                "Service Unavailable",
                "The token issuer's keys are unavailable.",
                "issuer-unavailable",
            ) from exc
        claims = decoded.claims
        trained = claims.get("trained_until")
        try:
            trained_until = date.fromisoformat(trained) if trained else None
        except (TypeError, ValueError) as exc:
            raise _unauthorized("invalid token (trained_until is not a date)") from exc
        return Caller(
            client_id=str(claims.get("client_id") or claims["sub"]),
            organisation=str(claims["organisation"]),
            sector=str(claims["sector"]),
            scopes=frozenset(str(claims.get("scope", "")).split()),
            trained_until=trained_until,
        )


async def _fetch_json(url: str) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.get(url)
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body


def _unauthorized(detail: str) -> Problem:
    return Problem(
        401,
        "Unauthorized",
        detail,
        "unauthorized",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


# Declared once so OpenAPI documents it on every operation; create_app sets the token URL.
oauth2 = OAuth2(
    flows=OAuthFlows(
        clientCredentials=OAuthFlowClientCredentials(tokenUrl="/token", scopes=SCOPES)
    ),
    scheme_name="oauth2",
    description="OAuth2 client credentials; the access token is a JWT.",
    auto_error=False,
)


async def authenticate(
    request: Request, authorization: Annotated[str | None, Depends(oauth2)]
) -> Caller:
    """Router-level dependency: every mounted route needs a valid token."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(
            401,
            "Unauthorized",
            "A bearer token is required.",
            "unauthorized",
            headers={"WWW-Authenticate": "Bearer"},
        )
    cached: Caller | None = getattr(request.state, "caller", None)
    if cached is None:
        validator: TokenValidator = request.app.state.token_validator
        cached = await validator.validate(token.strip())
        request.state.caller = cached
    return cached


def authorize(
    *,
    sectors: Collection[str] | None = None,
    trained: bool = False,
) -> Callable[..., Awaitable[Caller]]:
    """An operation's rule: the scopes come from `Security(..., scopes=[...])`, so OpenAPI
    documents them; sectors and training are checked here. A refusal names the rule."""

    async def check(
        security_scopes: SecurityScopes,
        request: Request,
        caller: Annotated[Caller, Depends(authenticate)],
    ) -> Caller:
        missing = set(security_scopes.scopes) - caller.scopes
        if missing:
            raise _forbidden("missing-scope", f"missing scope: {' '.join(sorted(missing))}")
        if sectors is not None and caller.sector not in sectors:
            raise _forbidden("wrong-sector", f"the {caller.sector} sector may not do this")
        if trained and not caller.trained_on(request.app.state.clock.now().date()):
            detail = (
                "training credential lapsed on " + caller.trained_until.isoformat()
                if caller.trained_until
                else "no training credential"
            )
            raise _forbidden("training-lapsed", detail)
        return caller

    return check


def _forbidden(rule: str, detail: str) -> Problem:
    return Problem(403, "Forbidden", detail, rule, rule=rule)


@dataclass(frozen=True)
class PersonReader:
    """An authenticated caller about to read data about a person, and what it reads: the
    route hands it the person once it knows who the data is about (`admit`)."""

    caller: Caller
    read: PersonRead

    async def admit(
        self, uow: UnitOfWork, subject_id: uuid.UUID | None, resource_id: object = None
    ) -> Grant:
        return await uow.admit(self.caller, self.read, subject_id, resource_id)


def reads_person(
    read: PersonRead, *, sectors: Collection[str] | None = None, trained: bool = False
) -> Callable[..., Awaitable[PersonReader]]:
    """An endpoint that reads data about a person: its scopes come from `Security`, the
    rule of `nrm_bus.access` from `read`, declared together in the service's deps."""
    check = authorize(sectors=sectors, trained=trained)

    # A default, not an annotation: annotations are strings here, and `check` is local.
    async def reader(caller: Caller = Depends(check)) -> PersonReader:
        return PersonReader(caller, read)

    return reader
