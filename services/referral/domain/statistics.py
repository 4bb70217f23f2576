"""Who is not assisted, and why: declines counted by reason and by one other dimension at a
time, with every cell under the threshold suppressed, and one more cell wherever a single
suppressed cell could be worked out from its reason's total (secondary suppression)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

THRESHOLD = 5
DIMENSIONS = ("identified_by_sector", "exploitation_types", "jurisdiction")


@dataclass(frozen=True)
class Decline:
    reason: str
    dimensions: dict[str, Any]


def _cell(count: int, suppressed: bool) -> dict[str, Any]:
    return {"count": None if suppressed else count, "suppressed": suppressed}


def decline_statistics(declines: Iterable[Decline], threshold: int = THRESHOLD) -> dict[str, Any]:
    declines = list(declines)
    by_reason = Counter(decline.reason for decline in declines)
    total = len(declines)
    result: dict[str, Any] = {
        "suppression_threshold": threshold,
        "total": _cell(total, 0 < total < threshold),
        "by_reason": [
            {"reason": reason, **_cell(count, count < threshold)}
            for reason, count in sorted(by_reason.items())
        ],
    }
    for dimension in DIMENSIONS:
        cells: Counter[tuple[str, str]] = Counter()
        for decline in declines:
            values = decline.dimensions.get(dimension, "unknown")
            for value in values if isinstance(values, list) else [values]:
                cells[(decline.reason, str(value))] += 1
        rows = []
        for reason in sorted(by_reason):
            group = sorted(
                ((value, count) for (r, value), count in cells.items() if r == reason),
                key=lambda item: (item[1], item[0]),
            )
            hidden = {value for value, count in group if count < threshold}
            reason_shown = by_reason[reason] >= threshold
            if len(hidden) == 1 and reason_shown and dimension != "exploitation_types":
                # One hidden cell and a shown total: hide the next smallest as well.
                spare = next((value for value, _ in group if value not in hidden), None)
                if spare is not None:
                    hidden.add(spare)
            rows += [
                {"reason": reason, dimension: value, **_cell(count, value in hidden)}
                for value, count in sorted(group)
            ]
        result[f"by_reason_and_{dimension}"] = rows
    return result
