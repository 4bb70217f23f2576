from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.withdrawal_in_reason import WithdrawalInReason

T = TypeVar("T", bound="WithdrawalIn")


@_attrs_define
class WithdrawalIn:
    """
    Attributes:
        reason (WithdrawalInReason): Why the organisation that made the referral withdraws it; the person's own no is a
            decline.
    """

    reason: WithdrawalInReason

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
        reason = WithdrawalInReason(d.pop("reason"))

        withdrawal_in = cls(
            reason=reason,
        )

        return withdrawal_in
