"""Broker authentication options: plaintext for Tansu, mTLS and SASL/OAUTHBEARER for Kafka."""

from __future__ import annotations

import datetime as dt
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from devtools.broker import free_port
from devtools.issuer import LocalIssuer
from nrm_bus.auth import TokenValidator
from nrm_bus.kafka_security import ClientCredentialsTokenProvider, client_options
from nrm_bus.settings import ServiceSettings


def settings(**values: object) -> ServiceSettings:
    return ServiceSettings(service_name="test", database_url="sqlite://", **values)  # type: ignore[arg-type]


def write_certificate(folder: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_plaintext_for_development_adds_nothing() -> None:
    assert client_options(settings()) == {}


def test_mtls_verifies_the_brokers_and_presents_the_services_certificate(tmp_path: Path) -> None:
    ca, _ = write_certificate(tmp_path, "nrm-ca")
    cert, key = write_certificate(tmp_path, "nrm-referral")
    options = client_options(
        settings(
            kafka_security_protocol="SSL",
            kafka_ssl_cafile=str(ca),
            kafka_ssl_certfile=str(cert),
            kafka_ssl_keyfile=str(key),
        )
    )
    context: ssl.SSLContext = options["ssl_context"]
    assert options["security_protocol"] == "SSL"
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert [c["subject"] for c in context.get_ca_certs()] == [((("commonName", "nrm-ca"),),)]


def test_oauthbearer_needs_its_client_credentials() -> None:
    with pytest.raises(ValueError, match="OAuth token URL"):
        client_options(settings(kafka_security_protocol="SASL_SSL"))


async def test_oauthbearer_token_comes_from_the_issuer_and_is_reused() -> None:
    issuer = LocalIssuer(free_port())
    await issuer.start()
    try:
        client = issuer.clients["police-north"]
        provider = ClientCredentialsTokenProvider(
            f"{issuer.url}/token", client.client_id, client.client_secret
        )
        token = await provider.token()
        assert await provider.token() == token
        validator = TokenValidator(
            issuer=issuer.url, audience="nrm", jwks_url=f"{issuer.url}/jwks", algorithms=["RS256"]
        )
        assert (await validator.validate(token)).client_id == "police-north"
    finally:
        await issuer.stop()
