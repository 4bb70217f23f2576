"""Who fits which shelter, in what order, and what capacity a shelter may have."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from shelter.domain.model import (
    CapacityError,
    CapacityRow,
    HouseRule,
    HouseRuleError,
    Placement,
    PlacementRequest,
    PlacementStateError,
    PlacementStatus,
    Shelter,
    capacity_by_group,
    fits,
    language_overlap,
    next_in_line,
    rank_shelters,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def shelter(name: str = "s", **overrides: Any) -> Shelter:
    fields: dict[str, Any] = {
        "name": name,
        "region": "North",
        "target_groups": ["women"],
        "regime": "open",
        "languages": ["en"],
        "beds_total": 5,
        "beds_free": 5,
        **overrides,
    }
    return Shelter(**fields)


def request(**overrides: Any) -> PlacementRequest:
    fields: dict[str, Any] = {
        "referral_id": uuid.uuid4(),
        "subject_id": uuid.uuid4(),
        "consent_id": uuid.uuid4(),
        "target_group": "women",
        "is_child": False,
        "languages": ["en"],
        "region": "North",
        "requested_at": T0,
        **overrides,
    }
    return PlacementRequest(**fields)


@pytest.mark.parametrize(
    ("need", "groups", "expected"),
    [
        ({"is_child": True, "target_group": "children"}, ["children"], True),
        ({"is_child": True, "target_group": "children"}, ["families"], True),
        ({"is_child": True, "target_group": "children"}, ["women"], False),
        # A child is never placed in an adult shelter, whatever group is named.
        ({"is_child": True, "target_group": "women"}, ["women"], False),
        ({"target_group": "children"}, ["families"], True),
        ({"target_group": "women"}, ["women", "children"], True),
        ({"target_group": "women"}, ["men"], False),
        ({"target_group": "men"}, ["men"], True),
        ({"target_group": "men"}, ["families"], False),
        ({"target_group": "unspecified"}, ["lgbtq"], True),
        ({"target_group": "unspecified"}, ["disabilities"], True),
        ({"target_group": "unspecified"}, ["children", "families"], False),
        # A parent with children needs a family place, never an adult-only one.
        ({"target_group": "women", "with_children": True}, ["women", "families"], True),
        ({"target_group": "women", "with_children": True}, ["women"], False),
        ({"target_group": "men", "with_children": True}, ["families"], True),
        ({"target_group": "men", "with_children": True}, ["men", "children"], False),
        ({"target_group": "unspecified", "with_children": True}, ["lgbtq"], False),
        ({"is_child": True, "with_children": True}, ["children"], False),
        ({"is_child": True, "with_children": True}, ["families"], True),
    ],
)
def test_fits(need: dict[str, Any], groups: list[str], expected: bool) -> None:
    assert fits(request(**need), shelter(target_groups=groups)) is expected


def test_ranking_prefers_region_then_language_then_free_beds() -> None:
    far_roomy = shelter("far", region="South", beds_free=5)
    near_other_language = shelter("near-fr", languages=["fr"], beds_free=5)
    near_own_language_full_ish = shelter("near-ro-1", languages=["ro", "en"], beds_free=1)
    near_own_language_roomy = shelter("near-ro-3", languages=["ro"], beds_free=3)
    ranked = rank_shelters(
        request(languages=["ro-RO"]),
        [far_roomy, near_other_language, near_own_language_full_ish, near_own_language_roomy],
    )
    assert [s.name for s in ranked] == ["near-ro-3", "near-ro-1", "near-fr", "far"]


def test_ranking_leaves_out_full_and_unfitting_shelters() -> None:
    full = shelter("full", beds_free=0)
    for_men = shelter("men", target_groups=["men"])
    fitting = shelter("ok")
    assert rank_shelters(request(), [full, for_men, fitting]) == [fitting]


def test_language_overlap_compares_primary_subtags() -> None:
    assert language_overlap(["ar-SY", "EN"], ["ar", "en-GB", "fr"]) == 2
    assert language_overlap(["ro"], []) == 0


def test_next_in_line_serves_children_first_then_longest_waiting() -> None:
    family_shelter = shelter(target_groups=["families", "women"])
    early_adult = request(requested_at=T0)
    late_child = request(
        is_child=True, target_group="children", requested_at=T0 + timedelta(hours=5)
    )
    man = request(target_group="men", requested_at=T0 - timedelta(days=1))
    assert next_in_line([early_adult, late_child, man], family_shelter) == late_child
    assert next_in_line([early_adult, man], family_shelter) == early_adult
    assert next_in_line([man], family_shelter) is None


def test_new_shelter_is_empty_unless_told_otherwise() -> None:
    created = Shelter.register(
        name="n",
        region="r",
        target_groups=["women", "women"],
        regime="open",
        languages=[],
        beds_total=4,
    )
    assert (created.beds_total, created.beds_free, created.target_groups) == (4, 4, ["women"])


@pytest.mark.parametrize(("total", "free"), [(3, 4), (3, -1), (-1, -1)])
def test_free_beds_stay_between_zero_and_total(total: int, free: int) -> None:
    with pytest.raises(CapacityError):
        shelter(beds_total=total, beds_free=free)


def test_new_total_moves_free_beds_by_the_same_amount() -> None:
    s = shelter(beds_total=5, beds_free=2)
    s.resize(beds_total=8, beds_free=None, placed=3)
    assert (s.beds_total, s.beds_free) == (8, 5)
    s.resize(beds_total=3, beds_free=None, placed=3)
    assert (s.beds_total, s.beds_free) == (3, 0)


def test_capacity_change_cannot_strand_placements() -> None:
    s = shelter(beds_total=5, beds_free=2)
    with pytest.raises(CapacityError):
        s.resize(beds_total=2, beds_free=None, placed=3)  # would leave -1 free
    with pytest.raises(CapacityError):
        s.resize(beds_total=None, beds_free=4, placed=3)  # would free a held bed
    assert (s.beds_total, s.beds_free) == (5, 2)
    s.resize(beds_total=None, beds_free=1, placed=3)  # a bed taken outside the NRM
    assert s.beds_free == 1


def test_placement_leaves_hold_once() -> None:
    placement = Placement.hold(request(), uuid.uuid4(), T0, timedelta(hours=24))
    assert placement.hold_expires_at == T0 + timedelta(hours=24)
    placement.confirm()
    assert placement.status is PlacementStatus.CONFIRMED
    with pytest.raises(PlacementStateError):
        placement.release()


def test_regime_preference_ranks_that_regime_first_after_region() -> None:
    near_closed = shelter("near-closed", regime="closed", languages=["ro"], beds_free=5)
    near_community = shelter("near-community", regime="community", beds_free=1)
    far_community = shelter("far-community", region="South", regime="community")
    ranked = rank_shelters(
        request(languages=["ro"], regime_preference="community"),
        [near_closed, near_community, far_community],
    )
    # The preference outranks language and room, but not the person's own region, and it
    # excludes nothing.
    assert [s.name for s in ranked] == ["near-community", "near-closed", "far-community"]
    without = rank_shelters(request(languages=["ro"]), [near_closed, near_community])
    assert [s.name for s in without] == ["near-closed", "near-community"]


def test_next_in_line_counts_a_parent_with_children_among_the_children() -> None:
    family_shelter = shelter(target_groups=["families", "women"])
    early_adult = request(requested_at=T0)
    late_parent = request(with_children=True, requested_at=T0 + timedelta(hours=2))
    assert next_in_line([early_adult, late_parent], family_shelter) == late_parent
    # A women-only shelter cannot take the parent and children: the adult gets it.
    assert next_in_line([early_adult, late_parent], shelter()) == early_adult


def test_house_rules_need_a_rationale() -> None:
    with pytest.raises(HouseRuleError):
        HouseRule("no visitors after 22:00", "  ")
    with pytest.raises(HouseRuleError):
        HouseRule("", "because")
    rule = HouseRule("address kept confidential", "protection from traffickers")
    assert shelter(house_rules=[rule]).house_rules == [rule]


def test_accessibility_is_kept_once_and_in_order() -> None:
    created = Shelter.register(
        name="n",
        region="r",
        target_groups=["disabilities"],
        regime="open",
        languages=[],
        beds_total=2,
        accessibility=["wheelchair", "hearing_loop", "wheelchair"],
    )
    assert created.accessibility == ["hearing_loop", "wheelchair"]
    assert created.house_rules == []


def test_capacity_sums_beds_by_region_group_and_regime() -> None:
    shelters = [
        shelter("a", target_groups=["women", "families"], beds_total=6, beds_free=2),
        shelter("b", target_groups=["women"], beds_total=4, beds_free=4),
        shelter("c", target_groups=["women"], regime="closed", beds_total=3, beds_free=0),
        shelter("d", region="South", target_groups=["men"], beds_total=8, beds_free=1),
    ]
    assert capacity_by_group(shelters) == [
        CapacityRow("North", "families", "open", 6, 2, 1),
        CapacityRow("North", "women", "closed", 3, 0, 1),
        CapacityRow("North", "women", "open", 10, 6, 2),
        CapacityRow("South", "men", "open", 8, 1, 1),
    ]
    assert capacity_by_group([]) == []


def test_a_hold_lapses_at_its_expiry_and_only_while_held() -> None:
    placement = Placement.hold(request(), uuid.uuid4(), T0, timedelta(hours=24))
    assert not placement.hold_lapsed(T0 + timedelta(hours=23, minutes=59))
    assert placement.hold_lapsed(T0 + timedelta(hours=24))
    placement.confirm()
    assert not placement.hold_lapsed(T0 + timedelta(days=2))
