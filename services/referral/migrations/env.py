"""Alembic environment of the referral database."""

import referral.adapters.handovers  # noqa: F401 - its table is part of this database
from nrm_bus.migrations import run_env
from referral.adapters.orm import metadata

run_env(metadata)
