"""The domain's shared words, as they appear in the public API and the event contracts."""

from typing import Annotated, Literal

from pydantic import StringConstraints

Sector = Literal[
    "ngo",
    "police",
    "labour_inspectorate",
    "social_services",
    "shelter",
    "health",
    "legal_aid",
    "prosecutor",
    "immigration",
    "operations",
    "audit",
    "foreign_counterpart",
]
Purpose = Literal[
    "assistance",
    "shelter",
    "health",
    "legal_aid",
    "social_services",
    "law_enforcement",
    "prosecution",
    "return",
    "cross_border",
    "statistics",
]
DataCategory = Literal["identity", "contact", "needs", "exploitation", "health", "location"]
ExploitationType = Literal[
    "sexual", "labour", "begging", "criminal_activity", "domestic_servitude", "other"
]
TargetGroup = Literal[
    "women", "men", "children", "families", "lgbtq", "disabilities", "unspecified"
]
Regime = Literal["open", "closed", "community"]
# How a shelter's premises and staff accommodate people with disabilities.
Accessibility = Literal["wheelchair", "step_free", "hearing_loop", "visual_aids"]
LanguageTag = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", max_length=35)
]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Region = Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True)]
