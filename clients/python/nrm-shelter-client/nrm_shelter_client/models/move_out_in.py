from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.move_out_in_reason import MoveOutInReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="MoveOutIn")


@_attrs_define
class MoveOutIn:
    """
    Attributes:
        moved_out_on (datetime.date): The day she left: not after today, not before her placement began.
        reason (MoveOutInReason): Why she left.
        subject_id (UUID): The person moving out: her reference code.
        house_rule (None | str | Unset): Required when she was asked to leave under a house rule, and only then: one of
            this shelter's `house_rules[].rule`, word for word.
        to_shelter_id (None | Unset | UUID): Required for a transfer, and only then: the shelter she moves to, which
            must take her and have a free bed. Her place there is confirmed at once.
    """

    moved_out_on: datetime.date
    reason: MoveOutInReason
    subject_id: UUID
    house_rule: None | str | Unset = UNSET
    to_shelter_id: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        moved_out_on = self.moved_out_on.isoformat()

        reason = self.reason.value

        subject_id = str(self.subject_id)

        house_rule: None | str | Unset
        if isinstance(self.house_rule, Unset):
            house_rule = UNSET
        else:
            house_rule = self.house_rule

        to_shelter_id: None | str | Unset
        if isinstance(self.to_shelter_id, Unset):
            to_shelter_id = UNSET
        elif isinstance(self.to_shelter_id, UUID):
            to_shelter_id = str(self.to_shelter_id)
        else:
            to_shelter_id = self.to_shelter_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "moved_out_on": moved_out_on,
                "reason": reason,
                "subject_id": subject_id,
            }
        )
        if house_rule is not UNSET:
            field_dict["house_rule"] = house_rule
        if to_shelter_id is not UNSET:
            field_dict["to_shelter_id"] = to_shelter_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        moved_out_on = datetime.date.fromisoformat(d.pop("moved_out_on"))

        reason = MoveOutInReason(d.pop("reason"))

        subject_id = UUID(d.pop("subject_id"))

        def _parse_house_rule(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        house_rule = _parse_house_rule(d.pop("house_rule", UNSET))

        def _parse_to_shelter_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                to_shelter_id_type_0 = UUID(data)

                return to_shelter_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        to_shelter_id = _parse_to_shelter_id(d.pop("to_shelter_id", UNSET))

        move_out_in = cls(
            moved_out_on=moved_out_on,
            reason=reason,
            subject_id=subject_id,
            house_rule=house_rule,
            to_shelter_id=to_shelter_id,
        )

        return move_out_in
