"""access log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 13:15:20.321613

"""

from typing import Sequence, Union


# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Nothing now: access_log is created by the shared branch (nrm_bus_0001). The revision
    stays so that a database stamped with it still finds its place in the history."""


def downgrade() -> None:
    """Nothing: see upgrade."""
