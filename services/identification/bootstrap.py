"""The one place that wires the identification service together."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from identification import receipts
from identification.adapters import orm
from identification.config import Settings
from identification.domain.model import ReflectionPolicy
from identification.domain.reference import load_indicators
from identification.entrypoints import api, information, reference
from identification.service_layer import handlers
from identification.service_layer.unit_of_work import IdentificationUnitOfWork
from nrm_bus import information as information_sheet
from nrm_bus import topics
from nrm_bus.clock import Clock, SystemClock
from nrm_bus.runtime import BusRuntime, create_app
from nrm_bus.scheduling import every

HERE = Path(__file__).parent


def load_reflection_policies(
    path: Path = HERE / "data" / "reflection_periods.json",
) -> dict[str, ReflectionPolicy]:
    return {code: ReflectionPolicy(**entry) for code, entry in json.loads(path.read_text()).items()}


def build_runtime(settings: Settings, clock: Clock) -> BusRuntime[IdentificationUnitOfWork]:
    async def expire(runtime: Any) -> int:
        return await handlers.expire_consents(runtime.background_unit_of_work, clock)

    warnings = tuple(sorted(set(settings.reflection_warning_days), reverse=True))

    async def reflection_notices(runtime: Any) -> int:
        return await handlers.announce_reflection_notices(
            runtime.background_unit_of_work, clock, warnings
        )

    return BusRuntime(
        settings,
        bus_tables=orm.bus_tables,
        unit_of_work_class=IdentificationUnitOfWork,
        migrations_dir=HERE / "migrations",
        # Recipients acknowledge here what they did when a consent ended or on erasure.
        topics=[topics.CONSENT_ACKNOWLEDGEMENTS],
        handlers=handlers.event_handlers(),
        background=[
            every(settings.consent_expiry_sweep_s, expire, "expire_consents"),
            every(settings.reflection_sweep_s, reflection_notices, "reflection_notices"),
        ],
        clock=clock,
    )


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    clock = clock or SystemClock()
    runtime = build_runtime(settings or Settings(), clock)
    app = create_app(
        runtime,
        title="NRM identification",
        description="Identification of presumed victims and their consents.",
        routers=[api.router, reference.router, information.router],
        clock=clock,
    )
    app.state.reflection_policies = load_reflection_policies()
    app.state.receipt_catalogues = receipts.default_catalogues()
    app.state.information_catalogues = information_sheet.default_catalogues()
    app.state.indicators = load_indicators()
    return app
