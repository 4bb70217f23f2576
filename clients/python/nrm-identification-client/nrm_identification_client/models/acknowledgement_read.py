from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.acknowledgement_read_action import AcknowledgementReadAction

T = TypeVar("T", bound="AcknowledgementRead")


@_attrs_define
class AcknowledgementRead:
    """
    Attributes:
        action (AcknowledgementReadAction): What it did with what it held under the consent.
        at (datetime.datetime): When it did it.
        service (str): The service that acted: referral, shelter or justice.
    """

    action: AcknowledgementReadAction
    at: datetime.datetime
    service: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        at = self.at.isoformat()

        service = self.service

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "at": at,
                "service": service,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = AcknowledgementReadAction(d.pop("action"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        service = d.pop("service")

        acknowledgement_read = cls(
            action=action,
            at=at,
            service=service,
        )

        acknowledgement_read.additional_properties = d
        return acknowledgement_read

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
