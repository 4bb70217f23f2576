"""Settings every service shares; each service's `config.Settings` extends them."""

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Read from the environment with the service's prefix (e.g. `REFERRAL_DATABASE_URL`),
    falling back to the unprefixed `NRM_*` names for what all services share."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    service_name: str
    database_url: str
    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092", validation_alias="NRM_KAFKA_BOOTSTRAP_SERVERS"
    )
    # Tansu cannot do InitProducerId; Apache Kafka in production turns this on.
    kafka_enable_idempotence: bool = Field(
        default=False, validation_alias="NRM_KAFKA_ENABLE_IDEMPOTENCE"
    )
    # Tansu holds a fetch for the whole wait even when another partition has data, so the
    # default 500 ms would add half a second to every hop.
    kafka_fetch_max_wait_ms: int = Field(default=25, validation_alias="NRM_KAFKA_FETCH_MAX_WAIT_MS")
    # Development talks plaintext to Tansu; production uses mTLS ("SSL" with a client
    # certificate) or SASL/OAUTHBEARER ("SASL_SSL") to Apache Kafka (deploy/README.md).
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_SSL"] = Field(
        default="PLAINTEXT", validation_alias="NRM_KAFKA_SECURITY_PROTOCOL"
    )
    kafka_ssl_cafile: str | None = None
    kafka_ssl_certfile: str | None = None
    kafka_ssl_keyfile: str | None = None
    kafka_oauth_token_url: str | None = None
    kafka_oauth_client_id: str | None = None
    kafka_oauth_client_secret: SecretStr | None = None
    # Default nrm-<service>; tests give each system a group of its own on the shared broker.
    kafka_group_id: str | None = None
    # Where a new group starts. Earliest loses nothing; tests that share one broker start
    # their fresh groups at the end, once assigned, so they do not replay each other.
    kafka_auto_offset_reset: Literal["earliest", "latest"] = "earliest"
    # How long an identification may take to cross the bus to the referral service. The
    # identification response promises the person referable by then (`referable_by`), and
    # referral waits at most this long for a person it has heard nothing of before it
    # answers 404. One value for both, so the promise and the wait agree.
    referable_within_s: float = Field(default=3.0, gt=0, validation_alias="NRM_REFERABLE_WITHIN_S")
    consumer_max_attempts: int = 3
    relay_poll_interval_s: float = 0.2
    relay_batch_size: int = 500
    # Alembic upgrade before serving; production may run it as a separate prestart step.
    migrate_on_start: bool = True
    run_relay: bool = True
    run_consumer: bool = True
    # Access tokens: the local issuer of `make run` by default; production points these at
    # the organisation's OIDC provider (deploy/).
    auth_issuer: str = Field(default="http://127.0.0.1:8009", validation_alias="NRM_AUTH_ISSUER")
    auth_audience: str = Field(default="nrm", validation_alias="NRM_AUTH_AUDIENCE")
    auth_jwks_url: str | None = Field(default=None, validation_alias="NRM_AUTH_JWKS_URL")
    auth_algorithms: list[str] = Field(default=["RS256"], validation_alias="NRM_AUTH_ALGORITHMS")
    # The key vault holding each person's data key (libs/nrm_bus/sealing.py); shared by all
    # services, as a KMS would be.
    keyvault_url: str = Field(
        default="sqlite+aiosqlite:///.run/keyvault.db", validation_alias="NRM_KEYVAULT_URL"
    )
    # Key that signs events leaving the mechanism (cross-border); created there if missing.
    # Every replica of a service must share it (`make run`: .run/<service>-signing-key.json).
    # Unset: a key for this process only (tests), published at /.well-known/jwks.json.
    signing_key_file: str | None = None
    # Where every service answers its audit endpoints (the ports of shared/API.md): the
    # operations service traces and verifies through them, the data tracker reads them.
    service_urls: dict[str, str] = Field(
        default={
            "identification": "http://127.0.0.1:8001",
            "referral": "http://127.0.0.1:8002",
            "shelter": "http://127.0.0.1:8003",
            "justice": "http://127.0.0.1:8004",
        },
        validation_alias="NRM_SERVICE_URLS",
    )
    # How long a distributed read waits for one service before naming it as missing.
    peer_timeout_s: float = 5.0
    # The OIDC provider's token endpoint, for a service's own client credentials; by
    # default the local issuer's.
    auth_token_url: str | None = Field(default=None, validation_alias="NRM_AUTH_TOKEN_URL")
    # A signed checkpoint of the audit log every N entries or T seconds, whichever first.
    audit_checkpoint_every: int = 100
    audit_checkpoint_interval_s: float = 5.0
    # How often the gauges of /metrics (lag, backlog, held events) are sampled.
    metrics_sample_interval_s: float = Field(
        default=2.0, gt=0, validation_alias="NRM_METRICS_SAMPLE_INTERVAL_S"
    )
    log_level: str = Field(default="INFO", validation_alias="NRM_LOG_LEVEL")
    otel_exporter: str = Field(default="none", validation_alias="NRM_OTEL_EXPORTER")

    @property
    def kafka_client_id(self) -> str:
        """The Kafka principal's client id; production ACLs are written against it."""
        return f"nrm-{self.service_name}"

    @property
    def token_url(self) -> str:
        return self.auth_token_url or f"{self.auth_issuer.rstrip('/')}/token"

    @property
    def consumer_group(self) -> str:
        return self.kafka_group_id or f"nrm-{self.service_name}"
