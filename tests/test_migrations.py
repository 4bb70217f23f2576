"""Every service's database, migrated from empty by its own history and the shared branch, is
what its code declares, on PostgreSQL (production, tests) and SQLite (`make run`); and the
tables every service has because of nrm_bus are migrated once, by the shared branch."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, Column, DefaultClause, MetaData, inspect
from sqlalchemy.engine import Connection

from devtools.revision import SERVICES, service, shared_tables
from nrm_bus.db import create_engine
from nrm_bus.migrations import SHARED_BRANCH, upgrade

HINT = (
    "the code's tables differ from what the migrations build: add a revision "
    "(`python -m devtools.revision <service or nrm_bus> MESSAGE`, see README) or fix the code"
)


def _plain(sql: Any) -> str | None:
    """SQL as the database and as SQLAlchemy spell it, reduced to compare: no casts, quotes,
    parentheses, case or spaces (`'{}'::json` and `{}`; `((a IS NULL))` and `a IS NULL`)."""
    if sql is None:
        return None
    text = re.sub(r"::[a-z ]+", "", str(sql).lower())
    return re.sub(r"[()'\"\s]", "", text)


def _server_defaults_differ(
    context: MigrationContext,
    inspected_column: Column[Any],
    metadata_column: Column[Any],
    inspected_default: str | None,
    metadata_default: Any,
    rendered_metadata_default: str | None,
) -> bool:
    # Alembic's own PostgreSQL comparison asks the server, which cannot compare json values.
    return _plain(inspected_default) != _plain(rendered_metadata_default)


def _beyond_autogenerate(connection: Connection, metadata: MetaData) -> list[tuple[Any, ...]]:
    """What compare_metadata leaves out: partial indexes' predicates (PostgreSQL: the
    outbox relay's ix_outbox_pending depends on one) and check constraints."""
    inspector = inspect(connection)
    differences: list[tuple[Any, ...]] = []
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue  # compare_metadata reports it
        if connection.dialect.name == "postgresql":
            reflected = {
                index["name"]: index.get("dialect_options", {}).get("postgresql_where")
                for index in inspector.get_indexes(table.name)
            }
            for index in table.indexes:
                where = index.dialect_options["postgresql"]["where"]
                if index.name in reflected and _plain(reflected[index.name]) != _plain(where):
                    differences.append(
                        ("index_where", table.name, index.name, reflected[index.name], str(where))
                    )
        declared = {
            (check.name, _plain(check.sqltext))
            for check in table.constraints
            if isinstance(check, CheckConstraint)
        }
        found = {
            (check["name"], _plain(check["sqltext"]))
            for check in inspector.get_check_constraints(table.name)
        }
        if declared != found:
            differences.append(("check_constraints", table.name, sorted(found), sorted(declared)))
    return differences


def _describe(difference: Any) -> str:
    if isinstance(difference, list):  # column changes come as a list of one
        return "; ".join(map(_describe, difference))
    shown = (
        repr(getattr(part.arg, "text", part.arg)) if isinstance(part, DefaultClause) else repr(part)
        for part in difference
        if part is not None
    )
    return f"({', '.join(shown)})"


def drift(connection: Connection, metadata: MetaData) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={"compare_type": True, "compare_server_default": _server_defaults_differ},
    )
    differences: list[Any] = list(compare_metadata(context, metadata))
    return differences + _beyond_autogenerate(connection, metadata)


@pytest.mark.parametrize("name", SERVICES)
@pytest.mark.parametrize(
    "dialect", [pytest.param("postgresql", marks=pytest.mark.postgres), "sqlite"]
)
async def test_a_migrated_database_is_what_the_code_declares(
    name: str,
    dialect: str,
    pg_database: Callable[[str], Awaitable[str]],
    tmp_path: Path,
) -> None:
    migrations, metadata = service(name)
    if dialect == "postgresql":
        url = await pg_database(f"drift_{name}")
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / name}.db"
    engine = create_engine(url)
    try:
        await upgrade(engine, migrations)
        async with engine.connect() as conn:
            differences = await conn.run_sync(drift, metadata)
    finally:
        await engine.dispose()
    listing = "\n".join(f"  {_describe(difference)}" for difference in differences)
    assert not differences, f"{name} on {dialect}: {HINT}\n{listing}"


async def test_the_shared_branch_alone_creates_the_tables_every_service_shares(
    tmp_path: Path,
) -> None:
    """A library table migrated in each service's history instead (four copies) fails here;
    so does a shared revision that creates a table some service does not declare."""
    shared = shared_tables()
    for name in SERVICES:
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / name}.db")
        try:
            await upgrade(engine, service(name)[0], f"{SHARED_BRANCH}@head")
            async with engine.connect() as conn:
                tables = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        finally:
            await engine.dispose()
        assert tables - {"alembic_version"} == shared, name


# The shared tables the services' own histories made before the shared branch existed.
OLDER_SHARED = ("outbox", "inbox", "consent_view", "gate_held", "gate_deliveries", "gate_refusals")


async def test_the_shared_branch_leaves_tables_an_older_history_made(tmp_path: Path) -> None:
    """The shared tables already there, made by a service's older history, without the
    shared branch's stamp: its first revision leaves them and the upgrade goes on."""
    migrations, metadata = service("referral")
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'older'}.db")
    try:
        async with engine.begin() as conn:
            await conn.run_sync(
                metadata.create_all, tables=[metadata.tables[name] for name in OLDER_SHARED]
            )
        await upgrade(engine, migrations)
        async with engine.connect() as conn:
            assert await conn.run_sync(drift, metadata) == []
    finally:
        await engine.dispose()
