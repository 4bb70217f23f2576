from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.extension_read import ExtensionRead


T = TypeVar("T", bound="ReflectionPeriodDetail")


@_attrs_define
class ReflectionPeriodDetail:
    """
    Attributes:
        days (int): How many days it lasts, extensions included.
        ends_on (datetime.date): The last day, extensions included.
        jurisdiction (str): The country whose policy sets the period.
        starts_on (datetime.date): The first day of the reflection and recovery period.
        extensions (list[ExtensionRead] | Unset): Every extension, oldest first.
    """

    days: int
    ends_on: datetime.date
    jurisdiction: str
    starts_on: datetime.date
    extensions: list[ExtensionRead] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        ends_on = self.ends_on.isoformat()

        jurisdiction = self.jurisdiction

        starts_on = self.starts_on.isoformat()

        extensions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.extensions, Unset):
            extensions = []
            for extensions_item_data in self.extensions:
                extensions_item = extensions_item_data.to_dict()
                extensions.append(extensions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "days": days,
                "ends_on": ends_on,
                "jurisdiction": jurisdiction,
                "starts_on": starts_on,
            }
        )
        if extensions is not UNSET:
            field_dict["extensions"] = extensions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.extension_read import ExtensionRead  # noqa: PLC0415

        d = dict(src_dict)
        days = d.pop("days")

        ends_on = datetime.date.fromisoformat(d.pop("ends_on"))

        jurisdiction = d.pop("jurisdiction")

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        _extensions = d.pop("extensions", UNSET)
        extensions: list[ExtensionRead] | Unset = UNSET
        if _extensions is not UNSET:
            extensions = []
            for extensions_item_data in _extensions:
                extensions_item = ExtensionRead.from_dict(extensions_item_data)

                extensions.append(extensions_item)

        reflection_period_detail = cls(
            days=days,
            ends_on=ends_on,
            jurisdiction=jurisdiction,
            starts_on=starts_on,
            extensions=extensions,
        )

        reflection_period_detail.additional_properties = d
        return reflection_period_detail

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
