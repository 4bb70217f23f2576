from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.shelter_update_accessibility_type_0_item import ShelterUpdateAccessibilityType0Item
from ..models.shelter_update_regime_type_0 import ShelterUpdateRegimeType0
from ..models.shelter_update_target_groups_type_0_item import ShelterUpdateTargetGroupsType0Item
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.house_rule_in import HouseRuleIn


T = TypeVar("T", bound="ShelterUpdate")


@_attrs_define
class ShelterUpdate:
    """
    Attributes:
        accessibility (list[ShelterUpdateAccessibilityType0Item] | None | Unset): Replaces the accessibility features.
        beds_free (int | None | Unset): Set free beds directly (0..beds_total, never below the beds held).
        beds_total (int | None | Unset): Beds in use stay in use: beds_free moves by the same amount.
        house_rules (list[HouseRuleIn] | None | Unset): Replaces all the shelter's rules.
        languages (list[str] | None | Unset): Replaces the languages.
        name (None | str | Unset): A new name.
        regime (None | ShelterUpdateRegimeType0 | Unset): A new regime.
        region (None | str | Unset): A new region.
        target_groups (list[ShelterUpdateTargetGroupsType0Item] | None | Unset): Replaces the groups it takes.
    """

    accessibility: list[ShelterUpdateAccessibilityType0Item] | None | Unset = UNSET
    beds_free: int | None | Unset = UNSET
    beds_total: int | None | Unset = UNSET
    house_rules: list[HouseRuleIn] | None | Unset = UNSET
    languages: list[str] | None | Unset = UNSET
    name: None | str | Unset = UNSET
    regime: None | ShelterUpdateRegimeType0 | Unset = UNSET
    region: None | str | Unset = UNSET
    target_groups: list[ShelterUpdateTargetGroupsType0Item] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        accessibility: list[str] | None | Unset
        if isinstance(self.accessibility, Unset):
            accessibility = UNSET
        elif isinstance(self.accessibility, list):
            accessibility = []
            for accessibility_type_0_item_data in self.accessibility:
                accessibility_type_0_item = accessibility_type_0_item_data.value
                accessibility.append(accessibility_type_0_item)

        else:
            accessibility = self.accessibility

        beds_free: int | None | Unset
        if isinstance(self.beds_free, Unset):
            beds_free = UNSET
        else:
            beds_free = self.beds_free

        beds_total: int | None | Unset
        if isinstance(self.beds_total, Unset):
            beds_total = UNSET
        else:
            beds_total = self.beds_total

        house_rules: list[dict[str, Any]] | None | Unset
        if isinstance(self.house_rules, Unset):
            house_rules = UNSET
        elif isinstance(self.house_rules, list):
            house_rules = []
            for house_rules_type_0_item_data in self.house_rules:
                house_rules_type_0_item = house_rules_type_0_item_data.to_dict()
                house_rules.append(house_rules_type_0_item)

        else:
            house_rules = self.house_rules

        languages: list[str] | None | Unset
        if isinstance(self.languages, Unset):
            languages = UNSET
        elif isinstance(self.languages, list):
            languages = self.languages

        else:
            languages = self.languages

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        regime: None | str | Unset
        if isinstance(self.regime, Unset):
            regime = UNSET
        elif isinstance(self.regime, ShelterUpdateRegimeType0):
            regime = self.regime.value
        else:
            regime = self.regime

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region

        target_groups: list[str] | None | Unset
        if isinstance(self.target_groups, Unset):
            target_groups = UNSET
        elif isinstance(self.target_groups, list):
            target_groups = []
            for target_groups_type_0_item_data in self.target_groups:
                target_groups_type_0_item = target_groups_type_0_item_data.value
                target_groups.append(target_groups_type_0_item)

        else:
            target_groups = self.target_groups

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if accessibility is not UNSET:
            field_dict["accessibility"] = accessibility
        if beds_free is not UNSET:
            field_dict["beds_free"] = beds_free
        if beds_total is not UNSET:
            field_dict["beds_total"] = beds_total
        if house_rules is not UNSET:
            field_dict["house_rules"] = house_rules
        if languages is not UNSET:
            field_dict["languages"] = languages
        if name is not UNSET:
            field_dict["name"] = name
        if regime is not UNSET:
            field_dict["regime"] = regime
        if region is not UNSET:
            field_dict["region"] = region
        if target_groups is not UNSET:
            field_dict["target_groups"] = target_groups

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.house_rule_in import HouseRuleIn  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_accessibility(data: object) -> list[ShelterUpdateAccessibilityType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                accessibility_type_0 = []
                _accessibility_type_0 = data
                for accessibility_type_0_item_data in _accessibility_type_0:
                    accessibility_type_0_item = ShelterUpdateAccessibilityType0Item(accessibility_type_0_item_data)

                    accessibility_type_0.append(accessibility_type_0_item)

                return accessibility_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ShelterUpdateAccessibilityType0Item] | None | Unset, data)

        accessibility = _parse_accessibility(d.pop("accessibility", UNSET))

        def _parse_beds_free(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        beds_free = _parse_beds_free(d.pop("beds_free", UNSET))

        def _parse_beds_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        beds_total = _parse_beds_total(d.pop("beds_total", UNSET))

        def _parse_house_rules(data: object) -> list[HouseRuleIn] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                house_rules_type_0 = []
                _house_rules_type_0 = data
                for house_rules_type_0_item_data in _house_rules_type_0:
                    house_rules_type_0_item = HouseRuleIn.from_dict(house_rules_type_0_item_data)

                    house_rules_type_0.append(house_rules_type_0_item)

                return house_rules_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[HouseRuleIn] | None | Unset, data)

        house_rules = _parse_house_rules(d.pop("house_rules", UNSET))

        def _parse_languages(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                languages_type_0 = cast(list[str], data)

                return languages_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        languages = _parse_languages(d.pop("languages", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_regime(data: object) -> None | ShelterUpdateRegimeType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                regime_type_0 = ShelterUpdateRegimeType0(data)

                return regime_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ShelterUpdateRegimeType0 | Unset, data)

        regime = _parse_regime(d.pop("regime", UNSET))

        def _parse_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        region = _parse_region(d.pop("region", UNSET))

        def _parse_target_groups(data: object) -> list[ShelterUpdateTargetGroupsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                target_groups_type_0 = []
                _target_groups_type_0 = data
                for target_groups_type_0_item_data in _target_groups_type_0:
                    target_groups_type_0_item = ShelterUpdateTargetGroupsType0Item(target_groups_type_0_item_data)

                    target_groups_type_0.append(target_groups_type_0_item)

                return target_groups_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ShelterUpdateTargetGroupsType0Item] | None | Unset, data)

        target_groups = _parse_target_groups(d.pop("target_groups", UNSET))

        shelter_update = cls(
            accessibility=accessibility,
            beds_free=beds_free,
            beds_total=beds_total,
            house_rules=house_rules,
            languages=languages,
            name=name,
            regime=regime,
            region=region,
            target_groups=target_groups,
        )

        return shelter_update
