"""The information sheet: in the person's language (Arabic right to left), English with a note
when there is no translation, the reflection period's end date, the sentence that help does not
depend on the police in every language, a PDF for every language, and handovers on record."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
import zlib
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI
from fontTools.ttLib import TTFont
from markupsafe import escape

from nrm_bus import information
from nrm_bus.access import Relation
from nrm_bus.auth import Caller, authenticate
from nrm_bus.clock import FixedClock
from nrm_bus.i18n import Resolved
from nrm_bus.information import PDF, SERVICE_TYPES
from nrm_bus.information import checked_language as _checked_language
from nrm_bus.problems import Problem
from nrm_bus.runtime import BusRuntime
from referral.adapters.handovers import Handover, HandoverRepository, Method
from referral.bootstrap import bootstrap, build_runtime
from referral.config import Settings
from referral.domain.model import ServiceType, Subject
from referral.service_layer.unit_of_work import ReferralUnitOfWork

CATALOGUES = information.default_catalogues()
LANGUAGES = CATALOGUES.languages
TODAY = date(2026, 5, 5)
ENDS_ON = date(2026, 11, 1)


def person(*languages: str, child: bool = False, ends_on: date | None = ENDS_ON) -> Subject:
    return Subject(
        uuid.uuid4(),
        "North",
        "NO",
        "children" if child else "women",
        child,
        list(languages),
        [],
        reflection_ends_on=ends_on,
        reflection_days=180 if ends_on else None,
    )


def page(subject: Subject, language: str | None) -> tuple[str, Resolved]:
    sheet, resolved = information.information_sheet(subject, language, TODAY, CATALOGUES)
    return information.render_html(sheet, resolved), resolved


def translated(language: str, msgid: str, context: str | None = None) -> str:
    message = CATALOGUES.catalog(language).get(msgid, context)
    assert message is not None
    assert isinstance(message.string, str)
    assert message.string
    return message.string


def test_ships_at_least_eight_languages_one_right_to_left() -> None:
    assert len(LANGUAGES) >= 8
    assert {"en", "ar", "ro", "fr", "es", "ru", "uk", "vi", "bg", "sq"} <= set(LANGUAGES)
    assert [tag for tag in LANGUAGES if CATALOGUES.resolve(tag).direction == "rtl"] == ["ar"]


def test_arabic_sheet_is_right_to_left_and_translated() -> None:
    html, resolved = page(person("ar"), "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert (resolved.language, resolved.fell_back) == ("ar", False)
    assert f"<h1>{translated('ar', 'Information for you')}</h1>" in html
    assert str(escape(translated("ar", "shelter", "service_type"))) in html
    assert "Information for you" not in html
    assert 'role="alert"' not in html


def test_a_valid_language_without_a_catalogue_gives_english_with_a_visible_note() -> None:
    html, resolved = page(person("ro"), "ti-ER")
    assert '<html lang="en" dir="ltr">' in html
    assert resolved.fell_back
    assert 'role="alert"' in html
    assert "not yet available in your language (Tigrinya" in html


def test_without_a_language_the_first_of_the_persons_languages_with_a_catalogue() -> None:
    html, resolved = page(person("ti", "ar-SY", "en"), None)
    assert (resolved.language, resolved.fell_back) == ("ar", False)
    assert 'dir="rtl"' in html
    html, resolved = page(person("ti", "am"), None)
    assert (resolved.language, resolved.fell_back) == ("en", True)
    assert 'role="alert"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_the_police_sentence_the_end_date_and_the_reference(
    language: str,
) -> None:
    subject = person(language)
    html, resolved = page(subject, language)
    assert f'<html lang="{language}" dir="{resolved.direction}">' in html
    police = translated(language, information.POLICE_INDEPENDENCE)
    assert language == "en" or police != information.POLICE_INDEPENDENCE
    assert str(escape(police)) in html
    ends = translated(language, "Your reflection period ends on %(date)s.") % {
        "date": resolved.format_date(ENDS_ON)
    }
    assert str(escape(ends)) in html
    assert "2026" in resolved.format_date(ENDS_ON)
    assert (
        str(escape(translated(language, "Length of the period, in days: %(days)s."))).replace(
            "%(days)s", "180"
        )
        in html
    )
    assert str(subject.subject_id) in html  # the reference code, a pseudonym


@pytest.mark.parametrize("language", LANGUAGES)
def test_domain_words_are_words_not_codes(language: str) -> None:
    resolved = CATALOGUES.resolve(language)
    for kind in ServiceType:
        assert resolved.pgettext("service_type", kind.value) != kind.value
        assert resolved.pgettext("service_type_help", kind.value) != kind.value
    for code in information.ACTORS:
        assert resolved.pgettext("sector", code) != code
    for code in information.RIGHTS:
        assert resolved.pgettext("right", code) != code


def test_the_sheet_lists_every_service_a_referral_offers() -> None:
    assert tuple(kind.value for kind in ServiceType) == SERVICE_TYPES


def test_every_service_actor_and_right_is_on_the_sheet() -> None:
    sheet, _ = information.information_sheet(person("en"), "en", TODAY, CATALOGUES)
    sections = {section.key: section for section in sheet.sections}
    assert list(sections) == ["offer", "actors", "rights", "reflection", "complain", "later"]
    assert len(sections["offer"].items) == len(ServiceType)
    assert len(sections["actors"].items) == len(information.ACTORS)
    assert len(sections["rights"].items) == len(information.RIGHTS)
    assert sections["later"].code == str(sheet.staff[0].description)


def test_the_child_paragraph_is_for_children_only() -> None:
    for language in ("en", "ar"):
        child, _ = page(person(language, child=True), language)
        adult, _ = page(person(language), language)
        guardian = translated(
            language,
            "A guardian or representative helps you. They decide together with you "
            "and they listen to what you want.",
        )
        assert 'data-section="child"' in child
        assert str(escape(guardian)) in child
        assert 'data-section="child"' not in adult
        assert str(escape(guardian)) not in adult


def test_without_an_end_date_the_person_is_told_to_ask() -> None:
    html, _ = page(person("fr", ends_on=None), "fr")
    assert (
        str(
            escape(translated("fr", "Ask the person helping you when your reflection period ends."))
        )
        in html
    )


def _inflated(pdf: bytes) -> bytes:
    """Every Flate stream of the PDF, decompressed, so names inside can be looked for."""
    found = [pdf]
    start = 0
    while (start := pdf.find(b"stream", start)) != -1:
        begin = start + len(b"stream")
        begin += 2 if pdf[begin : begin + 2] == b"\r\n" else 1
        end = pdf.find(b"endstream", begin)
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(pdf[begin:end]))
        start = end
    return b"\n".join(found)


@cache
def _font_characters() -> frozenset[int]:
    """What both embedded fonts can draw (with text shaping, fpdf2 draws a missing one as a box
    without a warning, so coverage is checked here)."""
    regular, bold = (
        set(TTFont(information.FONTS / name).getBestCmap())
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
    )
    return frozenset(regular & bold)


def _texts(sheet: information.Sheet) -> list[str]:
    texts = [sheet.title, sheet.notice or "", sheet.staff_heading]
    texts += [paragraph.text for paragraph in sheet.intro]
    for section in sheet.sections:
        texts += [section.heading, section.code or ""]
        texts += [paragraph.text for paragraph in (*section.lead, *section.follow)]
        texts += [text for item in section.items for text in (item.name, item.description)]
    texts += [text for item in sheet.staff for text in (item.name, item.description)]
    return texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_renders_a_pdf_with_an_embedded_font_that_has_every_glyph(
    language: str,
) -> None:
    sheet, _ = information.information_sheet(
        person(language, child=True), language, TODAY, CATALOGUES
    )
    missing = {
        char for text in _texts(sheet) for char in text if ord(char) not in _font_characters()
    }
    assert not missing, f"no glyph for {sorted(missing)}"
    pdf = information.render_pdf(sheet)
    assert pdf.startswith(b"%PDF")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert len(pdf) > 20_000
    content = _inflated(pdf)
    assert b"/FontFile2" in content  # the TrueType font is embedded, not referenced
    assert b"DejaVuSans" in content
    assert f"/Lang ({language})".encode() in content


def test_a_fallback_note_in_the_pdf_too() -> None:
    sheet, _ = information.information_sheet(person("ti"), None, TODAY, CATALOGUES)
    assert sheet.notice is not None
    assert "Tigrinya" in sheet.notice
    assert information.render_pdf(sheet).startswith(b"%PDF")


def test_an_ill_formed_language_tag_is_a_problem_naming_language() -> None:
    for bad in ("", "a", "ar_SY!", "../etc", "x" * 40, "12"):
        with pytest.raises(Problem) as refused:
            _checked_language(bad)
        assert refused.value.status == 422
        assert refused.value.extensions["errors"][0]["field"] == "language"
        assert "etc" not in refused.value.detail  # the value is never echoed
    assert _checked_language("pt-BR") == "pt-BR"
    assert _checked_language(None) is None


Runtime = BusRuntime[ReferralUnitOfWork]
CLOCK_START = datetime(2026, 3, 1, 9, tzinfo=UTC)
WORKER = Caller(
    "ngo-outreach",
    "Outreach Collective",
    "ngo",
    frozenset({"referral:read", "referral:write"}),
    trained_until=date(2027, 12, 31),
)


def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'referral.db'}",
        run_consumer=False,
        run_relay=False,
        migrate_on_start=False,
        # How long the sheet waits for a person identified moments ago (NRM_REFERABLE_WITHIN_S).
        referable_within_s=1.0,
    )


@pytest.fixture
async def runtime(tmp_path: Path) -> AsyncIterator[Runtime]:
    service = build_runtime(settings(tmp_path), FixedClock(CLOCK_START))
    await service.migrate()
    yield service
    await service.stop()


async def test_handovers_are_on_record_per_person_oldest_first(runtime: Runtime) -> None:
    someone, other = uuid.uuid4(), uuid.uuid4()

    def handover(subject_id: uuid.UUID, minutes: int, method: Method) -> Handover:
        return Handover(
            subject_id=subject_id,
            language="ar",
            method=method,
            handed_over_at=CLOCK_START + timedelta(minutes=minutes),
            by_organisation="Outreach Collective",
            by_sector="ngo",
            by_client_id="ngo-outreach",
            handover_id=uuid.uuid4(),
        )

    later, earlier = handover(someone, 30, "both"), handover(someone, 0, "verbal")
    async with runtime.unit_of_work() as uow:
        for each in (later, earlier, handover(other, 5, "written")):
            await HandoverRepository(uow.conn).add(each)
        await uow.commit()
    async with runtime.unit_of_work() as uow:
        assert await HandoverRepository(uow.conn).of_subject(someone) == [earlier, later]
        await HandoverRepository(uow.conn).erase_subject(someone)
        await uow.commit()
    async with runtime.unit_of_work() as uow:
        assert await HandoverRepository(uow.conn).of_subject(someone) == []
        assert len(await HandoverRepository(uow.conn).of_subject(other)) == 1


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[FastAPI]:
    """The app without its lifespan (no broker), on SQLite, with the caller given."""
    service = bootstrap(settings(tmp_path), FixedClock(CLOCK_START))
    await service.state.runtime.migrate()
    service.dependency_overrides[authenticate] = lambda: WORKER
    yield service
    await service.state.runtime.stop()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://referral") as http:
        yield http


async def known(app: FastAPI, subject: Subject) -> uuid.UUID:
    """The person as the referral service learns of them from the identification event,
    identified by the worker's organisation (so the worker may read what concerns her)."""
    async with app.state.runtime.unit_of_work() as uow:
        await uow.referrals.put_subject(subject)
        await uow.parties.add(
            subject.subject_id, WORKER.organisation, Relation.IDENTIFIED, CLOCK_START
        )
        await uow.commit()
    return subject.subject_id


async def test_the_sheet_over_http_as_html_or_pdf(app: FastAPI, client: httpx.AsyncClient) -> None:
    subject_id = await known(app, person("ti", "ar"))
    sheet = f"/v1/subjects/{subject_id}/information-sheet"
    html = await client.get(sheet)
    assert html.status_code == 200, html.text
    assert html.headers["content-type"].startswith("text/html")
    assert html.headers["content-language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in html.text
    pdf = await client.get(sheet, params={"language": "vi"}, headers={"Accept": PDF})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == PDF
    assert pdf.content.startswith(b"%PDF")
    english = await client.get(sheet, params={"language": "ti"})
    assert '<html lang="en" dir="ltr">' in english.text
    assert 'role="alert"' in english.text
    bad = await client.get(sheet, params={"language": "not a tag"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["errors"][0]["field"] == "language"
    missing = await client.get(f"/v1/subjects/{uuid.uuid4()}/information-sheet")
    assert missing.status_code == 404


async def test_right_after_an_identification_the_sheet_waits_for_the_person(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    """The identification is still crossing the bus when the worker prints the sheet: the
    request waits for it (woken when the consumer applies it), as a referral does."""
    subject = person("ro")

    async def identification_arrives() -> None:
        await asyncio.sleep(0.2)
        await known(app, subject)
        # What the consumer does once it applied an event about the person.
        app.state.runtime.arrivals.notify(SimpleNamespace(subject=str(subject.subject_id)))

    arriving = asyncio.create_task(identification_arrives())
    started = time.monotonic()
    sheet = await client.get(f"/v1/subjects/{subject.subject_id}/information-sheet")
    await arriving
    assert sheet.status_code == 200, sheet.text
    assert '<html lang="ro" dir="ltr">' in sheet.text
    assert time.monotonic() - started < 1.0  # woken by the arrival, not by the deadline
    handover = await client.post(
        f"/v1/subjects/{subject.subject_id}/information-sheet/handovers",
        json={"language": "ro", "method": "written"},
    )
    assert handover.status_code == 201, handover.text


async def test_a_handover_is_recorded_and_listed(app: FastAPI, client: httpx.AsyncClient) -> None:
    subject_id = await known(app, person("ro"))
    handovers = f"/v1/subjects/{subject_id}/information-sheet/handovers"
    created = await client.post(handovers, json={"language": "ro", "method": "both"})
    assert created.status_code == 201, created.text
    record = created.json()
    assert record["subject_id"] == str(subject_id)
    assert (record["language"], record["method"]) == ("ro", "both")
    assert (record["by_organisation"], record["by_sector"], record["by_client_id"]) == (
        "Outreach Collective",
        "ngo",
        "ngo-outreach",
    )
    assert datetime.fromisoformat(record["handed_over_at"]) == CLOCK_START
    listed = await client.get(handovers)
    assert listed.status_code == 200
    assert listed.json() == [record]
    refused = await client.post(handovers, json={"language": "ro", "method": "by pigeon"})
    assert refused.status_code == 422
    unknown = await client.post(
        f"/v1/subjects/{uuid.uuid4()}/information-sheet/handovers",
        json={"language": "ro", "method": "written"},
    )
    assert unknown.status_code == 404
