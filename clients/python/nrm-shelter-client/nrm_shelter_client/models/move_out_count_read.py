from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.move_out_count_read_reason import MoveOutCountReadReason

T = TypeVar("T", bound="MoveOutCountRead")


@_attrs_define
class MoveOutCountRead:
    """How many people left one shelter for one reason (and under one house rule).

    Attributes:
        count (int): How many people; no person, no date.
        house_rule (None | str): The house rule they were asked to leave under, for that reason.
        reason (MoveOutCountReadReason): Why they left.
        shelter_id (UUID): The shelter.
        shelter_name (str): Its name.
    """

    count: int
    house_rule: None | str
    reason: MoveOutCountReadReason
    shelter_id: UUID
    shelter_name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        house_rule: None | str
        house_rule = self.house_rule

        reason = self.reason.value

        shelter_id = str(self.shelter_id)

        shelter_name = self.shelter_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "house_rule": house_rule,
                "reason": reason,
                "shelter_id": shelter_id,
                "shelter_name": shelter_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        def _parse_house_rule(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        house_rule = _parse_house_rule(d.pop("house_rule"))

        reason = MoveOutCountReadReason(d.pop("reason"))

        shelter_id = UUID(d.pop("shelter_id"))

        shelter_name = d.pop("shelter_name")

        move_out_count_read = cls(
            count=count,
            house_rule=house_rule,
            reason=reason,
            shelter_id=shelter_id,
            shelter_name=shelter_name,
        )

        move_out_count_read.additional_properties = d
        return move_out_count_read

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
