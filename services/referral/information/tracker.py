"""The person's data tracker: which organisations received or read which of their data, when,
and under which consent, in the person's language (as Estonia's Data Tracker, and GDPR Art. 15).

Built as a ``Sheet`` from the information sheet's catalogues and laid out by the same HTML
template and PDF renderer, so the two documents a person is handed look and print alike and
share their words (sectors, the fallback note, the staff details). Which entries are shown is
decided in ``referral.domain.tracker``; this module only says them.
"""

from __future__ import annotations

from datetime import UTC, date
from itertools import groupby
from typing import get_args

from nrm_bus.audit_trace import TraceEntry
from nrm_bus.gate import ConsentRecord
from nrm_bus.i18n import Resolved
from nrm_bus.information import Item, Paragraph, Section, Sheet, fallback_notice
from nrm_bus.vocabulary import DataCategory, Purpose, Sector
from referral.domain.model import Subject
from referral.domain.tracker import Selection

DATA_CATEGORIES: tuple[str, ...] = get_args(DataCategory)
SECTORS: tuple[str, ...] = get_args(Sector)
PURPOSES: tuple[str, ...] = get_args(Purpose)
SERVICES = ("identification", "referral", "shelter", "justice")
# An entry's kind, as the person reads it: data sent to an organisation, or looked at by it.
USES = {"published": "received", "consumed": "received", "access": "read"}
USES_SHOWN = ("received", "read")

RIGHTS = (
    "You have the right to see the information about you, to have it corrected or erased, "
    "and to withdraw your consent at any time. Ask the person helping you."
)


def build_tracker(
    subject: Subject,
    selection: Selection,
    consents: list[ConsentRecord],
    resolved: Resolved,
    today: date,
) -> Sheet:
    """Every sentence of the person's data tracker, in the resolved language."""
    _, word = resolved.gettext, resolved.pgettext
    notice = fallback_notice(resolved)
    intro = [
        Paragraph(
            _(
                "This paper lists the organisations that received or read information about "
                "you: what kind of information, when, and under which consent."
            )
        ),
        Paragraph(_(RIGHTS)),
    ]
    if selection.missing:
        intro.append(
            Paragraph(
                _("This list may be incomplete. These services could not be reached: %(services)s.")
                % {
                    "services": resolved.format_list(
                        word("service", service) for service in selection.missing
                    )
                },
                emphasis=True,
            )
        )
    if selection.held_until is not None:
        # That something is held back and until when; never whose entries, or why.
        intro.append(
            Paragraph(
                _(
                    "Some entries are not shown until %(date)s. The law allows this in some "
                    "cases. They will be shown after that date."
                )
                % {"date": resolved.format_date(selection.held_until)},
                emphasis=True,
            )
        )
    if not selection.entries:
        intro.append(Paragraph(_("There is nothing to show yet.")))
    known = {str(consent.consent_id): consent for consent in consents}
    days = [
        Section(
            f"day-{day.isoformat()}",
            resolved.format_date(day),
            items=tuple(_item(entry, known, resolved) for entry in entries),
        )
        for day, entries in groupby(selection.entries, key=lambda entry: _utc_day(entry))
    ]
    words = Section(
        "words",
        _("What the words mean"),
        items=tuple(Item(word("data_use", use), word("data_use_help", use)) for use in USES_SHOWN),
        follow=(Paragraph(_("All times are in UTC.")),),
    )
    return Sheet(
        language=resolved.language,
        direction=resolved.direction,
        fell_back=resolved.fell_back,
        title=_("Who received or read your information"),
        notice=notice,
        intro=tuple(intro),
        sections=(*days, words),
        staff_heading=_("Details for staff"),
        staff=(
            Item(_("Reference code"), str(subject.subject_id)),
            Item(_("Language"), resolved.language_name(resolved.language)),
            Item(_("Printed on"), resolved.format_date(today)),
        ),
    )


def _utc_day(entry: TraceEntry) -> date:
    return entry.at.astimezone(UTC).date()


def _item(entry: TraceEntry, consents: dict[str, ConsentRecord], resolved: Resolved) -> Item:
    _, word = resolved.gettext, resolved.pgettext
    details: list[str] = []
    categories = [code for code in entry.data_categories if code in DATA_CATEGORIES]
    if categories:
        details.append(
            _("Information: %(categories)s")
            % {
                "categories": resolved.format_list(
                    word("data_category", code) for code in categories
                )
            }
        )
    if entry.consent_id is None:
        details.append(_("No consent was named for this."))
    else:
        details.append(_("Consent: %(consent)s") % {"consent": entry.consent_id})
        consent = consents.get(entry.consent_id)
        if consent is not None:
            details.append(
                _("Purpose: %(purpose)s. Shared with: %(recipient)s.")
                % {
                    "purpose": word("purpose", consent.purpose),
                    "recipient": _who(None, consent.recipient, None, resolved),
                }
            )
    time = resolved.format_time(entry.at, tzinfo=UTC)
    who = _who(entry.organisation, entry.sector, entry.service, resolved)
    return Item(f"{time} · {who}", word("data_use", USES[entry.kind]), tuple(details))


def _who(
    organisation: str | None, sector: str | None, service: str | None, resolved: Resolved
) -> str:
    """The organisation by its name; else its sector, else the service, in words."""
    if organisation:
        return organisation
    if sector in SECTORS:
        return resolved.pgettext("sector", sector)
    if service in SERVICES:
        return resolved.pgettext("service", service)
    return sector or service or "?"
