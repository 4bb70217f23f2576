"""The dashboard's Jinja2 templates, with the filters its widgets share."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from operations.entrypoints.charts import line_chart

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")


def duration(seconds: float | int | None) -> str:
    if seconds is None:
        return "—"
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    return f"{seconds // 86400} days"


def since(value: str | None, now: str) -> str:
    """How long ago, in words, from two RFC 3339 times."""
    if not value:
        return "—"
    return duration((datetime.fromisoformat(now) - datetime.fromisoformat(value)).total_seconds())


def clock_time(value: str | None) -> str:
    if not value:
        return "—"
    return datetime.fromisoformat(value).strftime("%d %b %H:%M:%S")


def short_id(value: str | None) -> Markup:
    """A pseudonym shortened for the eye, whole for copying and for screen readers."""
    if not value:
        return Markup("—")
    return Markup('<code title="{0}" aria-label="{0}">{1}…</code>').format(value, value[:8])


templates.env.filters["duration"] = duration
templates.env.filters["since"] = since
templates.env.filters["clock_time"] = clock_time
templates.env.filters["short_id"] = short_id
templates.env.globals["line_chart"] = line_chart
