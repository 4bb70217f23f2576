from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.provider_decline_in_reason import ProviderDeclineInReason

T = TypeVar("T", bound="ProviderDeclineIn")


@_attrs_define
class ProviderDeclineIn:
    """
    Attributes:
        reason (ProviderDeclineInReason): Why the provider cannot take the person; they are referred elsewhere.
    """

    reason: ProviderDeclineInReason

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = ProviderDeclineInReason(d.pop("reason"))

        provider_decline_in = cls(
            reason=reason,
        )

        return provider_decline_in
