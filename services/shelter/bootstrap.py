"""The one place that wires the shelter service together."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI

from nrm_bus import topics
from nrm_bus.clock import Clock, SystemClock
from nrm_bus.runtime import BusRuntime, create_app
from shelter.adapters import orm
from shelter.config import Settings
from shelter.entrypoints import api, scheduler
from shelter.service_layer.handlers import event_handlers, on_consent_ended, on_subject_erased
from shelter.service_layer.unit_of_work import ShelterUnitOfWork

# The events about a person this service receives or sends: its consent view keeps only the
# consents of their purposes (schemas/disclosures.yaml), never a justice consent.
PERSON_EVENTS = (
    "PlacementRequested",
    "PlacementAccepted",
    "PlacementDeclined",
    "PlacementWithdrawn",
    "PlacementOffered",
    "PlacementWaitlisted",
    "PlacementConfirmed",
    "PlacementHoldExpired",
    "PlacementEnded",
)
HERE = Path(__file__).parent


def build_runtime(settings: Settings, clock: Clock | None = None) -> BusRuntime[ShelterUnitOfWork]:
    clock = clock or SystemClock()
    hold = timedelta(hours=settings.hold_hours)
    return BusRuntime(
        settings,
        bus_tables=orm.bus_tables,
        unit_of_work_class=ShelterUnitOfWork,
        migrations_dir=HERE / "migrations",
        # Consents too: a withdrawn shelter consent releases what is held under it.
        topics=[topics.SHELTER_PLACEMENT_REQUESTS, topics.CONSENTS],
        handlers=event_handlers(clock, hold),
        clock=clock,
        keeps_consents_for=PERSON_EVENTS,
        on_consent_ended=on_consent_ended(clock, hold),
        on_subject_erased=on_subject_erased(clock, hold),
        background=[
            scheduler.hold_sweeper(
                clock,
                hold,
                timedelta(minutes=settings.hold_grace_minutes),
                settings.hold_sweep_interval_s,
            )
        ],
    )


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    clock = clock or SystemClock()
    runtime = build_runtime(settings, clock)
    app: FastAPI = create_app(
        runtime,
        title="NRM shelter",
        description="Shelter beds, holds and the waitlist, matched to the person's needs.",
        routers=[api.router],
        clock=clock,
    )
    app.state.hold = timedelta(hours=settings.hold_hours)
    return app
