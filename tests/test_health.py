"""/healthz answers 503 naming what is unreachable, without a token."""

import httpx

from devtools.broker import free_port
from referral.bootstrap import bootstrap
from referral.config import Settings


async def test_health_names_the_unreachable_database_and_broker() -> None:
    nothing_there = free_port()
    app = bootstrap(
        Settings(
            database_url=f"postgresql+asyncpg://postgres@127.0.0.1:{nothing_there}/nowhere",
            kafka_bootstrap_servers=f"127.0.0.1:{nothing_there}",
        )
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://referral"
    ) as client:
        response = await client.get("/healthz")
    assert response.status_code == 503
    problems = response.json()["problems"]
    assert problems["database"].startswith("unreachable")
    assert problems["broker"].startswith("unreachable")
    await app.state.runtime.stop()
