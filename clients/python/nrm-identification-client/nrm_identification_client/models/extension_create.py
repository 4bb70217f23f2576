from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ExtensionCreate")


@_attrs_define
class ExtensionCreate:
    """
    Attributes:
        days (int): Days to add.
        reason (str): Why; kept on record with who extended it.
    """

    days: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "days": days,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days = d.pop("days")

        reason = d.pop("reason")

        extension_create = cls(
            days=days,
            reason=reason,
        )

        return extension_create
