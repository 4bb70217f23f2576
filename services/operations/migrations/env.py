"""Alembic environment of the operations database."""

from nrm_bus.migrations import run_env
from operations.adapters.orm import metadata

run_env(metadata)
