"""Staff sign-in to the dashboard: OpenID Connect authorization code with PKCE (S256), the
challenge and the request URI made with Authlib's helpers, against the OIDC provider (the
local issuer in `make run`, Keycloak in production). The session is a random id in an
HttpOnly, SameSite=Strict cookie whose hash is a row of `dashboard_sessions`; the short
sign-in transaction (state, PKCE verifier, nonce) rides in a separate SameSite=Lax cookie,
which survives the provider's redirect back when the provider is on another site, as
Keycloak is."""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
from authlib.common.security import generate_token
from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import delete, insert, select, update

from nrm_bus.auth import Caller, TokenValidator
from nrm_bus.clock import as_utc
from nrm_bus.problems import Problem, problem_response
from operations.adapters.orm import dashboard_sessions
from operations.config import Settings
from operations.entrypoints.templates import templates

log = logging.getLogger(__name__)

SESSION_COOKIE = "nrm_session"
SIGNIN_COOKIE = "nrm_signin"
# Sectors that see the dashboard; auditors read it only.
DASHBOARD_SECTORS = frozenset({"operations", "audit"})
SCOPES = "openid profile operations:read dead-letter:write"

router = APIRouter(prefix="/auth", include_in_schema=False)


@dataclass(frozen=True)
class StaffSession:
    """A signed-in staff member; `client_id` names them in the audit log."""

    client_id: str
    name: str
    organisation: str
    sector: str
    scopes: frozenset[str]
    csrf_token: str

    @property
    def may_operate(self) -> bool:
        return self.sector == "operations" and "dead-letter:write" in self.scopes


class SignInRequired(Exception):
    """No valid session: a page goes to sign-in, a stream or API answers 401."""

    def __init__(self, page: bool, path: str = "/") -> None:
        super().__init__("sign-in required")
        self.page = page
        self.path = path


class CrossSiteRefused(Exception):
    """A form post without this session's CSRF token, or from another site."""


class Provider:
    """The OIDC provider's endpoints and keys, from its discovery document (cached)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._discovery: dict[str, Any] | None = None
        self._keys: tuple[KeySet, float] | None = None

    async def discovery(self) -> dict[str, Any]:
        if self._discovery is None:
            url = self._settings.oidc_discovery_url or (
                f"{self._settings.auth_issuer.rstrip('/')}/.well-known/openid-configuration"
            )
            async with httpx.AsyncClient(timeout=5) as http:
                response = await http.get(url)
                response.raise_for_status()
                self._discovery = response.json()
        return self._discovery

    async def keys(self, refresh: bool = False) -> KeySet:
        if self._keys is None or (refresh and time.monotonic() - self._keys[1] > 30):
            async with httpx.AsyncClient(timeout=5) as http:
                response = await http.get((await self.discovery())["jwks_uri"])
                response.raise_for_status()
                self._keys = (KeySet.import_key_set(response.json()), time.monotonic())
        return self._keys[0]

    @property
    def redirect_uri(self) -> str:
        return f"{self._settings.public_url.rstrip('/')}/auth/callback"

    async def authorization_url(self, state: str, verifier: str, nonce: str) -> str:
        """RFC 6749 4.1.1 with RFC 7636 S256 and the OIDC nonce."""
        return str(
            add_params_to_uri(
                (await self.discovery())["authorization_endpoint"],
                [
                    ("response_type", "code"),
                    ("client_id", self._settings.oidc_client_id),
                    ("redirect_uri", self.redirect_uri),
                    ("scope", SCOPES),
                    ("state", state),
                    ("nonce", nonce),
                    ("code_challenge", create_s256_code_challenge(verifier)),
                    ("code_challenge_method", "S256"),
                ],
            )
        )

    async def exchange(self, code: str, verifier: str) -> dict[str, Any]:
        """The code and the PKCE verifier for tokens (client_secret_basic)."""
        settings = self._settings
        async with httpx.AsyncClient(timeout=10) as http:
            response = await http.post(
                (await self.discovery())["token_endpoint"],
                auth=(settings.oidc_client_id, settings.oidc_client_secret.get_secret_value()),
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": self.redirect_uri,
                    "code_verifier": verifier,
                },
            )
            response.raise_for_status()
            body: dict[str, Any] = response.json()
            return body


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _safe_next(value: str | None) -> str:
    """Only a path of this site: never an open redirect."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def install(app: FastAPI, settings: Settings) -> None:
    secret = settings.session_secret.get_secret_value() or secrets.token_urlsafe(32)
    app.state.signin_serializer = URLSafeTimedSerializer(secret, salt="nrm-dashboard")
    app.state.oidc_provider = Provider(settings)

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        if exc.page:
            return RedirectResponse(f"/auth/login?next={quote(exc.path)}", status_code=303)
        return problem_response(
            401,
            "Unauthorized",
            "Sign in to the dashboard first (or call the API with a bearer token).",
            "https://nrm.example/problems/unauthorized",
        )

    @app.exception_handler(CrossSiteRefused)
    async def _cross_site(request: Request, exc: CrossSiteRefused) -> Response:
        return templates.TemplateResponse(
            request,
            "refused.html",
            {"title": "Refused", "message": str(exc)},
            status_code=403,
        )


def _cookie_options(settings: Settings) -> dict[str, Any]:
    return {"httponly": True, "secure": settings.cookie_secure}


@router.get("/login")
async def login(request: Request, next: str | None = None) -> Response:
    settings: Settings = request.app.state.operations.settings
    provider: Provider = request.app.state.oidc_provider
    state, verifier, nonce = generate_token(32), generate_token(64), generate_token(32)
    try:
        url = await provider.authorization_url(state, verifier, nonce)
    except httpx.HTTPError:
        return templates.TemplateResponse(
            request,
            "refused.html",
            {
                "title": "Sign-in unavailable",
                "message": "The sign-in service does not answer. Try again in a moment.",
            },
            status_code=503,
        )
    response = RedirectResponse(url, status_code=303)
    transaction = request.app.state.signin_serializer.dumps(
        {"state": state, "verifier": verifier, "nonce": nonce, "next": _safe_next(next)}
    )
    response.set_cookie(
        SIGNIN_COOKIE,
        transaction,
        max_age=600,
        path="/auth",
        samesite="lax",
        **_cookie_options(settings),
    )
    return response


@router.get("/callback")
async def callback(
    request: Request,
    code: str | None = None,
    state: str | None = None,
    error: str | None = None,
) -> Response:
    settings: Settings = request.app.state.operations.settings
    provider: Provider = request.app.state.oidc_provider
    try:
        transaction = request.app.state.signin_serializer.loads(
            request.cookies.get(SIGNIN_COOKIE, ""), max_age=600
        )
    except BadSignature:
        transaction = None
    if (
        error
        or not code
        or transaction is None
        or not secrets.compare_digest(str(state or ""), transaction["state"])
    ):
        return _refused(request, "The sign-in could not be completed. Please start again.", 400)
    try:
        token = await provider.exchange(code, transaction["verifier"])
        validator: TokenValidator = request.app.state.token_validator
        caller = await validator.validate(token["access_token"])
        identity = await _id_token(provider, token.get("id_token"), settings, transaction["nonce"])
    except (httpx.HTTPError, Problem, JoseError, KeyError, ValueError) as exc:
        log.warning("sign-in failed", extra={"error": type(exc).__name__})
        return _refused(request, "The sign-in could not be completed. Please start again.", 400)
    if caller.sector not in DASHBOARD_SECTORS or "operations:read" not in caller.scopes:
        return _refused(
            request,
            f"The dashboard is for operations staff and auditors; {caller.organisation} "
            f"({caller.sector}) may not see it.",
            403,
        )
    session_id = await _open_session(request, caller, identity.get("name") or caller.client_id)
    # A page, not a redirect: the Strict cookie is sent on the next, same-site navigation
    # even when the provider that redirected here is on another site.
    response = templates.TemplateResponse(
        request, "signed_in.html", {"title": "Signed in", "next": transaction["next"]}
    )
    response.set_cookie(
        SESSION_COOKIE,
        request.app.state.signin_serializer.dumps(session_id),
        max_age=int(settings.session_hours * 3600),
        path="/",
        samesite="strict",
        **_cookie_options(settings),
    )
    response.delete_cookie(SIGNIN_COOKIE, path="/auth")
    return response


async def _id_token(
    provider: Provider, id_token: str | None, settings: Settings, nonce: str
) -> dict[str, Any]:
    if not id_token:
        raise ValueError("no id_token")
    try:
        decoded = jwt.decode(id_token, await provider.keys(), algorithms=settings.auth_algorithms)
    except JoseError:
        decoded = jwt.decode(
            id_token, await provider.keys(refresh=True), algorithms=settings.auth_algorithms
        )
    jwt.JWTClaimsRegistry(
        leeway=30,
        iss={"essential": True, "value": settings.auth_issuer},
        aud={"essential": True, "value": settings.oidc_client_id},
        nonce={"essential": True, "value": nonce},
        exp={"essential": True},
        sub={"essential": True},
    ).validate(decoded.claims)
    return dict(decoded.claims)


async def _open_session(request: Request, caller: Caller, name: str) -> str:
    settings: Settings = request.app.state.operations.settings
    runtime = request.app.state.operations.runtime
    now = request.app.state.clock.now()
    session_id = secrets.token_urlsafe(32)
    async with runtime.engine.begin() as conn:
        await conn.execute(delete(dashboard_sessions).where(dashboard_sessions.c.expires_at < now))
        await conn.execute(
            insert(dashboard_sessions).values(
                session_hash=_hash(session_id),
                subject=caller.client_id,
                name=name[:200],
                organisation=caller.organisation,
                sector=caller.sector,
                scopes=sorted(caller.scopes),
                csrf_token=secrets.token_urlsafe(32),
                created_at=now,
                last_seen_at=now,
                expires_at=now + timedelta(hours=settings.session_hours),
            )
        )
    return session_id


def _refused(request: Request, message: str, status: int) -> Response:
    response = templates.TemplateResponse(
        request, "refused.html", {"title": "Not signed in", "message": message}, status_code=status
    )
    response.delete_cookie(SIGNIN_COOKIE, path="/auth")
    return response


async def current_session(request: Request) -> StaffSession | None:
    """The session the request's cookie names, if valid; touches its idle clock."""
    settings: Settings = request.app.state.operations.settings
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        session_id = request.app.state.signin_serializer.loads(
            raw, max_age=int(settings.session_hours * 3600)
        )
    except BadSignature:
        return None
    runtime = request.app.state.operations.runtime
    now: datetime = request.app.state.clock.now()
    async with runtime.engine.connect() as conn:
        row = (
            await conn.execute(
                select(dashboard_sessions).where(
                    dashboard_sessions.c.session_hash == _hash(str(session_id))
                )
            )
        ).first()
        if row is None or as_utc(row.expires_at) <= now:
            return None
        idle = timedelta(minutes=settings.session_idle_minutes)
        if now - as_utc(row.last_seen_at) > idle:
            return None
        if now - as_utc(row.last_seen_at) > timedelta(seconds=60):
            await conn.execute(
                update(dashboard_sessions)
                .where(dashboard_sessions.c.session_hash == row.session_hash)
                .values(last_seen_at=now)
            )
            await conn.commit()
    return StaffSession(
        client_id=row.subject,
        name=row.name,
        organisation=row.organisation,
        sector=row.sector,
        scopes=frozenset(row.scopes),
        csrf_token=row.csrf_token,
    )


async def page_session(request: Request) -> StaffSession:
    session = await current_session(request)
    if session is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(page=True, path=path)
    return session


async def stream_session(request: Request) -> StaffSession:
    session = await current_session(request)
    if session is None:
        raise SignInRequired(page=False)
    return session


async def checked_form(request: Request, session: StaffSession) -> dict[str, list[str]]:
    """The posted form, if it carries this session's CSRF token and came from this site;
    otherwise CrossSiteRefused (the SameSite=Strict cookie already keeps most out)."""
    settings: Settings = request.app.state.operations.settings
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        raise CrossSiteRefused("A form from another site was refused.")
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":
        allowed = {_origin(settings.public_url), _origin(str(request.base_url))}
        if _origin(origin) not in allowed:
            raise CrossSiteRefused("A form from another site was refused.")
    body = (await request.body()).decode(errors="replace")
    form = parse_qs(body, keep_blank_values=True)
    token = (form.get("csrf_token") or [""])[0]
    if not token or not secrets.compare_digest(token, session.csrf_token):
        raise CrossSiteRefused("The form had expired or was not sent from the dashboard.")
    return form


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@router.post("/logout")
async def logout(request: Request) -> Response:
    session = await current_session(request)
    if session is not None:
        await checked_form(request, session)
        raw = request.cookies.get(SESSION_COOKIE, "")
        session_id = request.app.state.signin_serializer.loads(raw)
        async with request.app.state.operations.runtime.engine.begin() as conn:
            await conn.execute(
                delete(dashboard_sessions).where(
                    dashboard_sessions.c.session_hash == _hash(str(session_id))
                )
            )
    response = templates.TemplateResponse(
        request,
        "refused.html",
        {"title": "Signed out", "message": "You are signed out.", "signed_out": True},
    )
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
