"""Tables of the identification database."""

from sqlalchemy import JSON, Column, Date, DateTime, Integer, MetaData, String, Table, Uuid

from nrm_bus.db import add_access_log, add_bus_tables

metadata = MetaData()

identifications = Table(
    "identifications",
    metadata,
    Column("identification_id", Uuid, primary_key=True),
    Column("subject_id", Uuid, nullable=False, unique=True),
    Column("grounds", String(20), nullable=False),
    Column("indicators", JSON, nullable=False),
    Column("exploitation_types", JSON, nullable=False),
    Column("person", JSON, nullable=False),
    Column("region", String(100), nullable=False),
    Column("jurisdiction", String(2), nullable=False),
    Column("identified_at", DateTime(timezone=True), nullable=False),
    Column("reflection_starts_on", Date, nullable=False),
    Column("reflection_days", Integer, nullable=False),
)

consents = Table(
    "consents",
    metadata,
    Column("consent_id", Uuid, primary_key=True),
    Column("subject_id", Uuid, nullable=False, index=True),
    Column("purpose", String(30), nullable=False),
    Column("recipient", String(30), nullable=False),
    Column("data_categories", JSON, nullable=False),
    Column("given_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True)),
    Column("withdrawn_at", DateTime(timezone=True)),
    Column("informed", JSON, nullable=False),
)

bus_tables = add_bus_tables(metadata)
access_log = add_access_log(metadata)
