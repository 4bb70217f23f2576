"""no justice consents in an assistance service

An assistance service keeps in its consent view only the consents of the purposes of the
events it handles (schemas/disclosures.yaml), so that its database never says whether a
person cooperates with the police. Views filled before that rule drop the others here.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:45:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Frozen here as they stood when this ran: a migration must not change with later code.
KEPT = ("assistance", "shelter", "health", "legal_aid", "social_services", "return", "cross_border")


def upgrade() -> None:
    op.get_bind().execute(
        sa.text("DELETE FROM consent_view WHERE purpose NOT IN :kept").bindparams(
            sa.bindparam("kept", expanding=True)
        ),
        {"kept": list(KEPT)},
    )


def downgrade() -> None:
    """What was dropped is not brought back: it was never this service's to keep."""
