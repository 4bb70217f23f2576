from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ActorRead")


@_attrs_define
class ActorRead:
    """
    Attributes:
        client_id (str): The OAuth2 client that made the request.
        organisation (str): The organisation the client speaks for.
        sector (str): That organisation's sector.
    """

    client_id: str
    organisation: str
    sector: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        organisation = self.organisation

        sector = self.sector

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client_id": client_id,
                "organisation": organisation,
                "sector": sector,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        organisation = d.pop("organisation")

        sector = d.pop("sector")

        actor_read = cls(
            client_id=client_id,
            organisation=organisation,
            sector=sector,
        )

        actor_read.additional_properties = d
        return actor_read

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
