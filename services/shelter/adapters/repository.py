"""Shelters, placements and the waitlist in the service's own database."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from nrm_bus.clock import as_utc
from shelter.adapters.orm import placements, shelters, waitlist
from shelter.domain.model import HouseRule, Placement, PlacementStatus, Shelter, WaitlistEntry


class ShelterRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, shelter: Shelter) -> None:
        await self._conn.execute(insert(shelters).values(**_shelter_row(shelter)))

    async def get(self, shelter_id: uuid.UUID) -> Shelter | None:
        row = (
            await self._conn.execute(select(shelters).where(shelters.c.shelter_id == shelter_id))
        ).first()
        return None if row is None else _shelter(row._asdict())

    async def list(self, *, with_free_beds: bool = False) -> list[Shelter]:
        query = select(shelters).order_by(shelters.c.region, shelters.c.name)
        if with_free_beds:
            query = query.where(shelters.c.beds_free > 0)
        return [_shelter(row._asdict()) for row in await self._conn.execute(query)]

    async def save(self, shelter: Shelter, *, was: tuple[int, int]) -> bool:
        """Write the shelter only if its capacity is still `was` (total, free): a bed taken
        by a placement meanwhile must not be overwritten."""
        result = await self._conn.execute(
            update(shelters)
            .where(
                shelters.c.shelter_id == shelter.shelter_id,
                shelters.c.beds_total == was[0],
                shelters.c.beds_free == was[1],
            )
            .values(**_shelter_row(shelter))
        )
        return result.rowcount == 1

    async def take_bed(self, shelter_id: uuid.UUID) -> bool:
        # One conditional statement, so two consumers racing for the last bed cannot both win.
        result = await self._conn.execute(
            update(shelters)
            .where(shelters.c.shelter_id == shelter_id, shelters.c.beds_free > 0)
            .values(beds_free=shelters.c.beds_free - 1)
        )
        return result.rowcount == 1

    async def return_bed(self, shelter_id: uuid.UUID) -> bool:
        result = await self._conn.execute(
            update(shelters)
            .where(
                shelters.c.shelter_id == shelter_id, shelters.c.beds_free < shelters.c.beds_total
            )
            .values(beds_free=shelters.c.beds_free + 1)
        )
        return result.rowcount == 1


class PlacementRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, placement: Placement) -> None:
        await self._conn.execute(
            insert(placements).values(
                placement_id=placement.placement_id,
                referral_id=placement.referral_id,
                subject_id=placement.subject_id,
                consent_id=placement.consent_id,
                shelter_id=placement.shelter_id,
                status=placement.status.value,
                hold_expires_at=placement.hold_expires_at,
                created_at=placement.created_at,
            )
        )

    async def for_referral(self, referral_id: uuid.UUID) -> Placement | None:
        # Locked on PostgreSQL so an acceptance and a decline of one referral serialise.
        row = (
            await self._conn.execute(
                select(placements).where(placements.c.referral_id == referral_id).with_for_update()
            )
        ).first()
        return None if row is None else _placement(row._asdict())

    async def of_subject(self, subject_id: uuid.UUID) -> list[Placement]:
        rows = await self._conn.execute(
            select(placements)
            .where(placements.c.subject_id == subject_id)
            .order_by(placements.c.created_at)
        )
        return [_placement(row._asdict()) for row in rows]

    async def held_until(self, now: datetime) -> list[Placement]:
        """Held placements whose hold ran out at or before `now`, oldest first."""
        rows = await self._conn.execute(
            select(placements)
            .where(
                placements.c.status == PlacementStatus.HELD.value,
                placements.c.hold_expires_at <= now,
            )
            .order_by(placements.c.hold_expires_at)
        )
        return [_placement(row._asdict()) for row in rows]

    async def held_under_consent(self, consent_id: uuid.UUID) -> list[Placement]:
        rows = await self._conn.execute(
            select(placements)
            .where(
                placements.c.consent_id == consent_id,
                placements.c.status == PlacementStatus.HELD.value,
            )
            .order_by(placements.c.created_at)
        )
        return [_placement(row._asdict()) for row in rows]

    async def under_consent(self, consent_id: uuid.UUID) -> list[Placement]:
        rows = await self._conn.execute(
            select(placements).where(placements.c.consent_id == consent_id)
        )
        return [_placement(row._asdict()) for row in rows]

    async def anonymise_subject(self, subject_id: uuid.UUID) -> None:
        """Released placements go; the rest keep their bed under fresh random ids (the
        placement's too: old events name it beside the person), so nothing leads back."""
        await self._conn.execute(
            delete(placements).where(
                placements.c.subject_id == subject_id,
                placements.c.status == PlacementStatus.RELEASED.value,
            )
        )
        for placement in await self.of_subject(subject_id):
            await self._conn.execute(
                update(placements)
                .where(placements.c.placement_id == placement.placement_id)
                .values(
                    placement_id=uuid.uuid4(),
                    subject_id=uuid.uuid4(),
                    referral_id=uuid.uuid4(),
                    consent_id=uuid.uuid4(),
                )
            )

    async def count_placed(self, shelter_id: uuid.UUID) -> int:
        count = await self._conn.scalar(
            select(func.count())
            .select_from(placements)
            .where(
                placements.c.shelter_id == shelter_id,
                placements.c.status != PlacementStatus.RELEASED.value,
            )
        )
        return int(count or 0)

    async def count_held(self, shelter_id: uuid.UUID) -> int:
        """Beds held for an offer not yet answered."""
        count = await self._conn.scalar(
            select(func.count())
            .select_from(placements)
            .where(
                placements.c.shelter_id == shelter_id,
                placements.c.status == PlacementStatus.HELD.value,
            )
        )
        return int(count or 0)

    async def save_status(self, placement: Placement, *, was: PlacementStatus) -> bool:
        """Write the new status only if the row still has status `was`: two members
        releasing one hold (a decline and the expiry sweep) cannot both win."""
        result = await self._conn.execute(
            update(placements)
            .where(
                placements.c.placement_id == placement.placement_id,
                placements.c.status == was.value,
            )
            .values(status=placement.status.value)
        )
        return result.rowcount == 1


class WaitlistRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn
        # Whether this transaction changed the waitlist (its counts are then announced).
        self.changed = False

    async def add(self, entry: WaitlistEntry) -> None:
        self.changed = True
        await self._conn.execute(
            insert(waitlist).values(
                referral_id=entry.referral_id,
                subject_id=entry.subject_id,
                consent_id=entry.consent_id,
                target_group=entry.target_group,
                is_child=entry.is_child,
                languages=entry.languages,
                region=entry.region,
                requested_at=entry.requested_at,
                with_children=entry.with_children,
                regime_preference=entry.regime_preference,
            )
        )

    async def get(self, referral_id: uuid.UUID) -> WaitlistEntry | None:
        row = (
            await self._conn.execute(select(waitlist).where(waitlist.c.referral_id == referral_id))
        ).first()
        return None if row is None else _entry(row._asdict())

    async def all(self) -> list[WaitlistEntry]:
        rows = await self._conn.execute(select(waitlist).order_by(waitlist.c.requested_at))
        return [_entry(row._asdict()) for row in rows]

    async def remove(self, referral_id: uuid.UUID) -> None:
        result = await self._conn.execute(
            delete(waitlist).where(waitlist.c.referral_id == referral_id)
        )
        self.changed |= bool(result.rowcount)

    async def remove_subject(self, subject_id: uuid.UUID) -> None:
        result = await self._conn.execute(
            delete(waitlist).where(waitlist.c.subject_id == subject_id)
        )
        self.changed |= bool(result.rowcount)

    async def remove_under_consent(self, consent_id: uuid.UUID) -> int:
        result = await self._conn.execute(
            delete(waitlist).where(waitlist.c.consent_id == consent_id)
        )
        self.changed |= bool(result.rowcount)
        return int(result.rowcount)


def _shelter_row(shelter: Shelter) -> dict[str, Any]:
    return {
        "shelter_id": shelter.shelter_id,
        "organisation": shelter.organisation,
        "name": shelter.name,
        "region": shelter.region,
        "target_groups": list(shelter.target_groups),
        "regime": shelter.regime,
        "languages": list(shelter.languages),
        "beds_total": shelter.beds_total,
        "beds_free": shelter.beds_free,
        "accessibility": list(shelter.accessibility),
        "house_rules": [
            {"rule": rule.rule, "rationale": rule.rationale} for rule in shelter.house_rules
        ],
    }


def _shelter(row: dict[str, Any]) -> Shelter:
    return Shelter(**{**row, "house_rules": [HouseRule(**rule) for rule in row["house_rules"]]})


def _placement(row: dict[str, Any]) -> Placement:
    return Placement(
        **{
            **row,
            "status": PlacementStatus(row["status"]),
            "hold_expires_at": as_utc(row["hold_expires_at"]),
            "created_at": as_utc(row["created_at"]),
        }
    )


def _entry(row: dict[str, Any]) -> WaitlistEntry:
    return WaitlistEntry(**{**row, "requested_at": as_utc(row["requested_at"])})
