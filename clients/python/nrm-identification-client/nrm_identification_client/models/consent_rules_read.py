from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.purpose_rule_read import PurposeRuleRead


T = TypeVar("T", bound="ConsentRulesRead")


@_attrs_define
class ConsentRulesRead:
    """
    Attributes:
        purposes (list[PurposeRuleRead]): One rule per purpose.
    """

    purposes: list[PurposeRuleRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        purposes = []
        for purposes_item_data in self.purposes:
            purposes_item = purposes_item_data.to_dict()
            purposes.append(purposes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "purposes": purposes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.purpose_rule_read import PurposeRuleRead  # noqa: PLC0415

        d = dict(src_dict)
        purposes = []
        _purposes = d.pop("purposes")
        for purposes_item_data in _purposes:
            purposes_item = PurposeRuleRead.from_dict(purposes_item_data)

            purposes.append(purposes_item)

        consent_rules_read = cls(
            purposes=purposes,
        )

        consent_rules_read.additional_properties = d
        return consent_rules_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
