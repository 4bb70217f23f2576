"""Catalogues, BCP 47 matching and translated pages, without a broker; and every catalogue a
service ships is complete, so nobody reads half a page in English."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from nrm_bus.i18n import Catalogues, Templates

REPO = Path(__file__).resolve().parents[3]
SHIPPED = sorted(
    {
        po.parents[2]
        for root in ("services", "libs")
        for po in (REPO / root).glob("*/**/locales/*/LC_MESSAGES/messages.po")
    }
)


def write_po(root: Path, tag: str, entries: dict[str, str], *, fuzzy: str | None = None) -> None:
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for msgid, msgstr in entries.items():
        if msgid == fuzzy:
            lines.append("#, fuzzy")
        if "|" in msgid:
            context, msgid = msgid.split("|")
            lines.append(f'msgctxt "{context}"')
        lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
    path = root / tag / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines), encoding="utf-8")


ENGLISH = {"Hello": "Hello", "Hello %(name)s": "Hello %(name)s", "sector|police": "Police"}


@pytest.fixture
def catalogues(tmp_path: Path) -> Catalogues:
    write_po(tmp_path, "en", ENGLISH)
    write_po(
        tmp_path,
        "ar",
        {"Hello": "مرحبا", "Hello %(name)s": "مرحبا %(name)s", "sector|police": "الشرطة"},
    )
    write_po(
        tmp_path,
        "pt_BR",
        {"Hello": "Olá", "Hello %(name)s": "Olá %(name)s", "sector|police": "Polícia"},
    )
    return Catalogues(tmp_path)


def test_languages_are_the_catalogue_directories_as_bcp47_tags(catalogues: Catalogues) -> None:
    assert catalogues.languages == ["ar", "en", "pt-BR"]


def test_exact_tag_matches_whatever_its_case_or_separator(catalogues: Catalogues) -> None:
    for requested in ("pt-BR", "pt_br", "PT-br"):
        resolved = catalogues.resolve(requested)
        assert (resolved.language, resolved.fell_back) == ("pt-BR", False)


def test_primary_subtag_matches_a_regional_request(catalogues: Catalogues) -> None:
    resolved = catalogues.resolve("ar-SY")
    assert (resolved.language, resolved.fell_back, resolved.requested) == ("ar", False, "ar-SY")
    assert resolved.gettext("Hello") == "مرحبا"
    assert catalogues.resolve("pt").language == "pt-BR"  # same language, other region


def test_unknown_language_falls_back_to_english(catalogues: Catalogues) -> None:
    for requested in ("tlh", "", "../../etc/passwd", "zz-ZZ"):
        resolved = catalogues.resolve(requested)
        assert (resolved.language, resolved.fell_back, resolved.direction) == ("en", True, "ltr")
        assert resolved.gettext("Hello") == "Hello"


def test_arabic_is_right_to_left_and_others_left_to_right(catalogues: Catalogues) -> None:
    assert catalogues.resolve("ar").direction == "rtl"
    assert catalogues.resolve("pt-BR").direction == "ltr"
    assert catalogues.resolve("en").direction == "ltr"


def test_domain_words_are_looked_up_by_code_with_a_context(catalogues: Catalogues) -> None:
    assert catalogues.resolve("ar").pgettext("sector", "police") == "الشرطة"
    assert catalogues.resolve("en").pgettext("sector", "police") == "Police"
    assert catalogues.resolve("en").pgettext("sector", "unheard_of") == "unheard_of"


def test_first_of_a_persons_languages_with_a_catalogue_wins(catalogues: Catalogues) -> None:
    assert catalogues.resolve_first(["ti", "ar-EG", "en"]).language == "ar"
    nothing = catalogues.resolve_first(["ti", "am"])
    assert (nothing.language, nothing.fell_back, nothing.requested) == ("en", True, "ti")


def test_dates_and_names_are_in_the_resolved_locale(catalogues: Catalogues) -> None:
    portuguese = catalogues.resolve("pt-BR")
    assert portuguese.format_date(date(2026, 11, 1)) == "1 de novembro de 2026"
    assert "2026" in portuguese.format_datetime(datetime(2026, 11, 1, 12, tzinfo=UTC))
    assert portuguese.language_name("ro") == "romeno"
    assert portuguese.language_name("not a tag!") == "not a tag!"
    assert portuguese.country_name("NO") == "Noruega"


def test_a_catalogue_without_the_default_language_is_refused(tmp_path: Path) -> None:
    write_po(tmp_path, "fr", {"Hello": "Bonjour"})
    with pytest.raises(ValueError, match="default language"):
        Catalogues(tmp_path)


def test_problems_name_missing_empty_fuzzy_and_broken_placeholders(tmp_path: Path) -> None:
    write_po(tmp_path, "en", ENGLISH)
    write_po(tmp_path, "fr", {"Hello": "", "Hello %(name)s": "Bonjour %(nom)s"})
    write_po(tmp_path, "es", {**ENGLISH, "Hello": "Hola"}, fuzzy="Hello")
    catalogues = Catalogues(tmp_path)
    assert sorted(catalogues.problems("fr")) == [
        "missing: sector|police",
        "placeholders differ: |Hello %(name)s",
        "untranslated: |Hello",
    ]
    assert catalogues.problems("es") == ["fuzzy: |Hello"]
    assert catalogues.resolve("es").gettext("Hello") == "Hello"  # fuzzy is never shown
    assert catalogues.problems("en") == []


def test_templates_translate_and_escape(catalogues: Catalogues, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        '<html lang="{{ language }}" dir="{{ direction }}">'
        '{{ _("Hello %(name)s", name=who) }}|{{ when | format_date }}</html>',
        encoding="utf-8",
    )
    templates = Templates(tmp_path)
    page = templates.render(
        "page.html", catalogues.resolve("ar-SY"), who="<b>x</b>", when=date(2026, 11, 1)
    )
    assert page.startswith('<html lang="ar" dir="rtl">مرحبا &lt;b&gt;x&lt;/b&gt;|')
    assert "2026" in page
    english = templates.render("page.html", catalogues.resolve("xx"), who="A", when=date.today())
    assert english.startswith('<html lang="en" dir="ltr">Hello A|')


def test_the_services_ship_catalogues() -> None:
    assert len(SHIPPED) >= 2, "the receipts' and the information sheet's catalogues"


@pytest.mark.parametrize("directory", SHIPPED, ids=lambda path: str(path.relative_to(REPO)))
def test_every_shipped_catalogue_translates_every_message(directory: Path) -> None:
    catalogues = Catalogues(directory)
    assert len(catalogues.languages) >= 8
    for language in catalogues.languages:
        assert catalogues.problems(language) == [], language
