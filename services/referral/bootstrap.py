"""The one place that wires the referral service together."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from nrm_bus import topics
from nrm_bus.clock import Clock, SystemClock
from nrm_bus.runtime import BusRuntime, create_app
from referral.adapters import orm
from referral.adapters.trace_source import AccessLogTraceSource
from referral.config import Settings
from referral.entrypoints import api, information, statistics, tracker
from referral.information import default_catalogues as information_catalogues
from referral.service_layer.handlers import event_handlers, on_consent_ended, on_subject_erased
from referral.service_layer.unit_of_work import ReferralUnitOfWork

HERE = Path(__file__).parent


def build_runtime(settings: Settings, clock: Clock) -> BusRuntime[ReferralUnitOfWork]:
    return BusRuntime(
        settings,
        bus_tables=orm.bus_tables,
        unit_of_work_class=ReferralUnitOfWork,
        migrations_dir=HERE / "migrations",
        topics=[
            topics.REFERRAL_SUBJECTS,
            topics.CONSENTS,
            topics.REFERRAL_PLACEMENT_UPDATES,
            topics.REFLECTION_PERIODS,
        ],
        handlers=event_handlers(clock),
        clock=clock,
        on_consent_ended=on_consent_ended,
        on_subject_erased=on_subject_erased,
    )


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    clock = clock or SystemClock()
    runtime = build_runtime(settings or Settings(), clock)
    app = create_app(
        runtime,
        title="NRM referral",
        description="Referrals of identified persons to specific services, by any trained actor.",
        routers=[api.router, information.router, statistics.router, tracker.router],
        clock=clock,
    )
    app.state.information_catalogues = information_catalogues()
    # The person's data tracker reads referral's own access log for now; the audit log's
    # cross-service collector replaces it behind the same port (nrm_bus.audit_trace).
    app.state.trace_source = AccessLogTraceSource(runtime.unit_of_work)
    return app
