"""Alembic environment of the identification database."""

from identification.adapters.orm import metadata
from nrm_bus.migrations import run_env

run_env(metadata)
