"""A case follows the latest consent but keeps the date it was opened."""

import uuid
from datetime import UTC, datetime

from justice.domain.model import Case, Intake

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_later_intake_replaces_scope_but_keeps_opening_date() -> None:
    subject = uuid.uuid4()
    first = Intake(
        subject,
        uuid.uuid4(),
        "law_enforcement",
        "police",
        "North",
        "RS",
        ["sexual", "labour", "sexual"],
    )
    case = Case.open(first, T0)
    assert case.exploitation_types == ["labour", "sexual"]
    second = Intake(subject, uuid.uuid4(), "prosecution", "prosecutor", "South", "RS", ["labour"])
    taken = case.take(second)
    assert (taken.consent_id, taken.purpose, taken.region, taken.opened_at) == (
        second.consent_id,
        "prosecution",
        "South",
        T0,
    )
