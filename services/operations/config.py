"""Operations service settings."""

from pydantic_settings import SettingsConfigDict

from nrm_bus.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OPERATIONS_", extra="ignore")

    service_name: str = "operations"
    database_url: str = "sqlite+aiosqlite:///.run/operations.db"
    port: int = 8000
