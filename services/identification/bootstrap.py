"""The one place that wires the identification service together."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import FastAPI

from identification.adapters import orm
from identification.config import Settings
from identification.domain.model import ReflectionPolicy
from identification.entrypoints import api
from identification.service_layer.unit_of_work import IdentificationUnitOfWork
from nrm_bus.clock import Clock
from nrm_bus.runtime import BusRuntime, create_app

HERE = Path(__file__).parent


def load_reflection_policies(
    path: Path = HERE / "data" / "reflection_periods.json",
) -> dict[str, ReflectionPolicy]:
    return {code: ReflectionPolicy(**entry) for code, entry in json.loads(path.read_text()).items()}


def build_runtime(settings: Settings) -> BusRuntime[IdentificationUnitOfWork]:
    return BusRuntime(
        settings,
        bus_tables=orm.bus_tables,
        unit_of_work_class=IdentificationUnitOfWork,
        migrations_dir=HERE / "migrations",
    )


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    runtime = build_runtime(settings or Settings())
    app = create_app(
        runtime,
        title="NRM identification",
        description="Identification of presumed victims and their consents.",
        routers=[api.router],
        clock=clock,
    )
    app.state.reflection_policies = load_reflection_policies()
    return app
