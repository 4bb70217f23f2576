"""Shelters, placements and the waitlist: who fits where, with no database or broker in sight."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from nrm_bus.vocabulary import Regime, TargetGroup

CHILD_GROUPS: frozenset[str] = frozenset({"children", "families"})
ADULT_GROUPS: frozenset[str] = frozenset({"women", "men", "lgbtq", "disabilities"})


class DomainError(Exception):
    """A rule of the domain refused the request; the message names the rule."""


class CapacityError(DomainError):
    pass


class PlacementStateError(DomainError):
    pass


def check_capacity(beds_total: int, beds_free: int) -> None:
    if not 0 <= beds_free <= beds_total:
        raise CapacityError(
            f"beds_free must be between 0 and beds_total ({beds_free} of {beds_total})"
        )


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

    def __post_init__(self) -> None:
        check_capacity(self.beds_total, self.beds_free)
        self.target_groups = sorted(set(self.target_groups))

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

    @property
    def needs_child_place(self) -> bool:
        return self.is_child or self.target_group == "children"


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
    """Fitting shelters with a free bed, best first: near the person's community, then a
    language they speak, then room to spare (principle 7)."""
    region = request.region.casefold()
    candidates = [s for s in shelters if s.beds_free > 0 and fits(request, s)]
    return sorted(
        candidates,
        key=lambda s: (
            s.region.casefold() != region,
            -language_overlap(request.languages, s.languages),
            -s.beds_free,
            s.name,  # ties broken the same way every time
            str(s.shelter_id),
        ),
    )


def next_in_line(waiting: Iterable[WaitlistEntry], shelter: Shelter) -> WaitlistEntry | None:
    """Who gets a bed that frees up: children first, then whoever has waited longest."""
    fitting = [entry for entry in waiting if fits(entry, shelter)]
    return min(fitting, key=lambda e: (not e.needs_child_place, e.requested_at), default=None)
