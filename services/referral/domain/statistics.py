"""Who is not assisted, and why: people who declined, counted by reason and by one other
dimension at a time. Every cell of fewer than five people is suppressed, and one more cell
wherever a single hidden cell could be worked out from the total it adds up to (secondary
suppression). Counts are of distinct people, so one person declining often cannot fill a
cell; no id leaves this module."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

THRESHOLD = 5
DIMENSIONS = ("identified_by_sector", "exploitation_types", "jurisdiction")


@dataclass(frozen=True)
class Decline:
    reason: str
    dimensions: dict[str, Any]
    # Only to count people rather than declines; never in the output.
    person: str


def _hide(counts: dict[str, int], threshold: int, total_shown: bool) -> set[str]:
    """Cells to suppress in a group whose total is published (if `total_shown`)."""
    hidden = {key for key, count in counts.items() if count < threshold}
    if len(hidden) == 1 and total_shown:
        spare = sorted((count, key) for key, count in counts.items() if key not in hidden)
        if spare:
            hidden.add(spare[0][1])
    return hidden


def _cell(count: int, suppressed: bool) -> dict[str, Any]:
    return {"count": None if suppressed else count, "suppressed": suppressed}


def decline_statistics(declines: Iterable[Decline], threshold: int = THRESHOLD) -> dict[str, Any]:
    declines = list(declines)
    people_by_reason: dict[str, set[str]] = defaultdict(set)
    for decline in declines:
        people_by_reason[decline.reason].add(decline.person)
    everyone = {decline.person for decline in declines}
    total_shown = len(everyone) >= threshold
    by_reason = {reason: len(people) for reason, people in people_by_reason.items()}
    hidden_reasons = _hide(by_reason, threshold, total_shown)
    result: dict[str, Any] = {
        "suppression_threshold": threshold,
        "counts": "people who declined at least once",
        "total": _cell(len(everyone), not total_shown and bool(everyone)),
        "by_reason": [
            {"reason": reason, **_cell(count, reason in hidden_reasons)}
            for reason, count in sorted(by_reason.items())
        ],
    }
    for dimension in DIMENSIONS:
        cells: dict[tuple[str, str], set[str]] = defaultdict(set)
        for decline in declines:
            values = decline.dimensions.get(dimension, "unknown")
            for value in values if isinstance(values, list) else [values]:
                cells[(decline.reason, str(value))].add(decline.person)
        rows = []
        for reason in sorted(by_reason):
            group = {value: len(people) for (r, value), people in cells.items() if r == reason}
            # A person may count under several exploitation types: those cells do not add
            # up to the reason's total, so nothing can be worked out from it.
            adds_up = dimension != "exploitation_types" and reason not in hidden_reasons
            hidden = _hide(group, threshold, adds_up)
            if reason in hidden_reasons:
                hidden = set(group)
            rows += [
                {"reason": reason, dimension: value, **_cell(count, value in hidden)}
                for value, count in sorted(group.items())
            ]
        result[f"by_reason_and_{dimension}"] = rows
    return result
