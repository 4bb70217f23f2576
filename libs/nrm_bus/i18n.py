"""Translations for documents a person reads: gettext catalogues, BCP 47 matching, Jinja pages.

A service keeps its catalogues as ``.po`` files under one directory, laid out the gettext way::

    <directory>/<lang>/LC_MESSAGES/messages.po

The ``.po`` files are the source of truth: they are read once at start-up and compiled in memory,
so there is no compile step and no ``.mo`` file to forget. English is the source language and the
fallback; a catalogue for English is still required, because words of the domain (sector,
purpose, data category) are looked up by their code with a context, and English gives them words
too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DEFAULT_LANGUAGE = "en"
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")

Direction = Literal["ltr", "rtl"]


def _key(tag: str) -> str:
    """``pt_BR``, ``pt-br`` and ``PT-BR`` are the same tag."""
    return tag.strip().replace("_", "-").lower()


def _primary(tag: str) -> str:
    return _key(tag).split("-", 1)[0]


def _msgid(message_id: str | tuple[str, ...] | list[str]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _strings(message_string: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if message_string is None:
        return [""]
    return [message_string] if isinstance(message_string, str) else list(message_string)


@dataclass(frozen=True)
class Resolved:
    """One catalogue chosen for one request: its words, its script direction, its dates."""

    language: str  # the catalogue's tag, e.g. "ar"; not necessarily the one requested
    requested: str
    fell_back: bool  # True when nothing matched and this is the default language
    direction: Direction
    locale: Locale
    translations: Translations = field(repr=False)

    def gettext(self, message: str) -> str:
        return str(self.translations.gettext(message))

    def pgettext(self, context: str, message: str) -> str:
        """A word of the domain by its code, e.g. ``pgettext("sector", "police")``."""
        return str(self.translations.pgettext(context, message))

    def format_date(self, value: date | datetime, format: str = "long") -> str:
        return format_date(value, format=format, locale=self.locale)

    def format_datetime(
        self, value: datetime, format: str = "long", tzinfo: tzinfo | None = None
    ) -> str:
        return format_datetime(value, format=format, tzinfo=tzinfo, locale=self.locale)

    def format_time(
        self, value: datetime, format: str = "short", tzinfo: tzinfo | None = None
    ) -> str:
        return format_time(value, format=format, tzinfo=tzinfo, locale=self.locale)

    def format_list(self, values: Iterable[str]) -> str:
        """``a, b and c`` the way this language joins a list."""
        return format_list(list(values), locale=self.locale)

    def language_name(self, tag: str) -> str:
        """The name of a language, in this catalogue's language; the tag itself if unknown."""
        try:
            name = Locale.parse(tag.strip().replace("-", "_")).get_display_name(self.locale)
        except (UnknownLocaleError, ValueError, TypeError):
            return tag
        return name or tag

    def country_name(self, code: str) -> str:
        """An ISO 3166 alpha-2 code as a country name in this language; the code if unknown."""
        return str(self.locale.territories.get(code.upper(), code))


class Catalogues:
    """Every catalogue under one directory, loaded once; safe to share between requests."""

    def __init__(self, directory: Path | str, default: str = DEFAULT_LANGUAGE) -> None:
        self.directory = Path(directory)
        self._catalogs: dict[str, Catalog] = {}
        self._translations: dict[str, Translations] = {}
        self._locales: dict[str, Locale] = {}
        for po in sorted(self.directory.glob("*/LC_MESSAGES/messages.po")):
            tag = po.parent.parent.name.replace("_", "-")
            locale = Locale.parse(tag.replace("-", "_"))  # an unknown tag fails at start-up
            with po.open("rb") as source:
                catalog = read_po(source, locale=locale)
            compiled = BytesIO()
            write_mo(compiled, catalog)  # fuzzy entries are left out, as gettext would
            compiled.seek(0)
            self._catalogs[tag] = catalog
            self._translations[tag] = Translations(fp=compiled)
            self._locales[tag] = locale
        self.default = self._match(default) or ""
        if not self.default:
            raise ValueError(
                f"{self.directory} has no catalogue for the default language {default}"
            )

    @property
    def languages(self) -> list[str]:
        return sorted(self._catalogs)

    def _match(self, requested: str) -> str | None:
        wanted = _key(requested)
        if not wanted:
            return None
        by_key = {_key(tag): tag for tag in self._catalogs}
        if wanted in by_key:  # exact: "pt-BR" -> "pt-BR"
            return by_key[wanted]
        primary = _primary(requested)
        if primary in by_key:  # primary subtag: "ar-SY" -> "ar"
            return by_key[primary]
        siblings = sorted(tag for key, tag in by_key.items() if _primary(key) == primary)
        return siblings[0] if siblings else None  # same language, other region: "pt" -> "pt-BR"

    def resolve(self, requested: str) -> Resolved:
        """The catalogue for a BCP 47 tag, or the default language with ``fell_back=True``."""
        tag = self._match(requested)
        fell_back = tag is None
        language = self.default if tag is None else tag
        locale = self._locales[language]
        return Resolved(
            language=language,
            requested=requested,
            fell_back=fell_back,
            direction="rtl" if locale.text_direction == "rtl" else "ltr",
            locale=locale,
            translations=self._translations[language],
        )

    def resolve_first(self, preferences: Iterable[str]) -> Resolved:
        """The first of a person's languages that has a catalogue, e.g. ``Person.languages``."""
        wanted = list(preferences)
        for tag in wanted:
            if self._match(tag) is not None:
                return self.resolve(tag)
        return self.resolve(wanted[0] if wanted else self.default)

    def catalog(self, language: str) -> Catalog:
        """The parsed ``.po`` file, for checks and tools."""
        return self._catalogs[language]

    def problems(self, language: str) -> list[str]:
        """What would make a person read English (or a broken sentence) in this language.

        A message of the default catalogue missing here, an empty or fuzzy translation, and a
        translation whose ``%(name)s`` placeholders differ from its source's. Empty means complete.
        """
        catalog, source = self._catalogs[language], self._catalogs[self.default]
        found: list[str] = []
        for message in source:
            if message.id and catalog.get(message.id, message.context) is None:
                found.append(f"missing: {message.context or ''}|{_msgid(message.id)}")
        for message in catalog:
            if not message.id:
                continue  # the header
            label = f"{message.context or ''}|{_msgid(message.id)}"
            strings = _strings(message.string)
            if not all(strings):
                found.append(f"untranslated: {label}")
            elif message.fuzzy:
                found.append(f"fuzzy: {label}")
            elif any(
                set(_PLACEHOLDER.findall(text)) != set(_PLACEHOLDER.findall(_msgid(message.id)))
                for text in strings
            ):
                found.append(f"placeholders differ: {label}")
        return found


class Templates:
    """Jinja pages translated with a catalogue: autoescaped, ``_()``, ``pgettext()``, dates.

    One Jinja environment per language, made on first use, so a page in Arabic and a page in
    Romanian rendered at the same time never share installed translations.
    """

    def __init__(self, directory: Path | str) -> None:
        self._loader = jinja2.FileSystemLoader(str(directory))
        self._environments: dict[str, jinja2.Environment] = {}

    def environment(self, resolved: Resolved) -> jinja2.Environment:
        env = self._environments.get(resolved.language)
        if env is None:
            env = jinja2.Environment(
                loader=self._loader,
                autoescape=True,
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                extensions=["jinja2.ext.i18n"],
            )
            # Newstyle: the translated text is trusted, values put into it are escaped.
            install: Any = getattr(env, "install_gettext_translations")  # noqa: B009
            install(resolved.translations, newstyle=True)
            env.filters["format_date"] = resolved.format_date
            env.filters["format_datetime"] = resolved.format_datetime
            self._environments[resolved.language] = env
        return env

    def render(self, template_name: str, resolved: Resolved, **context: Any) -> str:
        """Render with ``language`` and ``direction`` set for ``<html lang dir>``."""
        template = self.environment(resolved).get_template(template_name)
        return template.render(language=resolved.language, direction=resolved.direction, **context)
