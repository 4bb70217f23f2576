from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.actor_read import ActorRead


T = TypeVar("T", bound="ExtensionRead")


@_attrs_define
class ExtensionRead:
    """
    Attributes:
        days (int): Days added.
        extended_at (datetime.datetime): When it was recorded.
        extended_by (ActorRead):
        reason (str): Why, as recorded.
    """

    days: int
    extended_at: datetime.datetime
    extended_by: ActorRead
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        extended_at = self.extended_at.isoformat()

        extended_by = self.extended_by.to_dict()

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "days": days,
                "extended_at": extended_at,
                "extended_by": extended_by,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor_read import ActorRead  # noqa: PLC0415

        d = dict(src_dict)
        days = d.pop("days")

        extended_at = datetime.datetime.fromisoformat(d.pop("extended_at"))

        extended_by = ActorRead.from_dict(d.pop("extended_by"))

        reason = d.pop("reason")

        extension_read = cls(
            days=days,
            extended_at=extended_at,
            extended_by=extended_by,
            reason=reason,
        )

        extension_read.additional_properties = d
        return extension_read

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
