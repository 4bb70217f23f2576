from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.capacity_read_regime import CapacityReadRegime
from ..models.capacity_read_target_group import CapacityReadTargetGroup

T = TypeVar("T", bound="CapacityRead")


@_attrs_define
class CapacityRead:
    """Beds of one region, target group and regime; a shelter counts under each group.

    Attributes:
        beds_free (int): Beds neither held nor occupied.
        beds_total (int): Beds in all.
        regime (CapacityReadRegime): The regime of the shelters counted.
        region (str): The region.
        shelters (int): How many shelters are counted.
        target_group (CapacityReadTargetGroup): The group the beds are for.
    """

    beds_free: int
    beds_total: int
    regime: CapacityReadRegime
    region: str
    shelters: int
    target_group: CapacityReadTargetGroup
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        beds_free = self.beds_free

        beds_total = self.beds_total

        regime = self.regime.value

        region = self.region

        shelters = self.shelters

        target_group = self.target_group.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "beds_free": beds_free,
                "beds_total": beds_total,
                "regime": regime,
                "region": region,
                "shelters": shelters,
                "target_group": target_group,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        beds_free = d.pop("beds_free")

        beds_total = d.pop("beds_total")

        regime = CapacityReadRegime(d.pop("regime"))

        region = d.pop("region")

        shelters = d.pop("shelters")

        target_group = CapacityReadTargetGroup(d.pop("target_group"))

        capacity_read = cls(
            beds_free=beds_free,
            beds_total=beds_total,
            regime=regime,
            region=region,
            shelters=shelters,
            target_group=target_group,
        )

        capacity_read.additional_properties = d
        return capacity_read

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
