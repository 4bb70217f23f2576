"""Tables of the identification database."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    false,
    text,
)

from nrm_bus.db import add_bus_tables

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
    # The organisation, sector and client that identified the person (never a name).
    Column("identified_by", JSON, nullable=False, server_default="{}"),
    Column("erased_at", DateTime(timezone=True)),
    Column("erased_by", JSON),
    # A child's guardian or representative: role and organisation, never a name.
    Column("representative", JSON),
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
    Column("jurisdiction", String(2), nullable=False, server_default=""),
    Column("legal_basis", String(60), nullable=False, server_default=""),
    Column("recorded_by", JSON, nullable=False, server_default="{}"),
    Column("withdrawn_by", JSON),
    Column("with_representative", Boolean, nullable=False, server_default=false()),
    Column("expiry_announced_at", DateTime(timezone=True)),
    Index(
        "ix_consents_expiry_due",
        "expires_at",
        postgresql_where=text("expiry_announced_at IS NULL AND withdrawn_at IS NULL"),
    ),
)

reflection_extensions = Table(
    "reflection_extensions",
    metadata,
    Column("extension_id", Uuid, primary_key=True),
    Column("subject_id", Uuid, nullable=False, index=True),
    Column("days", Integer, nullable=False),
    Column("reason", String(500), nullable=False),
    Column("extended_at", DateTime(timezone=True), nullable=False),
    Column("extended_by", JSON, nullable=False),
)
# Each warning and end announced once per end date (an extension re-arms them).
reflection_notices = Table(
    "reflection_notices",
    metadata,
    Column("subject_id", Uuid, primary_key=True),
    Column("notice", String(40), primary_key=True),
    Column("announced_at", DateTime(timezone=True), nullable=False),
)

# What each recipient did when a consent ended, and when the person asked to be erased.
consent_acknowledgements = Table(
    "consent_acknowledgements",
    metadata,
    Column("consent_id", Uuid, primary_key=True),
    Column("service", String(30), primary_key=True),
    Column("action", String(20), nullable=False),
    Column("acknowledged_at", DateTime(timezone=True), nullable=False),
)
erasure_acknowledgements = Table(
    "erasure_acknowledgements",
    metadata,
    Column("subject_id", Uuid, primary_key=True),
    Column("service", String(30), primary_key=True),
    Column("erased_at", DateTime(timezone=True), nullable=False),
)

bus_tables = add_bus_tables(metadata)
