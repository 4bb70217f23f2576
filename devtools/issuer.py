"""The local OAuth2 / OIDC issuer of `make run` (127.0.0.1:8009): discovery, JWKS, a token
endpoint for the client-credentials grant with HTTP Basic client authentication (RFC 6749
4.4), and for staff in a browser the authorization code grant with PKCE (RFC 6749 4.1, RFC
7636, S256 only) behind a login page, with an ID token (OIDC Core). Clients come from
deploy/dev/clients.yaml, staff and their browser applications from deploy/dev/staff.yaml;
the RSA signing key is generated at first start under .run/issuer/. Production uses an
existing OIDC provider (deploy/)."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import html
import json
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import yaml
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from joserfc import jwt
from joserfc.jwk import RSAKey

from devtools.waiting import wait_until
from nrm_bus.auth import SCOPES

ROOT = Path(__file__).resolve().parents[1]
CLIENTS_FILE = ROOT / "deploy" / "dev" / "clients.yaml"
STAFF_FILE = ROOT / "deploy" / "dev" / "staff.yaml"
CODE_LIFETIME_S = 60
KEY_FILE = ROOT / ".run" / "issuer" / "signing-key.json"
ALGORITHM = "RS256"


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str
    organisation: str
    sector: str
    scopes: tuple[str, ...]
    trained_until: date | None = None


def load_clients(path: Path = CLIENTS_FILE) -> dict[str, Client]:
    entries = yaml.safe_load(path.read_text())["clients"]
    return {
        entry["client_id"]: Client(
            client_id=entry["client_id"],
            client_secret=entry["client_secret"],
            organisation=entry["organisation"],
            sector=entry["sector"],
            scopes=tuple(entry["scopes"]),
            trained_until=entry.get("trained_until"),
        )
        for entry in entries
    }


@dataclass(frozen=True)
class Application:
    """A browser application staff sign in to (authorization code with PKCE)."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]
    scopes: tuple[str, ...]

    def redirects_to(self, uri: str) -> bool:
        """Exactly a registered URI, or a loopback one on any port (RFC 8252 7.3)."""
        if uri in self.redirect_uris:
            return True
        asked = urlsplit(uri)
        if asked.scheme != "http" or asked.hostname not in ("127.0.0.1", "localhost", "::1"):
            return False
        return any(
            (parts := urlsplit(known)).hostname == asked.hostname and parts.path == asked.path
            for known in self.redirect_uris
        )


@dataclass(frozen=True)
class StaffUser:
    username: str
    password: str
    name: str
    organisation: str
    sector: str
    scopes: tuple[str, ...]
    trained_until: date | None = None


def load_staff(path: Path = STAFF_FILE) -> tuple[dict[str, Application], dict[str, StaffUser]]:
    raw = yaml.safe_load(path.read_text())
    applications = {
        entry["client_id"]: Application(
            client_id=entry["client_id"],
            client_secret=entry["client_secret"],
            redirect_uris=tuple(entry["redirect_uris"]),
            scopes=tuple(entry["scopes"]),
        )
        for entry in raw["applications"]
    }
    users = {
        entry["username"]: StaffUser(
            username=entry["username"],
            password=entry["password"],
            name=entry["name"],
            organisation=entry["organisation"],
            sector=entry["sector"],
            scopes=tuple(entry["scopes"]),
            trained_until=entry.get("trained_until"),
        )
        for entry in raw["users"]
    }
    return applications, users


@dataclass(frozen=True)
class Grant:
    """An authorization code not yet exchanged."""

    application: str
    redirect_uri: str
    challenge: str
    nonce: str | None
    username: str
    scopes: tuple[str, ...]
    expires: float


def new_signing_key() -> RSAKey:
    return RSAKey.generate_key(
        2048,
        parameters={"kid": uuid.uuid4().hex[:16], "use": "sig", "alg": ALGORITHM},
        private=True,
    )


def signing_key(path: Path = KEY_FILE) -> RSAKey:
    """The issuer's key, generated once and kept (private) under the git-ignored run folder."""
    if path.exists():
        return RSAKey.import_key(json.loads(path.read_text()))
    path.parent.mkdir(parents=True, exist_ok=True)
    key = new_signing_key()
    path.touch(mode=0o600)
    path.write_text(json.dumps(key.as_dict(private=True)))
    return key


def _token_error(status: int, error: str, description: str) -> JSONResponse:
    headers = {"Cache-Control": "no-store"}
    if error == "invalid_client":
        headers["WWW-Authenticate"] = 'Basic realm="nrm"'
    return JSONResponse(
        {"error": error, "error_description": description}, status_code=status, headers=headers
    )


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return unquote(client_id), unquote(secret)


def _login_page(params: dict[str, str], application: str, error: str | None = None) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
        for name, value in params.items()
    )
    alert = f'<p role="alert" class="error">{html.escape(error)}</p>' if error else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in — NRM (local issuer)</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; background: #f6f8fa; color: #1b1f24; margin: 0; }}
main {{ max-width: 24em; margin: 4em auto; background: #fff; padding: 2em; border-radius: 8px;
        border: 1px solid #d0d7de; }}
label {{ display: block; margin-top: 1em; font-weight: 600; }}
input {{ width: 100%; padding: .5em; font: inherit; border: 1px solid #8c959f;
         border-radius: 4px; }}
button {{ margin-top: 1.5em; width: 100%; padding: .6em; font: inherit; background: #1f6feb;
          color: #fff; border: 0; border-radius: 4px; cursor: pointer; }}
:focus-visible {{ outline: 3px solid #0969da; outline-offset: 2px; }}
.error {{ color: #a40e26; background: #ffebe9; padding: .5em; border-radius: 4px; }}
.note {{ color: #4b5563; font-size: .9em; }}
</style></head>
<body><main>
<h1>Sign in</h1>
<p class="note">to <strong>{html.escape(application)}</strong> — local development issuer;
the demo staff are in deploy/dev/staff.yaml.</p>
{alert}
<form method="post" action="/authorize">
{hidden}
<label for="username">User name</label>
<input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
</main></body></html>"""


def _code_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def create_issuer(
    issuer_url: str = "http://127.0.0.1:8009",
    *,
    audience: str = "nrm",
    clients: dict[str, Client] | None = None,
    keys: list[RSAKey] | None = None,
    token_lifetime_s: int = 600,
    staff: tuple[dict[str, Application], dict[str, StaffUser]] | None = None,
) -> FastAPI:
    """`keys` is the live key list: the last one signs and all are published, so appending
    a key rotates it."""
    clients = clients if clients is not None else load_clients()
    keys = keys if keys is not None else [signing_key()]
    applications, users = staff if staff is not None else load_staff()
    grants: dict[str, Grant] = {}
    app = FastAPI(title="NRM local issuer (development only)")

    @app.get("/.well-known/openid-configuration")
    async def discovery() -> dict[str, Any]:
        return {
            "issuer": issuer_url,
            "jwks_uri": f"{issuer_url}/jwks",
            "token_endpoint": f"{issuer_url}/token",
            "authorization_endpoint": f"{issuer_url}/authorize",
            "grant_types_supported": ["client_credentials", "authorization_code"],
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
            ],
            "code_challenge_methods_supported": ["S256"],
            "response_types_supported": ["code", "token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [ALGORITHM],
            "scopes_supported": sorted(SCOPES),
            "claims_supported": [
                "sub",
                "name",
                "nonce",
                "client_id",
                "organisation",
                "sector",
                "scope",
                "trained_until",
            ],
        }

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/jwks")
    async def jwks() -> dict[str, Any]:
        return {"keys": [key.as_dict(private=False) for key in keys]}

    def _authorization_request(
        params: dict[str, str],
    ) -> tuple[Application | None, Response | None]:
        """The application, or the answer to a request that cannot go on: an error page
        while the redirect URI is unknown (never redirect to it), then errors by redirect."""
        application = applications.get(params.get("client_id", ""))
        redirect_uri = params.get("redirect_uri", "")
        if application is None or not application.redirects_to(redirect_uri):
            return None, HTMLResponse(
                "<!doctype html><html lang=en><title>Bad request</title><h1>Bad request</h1>"
                "<p>Unknown application or redirect URI.</p></html>",
                status_code=400,
            )

        def back(error: str) -> Response:
            query = {"error": error, **({"state": params["state"]} if "state" in params else {})}
            return RedirectResponse(f"{redirect_uri}?{urlencode(query)}", status_code=303)

        if params.get("response_type") != "code":
            return None, back("unsupported_response_type")
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            return None, back("invalid_request")  # PKCE with S256 is required
        return application, None

    @app.get("/authorize")
    async def authorize_page(request: Request) -> Response:
        params = dict(request.query_params)
        application, refusal = _authorization_request(params)
        if refusal is not None or application is None:
            return refusal or Response(status_code=400)
        return HTMLResponse(_login_page(params, application.client_id))

    @app.post("/authorize")
    async def authorize(request: Request) -> Response:
        form = {
            name: values[0]
            for name, values in parse_qs((await request.body()).decode(errors="replace")).items()
        }
        username, password = form.pop("username", ""), form.pop("password", "")
        application, refusal = _authorization_request(form)
        if refusal is not None or application is None:
            return refusal or Response(status_code=400)
        user = users.get(username)
        if user is None or not secrets.compare_digest(user.password.encode(), password.encode()):
            return HTMLResponse(
                _login_page(form, application.client_id, "Unknown user name or wrong password."),
                status_code=401,
            )
        requested = [
            scope for scope in form.get("scope", "").split() if scope in application.scopes
        ]
        code = secrets.token_urlsafe(32)
        grants[code] = Grant(
            application=application.client_id,
            redirect_uri=form["redirect_uri"],
            challenge=form["code_challenge"],
            nonce=form.get("nonce"),
            username=user.username,
            scopes=tuple(requested),
            expires=time.time() + CODE_LIFETIME_S,
        )
        query = {"code": code, **({"state": form["state"]} if "state" in form else {})}
        return RedirectResponse(f"{form['redirect_uri']}?{urlencode(query)}", status_code=303)

    def _code_tokens(form: dict[str, str], application: Application) -> JSONResponse:
        grant = grants.pop(form.get("code", ""), None)  # single use, whatever happens next
        if (
            grant is None
            or grant.expires < time.time()
            or grant.application != application.client_id
            or grant.redirect_uri != form.get("redirect_uri")
        ):
            return _token_error(400, "invalid_grant", "unknown, expired or mismatched code")
        verifier = form.get("code_verifier", "")
        if not 43 <= len(verifier) <= 128 or not secrets.compare_digest(
            _code_challenge(verifier), grant.challenge
        ):
            return _token_error(400, "invalid_grant", "PKCE verification failed")
        user = users[grant.username]
        # The staff member's own rights, as far as the application asked for them.
        scopes = [scope for scope in user.scopes if scope in grant.scopes]
        now = int(time.time())
        key = keys[-1]
        claims: dict[str, Any] = {
            "iss": issuer_url,
            "aud": audience,
            "sub": user.username,
            "azp": application.client_id,
            "name": user.name,
            "organisation": user.organisation,
            "sector": user.sector,
            "scope": " ".join(scopes),
            "iat": now,
            "nbf": now,
            "exp": now + token_lifetime_s,
            "jti": uuid.uuid4().hex,
        }
        if user.trained_until is not None:
            claims["trained_until"] = user.trained_until.isoformat()
        identity: dict[str, Any] = {
            "iss": issuer_url,
            "aud": application.client_id,
            "sub": user.username,
            "name": user.name,
            "iat": now,
            "auth_time": now,
            "exp": now + token_lifetime_s,
            **({"nonce": grant.nonce} if grant.nonce else {}),
        }
        header = {"alg": ALGORITHM, "kid": key.kid}
        return JSONResponse(
            {
                "access_token": jwt.encode({**header, "typ": "at+jwt"}, claims, key),
                "id_token": jwt.encode({**header, "typ": "JWT"}, identity, key),
                "token_type": "Bearer",
                "expires_in": token_lifetime_s,
                "scope": " ".join(["openid", *scopes] if "openid" in grant.scopes else scopes),
            },
            headers={"Cache-Control": "no-store"},
        )

    @app.post("/token")
    async def token(request: Request) -> JSONResponse:
        form = {
            name: values[0]
            for name, values in parse_qs((await request.body()).decode(errors="replace")).items()
        }
        credentials = _basic_credentials(request) or (
            (form["client_id"], form.get("client_secret", "")) if "client_id" in form else None
        )
        if form.get("grant_type") == "authorization_code":
            application = applications.get(credentials[0]) if credentials else None
            if (
                credentials is None
                or application is None
                or not secrets.compare_digest(
                    application.client_secret.encode(), credentials[1].encode()
                )
            ):
                return _token_error(401, "invalid_client", "client authentication failed")
            return _code_tokens(form, application)
        client = clients.get(credentials[0]) if credentials else None
        if (
            credentials is None
            or client is None
            or not secrets.compare_digest(client.client_secret.encode(), credentials[1].encode())
        ):
            return _token_error(401, "invalid_client", "client authentication failed")
        if form.get("grant_type") != "client_credentials":
            return _token_error(
                400,
                "unsupported_grant_type",
                "client_credentials, or authorization_code for a browser application",
            )
        requested = form.get("scope", "").split() or list(client.scopes)
        if not set(requested) <= set(client.scopes):
            return _token_error(400, "invalid_scope", "scope not granted to this client")
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": issuer_url,
            "aud": audience,
            "sub": client.client_id,
            "client_id": client.client_id,
            "organisation": client.organisation,
            "sector": client.sector,
            "scope": " ".join(requested),
            "iat": now,
            "nbf": now,
            "exp": now + token_lifetime_s,
            "jti": uuid.uuid4().hex,
        }
        if client.trained_until is not None:
            claims["trained_until"] = client.trained_until.isoformat()
        key = keys[-1]
        access_token = jwt.encode({"alg": ALGORITHM, "kid": key.kid, "typ": "at+jwt"}, claims, key)
        return JSONResponse(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": token_lifetime_s,
                "scope": " ".join(requested),
            },
            headers={"Cache-Control": "no-store"},
        )

    return app


def app() -> FastAPI:
    """`uvicorn --factory devtools.issuer:app`: the issuer at NRM_AUTH_ISSUER, the same
    setting the services validate against."""
    return create_issuer(os.environ.get("NRM_AUTH_ISSUER", "http://127.0.0.1:8009"))


async def client_token(issuer_url: str, client: Client, scope: str | None = None) -> str:
    """A token the way an agency's system gets one: client credentials over HTTP Basic."""
    import httpx

    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"{issuer_url}/token",
            auth=(client.client_id, client.client_secret),
            data={"grant_type": "client_credentials", **({"scope": scope} if scope else {})},
        )
    response.raise_for_status()
    token: str = response.json()["access_token"]
    return token


class LocalIssuer:
    """The issuer served by uvicorn inside the current event loop, on a free loopback port;
    for tests and benchmarks."""

    def __init__(self, port: int, **options: Any) -> None:
        import uvicorn

        self.url = f"http://127.0.0.1:{port}"
        self.clients = load_clients()
        self.applications, self.users = load_staff()
        self.keys = [new_signing_key()]  # in memory; tests mint their own bad tokens with it
        config = uvicorn.Config(
            create_issuer(
                self.url,
                clients=self.clients,
                keys=self.keys,
                staff=(self.applications, self.users),
                **options,
            ),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
        )
        self._server = uvicorn.Server(config)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._server.serve())
        await wait_until(lambda: self._server.started)

    async def stop(self) -> None:
        self._server.should_exit = True
        if self._task:
            await self._task

    async def token(self, client_id: str, scope: str | None = None) -> str:
        return await client_token(self.url, self.clients[client_id], scope)
