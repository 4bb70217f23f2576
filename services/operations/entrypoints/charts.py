"""Plots drawn on the server as SVG: no script, no library, nothing fetched; each plot is an
image with a text alternative saying what its lines end at."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from markupsafe import Markup, escape

# Colours that stay apart for the common colour-vision deficiencies (Okabe-Ito), each line
# also drawn with its own dash pattern.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")


def line_chart(
    lines: Sequence[tuple[str, Sequence[Sequence[object]]]],
    *,
    title: str,
    unit: str = "",
    width: int = 560,
    height: int = 180,
) -> Markup:
    """`lines`: (label, [[RFC 3339 time, value], ...]) each."""
    pad_left, pad_right, pad_top, pad_bottom = 44, 12, 12, 26
    drawable = [(label, points) for label, points in lines if points]
    summary = "; ".join(f"{label} now {_number(points[-1][1])}{unit}" for label, points in drawable)
    alternative = f"{title}: {summary}" if drawable else f"{title}: no data yet"
    if not drawable:
        return Markup(
            '<p class="chart-empty" role="img" aria-label="{0}">No data yet: a point is kept '
            "every minute.</p>"
        ).format(alternative)
    times = [_time(point[0]) for _, points in drawable for point in points]
    values = [float(point[1]) for _, points in drawable for point in points]  # type: ignore[arg-type]
    t0, t1 = min(times), max(times)
    top = max(1.0, max(values)) * 1.1
    span = max((t1 - t0).total_seconds(), 1.0)
    inner_w, inner_h = width - pad_left - pad_right, height - pad_top - pad_bottom

    def x(at: datetime) -> float:
        return pad_left + (at - t0).total_seconds() / span * inner_w

    def y(value: float) -> float:
        return pad_top + inner_h - value / top * inner_h

    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(alternative)}" class="chart" preserveAspectRatio="xMidYMid meet">',
        f"<title>{escape(alternative)}</title>",
    ]
    for tick in range(5):
        value = top * tick / 4
        parts.append(
            f'<line x1="{pad_left}" x2="{width - pad_right}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" class="grid"/>'
            f'<text x="{pad_left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" class="axis">'
            f"{_number(value)}</text>"
        )
    parts.append(
        f'<text x="{pad_left}" y="{height - 6}" class="axis">{t0.strftime("%H:%M")}</text>'
        f'<text x="{width - pad_right}" y="{height - 6}" text-anchor="end" class="axis">'
        f"{t1.strftime('%H:%M')}</text>"
    )
    for index, (label, points) in enumerate(drawable):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x(_time(p[0])):.1f},{y(float(p[1])):.1f}"  # type: ignore[arg-type]
            for i, p in enumerate(points)
        )
        parts.append(
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="{dash}"><title>{escape(label)}</title></path>'
        )
    parts.append("</svg>")
    legend = "".join(
        f'<li><svg width="22" height="8" aria-hidden="true"><line x1="0" x2="22" y1="4" y2="4" '
        f'stroke="{PALETTE[i % len(PALETTE)]}" stroke-width="2" '
        f'stroke-dasharray="{DASHES[i % len(DASHES)]}"/></svg> {escape(label)}: '
        f"{_number(float(points[-1][1]))}{escape(unit)}</li>"  # type: ignore[arg-type]
        for i, (label, points) in enumerate(drawable)
    )
    # Every value interpolated above is a number, a fixed string or escaped.
    return Markup("".join(parts) + f'<ul class="legend">{legend}</ul>')  # noqa: S704


def _time(value: object) -> datetime:
    return datetime.fromisoformat(str(value))


def _number(value: float | object) -> str:
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number == int(number) else f"{number:.1f}"
