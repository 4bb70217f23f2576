"""Tables of the shelter database."""

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
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

shelters = Table(
    "shelters",
    metadata,
    Column("shelter_id", Uuid, primary_key=True),
    Column("organisation", String(200)),
    Column("name", String(200), nullable=False),
    Column("region", String(100), nullable=False),
    Column("target_groups", JSON, nullable=False),
    Column("regime", String(20), nullable=False),
    Column("languages", JSON, nullable=False),
    Column("beds_total", Integer, nullable=False),
    Column("beds_free", Integer, nullable=False),
    Column("accessibility", JSON, nullable=False, server_default=text("'[]'")),
    # [{"rule": ..., "rationale": ...}]: every restriction with its reason, for oversight.
    Column("house_rules", JSON, nullable=False, server_default=text("'[]'")),
    # The last line of defence: no code path may overbook or invent beds.
    CheckConstraint("beds_free >= 0 AND beds_free <= beds_total", name="ck_shelters_beds_free"),
)

placements = Table(
    "placements",
    metadata,
    Column("placement_id", Uuid, primary_key=True),
    # One placement per referral: a second offer for the same referral fails here.
    Column("referral_id", Uuid, nullable=False, unique=True),
    Column("subject_id", Uuid, nullable=False, index=True),
    Column("consent_id", Uuid, nullable=False),
    Column("shelter_id", Uuid, ForeignKey("shelters.shelter_id"), nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("hold_expires_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

waitlist = Table(
    "waitlist",
    metadata,
    Column("referral_id", Uuid, primary_key=True),
    Column("subject_id", Uuid, nullable=False),
    Column("consent_id", Uuid, nullable=False),
    Column("target_group", String(20), nullable=False),
    Column("is_child", Boolean, nullable=False),
    Column("languages", JSON, nullable=False),
    Column("region", String(100), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("with_children", Boolean, nullable=False, server_default=false()),
    Column("regime_preference", String(20)),
)

bus_tables = add_bus_tables(metadata)
