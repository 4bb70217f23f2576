"""Alembic environment of the referral database."""

from nrm_bus.migrations import run_env
from referral.adapters.orm import metadata

run_env(metadata)
