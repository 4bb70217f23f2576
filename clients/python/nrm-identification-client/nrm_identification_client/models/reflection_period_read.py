from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReflectionPeriodRead")


@_attrs_define
class ReflectionPeriodRead:
    """
    Attributes:
        days (int): How many days it lasts, extensions included.
        ends_on (datetime.date): The last day, extensions included.
        starts_on (datetime.date): The first day of the reflection and recovery period.
    """

    days: int
    ends_on: datetime.date
    starts_on: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        ends_on = self.ends_on.isoformat()

        starts_on = self.starts_on.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "days": days,
                "ends_on": ends_on,
                "starts_on": starts_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days = d.pop("days")

        ends_on = datetime.date.fromisoformat(d.pop("ends_on"))

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        reflection_period_read = cls(
            days=days,
            ends_on=ends_on,
            starts_on=starts_on,
        )

        reflection_period_read.additional_properties = d
        return reflection_period_read

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
