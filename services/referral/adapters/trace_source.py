"""The referral service's own access log, read as a person's trace: the data tracker's source
until the audit log's cross-service collector takes its place behind the same port."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select

from nrm_bus.audit_trace import Trace, TraceEntry
from nrm_bus.clock import as_utc
from referral.adapters.orm import access_log
from referral.service_layer.unit_of_work import ReferralUnitOfWork

SERVICE = "referral"
# All that referral holds about a person is in the needs category (schemas/disclosures.yaml,
# SubjectIdentified), but for the exploitation types kept for statistics, which no read
# returns. Reading the tracker itself reads none of the person's categories.
NEEDS = ("needs",)
NO_CATEGORIES_READ = ("data_tracker.",)


class AccessLogTraceSource:
    def __init__(self, unit_of_work: Callable[[], ReferralUnitOfWork]) -> None:
        self._unit_of_work = unit_of_work

    async def trace(self, subject_id: uuid.UUID) -> Trace:
        async with self._unit_of_work() as uow:
            rows = await uow.conn.execute(
                select(access_log)
                .where(access_log.c.subject_id == str(subject_id))
                .order_by(access_log.c.seq)
            )
            entries = [
                TraceEntry(
                    service=SERVICE,
                    seq=row.seq,
                    at=as_utc(row.at),
                    kind="access",
                    action=row.action,
                    organisation=row.organisation,
                    sector=row.sector,
                    data_categories=() if row.action.startswith(NO_CATEGORIES_READ) else NEEDS,
                    consent_id=None,
                )
                for row in rows
            ]
        return Trace(entries=entries, missing=[])
