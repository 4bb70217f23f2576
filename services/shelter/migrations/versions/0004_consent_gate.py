"""consent gate

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 14:47:59.718097

"""

from typing import Sequence, Union


# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Nothing now: the consent gate's tables and the outbox's refusal columns are created
    by the shared branch (nrm_bus_0001). The revision stays so that a database stamped with
    it still finds its place in the history."""


def downgrade() -> None:
    """Nothing: see upgrade."""
