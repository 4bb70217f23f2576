from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.informed_read_method import InformedReadMethod

T = TypeVar("T", bound="InformedRead")


@_attrs_define
class InformedRead:
    """
    Attributes:
        by_organisation (str): The organisation whose staff informed the person.
        by_sector (str): That organisation's sector.
        language (str): The language the person was informed in (BCP 47): the receipt is printed in it.
        method (InformedReadMethod): How the person was informed: in writing, by word of mouth, or both.
    """

    by_organisation: str
    by_sector: str
    language: str
    method: InformedReadMethod
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by_organisation = self.by_organisation

        by_sector = self.by_sector

        language = self.language

        method = self.method.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by_organisation": by_organisation,
                "by_sector": by_sector,
                "language": language,
                "method": method,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        by_organisation = d.pop("by_organisation")

        by_sector = d.pop("by_sector")

        language = d.pop("language")

        method = InformedReadMethod(d.pop("method"))

        informed_read = cls(
            by_organisation=by_organisation,
            by_sector=by_sector,
            language=language,
            method=method,
        )

        informed_read.additional_properties = d
        return informed_read

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
