"""Operations service settings."""

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from nrm_bus.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OPERATIONS_", extra="ignore")

    service_name: str = "operations"
    database_url: str = "sqlite+aiosqlite:///.run/operations.db"
    port: int = 8000

    # --- what counts as stuck, late or stale (the dashboard's alerts) -------------------
    # A referral requested with no answer (offered, waitlisted, declined) after this long.
    stuck_requested_after_s: float = 48 * 3600
    # A consent ended or an erasure asked for, and a service that holds data under it has
    # not acknowledged after this long.
    unacknowledged_after_s: float = 3600
    # Alert when a service's consumer lags by more records than this, in total.
    lag_alert_records: int = 100
    # Alert when the consent gate has held an event for longer than this.
    held_alert_after_s: float = 600
    # Alert when a reflection period ends within this many days with no follow-up.
    reflection_alert_days: int = 3
    # Reflection periods listed when they end within this many days.
    reflection_horizon_days: int = 14
    # A widget whose data is older than this says so.
    stale_after_s: float = 30
    # How often the other services' /metrics are read, and a point of each plot is kept.
    scrape_interval_s: float = 2.0
    history_interval_s: float = 60.0
    history_keep_hours: float = 24.0

    # --- staff sign-in (OIDC authorization code with PKCE) ------------------------------
    # The dashboard's address as the browser sees it: the redirect URI derives from it.
    public_url: str = "http://127.0.0.1:8000"
    oidc_client_id: str = "operations-dashboard"
    oidc_client_secret: SecretStr = SecretStr("")
    # Discovery document of the OIDC provider; by default the issuer's own.
    oidc_discovery_url: str | None = None
    # Signs the session and sign-in cookies. Empty in development: a random key per process
    # (sessions end with a restart). Production sets it, shared by every replica.
    session_secret: SecretStr = SecretStr("")
    session_hours: float = 8.0
    session_idle_minutes: float = 60.0
    # Secure cookies need HTTPS; `make run` serves plain HTTP on loopback.
    cookie_secure: bool = False
    # Operations' own client (client credentials) for the decline statistics of referral.
    client_id: str = "operations"
    client_secret: SecretStr = Field(default=SecretStr(""))
