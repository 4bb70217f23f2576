from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.shelter_read_accessibility_item import ShelterReadAccessibilityItem
from ..models.shelter_read_regime import ShelterReadRegime
from ..models.shelter_read_target_groups_item import ShelterReadTargetGroupsItem

if TYPE_CHECKING:
    from ..models.house_rule_read import HouseRuleRead


T = TypeVar("T", bound="ShelterRead")


@_attrs_define
class ShelterRead:
    """
    Attributes:
        accessibility (list[ShelterReadAccessibilityItem]): Accessibility features.
        beds_free (int): Beds neither held nor occupied.
        beds_total (int): Beds in all.
        house_rules (list[HouseRuleRead]): Its rules, each with its rationale.
        languages (list[str]): Languages its staff speak.
        name (str): Its name.
        regime (ShelterReadRegime): `open`, `closed` or `community`.
        region (str): Where it is.
        shelter_id (UUID): The shelter's id.
        target_groups (list[ShelterReadTargetGroupsItem]): Whom it takes: a child only where `children` are taken, a
            parent with children only where `families` are.
    """

    accessibility: list[ShelterReadAccessibilityItem]
    beds_free: int
    beds_total: int
    house_rules: list[HouseRuleRead]
    languages: list[str]
    name: str
    regime: ShelterReadRegime
    region: str
    shelter_id: UUID
    target_groups: list[ShelterReadTargetGroupsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accessibility = []
        for accessibility_item_data in self.accessibility:
            accessibility_item = accessibility_item_data.value
            accessibility.append(accessibility_item)

        beds_free = self.beds_free

        beds_total = self.beds_total

        house_rules = []
        for house_rules_item_data in self.house_rules:
            house_rules_item = house_rules_item_data.to_dict()
            house_rules.append(house_rules_item)

        languages = self.languages

        name = self.name

        regime = self.regime.value

        region = self.region

        shelter_id = str(self.shelter_id)

        target_groups = []
        for target_groups_item_data in self.target_groups:
            target_groups_item = target_groups_item_data.value
            target_groups.append(target_groups_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accessibility": accessibility,
                "beds_free": beds_free,
                "beds_total": beds_total,
                "house_rules": house_rules,
                "languages": languages,
                "name": name,
                "regime": regime,
                "region": region,
                "shelter_id": shelter_id,
                "target_groups": target_groups,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.house_rule_read import HouseRuleRead  # noqa: PLC0415

        d = dict(src_dict)
        accessibility = []
        _accessibility = d.pop("accessibility")
        for accessibility_item_data in _accessibility:
            accessibility_item = ShelterReadAccessibilityItem(accessibility_item_data)

            accessibility.append(accessibility_item)

        beds_free = d.pop("beds_free")

        beds_total = d.pop("beds_total")

        house_rules = []
        _house_rules = d.pop("house_rules")
        for house_rules_item_data in _house_rules:
            house_rules_item = HouseRuleRead.from_dict(house_rules_item_data)

            house_rules.append(house_rules_item)

        languages = cast(list[str], d.pop("languages"))

        name = d.pop("name")

        regime = ShelterReadRegime(d.pop("regime"))

        region = d.pop("region")

        shelter_id = UUID(d.pop("shelter_id"))

        target_groups = []
        _target_groups = d.pop("target_groups")
        for target_groups_item_data in _target_groups:
            target_groups_item = ShelterReadTargetGroupsItem(target_groups_item_data)

            target_groups.append(target_groups_item)

        shelter_read = cls(
            accessibility=accessibility,
            beds_free=beds_free,
            beds_total=beds_total,
            house_rules=house_rules,
            languages=languages,
            name=name,
            regime=regime,
            region=region,
            shelter_id=shelter_id,
            target_groups=target_groups,
        )

        shelter_read.additional_properties = d
        return shelter_read

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
