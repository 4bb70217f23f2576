"""The consent receipt: ISO/IEC TS 27560 JSON with no identity in it, and a printable page in the
language the person was informed in, with no database or broker in sight."""

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, get_args

import pytest
from babel.messages.extract import extract_from_file

from identification.receipts import (
    LOCALES,
    TEMPLATES,
    default_catalogues,
    receipt_document,
    render_receipt_html,
)
from nrm_bus.i18n import Catalogues
from nrm_bus.vocabulary import DataCategory, Purpose, Sector

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
IDENTITY_KEYS = {"given_name", "family_name", "name", "birth_year", "gender", "nationality"}


@dataclass(frozen=True)
class Informed:
    language: str = "ro"
    method: str = "written"
    by_organisation: str = "Open Door Oslo"
    by_sector: str = "ngo"


@dataclass(frozen=True)
class RecordedBy:
    client_id: str = "ngo-open-door"
    organisation: str = "Open Door Oslo"
    sector: str = "ngo"


@dataclass
class Consent:
    """Shaped like ``identification.domain.model.Consent``, which the receipt reads."""

    purpose: str = "shelter"
    recipient: str = "shelter"
    data_categories: list[str] = field(default_factory=lambda: ["needs", "identity"])
    jurisdiction: str = "NO"
    legal_basis: str = "gdpr-art-6-1-a+9-2-a"
    given_at: datetime = NOW - timedelta(days=1)
    expires_at: datetime | None = NOW + timedelta(days=179)
    withdrawn_at: datetime | None = None
    informed: Informed = field(default_factory=Informed)
    recorded_by: RecordedBy = field(default_factory=RecordedBy)
    consent_id: uuid.UUID = field(default_factory=uuid.uuid4)
    subject_id: uuid.UUID = field(default_factory=uuid.uuid4)

    def status(self, now: datetime) -> str:
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"


def keys_of(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys_of(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys_of(item)}
    return set()


def page(consent: Consent | None = None, language: str = "ro", **informed: str) -> str:
    consent = consent or Consent(informed=Informed(**informed))
    return render_receipt_html(receipt_document(consent, "NO", NOW), language, default_catalogues())


def test_receipt_has_the_27560_fields() -> None:
    consent = Consent()
    document = receipt_document(consent, "NO", NOW)
    assert {
        "schema_version",
        "receipt_id",
        "receipt_time",
        "record_id",
        "pii_principal_id",
        "jurisdiction",
        "consent_status",
        "pii_processing",
        "parties",
        "event",
    } <= set(document)
    assert document["record_id"] == str(consent.consent_id)
    assert document["receipt_time"] == NOW.isoformat()
    assert document["consent_status"] == "active"
    processing = document["pii_processing"]
    assert processing["notice"] == {
        "language": "ro",
        "method": "written",
        "presented_by": {"organisation": "Open Door Oslo", "sector": "ngo"},
    }
    [purpose] = processing["purposes"]
    assert purpose == {
        "purpose_id": "shelter",
        "purpose": "shelter",
        "lawful_basis": "gdpr-art-6-1-a+9-2-a",
        "pii_information": ["identity", "needs"],
        "recipients": [{"party_role": "recipient", "sector": "shelter"}],
        "jurisdiction": "NO",
        "valid_from": (NOW - timedelta(days=1)).isoformat(),
        "valid_until": (NOW + timedelta(days=179)).isoformat(),
    }
    assert {party["party_role"] for party in document["parties"]} == {
        "record_author",
        "notice_presenter",
        "recipient",
    }
    assert document["event"] == [
        {
            "event_type": "consent_given",
            "event_time": (NOW - timedelta(days=1)).isoformat(),
            "event_by": "pii_principal",
            "event_state": "active",
            "validity_duration": "P180D",
        }
    ]
    json.dumps(document)  # plain JSON, nothing to coerce


def test_receipt_carries_the_pseudonym_and_no_identity() -> None:
    consent = Consent()
    document = receipt_document(consent, "NO", NOW)
    assert document["pii_principal_id"] == str(consent.subject_id)
    assert not keys_of(document) & IDENTITY_KEYS


def test_receipt_id_is_stable_for_one_moment_and_new_for_another() -> None:
    consent = Consent()
    first = receipt_document(consent, "NO", NOW)["receipt_id"]
    assert receipt_document(consent, "NO", NOW)["receipt_id"] == first
    assert receipt_document(consent, "NO", NOW + timedelta(seconds=1))["receipt_id"] != first


def test_history_shows_withdrawal_and_expiry() -> None:
    withdrawn = Consent(withdrawn_at=NOW - timedelta(hours=2))
    document = receipt_document(withdrawn, "NO", NOW)
    assert document["consent_status"] == "withdrawn"
    assert [event["event_type"] for event in document["event"]] == [
        "consent_given",
        "consent_withdrawn",
    ]
    assert document["event"][1]["event_time"] == (NOW - timedelta(hours=2)).isoformat()

    expired = Consent(expires_at=NOW - timedelta(minutes=1), given_at=NOW - timedelta(days=2))
    document = receipt_document(expired, "NO", NOW)
    assert document["consent_status"] == "expired"
    assert document["event"][-1]["event_type"] == "consent_expired"

    open_ended = receipt_document(Consent(expires_at=None), "NO", NOW)
    assert open_ended["event"][0]["validity_duration"] is None
    assert open_ended["pii_processing"]["purposes"][0]["valid_until"] is None


def test_english_page_tells_the_person_what_and_how_to_withdraw() -> None:
    consent = Consent(recipient="police", purpose="law_enforcement", expires_at=None)
    html = page(consent, "en")
    assert '<html lang="en" dir="ltr">' in html
    for text in (
        "Police",
        "Police investigation",
        "Who you are, such as your name and age",
        "What help you need",
        "No end date. It lasts until you withdraw it.",
        "You can withdraw this consent at any time.",
        "you will not lose any help or support",
        "never depends on talking to the police",
        str(consent.consent_id),
        "October 31, 2026",
        "Norway",
    ):
        assert text in html, text
    assert "not yet available" not in html
    assert str(consent.subject_id) not in html


def test_arabic_page_is_right_to_left_and_translated() -> None:
    html = page(language="ar-SY")
    assert '<html lang="ar" dir="rtl">' in html
    assert "يمكنك سحب هذه الموافقة في أي وقت" in html
    assert "دار إيواء" in html  # the shelter, named in words
    assert "You can withdraw this consent" not in html
    assert "not yet available" not in html


@pytest.mark.parametrize("language", ["fr", "es", "ro", "ru", "uk", "vi", "bg", "sq"])
def test_every_language_page_is_translated(language: str) -> None:
    html = page(language=language)
    assert f'<html lang="{language}" dir="ltr">' in html
    assert "You can withdraw this consent" not in html
    assert "Consent receipt" not in html


def test_unknown_language_falls_back_to_english_and_says_so() -> None:
    html = page(language="so", by_organisation="x")
    assert '<html lang="en" dir="ltr">' in html
    assert "This receipt is not yet available in your language (Somali)." in html
    assert "You can withdraw this consent at any time." in html


def test_page_escapes_values() -> None:
    consent = Consent(
        recipient="<script>alert(1)</script>",
        informed=Informed(by_organisation='"Hope" & <Help>'),
        recorded_by=RecordedBy(organisation="<img src=x onerror=alert(1)>"),
    )
    html = page(consent, "fr")
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;Hope&#34; &amp; &lt;Help&gt;" in html


def test_page_is_self_contained() -> None:
    html = page()
    assert "<style>" in html
    for external in ("<link", "<script", "src=", "http://", "https://", "@import"):
        assert external not in html, external


def test_every_sentence_of_the_template_is_in_the_english_catalogue() -> None:
    english = Catalogues(LOCALES).catalog("en")
    extracted = [
        (context, message if isinstance(message, str) else message[0])
        for _, message, _, context in extract_from_file(
            "jinja2.ext:babel_extract", str(TEMPLATES / "receipt.html")
        )
    ]
    assert len(extracted) > 20
    for context, message in extracted:
        assert english.get(message, context) is not None, message


def test_every_word_of_the_vocabulary_has_words_in_english() -> None:
    english = Catalogues(LOCALES).catalog("en")
    vocabulary = {
        "sector": get_args(Sector),
        "purpose": get_args(Purpose),
        "data_category": get_args(DataCategory),
        "status": ("active", "withdrawn", "expired"),
        "method": ("written", "verbal", "both"),
    }
    for context, codes in vocabulary.items():
        for code in codes:
            message = english.get(code, context)
            assert message is not None, (context, code)
            assert message.string, (context, code)
            assert message.string != code, (context, code)


def test_page_without_an_organisation_name_shows_the_sector_alone() -> None:
    html = page(language="en", by_organisation="")
    assert "<bdi></bdi>" not in html
    assert "<dd>Support organisation</dd>" in html
