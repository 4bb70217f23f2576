"""The consent receipt: what a person agreed to, as ISO/IEC TS 27560 JSON and as a printable page.

The JSON is the receipt; the page is that JSON read aloud, in the language the person was
informed in. Neither carries identity data: the person appears only as the pseudonymous
``subject_id``, so a receipt can be printed, handed over or lost without naming anybody.

Field names follow ISO/IEC TS 27560:2023 where it names one (record header, PII processing,
parties, events); the values use this project's vocabulary (``nrm_bus.vocabulary``).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from nrm_bus.clock import as_utc
from nrm_bus.i18n import Catalogues, Resolved, Templates

HERE = Path(__file__).parent
LOCALES = HERE / "locales"
TEMPLATES = HERE / "templates"

SCHEMA_VERSION = "nrm-consent-receipt/1.0"
CONFORMS_TO = "ISO/IEC TS 27560:2023"
# Receipt ids are derived, so the same consent receipted at the same moment has one id.
_RECEIPT_NAMESPACE = uuid.UUID("3c1f7a52-6d0e-4b8e-9a57-1f2f0c6a9d41")


class InformedLike(Protocol):
    @property
    def language(self) -> str: ...
    @property
    def method(self) -> str: ...  # written | verbal | both
    @property
    def by_organisation(self) -> str: ...
    @property
    def by_sector(self) -> str: ...


class RecordedByLike(Protocol):
    @property
    def client_id(self) -> str: ...
    @property
    def organisation(self) -> str: ...
    @property
    def sector(self) -> str: ...


class ConsentLike(Protocol):
    """What a receipt reads from ``identification.domain.model.Consent``."""

    @property
    def consent_id(self) -> uuid.UUID: ...
    @property
    def subject_id(self) -> uuid.UUID: ...
    @property
    def purpose(self) -> str: ...  # a StrEnum
    @property
    def recipient(self) -> str: ...
    @property
    def data_categories(self) -> list[str]: ...
    @property
    def jurisdiction(self) -> str: ...
    @property
    def legal_basis(self) -> str: ...
    @property
    def given_at(self) -> datetime: ...
    @property
    def expires_at(self) -> datetime | None: ...
    @property
    def withdrawn_at(self) -> datetime | None: ...
    @property
    def informed(self) -> InformedLike: ...
    @property
    def recorded_by(self) -> RecordedByLike: ...
    def status(self, now: datetime) -> str: ...  # a ConsentStatus


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).isoformat()


def _duration(delta: timedelta) -> str:
    """ISO 8601 duration, as 27560's ``validity_duration`` asks: P30D, P1DT2H, PT45M."""
    seconds = max(int(delta.total_seconds()), 0)
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    day_part = f"{days}D" if days else ""
    time_part = "".join(f"{n}{u}" for n, u in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    if not day_part and not time_part:
        return "PT0S"
    return "P" + day_part + (f"T{time_part}" if time_part else "")


def _events(consent: ConsentLike, status: str) -> list[dict[str, Any]]:
    validity = None
    if consent.expires_at is not None:
        validity = _duration(as_utc(consent.expires_at) - as_utc(consent.given_at))
    events: list[dict[str, Any]] = [
        {
            "event_type": "consent_given",
            "event_time": _iso(consent.given_at),
            "event_by": "pii_principal",
            "event_state": "active",
            "validity_duration": validity,
        }
    ]
    if consent.withdrawn_at is not None:
        events.append(
            {
                "event_type": "consent_withdrawn",
                "event_time": _iso(consent.withdrawn_at),
                "event_by": "pii_principal",
                "event_state": "withdrawn",
            }
        )
    elif status == "expired":
        events.append(
            {
                "event_type": "consent_expired",
                "event_time": _iso(consent.expires_at),
                "event_by": "system",
                "event_state": "expired",
            }
        )
    return events


def receipt_document(
    consent: ConsentLike, identification_jurisdiction: str, now: datetime
) -> dict[str, Any]:
    """The consent receipt as JSON, in the ISO/IEC TS 27560 structure, with no identity data.

    ``identification_jurisdiction`` is where the record is kept (the identification's country);
    the consent's own ``jurisdiction`` is where the data may go.
    """
    status = str(consent.status(now))
    informed, recorded_by = consent.informed, consent.recorded_by
    issued_at = as_utc(now)
    return {
        "schema_version": SCHEMA_VERSION,
        "conforms_to": CONFORMS_TO,
        "receipt_id": str(
            uuid.uuid5(_RECEIPT_NAMESPACE, f"{consent.consent_id}/{issued_at.isoformat()}")
        ),
        "receipt_time": issued_at.isoformat(),
        "record_id": str(consent.consent_id),
        "pii_principal_id": str(consent.subject_id),  # a pseudonym; never a name
        "jurisdiction": identification_jurisdiction,
        "consent_status": status,
        "pii_processing": {
            "language": informed.language,
            "notice": {
                "language": informed.language,
                "method": informed.method,
                "presented_by": {
                    "organisation": informed.by_organisation,
                    "sector": informed.by_sector,
                },
            },
            "purposes": [
                {
                    "purpose_id": str(consent.purpose),
                    "purpose": str(consent.purpose),
                    "lawful_basis": consent.legal_basis,
                    "pii_information": sorted(consent.data_categories),
                    "recipients": [{"party_role": "recipient", "sector": consent.recipient}],
                    "jurisdiction": consent.jurisdiction,
                    "valid_from": _iso(consent.given_at),
                    "valid_until": _iso(consent.expires_at),
                }
            ],
        },
        "parties": [
            {
                "party_role": "record_author",
                "party_id": recorded_by.client_id,
                "organisation": recorded_by.organisation,
                "sector": recorded_by.sector,
            },
            {
                "party_role": "notice_presenter",
                "organisation": informed.by_organisation,
                "sector": informed.by_sector,
            },
            {"party_role": "recipient", "sector": consent.recipient},
        ],
        "event": _events(consent, status),
    }


@cache
def default_catalogues() -> Catalogues:
    """The receipt's catalogues, read once per process."""
    return Catalogues(LOCALES)


@cache
def _templates() -> Templates:
    return Templates(TEMPLATES)


def _word(resolved: Resolved, context: str, code: str) -> str:
    """A code of the domain in words; an empty code stays empty (gettext("") is the header)."""
    return resolved.pgettext(context, code) if code else ""


def _date(resolved: Resolved, moment: str | None) -> str | None:
    return None if moment is None else resolved.format_date(datetime.fromisoformat(moment))


def render_receipt_html(
    document: dict[str, Any], language: str, catalogues: Catalogues | None = None
) -> str:
    """A printable, self-contained page of a receipt made by ``receipt_document``.

    ``language`` is a BCP 47 tag, normally the one the person was informed in
    (``document["pii_processing"]["language"]``). Without a catalogue for it the page is in
    English and says, visibly, that the receipt is not yet available in that language.
    """
    resolved = (catalogues or default_catalogues()).resolve(language)
    processing = document["pii_processing"]
    notice, purpose = processing["notice"], processing["purposes"][0]
    events = {event["event_type"]: event for event in document["event"]}
    withdrawn = events.get("consent_withdrawn")
    return _templates().render(
        "receipt.html",
        resolved,
        requested_language=resolved.language_name(language),
        fell_back=resolved.fell_back,
        consent_id=document["record_id"],
        receipt_id=document["receipt_id"],
        status=_word(resolved, "status", document["consent_status"]),
        status_code=document["consent_status"],
        purpose=_word(resolved, "purpose", purpose["purpose"]),
        recipients=[
            _word(resolved, "sector", recipient["sector"]) for recipient in purpose["recipients"]
        ],
        categories=[
            _word(resolved, "data_category", category) for category in purpose["pii_information"]
        ],
        given_on=_date(resolved, purpose["valid_from"]),
        valid_until=_date(resolved, purpose["valid_until"]),
        withdrawn_on=_date(resolved, withdrawn["event_time"]) if withdrawn else None,
        informed_language=resolved.language_name(notice["language"]),
        informed_method=_word(resolved, "method", notice["method"]),
        informed_by=notice["presented_by"]["organisation"],
        informed_by_sector=_word(resolved, "sector", notice["presented_by"]["sector"]),
        country=resolved.country_name(purpose["jurisdiction"]),
        legal_basis=purpose["lawful_basis"],
        recorded_by=next(
            party["organisation"]
            for party in document["parties"]
            if party["party_role"] == "record_author"
        ),
        printed_on=_date(resolved, document["receipt_time"]),
    )
