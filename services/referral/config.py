"""Referral service settings."""

from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from nrm_bus.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REFERRAL_", extra="ignore")

    service_name: str = "referral"
    database_url: str = "sqlite+aiosqlite:///.run/referral.db"
    port: int = 8002
    # The referral service's own client, with which the person's data tracker asks every
    # service for their audit entries (deploy/dev/clients.yaml: referral-data-tracker).
    tracker_client_id: str = "referral-data-tracker"
    tracker_client_secret: SecretStr | None = None
