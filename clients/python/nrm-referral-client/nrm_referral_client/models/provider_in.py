from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.provider_in_service_types_item import ProviderInServiceTypesItem
from ..models.provider_in_target_groups_item import ProviderInTargetGroupsItem

T = TypeVar("T", bound="ProviderIn")


@_attrs_define
class ProviderIn:
    """
    Attributes:
        languages (list[str]): Languages its staff speak (BCP 47).
        name (str): The provider's name.
        regions (list[str]): Where it offers them.
        service_types (list[ProviderInServiceTypesItem]): The services it offers (not shelter or return).
        target_groups (list[ProviderInTargetGroupsItem]): Whom it serves; a child is matched only where children are.
    """

    languages: list[str]
    name: str
    regions: list[str]
    service_types: list[ProviderInServiceTypesItem]
    target_groups: list[ProviderInTargetGroupsItem]

    def to_dict(self) -> dict[str, Any]:
        languages = self.languages

        name = self.name

        regions = self.regions

        service_types = []
        for service_types_item_data in self.service_types:
            service_types_item = service_types_item_data.value
            service_types.append(service_types_item)

        target_groups = []
        for target_groups_item_data in self.target_groups:
            target_groups_item = target_groups_item_data.value
            target_groups.append(target_groups_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "languages": languages,
                "name": name,
                "regions": regions,
                "service_types": service_types,
                "target_groups": target_groups,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        languages = cast(list[str], d.pop("languages"))

        name = d.pop("name")

        regions = cast(list[str], d.pop("regions"))

        service_types = []
        _service_types = d.pop("service_types")
        for service_types_item_data in _service_types:
            service_types_item = ProviderInServiceTypesItem(service_types_item_data)

            service_types.append(service_types_item)

        target_groups = []
        _target_groups = d.pop("target_groups")
        for target_groups_item_data in _target_groups:
            target_groups_item = ProviderInTargetGroupsItem(target_groups_item_data)

            target_groups.append(target_groups_item)

        provider_in = cls(
            languages=languages,
            name=name,
            regions=regions,
            service_types=service_types,
            target_groups=target_groups,
        )

        return provider_in
