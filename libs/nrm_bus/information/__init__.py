"""The information sheet: what a person is offered, by whom, and their rights, in their language.

Built once as a ``Sheet`` (every sentence already translated from the catalogues under
``locales/``), then laid out as a printable HTML page or as a PDF, so both say the same thing.
The person appears only as the pseudonymous ``subject_id``, shown as a reference code: the
sheet can be handed over, kept or lost without naming anybody. Other documents for the person
(their data tracker, in the referral service) are built as a ``Sheet`` too and laid out the
same way.

Written once here because two services print it (principle 6: in the person's hands at first
contact): referral, for a person it knows under a consent to be assisted, and identification,
for the organisation that identified her, at once and whatever she consented to, from what
that organisation already holds (``SheetSubject``). No data about her moves for it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Protocol

from fastapi import Request, Response
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from nrm_bus.i18n import Catalogues, Resolved, Templates
from nrm_bus.problems import Problem
from nrm_bus.vocabulary import LanguageTag

HERE = Path(__file__).parent
LOCALES = HERE / "locales"
TEMPLATES = HERE / "templates"
FONTS = HERE / "fonts"

PDF = "application/pdf"
# The services a referral may offer, in the order the sheet lists them; each is a
# ``service_type`` word of the catalogues (the referral service's ServiceType, tested equal).
SERVICE_TYPES = (
    "shelter",
    "medical",
    "psychological",
    "legal",
    "language",
    "vocational",
    "financial",
    "family",
    "return",
)
# Who may be part of helping the person; each is a ``sector`` word of the catalogues.
ACTORS = ("ngo", "social_services", "shelter", "health", "legal_aid")
RIGHTS = (
    "free",
    "confidential",
    "interpreter",
    "decline_and_return",
    "withdraw_consent",
    "complain",
)
# Assistance is never conditional on cooperating with the justice system (principle 3).
POLICE_INDEPENDENCE = (
    "Your help does not depend on talking to the police. "
    "You get help even if you never talk to the police or go to court."
)


class SheetSubject(Protocol):
    """What the sheet says about the person: a pseudonym, the languages they speak, whether
    the child rules apply, and when their reflection period ends (if known)."""

    @property
    def subject_id(self) -> uuid.UUID: ...
    @property
    def languages(self) -> Sequence[str]: ...
    @property
    def is_child(self) -> bool: ...
    @property
    def reflection_ends_on(self) -> date | None: ...
    @property
    def reflection_days(self) -> int | None: ...


@dataclass(frozen=True)
class Paragraph:
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Item:
    name: str
    description: str
    details: tuple[str, ...] = ()  # further lines under the description


@dataclass(frozen=True)
class Section:
    key: str  # a stable name for the section, not shown
    heading: str
    lead: tuple[Paragraph, ...] = ()
    items: tuple[Item, ...] = ()
    follow: tuple[Paragraph, ...] = ()
    code: str | None = None  # a reference to say or show, printed left to right


@dataclass(frozen=True)
class Sheet:
    language: str  # the catalogue's tag
    direction: str  # ltr | rtl
    fell_back: bool
    title: str
    notice: str | None  # shown when the person's language has no catalogue
    intro: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    staff_heading: str
    staff: tuple[Item, ...]


@cache
def default_catalogues() -> Catalogues:
    """The sheet's catalogues, read once per process."""
    return Catalogues(LOCALES)


@cache
def _templates() -> Templates:
    return Templates(TEMPLATES)


def resolve_for(
    subject: SheetSubject, language: str | None, catalogues: Catalogues | None = None
) -> Resolved:
    """The asked-for language, else the first of the person's languages with a catalogue."""
    catalogues = catalogues or default_catalogues()
    if language:
        return catalogues.resolve(language)
    return catalogues.resolve_first(list(subject.languages))


def fallback_notice(resolved: Resolved) -> str | None:
    """What a document says when the person's language had no translation, for every
    document given to the person (the information sheet, the data tracker)."""
    if not resolved.fell_back:
        return None
    return resolved.gettext(
        "This sheet is not yet available in your language (%(language)s). "
        "Ask the person helping you to read it to you in a language you understand."
    ) % {"language": resolved.language_name(resolved.requested)}


def build_sheet(subject: SheetSubject, resolved: Resolved, today: date) -> Sheet:
    """Every sentence of the sheet for this person, in the resolved language."""
    _, word = resolved.gettext, resolved.pgettext
    notice = fallback_notice(resolved)
    intro = (
        Paragraph(
            _(
                "This paper explains the help you can get, who gives it, and your rights. "
                "You can ask questions at any time."
            )
        ),
        Paragraph(_(POLICE_INDEPENDENCE), emphasis=True),
        Paragraph(_("You do not have to keep this paper. You can ask for a new copy at any time.")),
    )
    offer = Section(
        "offer",
        _("What help you can get"),
        lead=(
            Paragraph(
                _(
                    "You choose the help you want. You can say yes to some help "
                    "and no to other help."
                )
            ),
        ),
        items=tuple(
            Item(word("service_type", kind), word("service_type_help", kind))
            for kind in SERVICE_TYPES
        ),
    )
    actors = Section(
        "actors",
        _("Who helps you"),
        lead=(
            Paragraph(
                _(
                    "Different organisations work together to help you. They share information "
                    "about you only if you agree."
                )
            ),
        ),
        items=tuple(Item(word("sector", code), word("sector_help", code)) for code in ACTORS),
        follow=(
            Paragraph(
                _(
                    "The police and the prosecutor are told about you only if you choose it. "
                    "You decide."
                )
            ),
        ),
    )
    rights = Section(
        "rights",
        _("Your rights"),
        items=tuple(Item(word("right", code), word("right_help", code)) for code in RIGHTS),
    )
    reflection_lead = [
        Paragraph(
            _(
                "You have a reflection period. This is time to rest, to recover "
                "and to think about what you want to do."
            )
        ),
        Paragraph(_("During this time you cannot be sent out of this country.")),
    ]
    if subject.reflection_ends_on is not None:
        reflection_lead.append(
            Paragraph(
                _("Your reflection period ends on %(date)s.")
                % {"date": resolved.format_date(subject.reflection_ends_on)},
                emphasis=True,
            )
        )
        if subject.reflection_days is not None:
            reflection_lead.append(
                Paragraph(
                    _("Length of the period, in days: %(days)s.")
                    % {"days": str(subject.reflection_days)}
                )
            )
    else:
        reflection_lead.append(
            Paragraph(_("Ask the person helping you when your reflection period ends."))
        )
    reflection_lead.append(
        Paragraph(_("The period can sometimes be made longer. Ask the person helping you."))
    )
    reflection = Section("reflection", _("Time to recover and decide"), tuple(reflection_lead))
    child = Section(
        "child",
        _("If you are under 18"),
        lead=(
            Paragraph(
                _(
                    "A guardian or representative helps you. They decide together with you "
                    "and they listen to what you want."
                )
            ),
            Paragraph(_("You can ask to talk to them at any time.")),
        ),
    )
    complain = Section(
        "complain",
        _("How to complain"),
        lead=(
            Paragraph(_("If you are not happy with how you are treated, you can complain.")),
            Paragraph(
                _(
                    "Tell the person helping you. You can also complain to the operations unit "
                    "of the referral service or to the ombudsperson."
                )
            ),
            Paragraph(_("You can complain in your own language, with an interpreter.")),
            Paragraph(_("Complaining does not stop your help.")),
        ),
    )
    later = Section(
        "later",
        _("If you want help later"),
        lead=(
            Paragraph(_("You can say no now and ask for help later.")),
            Paragraph(
                _("Any trained worker can refer you again. You do not have to be identified again.")
            ),
            Paragraph(_("Show this paper or say your reference code:")),
        ),
        code=str(subject.subject_id),
        follow=(Paragraph(_("Your reference code does not show your name.")),),
    )
    sections = [offer, actors, rights, reflection]
    if subject.is_child:
        sections.append(child)
    sections += [complain, later]
    return Sheet(
        language=resolved.language,
        direction=resolved.direction,
        fell_back=resolved.fell_back,
        title=_("Information for you"),
        notice=notice,
        intro=intro,
        sections=tuple(sections),
        staff_heading=_("Details for staff"),
        staff=(
            Item(_("Reference code"), str(subject.subject_id)),
            Item(_("Language"), resolved.language_name(resolved.language)),
            Item(_("Printed on"), resolved.format_date(today)),
        ),
    )


def render_html(sheet: Sheet, resolved: Resolved) -> str:
    """A printable, self-contained page: ``<html lang dir>`` of the catalogue used."""
    return _templates().render("sheet.html", resolved, sheet=sheet)


def render_pdf(sheet: Sheet) -> bytes:
    """The same sheet as an A4 PDF, with an embedded font that covers every catalogue's script.

    Text is shaped with HarfBuzz (Arabic joining, Vietnamese stacked marks) and laid out by the
    Unicode bidirectional algorithm; right-to-left sheets are aligned to the right.
    """
    rtl = sheet.direction == "rtl"
    align = "R" if rtl else "L"
    pdf = FPDF(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(sheet.title)
    pdf.set_lang(sheet.language)
    pdf.set_creator("NRM referral")
    pdf.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr")
    pdf.add_page()

    def text(value: str, size: float = 11, bold: bool = False, gap: float = 1.5) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.5, value, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    def code(value: str) -> None:
        # A reference code reads left to right in every language.
        pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
        pdf.set_font("DejaVu", "B", 13)
        pdf.cell(0, 9, value, border=1, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr")
        pdf.ln(2)

    text(sheet.title, size=18, bold=True, gap=3)
    if sheet.notice:
        text(sheet.notice, bold=True, gap=3)
    for paragraph in sheet.intro:
        text(paragraph.text, bold=paragraph.emphasis)
    for section in sheet.sections:
        pdf.ln(2)
        text(section.heading, size=14, bold=True, gap=1)
        for paragraph in section.lead:
            text(paragraph.text, bold=paragraph.emphasis)
        for item in section.items:
            text(item.name, bold=True, gap=0)
            text(item.description, gap=0 if item.details else 1.5)
            for index, line in enumerate(item.details, start=1):
                text(line, size=10, gap=1.5 if index == len(item.details) else 0)
        if section.code:
            code(section.code)
        for paragraph in section.follow:
            text(paragraph.text, bold=paragraph.emphasis)
    pdf.ln(4)
    text(sheet.staff_heading, size=10, bold=True, gap=0.5)
    for item in sheet.staff:
        text(f"{item.name}: {item.description}", size=9, gap=0.5)
    return bytes(pdf.output())


def information_sheet(
    subject: SheetSubject,
    language: str | None,
    today: date,
    catalogues: Catalogues | None = None,
) -> tuple[Sheet, Resolved]:
    """The sheet for one person in the asked-for (or their own) language."""
    resolved = resolve_for(subject, language, catalogues)
    return build_sheet(subject, resolved, today), resolved


# --- over HTTP: the same answer from every service that prints a sheet -------------------

_LANGUAGE_TAG: TypeAdapter[str] = TypeAdapter(LanguageTag)


def _language_problem(message: str, type_: str) -> Problem:
    # Name the field and the rule; never echo the value.
    return Problem(
        422,
        "Invalid request",
        "Invalid or missing fields: language",
        "validation",
        errors=[{"field": "language", "message": message, "type": type_}],
    )


def checked_language(language: str | None) -> str | None:
    """The `language` query parameter, a well-formed BCP 47 tag, or a 422 naming it."""
    if language is None:
        return None
    try:
        return _LANGUAGE_TAG.validate_python(language)
    except ValidationError as exc:
        raise _language_problem(
            "must be a BCP 47 language tag, e.g. ar or pt-BR", exc.errors()[0]["type"]
        ) from exc


def translated_language(language: str | None, catalogues: Catalogues) -> str | None:
    """A well-formed tag that the catalogues translate into; ``None`` when none was asked for.
    For documents that must not fall back to another language when one was asked for."""
    checked = checked_language(language)
    if checked is not None and catalogues.resolve(checked).fell_back:
        raise _language_problem(
            "no translation in this language; one of " + ", ".join(catalogues.languages),
            "unsupported_language",
        )
    return checked


async def document(request: Request, sheet: Sheet, resolved: Resolved, name: str) -> Response:
    """A document for the person: printable HTML, or a PDF when the caller accepts one."""
    headers = {"Content-Language": resolved.language, "Vary": "Accept", "Cache-Control": "no-store"}
    if PDF in request.headers.get("accept", ""):
        pdf = await run_in_threadpool(render_pdf, sheet)
        headers["Content-Disposition"] = f'inline; filename="{name}-{sheet.language}.pdf"'
        return Response(pdf, media_type=PDF, headers=headers)
    html = render_html(sheet, resolved)
    return Response(html, media_type="text/html; charset=utf-8", headers=headers)


# The two forms of a document for the person (the information sheet, the data tracker).
DOCUMENT_CONTENT = {
    "text/html": {
        "schema": {"type": "string"},
        "example": '<!doctype html><html lang="ro" dir="ltr"><head><meta charset="utf-8">…',
    },
    PDF: {"schema": {"type": "string", "format": "binary"}, "example": "%PDF-1.4 …"},
}
SHEET_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "What the person is offered, who the actors are and their rights, "
        "in their language: a printable HTML page, or with `Accept: application/pdf` a PDF. "
        "Without `language`, the first of the person's languages that has a translation; "
        "a language without one gives the English sheet with a visible note.",
        "content": DOCUMENT_CONTENT,
    }
}
