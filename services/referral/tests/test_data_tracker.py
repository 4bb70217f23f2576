"""The person's data tracker against a fixed trace: which entries are shown and in which order,
held back during an investigation and said so with the date, incomplete when a service could
not be reached, in every language as HTML and PDF; who may read it (everyone else gets the 404
of nobody); holds recorded with their legal basis and who recorded them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fontTools.ttLib import TTFont
from markupsafe import escape
from sqlalchemy import select

from nrm_bus import information
from nrm_bus.access import Party, Relation, grant
from nrm_bus.audit_trace import Trace, TraceEntry
from nrm_bus.auth import Caller, authenticate
from nrm_bus.clock import FixedClock
from nrm_bus.gate import ConsentRecord
from nrm_bus.information import PDF
from referral.bootstrap import bootstrap
from referral.config import Settings
from referral.domain.model import Subject
from referral.domain.tracker import TrackerHold, select_entries
from referral.entrypoints.deps import TRACKER_READ
from referral.information.tracker import DATA_CATEGORIES, RIGHTS, build_tracker

CATALOGUES = information.default_catalogues()
LANGUAGES = CATALOGUES.languages
TODAY = date(2026, 5, 5)
NOW = datetime(2026, 5, 5, 12, tzinfo=UTC)
IDENTIFIER = "Outreach Collective"
CONSENT = uuid.UUID("3f2a8c1e-0000-4000-8000-000000000001")


def person(*languages: str) -> Subject:
    return Subject(
        uuid.uuid4(),
        "North",
        "NO",
        "women",
        False,
        list(languages),
        [],
        identified_by_sector="ngo",
        identified_by_organisation=IDENTIFIER,
    )


def entry(
    minutes: int,
    kind: str = "access",
    *,
    organisation: str | None = "Community Clinic",
    sector: str | None = "health",
    service: str = "referral",
    action: str = "referrals.read",
    categories: tuple[str, ...] = ("needs",),
    consent: uuid.UUID | None = None,
    seq: int | None = None,
) -> TraceEntry:
    return TraceEntry(
        service=service,
        seq=minutes if seq is None else seq,
        at=datetime(2026, 5, 1, 9, tzinfo=UTC) + timedelta(minutes=minutes),
        kind=kind,
        action=action,
        organisation=organisation,
        sector=sector,
        data_categories=categories,
        consent_id=str(consent) if consent else None,
    )


def hold(sector: str, until: date) -> TrackerHold:
    return TrackerHold(
        hold_id=uuid.uuid4(),
        subject_id=uuid.uuid4(),
        sector=sector,
        until=until,
        legal_basis="Criminal procedure act s. 12, case 2026/117",
        recorded_at=NOW,
        by_client_id="police-north",
        by_organisation="Police Unit North",
        by_sector="police",
    )


POLICE_READ = entry(30, organisation="Police Unit North", sector="police", action="case.read")


def consent(purpose: str = "shelter", recipient: str = "shelter") -> ConsentRecord:
    return ConsentRecord(
        CONSENT, uuid.uuid4(), purpose, recipient, frozenset({"needs"}), None, None, None
    )


def translated(language: str, msgid: str, context: str | None = None) -> str:
    message = CATALOGUES.catalog(language).get(msgid, context)
    assert message is not None
    assert isinstance(message.string, str)
    assert message.string
    return message.string


def page(
    trace: Trace,
    language: str,
    holds: list[TrackerHold] | None = None,
    consents: list[ConsentRecord] | None = None,
) -> str:
    resolved = CATALOGUES.resolve(language)
    sheet = build_tracker(
        person(language),
        select_entries(trace, holds or [], TODAY),
        consents or [],
        resolved,
        TODAY,
    )
    return information.render_html(sheet, resolved)


# --- which entries, in which order ----------------------------------------------------


def test_reads_and_receipts_are_shown_oldest_first_and_bookkeeping_is_not() -> None:
    shown = [
        entry(20, "consumed", service="shelter", sector="shelter", action="PlacementRequested"),
        entry(5),
        entry(10, "published", sector="foreign_counterpart", action="CrossBorderReferral"),
    ]
    bookkeeping = [
        entry(1, kind, action=action)
        for kind, action in (
            ("held", "PlacementRequested"),
            ("refused", "PlacementRequested"),
            ("consent", "ConsentGiven"),
            ("erasure", "SubjectErased"),
            ("replay", "PlacementRequested"),
        )
    ]
    hold_records = [
        entry(2, action="data_tracker.hold.record", sector="police"),
        entry(3, action="data_tracker.holds.read", sector="audit"),
    ]
    selection = select_entries(Trace([*shown, *bookkeeping, *hold_records], []), [], TODAY)
    assert selection.entries == sorted(shown, key=lambda e: e.at)
    assert selection.held_until is None
    assert selection.missing == []


def test_entries_at_the_same_moment_keep_each_service_s_order() -> None:
    first, second = entry(0, seq=7), entry(0, seq=8)
    assert select_entries(Trace([second, first], []), [], TODAY).entries == [first, second]


def test_a_delivery_in_both_logs_is_shown_once_and_an_unanswered_one_still_shows() -> None:
    common: dict[str, Any] = {"sector": "shelter", "action": "PlacementRequested"}
    sent = entry(0, "published", organisation=None, consent=CONSENT, **common)
    received = entry(1, "consumed", service="shelter", consent=CONSENT, **common)
    sent_again = entry(60, "published", organisation=None, consent=CONSENT, **common)
    selection = select_entries(Trace([sent, received, sent_again], []), [], TODAY)
    assert selection.entries == [received, sent_again]


def test_a_hold_in_force_leaves_off_its_sector_and_says_until_when() -> None:
    trace = Trace([entry(0), POLICE_READ], [])
    for until in (TODAY, TODAY + timedelta(days=40)):  # the last day is still held
        selection = select_entries(trace, [hold("police", until)], TODAY)
        assert selection.entries == [entry(0)]
        assert selection.held_until == until
    ended = select_entries(trace, [hold("police", TODAY - timedelta(days=1))], TODAY)
    assert ended.entries == [entry(0), POLICE_READ]
    assert ended.held_until is None
    other = select_entries(trace, [hold("prosecutor", TODAY + timedelta(days=9))], TODAY)
    assert other.entries == [entry(0), POLICE_READ]  # only the hold's own sector
    assert other.held_until == TODAY + timedelta(days=9)  # but that something is held, yes
    both = [hold("police", TODAY + timedelta(days=3)), hold("prosecutor", TODAY + timedelta(9))]
    assert select_entries(trace, both, TODAY).held_until == TODAY + timedelta(days=9)


def test_services_that_could_not_be_reached_are_named_once() -> None:
    selection = select_entries(Trace([], ["shelter", "justice", "shelter"]), [], TODAY)
    assert selection.missing == ["justice", "shelter"]


def test_the_identifying_organisation_and_auditors_may_read_no_one_else() -> None:
    @dataclass
    class Reader:
        organisation: str
        sector: str

    identified = {Party(IDENTIFIER, Relation.IDENTIFIED)}
    referred = {Party("Outreach Collective East", Relation.REFERRED)}
    police = [
        ConsentRecord(
            uuid.uuid4(), uuid.uuid4(), "law_enforcement", "police", frozenset(), None, None, None
        )
    ]
    now = CLOCK_START

    def may(reader: Reader, parties: set[Party]) -> bool:
        return grant(TRACKER_READ, reader, parties, police, now) is not None

    assert may(Reader(IDENTIFIER, "ngo"), identified)
    assert may(Reader("Data Protection Audit", "audit"), set())
    assert not may(Reader("Police Unit North", "police"), identified)  # a consent opens nothing
    assert not may(Reader("Outreach Collective East", "ngo"), identified | referred)


# --- what the sheet says, in every language ------------------------------------------


TRACE = Trace(
    [
        entry(0, categories=("needs", "health", "location"), consent=CONSENT),
        entry(60 * 24 * 2, organisation="Legal Aid Office", sector="legal_aid"),
        entry(
            60 * 24 * 2 + 5,
            "consumed",
            organisation=None,
            sector="shelter",
            service="shelter",
            action="PlacementRequested",
            consent=CONSENT,
        ),
        POLICE_READ,
    ],
    ["justice"],
)
HELD_UNTIL = date(2026, 8, 31)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_says_who_what_when_consent_rights_held_back_and_incomplete(
    language: str,
) -> None:
    resolved = CATALOGUES.resolve(language)
    html = page(TRACE, language, [hold("police", HELD_UNTIL)], [consent()])

    def says(text: str) -> None:
        assert str(escape(text)) in html, text

    assert f'<html lang="{language}" dir="{resolved.direction}">' in html
    says(translated(language, "Who received or read your information"))
    for use in ("received", "read"):
        says(translated(language, use, "data_use"))
        says(translated(language, use, "data_use_help"))
    says(translated(language, RIGHTS))
    words = [
        translated(language, code, "data_category") for code in ("needs", "health", "location")
    ]
    says(
        translated(language, "Information: %(categories)s")
        % {"categories": resolved.format_list(words)}
    )
    for code in ("needs", "health", "location"):
        says(translated(language, code, "data_category"))
    says(translated(language, "Consent: %(consent)s") % {"consent": CONSENT})
    says(
        translated(language, "Purpose: %(purpose)s. Shared with: %(recipient)s.")
        % {
            "purpose": translated(language, "shelter", "purpose"),
            "recipient": translated(language, "shelter", "sector"),
        }
    )
    says(translated(language, "No consent was named for this."))
    says(resolved.format_date(date(2026, 5, 1)))  # the days, as headings
    says(resolved.format_date(date(2026, 5, 3)))
    says("Community Clinic")
    says("Legal Aid Office")
    says(
        translated(
            language,
            "This list may be incomplete. These services could not be reached: %(services)s.",
        )
        % {"services": translated(language, "justice", "service")}
    )
    says(
        translated(
            language,
            "Some entries are not shown until %(date)s. The law allows this in some cases. "
            "They will be shown after that date.",
        )
        % {"date": resolved.format_date(HELD_UNTIL)}
    )
    # Held back means held back: not the entry, not whose it is, not why.
    assert "Police Unit North" not in html
    assert "case 2026/117" not in html
    assert str(escape(translated(language, "police", "sector"))) not in html
    if language != "en":
        assert "Who received or read your information" not in html
        assert "Some entries are not shown" not in html


def test_the_days_and_the_entries_in_each_are_in_time_order() -> None:
    later_same_day = entry(90, organisation="Harbour House", sector="shelter")
    trace = Trace([TRACE.entries[1], later_same_day, TRACE.entries[0], TRACE.entries[2]], [])
    html = page(trace, "en")
    order = ["May 1, 2026", "Community Clinic", "Harbour House", "May 3, 2026"]
    order += ["Legal Aid Office", "· Shelters"]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions), order
    resolved = CATALOGUES.resolve("en")
    nine, half_past_ten = (resolved.format_time(e.at) for e in (entry(0), later_same_day))
    assert html.index(nine) < html.index(half_past_ten)


def test_without_holds_or_missing_services_neither_is_mentioned_and_empty_says_so() -> None:
    html = page(Trace([entry(0)], []), "en")
    assert "held back" not in html
    assert "not shown until" not in html
    assert "may be incomplete" not in html
    assert "nothing to show" not in html
    empty = page(Trace([], []), "en")
    assert "There is nothing to show yet." in empty


def test_every_data_category_has_words_in_every_language() -> None:
    for language in LANGUAGES:
        resolved = CATALOGUES.resolve(language)
        for code in DATA_CATEGORIES:
            assert resolved.pgettext("data_category", code) != code
        for code in ("identification", "referral", "shelter", "justice"):
            assert resolved.pgettext("service", code) != code


@cache
def _font_characters() -> frozenset[int]:
    regular, bold = (
        set(TTFont(information.FONTS / name).getBestCmap())
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
    )
    return frozenset(regular & bold)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_renders_a_pdf_whose_font_has_every_glyph(language: str) -> None:
    resolved = CATALOGUES.resolve(language)
    sheet = build_tracker(
        person(language),
        select_entries(TRACE, [hold("police", HELD_UNTIL)], TODAY),
        [consent()],
        resolved,
        TODAY,
    )
    texts = [sheet.title, *(p.text for p in sheet.intro)]
    for section in sheet.sections:
        texts += [section.heading, *(p.text for p in (*section.lead, *section.follow))]
        texts += [t for item in section.items for t in (item.name, item.description, *item.details)]
    missing = {char for text in texts for char in text if ord(char) not in _font_characters()}
    assert not missing, f"no glyph for {sorted(missing)}"
    pdf = information.render_pdf(sheet)
    assert pdf.startswith(b"%PDF")
    assert pdf.rstrip().endswith(b"%%EOF")


# --- over HTTP: who may read, languages, holds -----------------------------------------

CLOCK_START = datetime(2026, 5, 5, 9, tzinfo=UTC)
READERS = {
    "identifier": Caller(
        "ngo-outreach", IDENTIFIER, "ngo", frozenset({"identification:read"}), None
    ),
    "other-ngo": Caller(
        "ngo-east", "Drop-in Centre East", "ngo", frozenset({"identification:read"}), None
    ),
    "auditor": Caller(
        "auditor",
        "Data Protection Audit",
        "audit",
        frozenset({"identification:read", "audit:read"}),
        None,
    ),
    "police": Caller(
        "police-north",
        "Police Unit North",
        "police",
        frozenset({"identification:read", "tracker-hold:write"}),
        None,
    ),
}


class FixedTraceSource:
    """The port's fake twin: the same trace for everyone."""

    def __init__(self, trace: Trace) -> None:
        self.trace_of = trace
        self.asked: list[uuid.UUID] = []

    async def trace(self, subject_id: uuid.UUID) -> Trace:
        self.asked.append(subject_id)
        return self.trace_of


class Http:
    def __init__(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        self.app, self.client, self.caller = app, client, "identifier"

    def as_(self, caller: str) -> Http:
        self.caller = caller
        return self

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.get(path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.post(path, **kwargs)


@pytest.fixture
async def http(tmp_path: Path) -> AsyncIterator[Http]:
    """The app without its lifespan (no broker), on SQLite, with a fixed trace."""
    clock = FixedClock(CLOCK_START)
    app = bootstrap(
        Settings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'referral.db'}",
            run_consumer=False,
            run_relay=False,
            migrate_on_start=False,
        ),
        clock,
    )
    await app.state.runtime.migrate()
    app.state.trace_source = FixedTraceSource(TRACE)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://referral") as client:
        state = Http(app, client)
        app.dependency_overrides[authenticate] = lambda: READERS[state.caller]
        yield state
    await app.state.runtime.stop()


async def known(http: Http, subject: Subject) -> uuid.UUID:
    """The person as referral learns of them from the identification event."""
    async with http.app.state.runtime.unit_of_work() as uow:
        await uow.referrals.put_subject(subject)
        if subject.identified_by_organisation:
            await uow.parties.add(
                subject.subject_id,
                subject.identified_by_organisation,
                Relation.IDENTIFIED,
                CLOCK_START,
            )
        await uow.commit()
    return subject.subject_id


async def tracker_reads(http: Http, subject_id: uuid.UUID) -> list[tuple[str, str]]:
    runtime = http.app.state.runtime
    audit_log = runtime.metadata.tables["audit_log"]
    async with runtime.engine.connect() as conn:
        rows = await conn.execute(
            select(audit_log.c.client_id, audit_log.c.action)
            .where(audit_log.c.subject_id == str(subject_id), audit_log.c.kind == "access")
            .order_by(audit_log.c.seq)
        )
        return [(row.client_id, row.action) for row in rows]


async def test_the_identifying_organisation_and_auditors_read_it_as_html_or_pdf(
    http: Http,
) -> None:
    subject_id = await known(http, person("ar", "ro"))
    path = f"/v1/subjects/{subject_id}/data-tracker"
    page = await http.as_("identifier").get(path)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-language"] == "ar"  # the person's first language
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "Community Clinic" in page.text
    pdf = await http.as_("auditor").get(path, params={"language": "ro"}, headers={"Accept": PDF})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == PDF
    assert pdf.headers["content-language"] == "ro"
    assert pdf.content.startswith(b"%PDF")
    assert await tracker_reads(http, subject_id) == [
        ("ngo-outreach", "data_tracker.read"),
        ("auditor", "data_tracker.read"),
    ]


async def test_anyone_else_gets_the_404_of_a_person_who_does_not_exist(http: Http) -> None:
    subject_id = await known(http, person("en"))
    for caller in ("other-ngo", "police"):
        refused = await http.as_(caller).get(f"/v1/subjects/{subject_id}/data-tracker")
        absent_id = uuid.uuid4()
        absent = await http.as_("identifier").get(f"/v1/subjects/{absent_id}/data-tracker")
        assert refused.status_code == absent.status_code == 404
        assert refused.json() == {
            **absent.json(),
            "detail": absent.json()["detail"].replace(str(absent_id), str(subject_id)),
        }
        assert refused.headers == absent.headers
    # Nothing was read; the attempts are on record as refused.
    reads = await tracker_reads(http, subject_id)
    assert [action for _, action in reads] == ["data_tracker.read.refused"] * 2


async def test_a_language_without_a_catalogue_or_not_a_tag_is_422_naming_language(
    http: Http,
) -> None:
    subject_id = await known(http, person("en"))
    for language in ("ti", "de-DE", "not a tag"):
        bad = await http.get(
            f"/v1/subjects/{subject_id}/data-tracker", params={"language": language}
        )
        assert bad.status_code == 422, (language, bad.text)
        assert bad.headers["content-type"] == "application/problem+json"
        assert [error["field"] for error in bad.json()["errors"]] == ["language"]
        assert language not in bad.json()["detail"]
    region = await http.get(f"/v1/subjects/{subject_id}/data-tracker", params={"language": "fr-CA"})
    assert region.headers["content-language"] == "fr"


async def test_a_hold_is_recorded_with_its_basis_and_keeps_its_sector_off_until_its_date(
    http: Http,
) -> None:
    subject_id = await known(http, person("en"))
    holds = f"/v1/subjects/{subject_id}/data-tracker/holds"
    until = CLOCK_START.date() + timedelta(days=30)
    basis = "Criminal procedure act s. 12, case 2026/117"
    before = await http.as_("identifier").get(f"/v1/subjects/{subject_id}/data-tracker")
    assert "Police Unit North" in before.text

    created = await http.as_("police").post(
        holds, json={"sector": "police", "until": until.isoformat(), "legal_basis": basis}
    )
    assert created.status_code == 201, created.text
    record = created.json()
    assert (record["sector"], record["until"], record["legal_basis"]) == (
        "police",
        until.isoformat(),
        basis,
    )
    assert (record["by_client_id"], record["by_organisation"], record["by_sector"]) == (
        "police-north",
        "Police Unit North",
        "police",
    )
    assert datetime.fromisoformat(record["recorded_at"]) == CLOCK_START
    assert record["in_force"] is True

    held = await http.as_("identifier").get(f"/v1/subjects/{subject_id}/data-tracker")
    assert "Police Unit North" not in held.text
    assert "Some entries are not shown until June 4, 2026." in held.text
    assert basis not in held.text
    listed = await http.as_("auditor").get(holds)
    assert listed.status_code == 200
    assert listed.json() == [record]

    http.app.state.clock.advance(timedelta(days=31))  # the day after `until`
    after = await http.as_("identifier").get(f"/v1/subjects/{subject_id}/data-tracker")
    assert "Police Unit North" in after.text
    assert "not shown until" not in after.text
    assert (await http.as_("auditor").get(holds)).json()[0]["in_force"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"sector": "police", "until": "2026-05-04", "legal_basis": "Act s. 12 (2026/117)"},
            "until",
        ),
        ({"sector": "police", "until": "2026-06-01"}, "legal_basis"),
        ({"sector": "police", "until": "2026-06-01", "legal_basis": "too short"}, "legal_basis"),
        (
            {"sector": "police", "until": "2026-06-01", "legal_basis": "   s. 12      "},
            "legal_basis",
        ),
        ({"sector": "police", "until": "2026-06-01", "legal_basis": "x" * 501}, "legal_basis"),
        ({"sector": "ngo", "until": "2026-06-01", "legal_basis": "Act s. 12 (2026/117)"}, "sector"),
    ],
)
async def test_a_hold_needs_a_future_date_a_legal_basis_and_a_justice_sector(
    http: Http, body: dict[str, str], field: str
) -> None:
    refused = await http.as_("police").post(
        f"/v1/subjects/{uuid.uuid4()}/data-tracker/holds", json=body
    )
    assert refused.status_code == 422, refused.text
    assert [error["field"] for error in refused.json()["errors"]] == [field]


async def test_a_hold_until_today_is_accepted(http: Http) -> None:
    today = CLOCK_START.date().isoformat()
    created = await http.as_("police").post(
        f"/v1/subjects/{uuid.uuid4()}/data-tracker/holds",
        json={"sector": "prosecutor", "until": today, "legal_basis": "Act s. 12 (2026/117)"},
    )
    assert created.status_code == 201, created.text


async def test_erasure_takes_the_person_s_holds_too(http: Http) -> None:
    from referral.service_layer.handlers import on_subject_erased

    erased, other = uuid.uuid4(), uuid.uuid4()
    for subject_id in (erased, other):
        created = await http.as_("police").post(
            f"/v1/subjects/{subject_id}/data-tracker/holds",
            json={"sector": "police", "until": "2026-06-01", "legal_basis": "Act s. 12 (2026/117)"},
        )
        assert created.status_code == 201
    async with http.app.state.runtime.unit_of_work() as uow:
        await on_subject_erased(erased, uow)
        await uow.commit()
    async with http.app.state.runtime.unit_of_work() as uow:
        assert await uow.holds.of_subject(erased) == []
        assert len(await uow.holds.of_subject(other)) == 1
