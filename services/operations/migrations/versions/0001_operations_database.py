"""operations database: the shared tables only, for now

The operations service keeps the audit checkpoints it witnesses (and its own audit log) in
the tables of the shared branch; its read models come in their own revisions.

Revision ID: 0001
Revises:
Create Date: 2026-12-01 20:45:00

"""

from typing import Sequence, Union

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = "nrm_bus_0001"


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
