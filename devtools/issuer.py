"""The local OAuth2 / OIDC issuer of `make run` (127.0.0.1:8009): discovery, JWKS and a token
endpoint for the client-credentials grant with HTTP Basic client authentication (RFC 6749
4.4). Clients come from deploy/dev/clients.yaml; the RSA signing key is generated at first
start under .run/issuer/. Production uses an existing OIDC provider (deploy/)."""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

import yaml
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from joserfc import jwt
from joserfc.jwk import RSAKey

from devtools.waiting import wait_until
from nrm_bus.auth import SCOPES

ROOT = Path(__file__).resolve().parents[1]
CLIENTS_FILE = ROOT / "deploy" / "dev" / "clients.yaml"
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


def create_issuer(
    issuer_url: str = "http://127.0.0.1:8009",
    *,
    audience: str = "nrm",
    clients: dict[str, Client] | None = None,
    keys: list[RSAKey] | None = None,
    token_lifetime_s: int = 600,
) -> FastAPI:
    """`keys` is the live key list: the last one signs and all are published, so appending
    a key rotates it."""
    clients = clients if clients is not None else load_clients()
    keys = keys if keys is not None else [signing_key()]
    app = FastAPI(title="NRM local issuer (development only)")

    @app.get("/.well-known/openid-configuration")
    async def discovery() -> dict[str, Any]:
        return {
            "issuer": issuer_url,
            "jwks_uri": f"{issuer_url}/jwks",
            "token_endpoint": f"{issuer_url}/token",
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "response_types_supported": ["token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [ALGORITHM],
            "scopes_supported": sorted(SCOPES),
            "claims_supported": [
                "sub",
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

    @app.post("/token")
    async def token(request: Request) -> JSONResponse:
        credentials = _basic_credentials(request)
        client = clients.get(credentials[0]) if credentials else None
        if (
            credentials is None
            or client is None
            or not secrets.compare_digest(client.client_secret.encode(), credentials[1].encode())
        ):
            return _token_error(401, "invalid_client", "client authentication failed")
        form = {
            name: values[0]
            for name, values in parse_qs((await request.body()).decode(errors="replace")).items()
        }
        if form.get("grant_type") != "client_credentials":
            return _token_error(
                400, "unsupported_grant_type", "only client_credentials is supported"
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
        self.keys = [new_signing_key()]  # in memory; tests mint their own bad tokens with it
        config = uvicorn.Config(
            create_issuer(self.url, clients=self.clients, keys=self.keys, **options),
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
