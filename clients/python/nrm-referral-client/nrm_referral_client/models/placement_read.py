from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PlacementRead")


@_attrs_define
class PlacementRead:
    """
    Attributes:
        hold_expires_at (datetime.datetime): The bed is held until then; accept before it, or it is released.
        shelter_id (UUID): The shelter holding a bed.
        shelter_name (str): Its name.
    """

    hold_expires_at: datetime.datetime
    shelter_id: UUID
    shelter_name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hold_expires_at = self.hold_expires_at.isoformat()

        shelter_id = str(self.shelter_id)

        shelter_name = self.shelter_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "hold_expires_at": hold_expires_at,
                "shelter_id": shelter_id,
                "shelter_name": shelter_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        hold_expires_at = datetime.datetime.fromisoformat(d.pop("hold_expires_at"))

        shelter_id = UUID(d.pop("shelter_id"))

        shelter_name = d.pop("shelter_name")

        placement_read = cls(
            hold_expires_at=hold_expires_at,
            shelter_id=shelter_id,
            shelter_name=shelter_name,
        )

        placement_read.additional_properties = d
        return placement_read

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
