"""Operations service settings."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from nrm_bus.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OPERATIONS_", extra="ignore")

    service_name: str = "operations"
    database_url: str = "sqlite+aiosqlite:///.run/operations.db"
    port: int = 8000
    # Where each service answers its audit endpoints (the ports of shared/API.md).
    service_urls: dict[str, str] = Field(
        default={
            "identification": "http://127.0.0.1:8001",
            "referral": "http://127.0.0.1:8002",
            "shelter": "http://127.0.0.1:8003",
            "justice": "http://127.0.0.1:8004",
        }
    )
    # How long a trace waits for one service before naming it as missing.
    peer_timeout_s: float = 5.0
