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
    # Days before the end of a reflection period at which a warning is announced.
    reflection_warning_days: list[int] = Field(default=[14, 3])
    # How often due warnings and ends of reflection periods are looked for.
    reflection_sweep_s: float = Field(default=60.0, gt=0)
