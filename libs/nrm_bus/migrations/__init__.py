"""Alembic, run before a service starts. Two branches meet in every service's database:

- the shared branch (label ``nrm_bus``), in ``versions/`` beside this file: the tables every
  service has because of this library (outbox, inbox, the consent gate's tables, the access
  log). Written once, applied to each service's database;
- the service's own history, in ``services/<name>/migrations/versions/``: its own tables. Its
  first revision ``depends_on`` the shared branch's first revision, so the shared tables are
  there before anything of the service's.

Each service's ``migrations/`` folder holds its env.py (two lines that call `run_env` with
the service's metadata, shared tables included) and its versions; `alembic_config` adds the
shared versions folder to its ``version_locations``, and `upgrade` takes every branch to its
head (``alembic upgrade heads``).

A new shared revision (the audit tables, dropping ``access_log``) is one new file in
``versions/`` here and nothing else in the migrations: ``down_revision`` is the shared
branch's current head (``nrm_bus_0001``, then ``nrm_bus_0002``...), ``branch_labels`` and
``depends_on`` stay None. No service's history changes, because `upgrade` follows every head
and the services depend only on the shared branch's first revision; a service revision that
needs a later shared one (a foreign key to an audit table, say) names it in its own
``depends_on``. ``python -m devtools.revision nrm_bus "message"`` writes that file by
autogenerate from the tables every service declares (a new library table therefore goes
into every service's metadata, as the outbox does). tests/test_migrations.py fails until
the code and both branches agree in every service, on PostgreSQL and SQLite, and until the
shared branch alone creates exactly the tables all services share.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from nrm_bus.db import create_engine

SHARED_BRANCH = "nrm_bus"
SHARED_VERSIONS = Path(__file__).resolve().parent / "versions"


def alembic_config(script_location: Path, url: str) -> Config:
    """The configuration of one service's database: its own versions and the shared ones."""
    config = Config()

    def escaped(value: str) -> str:  # the options go through configparser interpolation
        return value.replace("%", "%%")

    config.set_main_option("script_location", escaped(str(script_location)))
    config.set_main_option("path_separator", "os")
    config.set_main_option(
        "version_locations",
        escaped(os.pathsep.join([str(script_location / "versions"), str(SHARED_VERSIONS)])),
    )
    config.set_main_option("sqlalchemy.url", escaped(url))
    return config


async def upgrade(engine: AsyncEngine, script_location: Path, target: str = "heads") -> None:
    """Every branch to its head, unless told otherwise (``nrm_bus@head``: the shared one)."""
    config = alembic_config(script_location, engine.url.render_as_string(hide_password=False))

    def _upgrade(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, target)

    async with engine.begin() as conn:
        await conn.run_sync(_upgrade)


def run_env(metadata: MetaData) -> None:
    """Body of every service's migrations/env.py (online mode only). A caller may put an
    ``include_object`` hook in the config's attributes (devtools.revision does, to write a
    shared and a service revision apart)."""
    options: dict[str, Any] = {}
    include_object = context.config.attributes.get("include_object")
    if include_object is not None:
        options["include_object"] = include_object

    def _run(connection: Connection) -> None:
        context.configure(
            connection=connection, target_metadata=metadata, render_as_batch=True, **options
        )
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
