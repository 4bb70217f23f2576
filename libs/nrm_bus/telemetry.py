"""Tracing and structured logs. Trace context crosses every Kafka hop in the W3C
`traceparent` header; logs are JSON lines and carry ids, never personal data."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SpanExporter,
)
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

_propagator = TraceContextTextMapPropagator()
tracer = trace.get_tracer("nrm_bus")


def configure_tracing(exporter_name: str, extra_processor: SpanProcessor | None = None) -> None:
    """Install the process-wide tracer provider once; later calls only add processors."""
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider(resource=Resource.create({"service.namespace": "nrm"}))
        exporter: SpanExporter | None = None
        if exporter_name == "console":
            exporter = ConsoleSpanExporter(out=sys.stderr)
        elif exporter_name == "otlp":  # pragma: no cover - needs a collector (deploy/)
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
                OTLPSpanExporter,
            )

            exporter = OTLPSpanExporter()
        if exporter is not None:
            provider.add_span_processor(BatchSpanProcessor(exporter))
        trace.set_tracer_provider(provider)
    if extra_processor is not None:
        provider.add_span_processor(extra_processor)


def current_traceparent() -> str | None:
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier.get("traceparent")


@contextmanager
def continue_trace(traceparent: str | None) -> Iterator[None]:
    """Make the remote parent named by `traceparent` the current context."""
    ctx = _propagator.extract({"traceparent": traceparent} if traceparent else {})
    token = otel_context.attach(ctx)
    try:
        yield
    finally:
        otel_context.detach(token)


@contextmanager
def messaging_span(
    operation: str,
    kind: trace.SpanKind,
    topic: str,
    message_id: str,
    traceparent: str | None,
    **attributes: str,
) -> Iterator[None]:
    """A Kafka publish or process span, child of the trace the event carries."""
    with (
        continue_trace(traceparent),
        tracer.start_as_current_span(
            f"{topic} {operation}",
            kind=kind,
            attributes={
                "messaging.system": "kafka",
                "messaging.destination.name": topic,
                "messaging.message.id": message_id,
                **attributes,
            },
        ),
    ):
        yield


# Third-party loggers that say nothing an operator needs below WARNING.
QUIET_LOGGERS = ("aiokafka", "fontTools")


class JsonFormatter(logging.Formatter):
    """One JSON object per line. Only the fields passed in `extra=` travel, so a message
    template never interpolates request or event bodies."""

    # uvicorn adds `color_message`, the same text with terminal colour codes.
    _standard = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message"}

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        span = trace.get_current_span().get_span_context()
        if span.is_valid:
            entry["trace_id"] = format(span.trace_id, "032x")
        entry.update({k: v for k, v in vars(record).items() if k not in self._standard})
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
        return json.dumps(entry, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Add one JSON handler to the root logger (once); other handlers, such as a test
    runner's capture, stay."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level)
    # aiokafka logs record contents at DEBUG; fontTools logs every font subset the PDFs make
    # at INFO. Keep both at WARNING whatever the root level.
    for noisy in QUIET_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
