"""outbox, inbox, consent gate and access log

The tables every service has because of nrm_bus: the outbox and inbox, the consent gate's
consent view, held events, deliveries and refusals, and the access log.

Revision ID: nrm_bus_0001
Revises:
Create Date: 2026-12-01 18:00:00.000000

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "nrm_bus_0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ("nrm_bus",)
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Until this branch existed each service created these tables in its own history (its
    revisions up to the consent gate's). A database that history migrated, a development
    SQLite file or a test database, has them already, in this very shape, and is stamped with
    a service revision that now depends on this one: Alembic counts this one as applied
    there. Should it meet such tables anyway (a stamp lost or set by hand), a table that
    exists is left as it is instead of failing the upgrade. Later shared revisions need no
    such care."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())

    if "outbox" not in existing:
        op.create_table(
            "outbox",
            sa.Column(
                "seq",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                autoincrement=True,
                nullable=False,
            ),
            sa.Column("event_id", sa.String(length=36), nullable=False),
            sa.Column("topic", sa.String(length=200), nullable=False),
            sa.Column("key", sa.String(length=100), nullable=False),
            sa.Column("ce_type", sa.String(length=100), nullable=False),
            sa.Column("ce_source", sa.String(length=200), nullable=False),
            sa.Column("ce_subject", sa.String(length=100), nullable=True),
            sa.Column("ce_time", sa.DateTime(timezone=True), nullable=False),
            sa.Column("ce_dataschema", sa.String(length=200), nullable=False),
            sa.Column("traceparent", sa.String(length=100), nullable=True),
            sa.Column("data", sa.JSON(), nullable=False),
            sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("refused_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("refusal", sa.String(length=100), nullable=True),
            sa.PrimaryKeyConstraint("seq"),
            sa.UniqueConstraint("event_id"),
        )
        with op.batch_alter_table("outbox", schema=None) as batch_op:
            batch_op.create_index(
                "ix_outbox_pending",
                ["seq"],
                unique=False,
                postgresql_where=sa.text("published_at IS NULL AND refused_at IS NULL"),
            )

    if "inbox" not in existing:
        op.create_table(
            "inbox",
            sa.Column("consumer", sa.String(length=100), nullable=False),
            sa.Column("event_id", sa.String(length=36), nullable=False),
            sa.Column("topic", sa.String(length=200), nullable=False),
            sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("consumer", "event_id"),
        )

    if "consent_view" not in existing:
        op.create_table(
            "consent_view",
            sa.Column("consent_id", sa.Uuid(), nullable=False),
            sa.Column("subject_id", sa.Uuid(), nullable=False),
            sa.Column("purpose", sa.String(length=30), nullable=False),
            sa.Column("recipient", sa.String(length=30), nullable=False),
            sa.Column("data_categories", sa.JSON(), nullable=False),
            sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("expired_at", sa.DateTime(timezone=True), nullable=True),
            sa.PrimaryKeyConstraint("consent_id"),
        )
        with op.batch_alter_table("consent_view", schema=None) as batch_op:
            batch_op.create_index(
                batch_op.f("ix_consent_view_subject_id"), ["subject_id"], unique=False
            )

    if "gate_held" not in existing:
        op.create_table(
            "gate_held",
            sa.Column(
                "seq",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                autoincrement=True,
                nullable=False,
            ),
            sa.Column("event_id", sa.String(length=36), nullable=False),
            sa.Column("consent_id", sa.Uuid(), nullable=False),
            sa.Column("subject_id", sa.Uuid(), nullable=False),
            sa.Column("topic", sa.String(length=200), nullable=False),
            sa.Column("key", sa.String(length=100), nullable=True),
            sa.Column("headers", sa.JSON(), nullable=False),
            sa.Column("value", sa.LargeBinary(), nullable=False),
            sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("seq"),
            sa.UniqueConstraint("event_id"),
        )
        with op.batch_alter_table("gate_held", schema=None) as batch_op:
            batch_op.create_index(
                batch_op.f("ix_gate_held_consent_id"), ["consent_id"], unique=False
            )
            batch_op.create_index(
                batch_op.f("ix_gate_held_subject_id"), ["subject_id"], unique=False
            )

    if "gate_deliveries" not in existing:
        op.create_table(
            "gate_deliveries",
            sa.Column("consent_id", sa.Uuid(), nullable=False),
            sa.Column("subject_id", sa.Uuid(), nullable=False),
            sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
            sa.PrimaryKeyConstraint("consent_id"),
        )
        with op.batch_alter_table("gate_deliveries", schema=None) as batch_op:
            batch_op.create_index(
                batch_op.f("ix_gate_deliveries_subject_id"), ["subject_id"], unique=False
            )

    if "gate_refusals" not in existing:
        op.create_table(
            "gate_refusals",
            sa.Column(
                "seq",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                autoincrement=True,
                nullable=False,
            ),
            sa.Column("at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("stage", sa.String(length=10), nullable=False),
            sa.Column("event_id", sa.String(length=36), nullable=False),
            sa.Column("event_type", sa.String(length=100), nullable=False),
            sa.Column("subject_id", sa.String(length=36), nullable=True),
            sa.Column("consent_id", sa.String(length=36), nullable=True),
            sa.Column("reason", sa.String(length=100), nullable=False),
            sa.PrimaryKeyConstraint("seq"),
        )
        with op.batch_alter_table("gate_refusals", schema=None) as batch_op:
            batch_op.create_index(
                batch_op.f("ix_gate_refusals_subject_id"), ["subject_id"], unique=False
            )

    if "access_log" not in existing:
        op.create_table(
            "access_log",
            sa.Column(
                "seq",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                autoincrement=True,
                nullable=False,
            ),
            sa.Column("at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("client_id", sa.String(length=100), nullable=False),
            sa.Column("organisation", sa.String(length=200), nullable=False),
            sa.Column("sector", sa.String(length=30), nullable=False),
            sa.Column("action", sa.String(length=60), nullable=False),
            sa.Column("subject_id", sa.String(length=36), nullable=True),
            sa.Column("resource_id", sa.String(length=36), nullable=True),
            sa.PrimaryKeyConstraint("seq"),
        )
        with op.batch_alter_table("access_log", schema=None) as batch_op:
            batch_op.create_index(
                batch_op.f("ix_access_log_subject_id"), ["subject_id"], unique=False
            )


def downgrade() -> None:
    """Drops the shared tables; every service's own history must be downgraded first."""
    for table in (
        "access_log",
        "gate_refusals",
        "gate_deliveries",
        "gate_held",
        "consent_view",
        "inbox",
        "outbox",
    ):
        op.drop_table(table)
