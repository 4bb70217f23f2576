from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.decline_in_keep_item import DeclineInKeepItem
from ..models.decline_in_reason import DeclineInReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="DeclineIn")


@_attrs_define
class DeclineIn:
    """
    Attributes:
        reason (DeclineInReason): Why the person declines, as a category: counted (never the note) in GET
            /v1/statistics/declines.
        keep (list[DeclineInKeepItem] | Unset): What the person agreed may be kept for when they come back; the rest is
            dropped.
        note (None | str | Unset): In words, if the person wants it on record; dropped unless kept.
    """

    reason: DeclineInReason
    keep: list[DeclineInKeepItem] | Unset = UNSET
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason.value

        keep: list[str] | Unset = UNSET
        if not isinstance(self.keep, Unset):
            keep = []
            for keep_item_data in self.keep:
                keep_item = keep_item_data.value
                keep.append(keep_item)

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )
        if keep is not UNSET:
            field_dict["keep"] = keep
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = DeclineInReason(d.pop("reason"))

        _keep = d.pop("keep", UNSET)
        keep: list[DeclineInKeepItem] | Unset = UNSET
        if _keep is not UNSET:
            keep = []
            for keep_item_data in _keep:
                keep_item = DeclineInKeepItem(keep_item_data)

                keep.append(keep_item)

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        decline_in = cls(
            reason=reason,
            keep=keep,
            note=note,
        )

        return decline_in
