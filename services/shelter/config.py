"""Shelter service settings."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from nrm_bus.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SHELTER_", extra="ignore")

    service_name: str = "shelter"
    database_url: str = "sqlite+aiosqlite:///.run/shelter.db"
    port: int = 8003
    # How long an offered bed is kept for the person to decide.
    hold_hours: int = Field(default=24, gt=0)
