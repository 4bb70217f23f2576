"""Alembic environment of the shelter database."""

from nrm_bus.migrations import run_env
from shelter.adapters.orm import metadata

run_env(metadata)
