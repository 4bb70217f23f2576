"""Identification service settings."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from nrm_bus.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="IDENTIFICATION_", extra="ignore")

    service_name: str = "identification"
    database_url: str = "sqlite+aiosqlite:///.run/identification.db"
    port: int = 8001
    # How often consents past their expiry are announced as expired, without any request.
    consent_expiry_sweep_s: float = Field(default=30.0, gt=0)
