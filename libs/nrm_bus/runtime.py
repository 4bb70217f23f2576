"""The composition every service shares: database engine, Kafka producer, outbox relay,
inbox consumer, and a FastAPI app that is authenticated by default."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar

from aiokafka import AIOKafkaProducer
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from sqlalchemy import MetaData, Table, text
from sqlalchemy.ext.asyncio import AsyncEngine

from nrm_bus import audit_api, kafka_security, metrics, migrations, telemetry, topics
from nrm_bus.arrivals import SubjectArrivals
from nrm_bus.audit.checkpoint import Checkpoint
from nrm_bus.audit.log import AuditLog, AuditUnavailable
from nrm_bus.audit_api import CHECKPOINT_EVENT, checkpoint_event, checkpoint_from_event
from nrm_bus.auth import TokenValidator, authenticate
from nrm_bus.clock import Clock, SystemClock
from nrm_bus.consent_events import OnConsentEnded, OnSubjectErased, consent_handlers
from nrm_bus.consumer import Handler, InboxConsumer
from nrm_bus.db import UnitOfWork, create_engine
from nrm_bus.disclosure import disclosures
from nrm_bus.envelope import CloudEvent
from nrm_bus.models import require_json_body
from nrm_bus.problems import PROBLEM_BASE, install_problem_handlers, problem_response
from nrm_bus.relay import OutboxRelay
from nrm_bus.sealing import KeyVault
from nrm_bus.settings import ServiceSettings
from nrm_bus.signing import EventSigner

log = logging.getLogger(__name__)

CONSENTS_TOPIC = topics.CONSENTS
AUDIT_CHECKPOINTS = topics.AUDIT_CHECKPOINTS
U = TypeVar("U", bound=UnitOfWork)


class BusRuntime(Generic[U]):
    def __init__(
        self,
        settings: ServiceSettings,
        *,
        bus_tables: tuple[Table, Table],
        unit_of_work_class: type[U],
        migrations_dir: Path,
        topics: Sequence[str] = (),
        handlers: dict[str, Handler] | None = None,
        background: Sequence[Callable[[BusRuntime[U]], Any]] = (),
        clock: Clock | None = None,
        on_consent_ended: OnConsentEnded | None = None,
        on_subject_erased: OnSubjectErased | None = None,
        keeps_consents_for: Sequence[str] | None = None,
        consent_view: bool = True,
    ) -> None:
        """`consent_view=False`: a reader of the consent broadcast that keeps no consent view
        and handles the consent events itself (operations, which must not learn purposes)."""
        self.settings = settings
        self.clock = clock or SystemClock()
        self.metrics = metrics.BusMetrics(settings.service_name)
        self.vault = KeyVault(settings.keyvault_url)
        self.signer = EventSigner.load(settings.signing_key_file, settings.service_name)
        self._outbox, self._inbox = bus_tables
        self.audit = AuditLog(settings.service_name, self._outbox.metadata, self.signer)
        # The consents this service's view keeps: those of the purposes of the events it
        # handles (schemas/disclosures.yaml); None keeps all, as the consents' owner does.
        self._consent_purposes = (
            None if keeps_consents_for is None else disclosures().purposes_for(keeps_consents_for)
        )
        self._uow_class = unit_of_work_class
        self._migrations_dir = migrations_dir
        self._background = (*background, sign_checkpoints)
        self._tasks: list[asyncio.Task[None]] = []
        self._signing = asyncio.Lock()
        self.engine = create_engine(settings.database_url)
        # Relay and consumer get their own pool, so a burst of requests cannot starve the
        # work that lets those requests see their results.
        self.background_engine = create_engine(settings.database_url, pool_size=3)
        self.arrivals = SubjectArrivals()
        self.producer = AIOKafkaProducer(
            bootstrap_servers=settings.kafka_bootstrap_servers,
            client_id=settings.kafka_client_id,
            acks="all",
            enable_idempotence=settings.kafka_enable_idempotence,
            linger_ms=2,
            **kafka_security.client_options(settings),
        )
        self.relay = OutboxRelay(
            self.background_engine,
            self._outbox,
            self.producer,
            vault=self.vault,
            audit=self.audit,
            signer=self.signer,
            clock=self.clock,
            batch_size=settings.relay_batch_size,
            poll_interval_s=settings.relay_poll_interval_s,
            metrics=self.metrics,
        )
        handlers = dict(handlers or {})
        # Every service keeps the others' audit checkpoints: mutual witnessing.
        topics = [*topics, AUDIT_CHECKPOINTS]
        handlers[CHECKPOINT_EVENT] = self._witness
        if CONSENTS_TOPIC in topics and consent_view:
            # Every reader of the consent broadcast keeps its view and acknowledges.
            handlers |= consent_handlers(
                settings.service_name, self.clock, self.vault, on_consent_ended, on_subject_erased
            )
        # Every event type this service consumes, and what it does with it.
        self.handlers: dict[str, Handler] = handlers
        self.consumer: InboxConsumer | None = None
        if topics and handlers:
            self.consumer = InboxConsumer(
                name=settings.consumer_group,
                bootstrap_servers=settings.kafka_bootstrap_servers,
                group_id=settings.consumer_group,
                client_id=settings.kafka_client_id,
                topics=topics,
                handlers=handlers,
                unit_of_work=self.background_unit_of_work,
                dead_letters=self.producer,
                vault=self.vault,
                clock=self.clock,
                max_attempts=settings.consumer_max_attempts,
                fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
                on_applied=self.arrivals.notify,
                client_options=kafka_security.client_options(settings),
                auto_offset_reset=settings.kafka_auto_offset_reset,
                metrics=self.metrics,
                service=settings.service_name,
            )

    @property
    def metadata(self) -> MetaData:
        """The service's tables, its own and the shared ones."""
        return self._outbox.metadata

    def unit_of_work(self) -> U:
        return self._new_unit_of_work(self.engine)

    def background_unit_of_work(self) -> U:
        """For the consumer and background jobs: their own pool, not the requests'."""
        return self._new_unit_of_work(self.background_engine)

    def _new_unit_of_work(self, engine: AsyncEngine) -> U:
        return self._uow_class(
            engine,
            self._outbox,
            self._inbox,
            on_commit=self.relay.wake,
            audit=self.audit,
            clock=self.clock,
            consent_purposes=self._consent_purposes,
        )

    async def _witness(self, event: CloudEvent, uow: UnitOfWork) -> None:
        """Keep another service's signed checkpoint; it is checked when an auditor verifies."""
        checkpoint = checkpoint_from_event(event)
        if checkpoint.service != self.settings.service_name:
            await self.audit.keep(uow.conn, checkpoint)

    async def checkpoint(self) -> Checkpoint | None:
        """Sign the log as it stands, if it grew, and announce it to the witnesses. One
        signing at a time: the background signer and an auditor's trace may both ask, and
        two signatures of one size would collide."""
        async with self._signing, self.background_unit_of_work() as uow:
            signed = await self.audit.sign(uow.conn, self.clock.now())
            if signed is not None:
                await uow.publish(AUDIT_CHECKPOINTS, checkpoint_event(signed))
            await uow.commit()
        return signed

    async def applied_in_hand(self) -> None:
        """Returns once the consumer has applied the records it is applying now (at once
        when it is idle): events that crossed the bus together are then seen together."""
        if self.consumer is not None:
            async with self.consumer.processing:
                pass

    async def migrate(self) -> None:
        await migrations.upgrade(self.engine, self._migrations_dir)

    async def start(self) -> None:
        if self.settings.migrate_on_start:
            await self.migrate()
        await self.vault.start()
        await self.producer.start()
        if self.settings.run_relay:
            self._spawn(self.relay.run(), "relay")
        if self.consumer is not None and self.settings.run_consumer:
            await self.consumer.start()
            self._spawn(self.consumer.run(), "consumer")
        for job in self._background:
            self._spawn(job(self), getattr(job, "__name__", "job"))
        self._spawn(
            metrics.keep_sampling(
                self.metrics,
                self.background_engine,
                self.metadata,
                self.consumer if self.settings.run_consumer else None,
                self.clock,
                self.settings.metrics_sample_interval_s,
            ),
            "metrics",
        )

    def _spawn(self, coroutine: Any, name: str) -> None:
        task = asyncio.create_task(coroutine, name=f"{self.settings.service_name}-{name}")
        task.add_done_callback(_log_crash)
        self._tasks.append(task)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        if self.consumer is not None:
            await self.consumer.stop()
        await self.producer.stop()
        await self.vault.stop()
        await self.engine.dispose()
        await self.background_engine.dispose()
        self.metrics.shutdown()

    async def health(self) -> dict[str, str]:
        """What is unreachable, by component; empty when all is well."""
        problems: dict[str, str] = {}
        try:
            async with asyncio.timeout(2), self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:
            problems["database"] = f"unreachable ({type(exc).__name__})"
        else:
            try:
                async with asyncio.timeout(2), self.engine.connect() as conn:
                    await self.audit.size(conn)
            except Exception as exc:
                problems["audit"] = f"unavailable ({type(exc).__name__})"
        try:
            async with asyncio.timeout(2):
                if not await self.producer.client.force_metadata_update():
                    problems["broker"] = "unreachable (metadata refresh failed)"
        except Exception as exc:
            problems["broker"] = f"unreachable ({type(exc).__name__})"
        for task in self._tasks:
            if task.done():
                # The relay, the consumer or a scheduler stopped: nothing would flow.
                problems[task.get_name()] = "stopped"
        return problems


async def sign_checkpoints(runtime: BusRuntime[Any]) -> None:
    """Every N entries or T seconds, whichever comes first, a signed checkpoint."""
    settings = runtime.settings
    signed_at, signed_size = time.monotonic(), 0
    while True:
        await asyncio.sleep(min(1.0, settings.audit_checkpoint_interval_s))
        try:
            async with runtime.engine.connect() as conn:
                size = await runtime.audit.size(conn)
            due = size - signed_size >= settings.audit_checkpoint_every or (
                time.monotonic() - signed_at >= settings.audit_checkpoint_interval_s
            )
            if size > signed_size and due:
                await runtime.checkpoint()
                signed_at, signed_size = time.monotonic(), size
        except Exception as exc:
            log.warning("audit checkpoint failed; retrying", extra={"error": type(exc).__name__})


def _app_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


# The service's clock (set by create_app), for routes and rules that need the time.
ClockDep = Annotated[Clock, Depends(_app_clock)]


def _document_token_url(app: FastAPI, token_url: str) -> None:
    """The OAuth2 scheme is declared once for every service; its token URL is configuration."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        scheme = schema.get("components", {}).get("securitySchemes", {}).get("oauth2")
        if scheme:
            scheme["flows"]["clientCredentials"]["tokenUrl"] = token_url
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _log_crash(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error(
            "background task stopped",
            extra={"task": task.get_name(), "error": type(task.exception()).__name__},
        )


def create_app(
    runtime: BusRuntime[Any],
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    clock: Clock | None = None,
) -> FastAPI:
    """A service's HTTP entry point. Routers are mounted behind the bearer dependency, so a
    forgotten decorator cannot open an endpoint; only /healthz and the docs are open. Every
    body must be JSON (415 otherwise) and match its model exactly (see nrm_bus.models)."""

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title=title, description=description, version="1.0.0", lifespan=lifespan)
    settings = runtime.settings
    app.state.runtime = runtime
    app.state.clock = clock or SystemClock()
    app.state.token_validator = TokenValidator(
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        jwks_url=settings.auth_jwks_url,
        algorithms=settings.auth_algorithms,
    )
    install_problem_handlers(app)

    @app.exception_handler(AuditUnavailable)
    async def _unaudited(_: Request, exc: AuditUnavailable) -> JSONResponse:
        # X-Road stops exchanging when it cannot log; so does a service here.
        return problem_response(
            503,
            "Service Unavailable",
            "The audit log cannot be written: nothing about a person is served or changed "
            f"unaudited ({exc}).",
            PROBLEM_BASE + "audit-unavailable",
            reason="audit-log-unavailable",
        )

    for router in (*routers, audit_api.router):
        # Authenticated first, then a body that is not JSON is 415 (never guessed at).
        app.include_router(router, dependencies=[Depends(authenticate), Depends(require_json_body)])
    _document_token_url(app, f"{settings.auth_issuer.rstrip('/')}/token")

    @app.get("/.well-known/jwks.json", tags=["operations"])
    async def public_keys() -> dict[str, Any]:
        """The keys that verify the events this service signs (those leaving the mechanism)."""
        return runtime.signer.public_keys()

    @app.get("/healthz", tags=["operations"], include_in_schema=True)
    async def healthz() -> JSONResponse:
        problems = await runtime.health()
        if problems:
            return JSONResponse({"status": "unavailable", "problems": problems}, status_code=503)
        return JSONResponse({"status": "ok"})

    @app.get("/metrics", tags=["operations"], response_class=Response)
    async def prometheus_metrics() -> Response:
        """Prometheus text: rates, latencies, lag, backlog, held events, gate decisions, dead
        letters. Labels are routes, topics, types and rules; never a pseudonym or a value."""
        return Response(runtime.metrics.exposition(), media_type=metrics.CONTENT_TYPE)

    telemetry.configure_logging(runtime.settings.log_level)
    telemetry.configure_tracing(runtime.settings.otel_exporter)
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls="healthz,metrics", meter_provider=runtime.metrics.provider
    )
    return app
