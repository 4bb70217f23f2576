"""Referrals, and the local view of subjects built from events."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from nrm_bus.clock import as_utc
from referral.adapters.orm import providers, referrals, subjects
from referral.domain.model import Referral, ServiceType, Status, Subject
from referral.domain.providers import Provider
from referral.domain.statistics import Decline


class ReferralRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn
        # The status each referral had when this transaction read it (None: new), and the
        # referrals it wrote: their transitions are announced on commit.
        self._read_as: dict[uuid.UUID, Status | None] = {}
        self._written: dict[uuid.UUID, Referral] = {}

    def transitions(self) -> list[tuple[Referral, Status | None]]:
        """Referrals written in this transaction whose status changed, with the old one;
        taken once (a second call is empty until more are written)."""
        changed = [
            (referral, self._read_as.get(referral_id))
            for referral_id, referral in self._written.items()
            if referral.status is not self._read_as.get(referral_id)
        ]
        for referral, _ in changed:
            self._read_as[referral.referral_id] = referral.status
        self._written.clear()
        return changed

    def _remember(self, referral: Referral) -> Referral:
        self._read_as.setdefault(referral.referral_id, referral.status)
        return referral

    async def add(self, referral: Referral) -> None:
        await self._conn.execute(insert(referrals).values(**_referral_row(referral)))
        self._read_as.setdefault(referral.referral_id, None)
        self._written[referral.referral_id] = referral

    async def save(self, referral: Referral) -> None:
        self._written[referral.referral_id] = referral
        await self._conn.execute(
            update(referrals)
            .where(referrals.c.referral_id == referral.referral_id)
            .values(**_referral_row(referral))
        )

    async def get(self, referral_id: uuid.UUID, *, for_update: bool = False) -> Referral | None:
        query = select(referrals).where(referrals.c.referral_id == referral_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._conn.execute(query)).first()
        return self._remember(_referral(row)) if row else None

    async def of_subject(self, subject_id: uuid.UUID) -> list[Referral]:
        rows = await self._conn.execute(
            select(referrals)
            .where(referrals.c.subject_id == subject_id)
            .order_by(referrals.c.created_at)
        )
        return [self._remember(_referral(row)) for row in rows]

    async def get_subject(self, subject_id: uuid.UUID) -> Subject | None:
        row = (
            await self._conn.execute(select(subjects).where(subjects.c.subject_id == subject_id))
        ).first()
        if row is None:
            return None
        return Subject(
            row.subject_id,
            row.region,
            row.jurisdiction,
            row.target_group,
            row.is_child,
            row.languages,
            [uuid.UUID(consent_id) for consent_id in row.consent_ids],
            reflection_ends_on=row.reflection_ends_on,
            reflection_days=row.reflection_days,
            identified_by_sector=row.identified_by_sector,
            exploitation_types=list(row.exploitation_types or []),
            identified_by_organisation=row.identified_by_organisation,
        )

    async def put_subject(self, subject: Subject) -> None:
        values = {
            "region": subject.region,
            "jurisdiction": subject.jurisdiction,
            "target_group": subject.target_group,
            "is_child": subject.is_child,
            "languages": subject.languages,
            "consent_ids": [str(consent_id) for consent_id in subject.consent_ids],
            "reflection_ends_on": subject.reflection_ends_on,
            "reflection_days": subject.reflection_days,
            "identified_by_sector": subject.identified_by_sector,
            "exploitation_types": subject.exploitation_types,
            "identified_by_organisation": subject.identified_by_organisation,
        }
        changed = await self._conn.execute(
            update(subjects).where(subjects.c.subject_id == subject.subject_id).values(**values)
        )
        if changed.rowcount == 0:
            await self._conn.execute(
                insert(subjects).values(subject_id=subject.subject_id, **values)
            )

    async def set_reflection_end(self, subject_id: uuid.UUID, ends_on: date, days: int) -> None:
        await self._conn.execute(
            update(subjects)
            .where(subjects.c.subject_id == subject_id)
            .values(reflection_ends_on=ends_on, reflection_days=days)
        )

    async def declines(self) -> list[Decline]:
        """Every decline on record, as reason and statistics dimensions only."""
        rows = await self._conn.execute(
            select(referrals.c.history, referrals.c.dimensions, referrals.c.subject_id)
        )
        return [
            Decline(entry["reason"], dict(row.dimensions or {}), str(row.subject_id))
            for row in rows
            for entry in row.history
            if entry.get("status") == "declined" and entry.get("reason")
        ]

    async def forget_subject(self, subject_id: uuid.UUID) -> None:
        await self._conn.execute(delete(subjects).where(subjects.c.subject_id == subject_id))

    async def erase_subject(self, subject_id: uuid.UUID) -> None:
        await self._conn.execute(delete(referrals).where(referrals.c.subject_id == subject_id))
        await self._conn.execute(delete(subjects).where(subjects.c.subject_id == subject_id))


def _referral_row(referral: Referral) -> dict[str, object]:
    return {
        "referral_id": referral.referral_id,
        "subject_id": referral.subject_id,
        "service_type": referral.service_type.value,
        "region": referral.region,
        "needs": referral.needs,
        "consent_id": referral.consent_id,
        "status": referral.status.value,
        "created_at": referral.created_at,
        "history": referral.history,
        "placement": referral.placement,
        "dimensions": referral.dimensions,
        "provider": referral.provider,
    }


def _referral(row: Row[Any]) -> Referral:
    return Referral(
        referral_id=row.referral_id,
        subject_id=row.subject_id,
        service_type=ServiceType(row.service_type),
        region=row.region,
        needs=row.needs,
        consent_id=row.consent_id,
        status=Status(row.status),
        created_at=as_utc(row.created_at),
        history=list(row.history),
        placement=row.placement,
        dimensions=dict(row.dimensions or {}),
        provider=row.provider,
    )


class ProviderRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, provider: Provider) -> None:
        await self._conn.execute(
            insert(providers).values(
                provider_id=provider.provider_id,
                organisation=provider.organisation,
                name=provider.name,
                service_types=[service.value for service in provider.service_types],
                regions=list(provider.regions),
                target_groups=list(provider.target_groups),
                languages=list(provider.languages),
            )
        )

    async def list(self) -> list[Provider]:
        rows = await self._conn.execute(select(providers).order_by(providers.c.name))
        return [
            Provider(
                organisation=row.organisation,
                name=row.name,
                service_types=tuple(ServiceType(value) for value in row.service_types),
                regions=tuple(row.regions),
                target_groups=tuple(row.target_groups),
                languages=tuple(row.languages),
                provider_id=row.provider_id,
            )
            for row in rows
        ]
