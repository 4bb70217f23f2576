"""Decline statistics: counts by reason and one dimension, small cells never shown."""

from __future__ import annotations

import uuid

from referral.domain.statistics import Decline, decline_statistics


def declines(reason: str, count: int, **dimensions: object) -> list[Decline]:
    base = {"identified_by_sector": "ngo", "exploitation_types": ["labour"], "jurisdiction": "NO"}
    return [Decline(reason, {**base, **dimensions}, str(uuid.uuid4())) for _ in range(count)]


def test_cells_under_five_are_suppressed_and_larger_ones_shown() -> None:
    stats = decline_statistics(
        declines("fear_of_trafficker_or_reprisals", 7)
        + declines("does_not_need_it", 6)
        + declines("stigma", 2)
    )
    by_reason = {row["reason"]: row for row in stats["by_reason"]}
    assert by_reason["fear_of_trafficker_or_reprisals"] == {
        "reason": "fear_of_trafficker_or_reprisals",
        "count": 7,
        "suppressed": False,
    }
    assert by_reason["stigma"]["count"] is None
    assert by_reason["stigma"]["suppressed"]
    assert stats["total"] == {"count": 15, "suppressed": False}
    # With the total shown, the one small reason could be worked out: the next smallest
    # reason is hidden with it.
    assert by_reason["does_not_need_it"]["suppressed"]
    assert not by_reason["fear_of_trafficker_or_reprisals"]["suppressed"]


def test_a_single_small_cell_cannot_be_worked_out_from_the_reasons_total() -> None:
    stats = decline_statistics(
        declines("does_not_trust_helpers", 8, identified_by_sector="ngo")
        + declines("does_not_trust_helpers", 6, identified_by_sector="police")
        + declines("does_not_trust_helpers", 1, identified_by_sector="labour_inspectorate")
    )
    cells = {
        row["identified_by_sector"]: row for row in stats["by_reason_and_identified_by_sector"]
    }
    assert cells["labour_inspectorate"]["suppressed"]
    # 15 in all is shown: with only the one cell hidden it would be 15 - 8 - 6 = 1.
    assert cells["police"]["suppressed"]
    assert cells["ngo"]["count"] == 8


def test_the_output_carries_no_person() -> None:
    stats = decline_statistics(declines("stigma", 6, jurisdiction="SE"))
    text = str(stats)
    assert "subject" not in text
    assert "note" not in text
    assert stats["by_reason_and_jurisdiction"] == [
        {"reason": "stigma", "jurisdiction": "SE", "count": 6, "suppressed": False}
    ]


def test_one_person_declining_often_does_not_fill_a_cell() -> None:
    same = [Decline("stigma", {"jurisdiction": "NO"}, "the-same-person") for _ in range(9)]
    stats = decline_statistics(same)
    assert stats["by_reason"] == [{"reason": "stigma", "count": None, "suppressed": True}]
    assert stats["total"]["suppressed"]
