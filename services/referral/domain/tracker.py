"""What goes on a person's data tracker: who received or read their data, and what is held
back during a criminal investigation. No I/O: the entries come from a ``TraceSource``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from nrm_bus.audit_trace import Trace, TraceEntry

# What an organisation did with the person's data. Holds and refusals of the consent gate,
# consent changes, erasures and replays are the mechanism's own bookkeeping, for auditors.
SHOWN_KINDS = frozenset({"access", "published", "consumed"})
# Recording or listing holds is not a use of the person's data, and showing it would say
# what a hold is meant to keep quiet; the sheet states that something is held back instead.
HOLD_ACTIONS = ("data_tracker.hold",)


@dataclass(frozen=True)
class TrackerHold:
    """Entries of one justice sector left off a person's tracker until a date, on a recorded
    legal basis, by whom and when."""

    hold_id: uuid.UUID
    subject_id: uuid.UUID
    sector: str  # police | prosecutor: whose entries are held back
    until: date  # the last day on which they are held back
    legal_basis: str
    recorded_at: datetime
    by_client_id: str
    by_organisation: str
    by_sector: str

    def in_force(self, today: date) -> bool:
        return self.until >= today


@dataclass(frozen=True)
class Selection:
    entries: list[TraceEntry]  # oldest first
    held_until: date | None  # set while any hold is in force; never says whose or why
    missing: list[str]  # services that could not be reached: the list may be incomplete


def select_entries(trace: Trace, holds: list[TrackerHold], today: date) -> Selection:
    """The entries for the person to see, oldest first, without those held back."""
    in_force = [hold for hold in holds if hold.in_force(today)]
    held_sectors = {hold.sector for hold in in_force}
    uses = [
        entry
        for entry in trace.entries
        if entry.kind in SHOWN_KINDS and not entry.action.startswith(HOLD_ACTIONS)
    ]
    shown = [entry for entry in _one_per_delivery(uses) if entry.sector not in held_sectors]
    return Selection(
        entries=sorted(shown, key=lambda entry: (entry.at, entry.service, entry.seq)),
        held_until=max((hold.until for hold in in_force), default=None),
        missing=sorted(set(trace.missing)),
    )


def _one_per_delivery(entries: list[TraceEntry]) -> list[TraceEntry]:
    """An event sent by one service and received by another is in both logs: keep the
    receipt, and the sending only when no receipt matches it (the recipient may not have
    answered, or may be outside the mechanism)."""
    sent = sorted(
        (entry for entry in entries if entry.kind == "published"),
        key=lambda entry: (entry.at, entry.service, entry.seq),
    )
    echoes: set[int] = set()
    for received in sorted(
        (entry for entry in entries if entry.kind == "consumed"), key=lambda entry: entry.at
    ):
        match = next(
            (
                index
                for index, sending in enumerate(sent)
                if index not in echoes
                and sending.service != received.service
                and (sending.action, sending.sector, sending.consent_id)
                == (received.action, received.sector, received.consent_id)
                and sending.at <= received.at
            ),
            None,
        )
        if match is not None:
            echoes.add(match)
    dropped = {id(sent[index]) for index in echoes}
    return [entry for entry in entries if id(entry) not in dropped]
