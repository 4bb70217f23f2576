"""Tables of the justice database."""

from sqlalchemy import JSON, Column, DateTime, MetaData, String, Table, Uuid

from nrm_bus.db import add_bus_tables

metadata = MetaData()

cases = Table(
    "cases",
    metadata,
    Column("subject_id", Uuid, primary_key=True),
    Column("consent_id", Uuid, nullable=False),
    Column("purpose", String(30), nullable=False),
    Column("recipient", String(30), nullable=False),
    Column("region", String(100)),
    Column("jurisdiction", String(2), nullable=False),
    Column("exploitation_types", JSON, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("indicators", JSON, nullable=False, server_default="[]"),
    # Only the identity fields the consent covers; empty when it covers none.
    Column("identity", JSON, nullable=False, server_default="{}"),
)

bus_tables = add_bus_tables(metadata)
