"""Writes the next Alembic revision, by autogenerate, where it belongs:

    python -m devtools.revision nrm_bus "audit tables"        # the shared branch
    python -m devtools.revision referral "provider languages"   # one service's history

A scratch SQLite database is migrated to every head and compared with the code. A shared
revision takes only the tables every service shares (those the library adds); a service
revision takes only the others, so a change to a library table never lands in one service's
history. Read the file it writes before committing it (autogenerate misses some changes, and
SQLite hides server defaults); tests/test_migrations.py checks the result on PostgreSQL and
SQLite."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection

from nrm_bus.db import create_engine
from nrm_bus.migrations import SHARED_BRANCH, SHARED_VERSIONS, alembic_config, upgrade

SERVICES = ("identification", "referral", "shelter", "justice", "operations")


def service(name: str) -> tuple[Path, MetaData]:
    """A service's migrations folder and its metadata, every adapter's tables included."""
    bootstrap = importlib.import_module(f"{name}.bootstrap")  # imports all its adapters
    orm = importlib.import_module(f"{name}.adapters.orm")
    return bootstrap.HERE / "migrations", orm.metadata


def shared_tables() -> set[str]:
    """The tables every service has: the ones nrm_bus adds, which its branch migrates."""
    return set.intersection(*(set(service(name)[1].tables) for name in SERVICES))


def _next_id(head: str) -> str:
    prefix, _, number = head.rpartition("_")
    return f"{prefix}_{int(number) + 1:04d}" if prefix else f"{int(head) + 1:04d}"


async def write_revision(target: str, message: str) -> list[Path]:
    shared = target == SHARED_BRANCH
    migrations, _ = service(SERVICES[0] if shared else target)
    keep = shared_tables()

    def include_object(obj: Any, _name: Any, type_: str, _reflected: bool, _other: Any) -> bool:
        table = obj if type_ == "table" else getattr(obj, "table", None)
        return table is None or (table.name in keep) == shared

    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{scratch}/revision.db"
        engine = create_engine(url)
        await upgrade(engine, migrations)
        config = alembic_config(migrations, url)
        config.attributes["include_object"] = include_object
        script = ScriptDirectory.from_config(config)
        shared_heads = {rev.revision for rev in script.get_revisions(f"{SHARED_BRANCH}@head")}
        (head,) = shared_heads if shared else set(script.get_heads()) - shared_heads

        def _revision(connection: Connection) -> Any:
            config.attributes["connection"] = connection
            return command.revision(
                config,
                message,
                autogenerate=True,
                head=head,
                version_path=str(SHARED_VERSIONS if shared else migrations / "versions"),
                rev_id=_next_id(head),
            )

        async with engine.begin() as conn:
            scripts = await conn.run_sync(_revision)
        await engine.dispose()
    return [Path(s.path) for s in (scripts if isinstance(scripts, list) else [scripts]) if s]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=[SHARED_BRANCH, *SERVICES])
    parser.add_argument("message")
    args = parser.parse_args()
    written = asyncio.run(write_revision(args.target, args.message))
    subprocess.run([sys.executable, "-m", "ruff", "format", *map(str, written)], check=False)


if __name__ == "__main__":
    main()
