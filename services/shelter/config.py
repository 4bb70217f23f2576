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
    # How often expired holds are released without anyone asking.
    hold_sweep_interval_s: float = Field(default=30.0, gt=0)
    # After a hold runs out, how long the bed waits for an acceptance still on the bus.
    hold_grace_minutes: int = Field(default=10, ge=0)
