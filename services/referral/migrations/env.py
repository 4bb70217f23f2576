"""Alembic environment of the referral database."""

# Their tables are part of this database too.
import referral.adapters.handovers
import referral.adapters.tracker_holds  # noqa: F401
from nrm_bus.migrations import run_env
from referral.adapters.orm import metadata

run_env(metadata)
