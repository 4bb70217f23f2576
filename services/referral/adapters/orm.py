"""Tables of the referral database."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
)

from nrm_bus.db import add_bus_tables

metadata = MetaData()

subjects = Table(
    "subjects",
    metadata,
    Column("subject_id", Uuid, primary_key=True),
    Column("region", String(100), nullable=False),
    Column("jurisdiction", String(2), nullable=False),
    Column("target_group", String(20), nullable=False),
    Column("is_child", Boolean, nullable=False),
    Column("languages", JSON, nullable=False),
    Column("consent_ids", JSON, nullable=False),
    Column("reflection_ends_on", Date),
    Column("reflection_days", Integer),
    Column("identified_by_sector", String(30)),
    Column("exploitation_types", JSON, nullable=False, server_default="[]"),
    Column("identified_by_organisation", String(200)),
)

referrals = Table(
    "referrals",
    metadata,
    Column("referral_id", Uuid, primary_key=True),
    Column("subject_id", Uuid, nullable=False, index=True),
    Column("service_type", String(20), nullable=False),
    Column("region", String(100), nullable=False),
    Column("needs", JSON, nullable=False),
    Column("consent_id", Uuid, nullable=False),
    Column("status", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("history", JSON, nullable=False),
    Column("placement", JSON),
    Column("dimensions", JSON, nullable=False, server_default="{}"),
    Column("provider", JSON),
    # The organisation that made the referral: the only one that may revoke it.
    Column("referred_by_organisation", String(200)),
)

providers = Table(
    "providers",
    metadata,
    Column("provider_id", Uuid, primary_key=True),
    Column("organisation", String(200), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("service_types", JSON, nullable=False),
    Column("regions", JSON, nullable=False),
    Column("target_groups", JSON, nullable=False),
    Column("languages", JSON, nullable=False),
)

bus_tables = add_bus_tables(metadata)
