"""Reference data the identification is checked against: the ILO/UNODC operational
indicators (a data file, with its source), and the countries and languages of CLDR."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale

INDICATORS = Path(__file__).resolve().parents[1] / "data" / "indicators.json"


@dataclass(frozen=True)
class Indicator:
    id: str
    dimension: str
    dimension_label: str
    label: str
    strength: str  # strong | medium | weak


@dataclass(frozen=True)
class IndicatorCatalogue:
    source: str
    indicators: tuple[Indicator, ...]

    def unknown(self, ids: list[str]) -> list[int]:
        """Positions of the ids that are not operational indicators."""
        known = {indicator.id for indicator in self.indicators}
        return [position for position, given in enumerate(ids) if given not in known]

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "indicators": [indicator.__dict__ for indicator in self.indicators],
        }


def load_indicators(path: Path = INDICATORS) -> IndicatorCatalogue:
    raw = json.loads(path.read_text())
    return IndicatorCatalogue(
        source=raw["source"], indicators=tuple(Indicator(**entry) for entry in raw["indicators"])
    )


@cache
def _cldr() -> tuple[frozenset[str], frozenset[str]]:
    english = Locale("en")
    countries = frozenset(
        str(code)
        for code in english.territories
        if str(code).isalpha() and len(str(code)) == 2 and code != "ZZ"
    )
    return countries, frozenset(english.languages)


def is_country(code: str) -> bool:
    return code in _cldr()[0]


def is_language(tag: str) -> bool:
    """A BCP 47 tag whose primary language CLDR knows (e.g. `ro`, `ar-SY`, `fa-AF`)."""
    return tag.split("-")[0].lower() in _cldr()[1]
