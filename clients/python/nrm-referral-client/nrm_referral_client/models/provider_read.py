from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.provider_read_service_types_item import ProviderReadServiceTypesItem
from ..models.provider_read_target_groups_item import ProviderReadTargetGroupsItem

T = TypeVar("T", bound="ProviderRead")


@_attrs_define
class ProviderRead:
    """
    Attributes:
        languages (list[str]): Languages its staff speak (BCP 47).
        name (str): The provider's name.
        organisation (str): The organisation that registered it: only it answers its referrals.
        provider_id (UUID): The provider's id.
        regions (list[str]): Where it offers them.
        service_types (list[ProviderReadServiceTypesItem]): The services it offers (not shelter or return).
        target_groups (list[ProviderReadTargetGroupsItem]): Whom it serves; a child is matched only where children are.
    """

    languages: list[str]
    name: str
    organisation: str
    provider_id: UUID
    regions: list[str]
    service_types: list[ProviderReadServiceTypesItem]
    target_groups: list[ProviderReadTargetGroupsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        languages = self.languages

        name = self.name

        organisation = self.organisation

        provider_id = str(self.provider_id)

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
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "languages": languages,
                "name": name,
                "organisation": organisation,
                "provider_id": provider_id,
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

        organisation = d.pop("organisation")

        provider_id = UUID(d.pop("provider_id"))

        regions = cast(list[str], d.pop("regions"))

        service_types = []
        _service_types = d.pop("service_types")
        for service_types_item_data in _service_types:
            service_types_item = ProviderReadServiceTypesItem(service_types_item_data)

            service_types.append(service_types_item)

        target_groups = []
        _target_groups = d.pop("target_groups")
        for target_groups_item_data in _target_groups:
            target_groups_item = ProviderReadTargetGroupsItem(target_groups_item_data)

            target_groups.append(target_groups_item)

        provider_read = cls(
            languages=languages,
            name=name,
            organisation=organisation,
            provider_id=provider_id,
            regions=regions,
            service_types=service_types,
            target_groups=target_groups,
        )

        provider_read.additional_properties = d
        return provider_read

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
