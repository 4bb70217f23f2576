from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PlacementRead")


@_attrs_define
class PlacementRead:
    """
    Attributes:
        hold_expires_at (datetime.datetime): The bed is held until then; accept before it, or it is released.
        shelter_id (UUID): The shelter holding a bed.
        shelter_name (str): Its name.
        ended_on (datetime.date | None | Unset): The day she moved out of this shelter, once she did.
        placement_id (None | Unset | UUID): The placement in the shelter service, once offered.
    """

    hold_expires_at: datetime.datetime
    shelter_id: UUID
    shelter_name: str
    ended_on: datetime.date | None | Unset = UNSET
    placement_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hold_expires_at = self.hold_expires_at.isoformat()

        shelter_id = str(self.shelter_id)

        shelter_name = self.shelter_name

        ended_on: None | str | Unset
        if isinstance(self.ended_on, Unset):
            ended_on = UNSET
        elif isinstance(self.ended_on, datetime.date):
            ended_on = self.ended_on.isoformat()
        else:
            ended_on = self.ended_on

        placement_id: None | str | Unset
        if isinstance(self.placement_id, Unset):
            placement_id = UNSET
        elif isinstance(self.placement_id, UUID):
            placement_id = str(self.placement_id)
        else:
            placement_id = self.placement_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "hold_expires_at": hold_expires_at,
                "shelter_id": shelter_id,
                "shelter_name": shelter_name,
            }
        )
        if ended_on is not UNSET:
            field_dict["ended_on"] = ended_on
        if placement_id is not UNSET:
            field_dict["placement_id"] = placement_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        hold_expires_at = datetime.datetime.fromisoformat(d.pop("hold_expires_at"))

        shelter_id = UUID(d.pop("shelter_id"))

        shelter_name = d.pop("shelter_name")

        def _parse_ended_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_on_type_0 = datetime.date.fromisoformat(data)

                return ended_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        ended_on = _parse_ended_on(d.pop("ended_on", UNSET))

        def _parse_placement_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                placement_id_type_0 = UUID(data)

                return placement_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        placement_id = _parse_placement_id(d.pop("placement_id", UNSET))

        placement_read = cls(
            hold_expires_at=hold_expires_at,
            shelter_id=shelter_id,
            shelter_name=shelter_name,
            ended_on=ended_on,
            placement_id=placement_id,
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
