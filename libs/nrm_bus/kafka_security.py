"""How a service authenticates to the brokers: plaintext for Tansu in development, mTLS or
SASL/OAUTHBEARER (client credentials against the OIDC provider) with Apache Kafka."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from aiokafka.abc import AbstractTokenProvider
from aiokafka.helpers import create_ssl_context

from nrm_bus.settings import ServiceSettings


class ClientCredentialsTokenProvider(AbstractTokenProvider):  # type: ignore[misc]
    """Fetches an access token with the client-credentials grant and reuses it until shortly
    before it expires, as aiokafka asks of a token provider."""

    def __init__(
        self, token_url: str, client_id: str, client_secret: str, scope: str | None = None
    ) -> None:
        self._token_url = token_url
        self._auth = (client_id, client_secret)
        self._scope = scope
        self._token: str | None = None
        self._valid_until = 0.0
        self._lock = asyncio.Lock()

    async def token(self) -> str:
        async with self._lock:
            if self._token is None or time.monotonic() > self._valid_until:
                data = {"grant_type": "client_credentials"}
                if self._scope:
                    data["scope"] = self._scope
                async with httpx.AsyncClient(timeout=10) as client:
                    response = await client.post(self._token_url, auth=self._auth, data=data)
                response.raise_for_status()
                body = response.json()
                self._token = str(body["access_token"])
                # Renew at 80% of the lifetime, so no connection presents an expired token.
                self._valid_until = time.monotonic() + 0.8 * float(body.get("expires_in", 60))
            return self._token


def client_options(settings: ServiceSettings) -> dict[str, Any]:
    """Keyword arguments for every aiokafka producer, consumer and admin client."""
    protocol = settings.kafka_security_protocol
    if protocol == "PLAINTEXT":
        return {}
    options: dict[str, Any] = {
        "security_protocol": protocol,
        "ssl_context": create_ssl_context(
            cafile=settings.kafka_ssl_cafile,
            certfile=settings.kafka_ssl_certfile,  # mTLS: the service's own certificate
            keyfile=settings.kafka_ssl_keyfile,
        ),
    }
    if protocol == "SASL_SSL":
        if not (
            settings.kafka_oauth_token_url
            and settings.kafka_oauth_client_id
            and settings.kafka_oauth_client_secret
        ):
            raise ValueError("SASL_SSL needs the OAuth token URL, client id and secret")
        options |= {
            "sasl_mechanism": "OAUTHBEARER",
            "sasl_oauth_token_provider": ClientCredentialsTokenProvider(
                settings.kafka_oauth_token_url,
                settings.kafka_oauth_client_id,
                settings.kafka_oauth_client_secret.get_secret_value(),
            ),
        }
    return options
