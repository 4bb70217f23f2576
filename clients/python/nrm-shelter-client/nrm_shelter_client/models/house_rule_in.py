from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="HouseRuleIn")


@_attrs_define
class HouseRuleIn:
    """
    Attributes:
        rationale (str): Why the restriction exists; required, and visible to oversight.
        rule (str): A restriction residents live under.
    """

    rationale: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        rationale = self.rationale

        rule = self.rule

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rationale": rationale,
                "rule": rule,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rationale = d.pop("rationale")

        rule = d.pop("rule")

        house_rule_in = cls(
            rationale=rationale,
            rule=rule,
        )

        return house_rule_in
