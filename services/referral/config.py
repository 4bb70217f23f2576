"""Referral service settings."""

from pydantic_settings import SettingsConfigDict

from nrm_bus.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REFERRAL_", extra="ignore")

    service_name: str = "referral"
    database_url: str = "sqlite+aiosqlite:///.run/referral.db"
    port: int = 8002
