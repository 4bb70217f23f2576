"""Shelters, placements and the waitlist: who fits where, with no database or broker in sight."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from nrm_bus.vocabulary import Accessibility, Regime, TargetGroup

CHILD_GROUPS: frozenset[str] = frozenset({"children", "families"})
ADULT_GROUPS: frozenset[str] = frozenset({"women", "men", "lgbtq", "disabilities"})


class DomainError(Exception):
    """A rule of the domain refused the request; the message names the rule."""


class CapacityError(DomainError):
    pass


class PlacementStateError(DomainError):
    pass


class HouseRuleError(DomainError):
    """A restriction without its reason: oversight must see why each rule exists."""


def check_capacity(beds_total: int, beds_free: int) -> None:
    if not 0 <= beds_free <= beds_total:
        raise CapacityError(
            f"beds_free must be between 0 and beds_total ({beds_free} of {beds_total})"
        )


@dataclass(frozen=True)
class HouseRule:
    """A shelter's rule or restriction, with the reason it exists (principle 9)."""

    rule: str
    rationale: str

    def __post_init__(self) -> None:
        if not self.rule.strip():
            raise HouseRuleError("a house rule must say what it requires")
        if not self.rationale.strip():
            raise HouseRuleError(f"house rule {self.rule!r} has no rationale")


@dataclass
class Shelter:
    name: str
    region: str
    target_groups: list[TargetGroup]
    regime: Regime
    languages: list[str]
    beds_total: int
    beds_free: int
    shelter_id: uuid.UUID = field(default_factory=uuid.uuid4)
    organisation: str | None = None
    accessibility: list[Accessibility] = field(default_factory=list)
    house_rules: list[HouseRule] = field(default_factory=list)

    def __post_init__(self) -> None:
        check_capacity(self.beds_total, self.beds_free)
        self.target_groups = sorted(set(self.target_groups))
        self.accessibility = sorted(set(self.accessibility))

    @classmethod
    def register(
        cls,
        *,
        name: str,
        region: str,
        target_groups: list[TargetGroup],
        regime: Regime,
        languages: list[str],
        beds_total: int,
        beds_free: int | None = None,
        organisation: str | None = None,
        accessibility: list[Accessibility] | None = None,
        house_rules: list[HouseRule] | None = None,
    ) -> Shelter:
        # A new shelter is empty unless it says otherwise.
        free = beds_total if beds_free is None else beds_free
        return cls(
            name,
            region,
            target_groups,
            regime,
            languages,
            beds_total,
            free,
            organisation=organisation,
            accessibility=list(accessibility or []),
            house_rules=list(house_rules or []),
        )

    @property
    def beds_in_use(self) -> int:
        return self.beds_total - self.beds_free

    def resize(self, *, beds_total: int | None, beds_free: int | None, placed: int) -> None:
        """Change capacity. A new total moves the free beds by the same amount, so beds in
        use stay in use; `placed` (held and confirmed placements here) must keep a bed."""
        total = self.beds_total if beds_total is None else beds_total
        free = self.beds_free + (total - self.beds_total) if beds_free is None else beds_free
        check_capacity(total, free)
        if total - free < placed:
            raise CapacityError(
                f"placements hold {placed} beds; the change would leave {total - free} in use"
            )
        self.beds_total, self.beds_free = total, free


@dataclass(frozen=True)
class PlacementRequest:
    """What the shelter sector is told about a person: only what finding a bed needs."""

    referral_id: uuid.UUID
    subject_id: uuid.UUID
    consent_id: uuid.UUID
    target_group: TargetGroup
    is_child: bool
    languages: list[str]
    region: str
    requested_at: datetime
    # A parent coming with their children: only a family place will do.
    with_children: bool = False
    # Ranks shelters of this regime first; never excludes the others.
    regime_preference: Regime | None = None

    @property
    def needs_child_place(self) -> bool:
        return self.is_child or self.target_group == "children"

    @property
    def involves_children(self) -> bool:
        """A child, or a parent with children: served first from the waitlist."""
        return self.needs_child_place or self.with_children


# A waiting request is the request itself, kept until a fitting bed frees up.
WaitlistEntry = PlacementRequest


class PlacementStatus(StrEnum):
    HELD = "held"
    CONFIRMED = "confirmed"
    RELEASED = "released"


@dataclass
class Placement:
    referral_id: uuid.UUID
    subject_id: uuid.UUID
    consent_id: uuid.UUID
    shelter_id: uuid.UUID
    hold_expires_at: datetime
    created_at: datetime
    status: PlacementStatus = PlacementStatus.HELD
    placement_id: uuid.UUID = field(default_factory=uuid.uuid4)

    @classmethod
    def hold(
        cls, request: PlacementRequest, shelter_id: uuid.UUID, now: datetime, hold: timedelta
    ) -> Placement:
        return cls(
            request.referral_id,
            request.subject_id,
            request.consent_id,
            shelter_id,
            hold_expires_at=now + hold,
            created_at=now,
        )

    @property
    def occupies_bed(self) -> bool:
        return self.status is not PlacementStatus.RELEASED

    def hold_lapsed(self, now: datetime) -> bool:
        """A hold nobody answered in time: the bed goes back, no request needed."""
        return self.status is PlacementStatus.HELD and self.hold_expires_at <= now

    def confirm(self) -> None:
        self._leave_hold()
        self.status = PlacementStatus.CONFIRMED

    def release(self) -> None:
        self._leave_hold()
        self.status = PlacementStatus.RELEASED

    def _leave_hold(self) -> None:
        if self.status is not PlacementStatus.HELD:
            raise PlacementStateError(
                f"placement {self.placement_id} is {self.status.value}, not held"
            )


def fits(request: PlacementRequest, shelter: Shelter) -> bool:
    """Whether the shelter takes the kind of person asking, regardless of free beds."""
    groups = set(shelter.target_groups)
    if request.with_children:
        # A parent and their children stay together, and never in an adult-only place.
        return "families" in groups
    if request.needs_child_place:
        # Children are never placed in adult shelters; a family shelter takes them with a parent.
        return bool(groups & CHILD_GROUPS)
    if request.target_group == "unspecified":
        # The person chose not to say; any adult shelter will do rather than none.
        return bool(groups & ADULT_GROUPS)
    return request.target_group in groups


def language_overlap(wanted: Iterable[str], spoken: Iterable[str]) -> int:
    """Shared languages by primary subtag: a person speaking `ar-SY` is understood in `ar`."""
    return len({_primary(tag) for tag in wanted} & {_primary(tag) for tag in spoken})


def _primary(tag: str) -> str:
    return tag.split("-", 1)[0].casefold()


def rank_shelters(request: PlacementRequest, shelters: Iterable[Shelter]) -> list[Shelter]:
    """Fitting shelters with a free bed, best first: near the person's community, then the
    regime they prefer (if any), then a language they speak, then room to spare
    (principle 7)."""
    region = request.region.casefold()
    preferred = request.regime_preference
    candidates = [s for s in shelters if s.beds_free > 0 and fits(request, s)]
    return sorted(
        candidates,
        key=lambda s: (
            s.region.casefold() != region,
            preferred is not None and s.regime != preferred,
            -language_overlap(request.languages, s.languages),
            -s.beds_free,
            s.name,  # ties broken the same way every time
            str(s.shelter_id),
        ),
    )


def next_in_line(waiting: Iterable[WaitlistEntry], shelter: Shelter) -> WaitlistEntry | None:
    """Who gets a bed that frees up: children (alone or with a parent) first, then whoever
    has waited longest."""
    fitting = [entry for entry in waiting if fits(entry, shelter)]
    return min(fitting, key=lambda e: (not e.involves_children, e.requested_at), default=None)


@dataclass(frozen=True)
class CapacityRow:
    """Beds of one region, target group and regime: what the dashboard shows, no person."""

    region: str
    target_group: TargetGroup
    regime: Regime
    beds_total: int
    beds_free: int
    shelters: int


def capacity_by_group(shelters: Iterable[Shelter]) -> list[CapacityRow]:
    """Beds summed by region, target group and regime; a shelter taking several groups
    counts under each, so the rows of one region may add up to more than its beds."""
    totals: dict[tuple[str, TargetGroup, Regime], tuple[int, int, int]] = {}
    for shelter in shelters:
        for group in shelter.target_groups:
            key = (shelter.region, group, shelter.regime)
            total, free, count = totals.get(key, (0, 0, 0))
            totals[key] = (total + shelter.beds_total, free + shelter.beds_free, count + 1)
    return [
        CapacityRow(region, group, regime, total, free, count)
        for (region, group, regime), (total, free, count) in sorted(totals.items())
    ]


@dataclass(frozen=True)
class WaitingCount:
    """How many requests wait for a bed, of one region, target group and language, and
    since when the oldest: what operations sees of the waitlist, no person."""

    region: str
    target_group: TargetGroup
    language: str
    count: int
    oldest_since: datetime


def waiting_counts(waiting: Iterable[WaitlistEntry]) -> list[WaitingCount]:
    """The waitlist by region, target group and the first language each request names."""
    groups: dict[tuple[str, TargetGroup, str], list[datetime]] = {}
    for entry in waiting:
        language = _primary(entry.languages[0]) if entry.languages else "und"
        groups.setdefault((entry.region, entry.target_group, language), []).append(
            entry.requested_at
        )
    return [
        WaitingCount(region, group, language, len(times), min(times))
        for (region, group, language), times in sorted(groups.items())
    ]
