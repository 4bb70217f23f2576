"""Identifications, consents and the recipients' acknowledgements in the service's own
database."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from identification.adapters.orm import (
    consent_acknowledgements,
    consents,
    erasure_acknowledgements,
    identifications,
    reflection_extensions,
    reflection_notices,
)
from identification.domain.model import (
    Actor,
    Consent,
    Extension,
    Grounds,
    Identification,
    Informed,
    Person,
    Purpose,
    ReflectionPeriod,
    Representative,
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
                identified_by=asdict(identification.identified_by),
                representative=(
                    asdict(identification.representative) if identification.representative else None
                ),
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
                row.jurisdiction,
                row.reflection_starts_on,
                row.reflection_days,
                await self._extensions_of(subject_id),
            ),
            consents=await self.consents_of(subject_id),
            identified_by=_actor(row.identified_by),
            erased_at=row.erased_at and as_utc(row.erased_at),
            representative=Representative(**row.representative) if row.representative else None,
        )

    async def _extensions_of(self, subject_id: uuid.UUID) -> tuple[Extension, ...]:
        rows = await self._conn.execute(
            select(reflection_extensions)
            .where(reflection_extensions.c.subject_id == subject_id)
            .order_by(reflection_extensions.c.extended_at)
        )
        return tuple(
            Extension(row.days, row.reason, as_utc(row.extended_at), _actor(row.extended_by))
            for row in rows
        )

    async def add_extension(self, subject_id: uuid.UUID, extension: Extension) -> None:
        await self._conn.execute(
            insert(reflection_extensions).values(
                extension_id=uuid.uuid4(),
                subject_id=subject_id,
                days=extension.days,
                reason=extension.reason,
                extended_at=extension.extended_at,
                extended_by=asdict(extension.extended_by),
            )
        )

    async def live_subjects(self) -> list[uuid.UUID]:
        """Everyone identified and not erased: whose reflection clocks still run."""
        rows = await self._conn.execute(
            select(identifications.c.subject_id).where(identifications.c.erased_at.is_(None))
        )
        return [row.subject_id for row in rows]

    async def announced(self, subject_id: uuid.UUID) -> set[str]:
        rows = await self._conn.execute(
            select(reflection_notices.c.notice).where(reflection_notices.c.subject_id == subject_id)
        )
        return {row.notice for row in rows}

    async def record_notice(self, subject_id: uuid.UUID, notice: str, at: datetime) -> None:
        # The primary key makes a second instance's attempt fail its whole transaction.
        await self._conn.execute(
            insert(reflection_notices).values(subject_id=subject_id, notice=notice, announced_at=at)
        )

    async def save_erasure(self, identification: Identification, by: Actor) -> None:
        await self._conn.execute(
            update(identifications)
            .where(identifications.c.subject_id == identification.subject_id)
            .values(
                person=identification.person.as_dict(),
                indicators=identification.indicators,
                exploitation_types=identification.exploitation_types,
                region=identification.region,
                erased_at=identification.erased_at,
                erased_by=asdict(by),
            )
        )
        for consent in identification.consents:
            await self.save_consent_state(consent)
        # The reasons for more time are free text about the person: they go too.
        await self._conn.execute(
            update(reflection_extensions)
            .where(reflection_extensions.c.subject_id == identification.subject_id)
            .values(reason="")
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
                informed=asdict(consent.informed),
                jurisdiction=consent.jurisdiction,
                legal_basis=consent.legal_basis,
                recorded_by=asdict(consent.recorded_by),
                with_representative=consent.with_representative,
            )
        )

    async def save_consent_state(self, consent: Consent) -> None:
        await self._conn.execute(
            update(consents)
            .where(consents.c.consent_id == consent.consent_id)
            .values(
                withdrawn_at=consent.withdrawn_at,
                withdrawn_by=asdict(consent.withdrawn_by) if consent.withdrawn_by else None,
                expiry_announced_at=consent.expiry_announced_at,
            )
        )

    async def consents_of(self, subject_id: uuid.UUID) -> list[Consent]:
        rows = await self._conn.execute(
            select(consents)
            .where(consents.c.subject_id == subject_id)
            .order_by(consents.c.given_at)
        )
        return [_consent(row) for row in rows]

    async def consents_due_to_expire(self, now: datetime) -> list[uuid.UUID]:
        rows = await self._conn.execute(
            select(consents.c.consent_id)
            .where(
                consents.c.expires_at <= now,
                consents.c.expiry_announced_at.is_(None),
                consents.c.withdrawn_at.is_(None),
            )
            .order_by(consents.c.expires_at)
        )
        return [row.consent_id for row in rows]

    async def consent_for_update(self, consent_id: uuid.UUID) -> Consent | None:
        query = select(consents).where(consents.c.consent_id == consent_id)
        if self._conn.dialect.name == "postgresql":
            query = query.with_for_update()
        row = (await self._conn.execute(query)).first()
        return None if row is None else _consent(row)

    async def add_acknowledgement(
        self, consent_id: uuid.UUID, service: str, action: str, at: datetime
    ) -> None:
        await self._insert_once(
            consent_acknowledgements,
            consent_id=consent_id,
            service=service,
            action=action,
            acknowledged_at=at,
        )

    async def acknowledgements_of(self, consent_id: uuid.UUID) -> list[dict[str, Any]]:
        rows = await self._conn.execute(
            select(consent_acknowledgements)
            .where(consent_acknowledgements.c.consent_id == consent_id)
            .order_by(consent_acknowledgements.c.acknowledged_at)
        )
        return [
            {"service": row.service, "action": row.action, "at": as_utc(row.acknowledged_at)}
            for row in rows
        ]

    async def add_erasure_acknowledgement(
        self, subject_id: uuid.UUID, service: str, at: datetime
    ) -> None:
        await self._insert_once(
            erasure_acknowledgements, subject_id=subject_id, service=service, erased_at=at
        )

    async def erasure_acknowledgements(self, subject_id: uuid.UUID) -> list[dict[str, Any]]:
        rows = await self._conn.execute(
            select(erasure_acknowledgements)
            .where(erasure_acknowledgements.c.subject_id == subject_id)
            .order_by(erasure_acknowledgements.c.erased_at)
        )
        return [{"service": row.service, "at": as_utc(row.erased_at)} for row in rows]

    async def erasure_of(self, subject_id: uuid.UUID) -> dict[str, Any] | None:
        row = (
            await self._conn.execute(
                select(identifications.c.erased_at, identifications.c.erased_by).where(
                    identifications.c.subject_id == subject_id
                )
            )
        ).first()
        if row is None or row.erased_at is None:
            return None
        return {"requested_at": as_utc(row.erased_at), "requested_by": row.erased_by}

    async def _insert_once(self, table: Any, **values: Any) -> None:
        # A repeated acknowledgement (a redelivery or a second instance) changes nothing.
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(insert(table).values(**values))
        except IntegrityError:
            pass


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
        jurisdiction=row.jurisdiction,
        legal_basis=row.legal_basis,
        recorded_by=_actor(row.recorded_by),
        withdrawn_by=Actor(**row.withdrawn_by) if row.withdrawn_by else None,
        expiry_announced_at=row.expiry_announced_at and as_utc(row.expiry_announced_at),
        with_representative=bool(row.with_representative),
    )


def _actor(stored: dict[str, str] | None) -> Actor:
    # Rows written before actors were recorded hold {}: attributed to nobody, not guessed.
    return Actor(**stored) if stored else Actor("unknown", "unknown", "unknown")
