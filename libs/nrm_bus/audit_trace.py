"""The port through which a service reads one person's audit trail: entries from any service.

Pure data and a protocol, nothing else: the person's data tracker (referral) is written
against it, and whatever collects the entries (one service's own access log today, the
cross-service collector of the audit log later) implements it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

KINDS = ("access", "published", "consumed", "held", "refused", "consent", "erasure", "replay")


@dataclass(frozen=True)
class TraceEntry:
    """One audit entry about a person, from any service; pseudonymous ids only.

    ``organisation`` and ``sector`` say who did something with the person's data: the reader
    of an ``access``, the recipient of a ``published`` event, the receiving service's
    organisation of a ``consumed`` one (``None`` when no one organisation speaks for it).
    """

    service: str  # identification | referral | shelter | justice
    seq: int  # position in that service's log
    at: datetime  # aware
    kind: str  # one of KINDS
    action: str  # e.g. "referrals.read", "SubjectIdentified"
    organisation: str | None
    sector: str | None
    # identity | contact | needs | exploitation | health | location
    data_categories: tuple[str, ...]
    consent_id: str | None


@dataclass(frozen=True)
class Trace:
    """Everything found about one person; ``missing`` names the services that could not be
    reached, so a partial trace is never mistaken for a complete one."""

    entries: list[TraceEntry] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


class TraceSource(Protocol):
    async def trace(self, subject_id: uuid.UUID) -> Trace: ...
