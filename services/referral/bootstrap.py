"""The one place that wires the referral service together."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import httpx
from fastapi import FastAPI

from nrm_bus import topics
from nrm_bus.audit.peers import AuditPeers, peer_clients
from nrm_bus.audit.trace_source import PeersTraceSource, ServiceToken
from nrm_bus.clock import Clock, SystemClock
from nrm_bus.information import default_catalogues as information_catalogues
from nrm_bus.runtime import BusRuntime, create_app
from referral.adapters import orm
from referral.config import Settings
from referral.entrypoints import api, information, reference, statistics, tracker
from referral.service_layer.handlers import event_handlers, on_consent_ended, on_subject_erased
from referral.service_layer.unit_of_work import ReferralUnitOfWork

# The events about a person this service receives or sends: its consent view keeps only the
# consents of their purposes (schemas/disclosures.yaml), never a justice consent.
PERSON_EVENTS = (
    "SubjectIdentified",
    "PlacementRequested",
    "PlacementAccepted",
    "PlacementDeclined",
    "PlacementWithdrawn",
    "PlacementOffered",
    "PlacementWaitlisted",
    "PlacementConfirmed",
    "PlacementHoldExpired",
    "PlacementEnded",
    "CrossBorderReferralRequested",
)
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
        keeps_consents_for=PERSON_EVENTS,
        on_consent_ended=on_consent_ended,
        on_subject_erased=on_subject_erased,
    )


def bootstrap(
    settings: Settings | None = None,
    clock: Clock | None = None,
    peers: Mapping[str, httpx.AsyncClient] | None = None,
) -> FastAPI:
    """`peers`: a client per service's audit endpoints for the data tracker (tests pass
    in-process ones); by default one over HTTP to each address of `service_urls`."""
    settings = settings or Settings()
    clock = clock or SystemClock()
    runtime = build_runtime(settings, clock)
    app = create_app(
        runtime,
        title="NRM referral",
        description="Referrals of identified persons to specific services, by any trained actor.",
        routers=[
            api.router,
            information.router,
            statistics.router,
            reference.router,
            tracker.router,
        ],
        clock=clock,
    )
    app.state.information_catalogues = information_catalogues()
    # The person's data tracker: every service's audit entries about them.
    clients = (
        peers if peers is not None else peer_clients(settings.service_urls, settings.peer_timeout_s)
    )
    secret = settings.tracker_client_secret
    app.state.trace_source = PeersTraceSource(
        AuditPeers(clients, settings.peer_timeout_s),
        ServiceToken(
            settings.token_url,
            settings.tracker_client_id,
            secret.get_secret_value() if secret else "",
        ),
    )
    return app
