"""Shelters, placements and the waitlist: who fits where, with no database or broker in sight."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol

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


class MoveOutRefused(DomainError):
    """A move-out that cannot be recorded as given; `field` names what is wrong."""

    def __init__(self, field: str, message: str, *, conflict: bool = False) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        # True: the request is well formed but the state of things refuses it (409).
        self.conflict = conflict


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


class Need(Protocol):
    """What decides which shelters take a person at all (`fits`)."""

    @property
    def target_group(self) -> TargetGroup: ...
    @property
    def with_children(self) -> bool: ...
    @property
    def needs_child_place(self) -> bool: ...


@dataclass(frozen=True)
class PlaceNeed:
    """The part of a request a placement keeps, so that a transfer goes only to a shelter
    that would have been offered to the person in the first place (never a child to an
    adult-only house)."""

    target_group: TargetGroup
    is_child: bool
    with_children: bool = False

    @property
    def needs_child_place(self) -> bool:
        return self.is_child or self.target_group == "children"


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

    @property
    def need(self) -> PlaceNeed:
        return PlaceNeed(self.target_group, self.is_child, self.with_children)


# A waiting request is the request itself, kept until a fitting bed frees up.
WaitlistEntry = PlacementRequest


class PlacementStatus(StrEnum):
    HELD = "held"  # a bed kept while the person decides
    CONFIRMED = "confirmed"  # she lives there
    RELEASED = "released"  # the hold ended without her moving in
    ENDED = "ended"  # she lived there and moved out (or was transferred on)


class MoveOutReason(StrEnum):
    """Why a person left a shelter. Leaving is recorded, never judged: every reason frees the
    bed; the two that end the stay early are told apart for oversight (principle 9)."""

    MOVED_TO_OTHER_ACCOMMODATION = "moved_to_other_accommodation"
    RETURNED_HOME = "returned_home"
    LEFT_WITHOUT_NOTICE = "left_without_notice"
    # Names the house rule, one of the shelter's own: how rules are used is visible.
    ASKED_TO_LEAVE = "asked_to_leave_under_house_rule"
    # To another shelter, in the same referral: her history keeps both places.
    TRANSFERRED = "transferred"


@dataclass(frozen=True)
class MoveOut:
    reason: MoveOutReason
    moved_out_on: date
    house_rule: str | None = None
    to_shelter_id: uuid.UUID | None = None


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
    # Which shelters take her; None for placements made before it was kept.
    need: PlaceNeed | None = None
    # Once she moved out: when, why, and under which house rule if she was asked to leave.
    ended_on: date | None = None
    end_reason: MoveOutReason | None = None
    house_rule: str | None = None
    # The placement this one continues, when she was transferred here.
    transferred_from: uuid.UUID | None = None

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
            need=request.need,
        )

    @property
    def occupies_bed(self) -> bool:
        return self.status in (PlacementStatus.HELD, PlacementStatus.CONFIRMED)

    def move_out(self, move: MoveOut, today: date, house_rules: Sequence[HouseRule]) -> None:
        """She left on `move.moved_out_on`: not a day the service has not seen yet, and not
        before her placement began. A house rule is named exactly when she was asked to
        leave under one, and must be one of the shelter's; a destination exactly when she
        was transferred."""
        if self.status is not PlacementStatus.CONFIRMED:
            raise MoveOutRefused(
                "subject_id",
                f"her placement here is {self.status.value}: only a person living here moves out",
                conflict=True,
            )
        if move.moved_out_on > today:
            raise MoveOutRefused("moved_out_on", f"is after today ({today.isoformat()})")
        began = self.created_at.date()
        if move.moved_out_on < began:
            raise MoveOutRefused(
                "moved_out_on", f"is before her placement here began ({began.isoformat()})"
            )
        if move.reason is MoveOutReason.ASKED_TO_LEAVE:
            if move.house_rule not in {rule.rule for rule in house_rules}:
                raise MoveOutRefused("house_rule", "must be one of the shelter's house rules")
        elif move.house_rule is not None:
            raise MoveOutRefused(
                "house_rule", "is named only when she was asked to leave under a house rule"
            )
        if (move.reason is MoveOutReason.TRANSFERRED) != (move.to_shelter_id is not None):
            raise MoveOutRefused("to_shelter_id", "is given exactly when she is transferred")
        if move.to_shelter_id == self.shelter_id:
            raise MoveOutRefused("to_shelter_id", "is the shelter she is leaving")
        self.status = PlacementStatus.ENDED
        self.ended_on = move.moved_out_on
        self.end_reason = move.reason
        self.house_rule = move.house_rule

    def transfer_to(self, shelter: Shelter, now: datetime) -> Placement:
        """Her place in the shelter she moves to: confirmed at once (the staff recording the
        transfer arranged it with her; the receiving shelter is not asked again), in the same
        referral, continuing this one. Only to a shelter that takes the kind of person she is."""
        if self.need is None:
            raise MoveOutRefused(
                "to_shelter_id",
                "this placement predates the record of who it fits; refer her anew",
                conflict=True,
            )
        if not fits(self.need, shelter):
            raise MoveOutRefused(
                "to_shelter_id", f"{shelter.name} does not take {self.need.target_group}"
            )
        return Placement(
            self.referral_id,
            self.subject_id,
            self.consent_id,
            shelter.shelter_id,
            hold_expires_at=now,  # no hold: confirmed as she arrives
            created_at=now,
            status=PlacementStatus.CONFIRMED,
            need=self.need,
            transferred_from=self.placement_id,
        )

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


def fits(request: Need, shelter: Shelter) -> bool:
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
