"""Alembic, run before a service starts. Each service keeps its own `migrations/` folder;
its env.py is two lines that call `run_env` with the service's metadata."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from nrm_bus.db import create_engine


def alembic_config(script_location: Path, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, script_location: Path) -> None:
    config = alembic_config(script_location, engine.url.render_as_string(hide_password=False))

    def _upgrade(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as conn:
        await conn.run_sync(_upgrade)


def run_env(metadata: MetaData) -> None:
    """Body of every service's migrations/env.py (online mode only)."""

    def _run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()

    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return

    async def _standalone() -> None:
        engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
        async with engine.begin() as conn:
            await conn.run_sync(_run)
        await engine.dispose()

    asyncio.run(_standalone())
