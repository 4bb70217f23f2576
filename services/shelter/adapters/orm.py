"""Tables of the shelter database."""

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
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

# A placement that still takes a bed; one per referral at a time (a transfer ends one first).
CURRENT = text("status = 'held' OR status = 'confirmed'")

placements = Table(
    "placements",
    metadata,
    Column("placement_id", Uuid, primary_key=True),
    Column("referral_id", Uuid, nullable=False, index=True),
    Column("subject_id", Uuid, nullable=False, index=True),
    Column("consent_id", Uuid, nullable=False),
    Column("shelter_id", Uuid, ForeignKey("shelters.shelter_id"), nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("hold_expires_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Which shelters take her, kept for a transfer (NULL: placed before it was kept).
    Column("target_group", String(20)),
    Column("is_child", Boolean),
    Column("with_children", Boolean),
    # The move-out: when, why, the house rule if she was asked to leave under one.
    Column("ended_on", Date),
    Column("end_reason", String(40)),
    Column("house_rule", String(500)),
    # The placement this one continues after a transfer.
    Column("transferred_from", Uuid),
    # One current placement per referral: a second offer for the same referral fails here;
    # a transfer's earlier placements stay beside it, ended.
    Index(
        "uq_placements_current_referral",
        "referral_id",
        unique=True,
        postgresql_where=CURRENT,
        sqlite_where=CURRENT,
    ),
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
