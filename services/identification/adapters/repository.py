"""Identifications and consents in the service's own database."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from identification.adapters.orm import consents, identifications
from identification.domain.model import (
    Consent,
    Grounds,
    Identification,
    Informed,
    Person,
    Purpose,
    ReflectionPeriod,
)
from nrm_bus.clock import as_utc


class IdentificationRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, identification: Identification) -> None:
        period = identification.reflection_period
        await self._conn.execute(
            insert(identifications).values(
                identification_id=identification.identification_id,
                subject_id=identification.subject_id,
                grounds=identification.grounds.value,
                indicators=identification.indicators,
                exploitation_types=identification.exploitation_types,
                person=identification.person.as_dict(),
                region=identification.region,
                jurisdiction=identification.jurisdiction,
                identified_at=identification.identified_at,
                reflection_starts_on=period.starts_on,
                reflection_days=period.days,
            )
        )
        for consent in identification.consents:
            await self.add_consent(consent)

    async def get(self, subject_id: uuid.UUID) -> Identification | None:
        row = (
            await self._conn.execute(
                select(identifications).where(identifications.c.subject_id == subject_id)
            )
        ).first()
        if row is None:
            return None
        return Identification(
            identification_id=row.identification_id,
            subject_id=row.subject_id,
            grounds=Grounds(row.grounds),
            indicators=row.indicators,
            exploitation_types=row.exploitation_types,
            person=Person(**row.person),
            region=row.region,
            jurisdiction=row.jurisdiction,
            identified_at=as_utc(row.identified_at),
            reflection_period=ReflectionPeriod(
                row.jurisdiction, row.reflection_starts_on, row.reflection_days
            ),
            consents=await self.consents_of(subject_id),
        )

    async def add_consent(self, consent: Consent) -> None:
        await self._conn.execute(
            insert(consents).values(
                consent_id=consent.consent_id,
                subject_id=consent.subject_id,
                purpose=consent.purpose.value,
                recipient=consent.recipient,
                data_categories=consent.data_categories,
                given_at=consent.given_at,
                expires_at=consent.expires_at,
                withdrawn_at=consent.withdrawn_at,
                informed={"language": consent.informed.language, "method": consent.informed.method},
            )
        )

    async def save_withdrawal(self, consent: Consent) -> None:
        await self._conn.execute(
            update(consents)
            .where(consents.c.consent_id == consent.consent_id)
            .values(withdrawn_at=consent.withdrawn_at)
        )

    async def consents_of(self, subject_id: uuid.UUID) -> list[Consent]:
        rows = await self._conn.execute(
            select(consents)
            .where(consents.c.subject_id == subject_id)
            .order_by(consents.c.given_at)
        )
        return [_consent(row) for row in rows]


def _consent(row: Row[tuple[object, ...]]) -> Consent:
    return Consent(
        consent_id=row.consent_id,
        subject_id=row.subject_id,
        purpose=Purpose(row.purpose),
        recipient=row.recipient,
        data_categories=row.data_categories,
        given_at=as_utc(row.given_at),
        expires_at=row.expires_at and as_utc(row.expires_at),
        withdrawn_at=row.withdrawn_at and as_utc(row.withdrawn_at),
        informed=Informed(**row.informed),
    )
