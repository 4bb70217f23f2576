"""Alembic environment of the justice database."""

from justice.adapters.orm import metadata
from nrm_bus.migrations import run_env

run_env(metadata)
