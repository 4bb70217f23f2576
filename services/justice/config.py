"""Justice service settings."""

from pydantic_settings import SettingsConfigDict

from nrm_bus.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="JUSTICE_", extra="ignore")

    service_name: str = "justice"
    database_url: str = "sqlite+aiosqlite:///.run/justice.db"
    port: int = 8004
