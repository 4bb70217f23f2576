"""The one place that wires the justice service together."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from justice.adapters import orm
from justice.config import Settings
from justice.entrypoints import api
from justice.service_layer.handlers import event_handlers, on_consent_ended, on_subject_erased
from justice.service_layer.unit_of_work import JusticeUnitOfWork
from nrm_bus import topics
from nrm_bus.clock import Clock, SystemClock
from nrm_bus.runtime import BusRuntime, create_app

# The events about a person this service receives: its consent view keeps only the
# consents of their purposes (schemas/disclosures.yaml).
PERSON_EVENTS = ("JusticeIntakeRequested",)
HERE = Path(__file__).parent


def build_runtime(settings: Settings, clock: Clock) -> BusRuntime[JusticeUnitOfWork]:
    return BusRuntime(
        settings,
        bus_tables=orm.bus_tables,
        unit_of_work_class=JusticeUnitOfWork,
        migrations_dir=HERE / "migrations",
        # Consents too: the gate checks intakes against them, and a case ends with its consent.
        topics=[topics.JUSTICE_INTAKE, topics.CONSENTS],
        handlers=event_handlers(clock),
        clock=clock,
        keeps_consents_for=PERSON_EVENTS,
        on_consent_ended=on_consent_ended,
        on_subject_erased=on_subject_erased,
    )


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    clock = clock or SystemClock()
    runtime = build_runtime(settings or Settings(), clock)
    app: FastAPI = create_app(
        runtime,
        title="NRM justice",
        description="Cases of persons who chose to share with the police or prosecutor.",
        routers=[api.router],
        clock=clock,
    )
    return app
