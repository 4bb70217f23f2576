from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.shelter_create_accessibility_item import ShelterCreateAccessibilityItem
from ..models.shelter_create_regime import ShelterCreateRegime
from ..models.shelter_create_target_groups_item import ShelterCreateTargetGroupsItem
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.house_rule_in import HouseRuleIn


T = TypeVar("T", bound="ShelterCreate")


@_attrs_define
class ShelterCreate:
    """
    Attributes:
        beds_total (int): Beds in all.
        name (str): The shelter's name.
        regime (ShelterCreateRegime): `open` (residents come and go), `closed` (protected, restricted movement) or
            `community` (flats in the community).
        region (str): Where it is; people from this region are placed first.
        target_groups (list[ShelterCreateTargetGroupsItem]): Whom it takes: a child only where `children` are taken, a
            parent with children only where `families` are.
        accessibility (list[ShelterCreateAccessibilityItem] | Unset): How premises and staff accommodate disabilities.
        beds_free (int | None | Unset): Defaults to beds_total.
        house_rules (list[HouseRuleIn] | Unset): Its rules, each with its rationale, visible to oversight.
        languages (list[str] | Unset): Languages its staff speak (BCP 47).
    """

    beds_total: int
    name: str
    regime: ShelterCreateRegime
    region: str
    target_groups: list[ShelterCreateTargetGroupsItem]
    accessibility: list[ShelterCreateAccessibilityItem] | Unset = UNSET
    beds_free: int | None | Unset = UNSET
    house_rules: list[HouseRuleIn] | Unset = UNSET
    languages: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        beds_total = self.beds_total

        name = self.name

        regime = self.regime.value

        region = self.region

        target_groups = []
        for target_groups_item_data in self.target_groups:
            target_groups_item = target_groups_item_data.value
            target_groups.append(target_groups_item)

        accessibility: list[str] | Unset = UNSET
        if not isinstance(self.accessibility, Unset):
            accessibility = []
            for accessibility_item_data in self.accessibility:
                accessibility_item = accessibility_item_data.value
                accessibility.append(accessibility_item)

        beds_free: int | None | Unset
        if isinstance(self.beds_free, Unset):
            beds_free = UNSET
        else:
            beds_free = self.beds_free

        house_rules: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.house_rules, Unset):
            house_rules = []
            for house_rules_item_data in self.house_rules:
                house_rules_item = house_rules_item_data.to_dict()
                house_rules.append(house_rules_item)

        languages: list[str] | Unset = UNSET
        if not isinstance(self.languages, Unset):
            languages = self.languages

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "beds_total": beds_total,
                "name": name,
                "regime": regime,
                "region": region,
                "target_groups": target_groups,
            }
        )
        if accessibility is not UNSET:
            field_dict["accessibility"] = accessibility
        if beds_free is not UNSET:
            field_dict["beds_free"] = beds_free
        if house_rules is not UNSET:
            field_dict["house_rules"] = house_rules
        if languages is not UNSET:
            field_dict["languages"] = languages

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.house_rule_in import HouseRuleIn  # noqa: PLC0415

        d = dict(src_dict)
        beds_total = d.pop("beds_total")

        name = d.pop("name")

        regime = ShelterCreateRegime(d.pop("regime"))

        region = d.pop("region")

        target_groups = []
        _target_groups = d.pop("target_groups")
        for target_groups_item_data in _target_groups:
            target_groups_item = ShelterCreateTargetGroupsItem(target_groups_item_data)

            target_groups.append(target_groups_item)

        _accessibility = d.pop("accessibility", UNSET)
        accessibility: list[ShelterCreateAccessibilityItem] | Unset = UNSET
        if _accessibility is not UNSET:
            accessibility = []
            for accessibility_item_data in _accessibility:
                accessibility_item = ShelterCreateAccessibilityItem(accessibility_item_data)

                accessibility.append(accessibility_item)

        def _parse_beds_free(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        beds_free = _parse_beds_free(d.pop("beds_free", UNSET))

        _house_rules = d.pop("house_rules", UNSET)
        house_rules: list[HouseRuleIn] | Unset = UNSET
        if _house_rules is not UNSET:
            house_rules = []
            for house_rules_item_data in _house_rules:
                house_rules_item = HouseRuleIn.from_dict(house_rules_item_data)

                house_rules.append(house_rules_item)

        languages = cast(list[str], d.pop("languages", UNSET))

        shelter_create = cls(
            beds_total=beds_total,
            name=name,
            regime=regime,
            region=region,
            target_groups=target_groups,
            accessibility=accessibility,
            beds_free=beds_free,
            house_rules=house_rules,
            languages=languages,
        )

        return shelter_create
