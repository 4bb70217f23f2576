from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.placement_read_end_reason_type_0 import PlacementReadEndReasonType0
from ..models.placement_read_status import PlacementReadStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="PlacementRead")


@_attrs_define
class PlacementRead:
    """
    Attributes:
        hold_expires_at (datetime.datetime): Until when a held bed is kept.
        placement_id (UUID): The placement's id.
        referral_id (UUID): The referral it answers.
        shelter_id (UUID): The shelter.
        status (PlacementReadStatus): `held` (a bed kept until `hold_expires_at`), `confirmed` (the person accepted: it
            is theirs), `released` (declined, run out, or the consent ended before she came), `ended` (she lived there and
            moved out).
        subject_id (UUID): The person placed.
        end_reason (None | PlacementReadEndReasonType0 | Unset): Why she moved out, once she did.
        ended_on (datetime.date | None | Unset): The day she moved out, once she did.
        house_rule (None | str | Unset): The house rule she was asked to leave under, if so.
        transferred_from (None | Unset | UUID): The placement this one continues, when she was transferred here.
    """

    hold_expires_at: datetime.datetime
    placement_id: UUID
    referral_id: UUID
    shelter_id: UUID
    status: PlacementReadStatus
    subject_id: UUID
    end_reason: None | PlacementReadEndReasonType0 | Unset = UNSET
    ended_on: datetime.date | None | Unset = UNSET
    house_rule: None | str | Unset = UNSET
    transferred_from: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hold_expires_at = self.hold_expires_at.isoformat()

        placement_id = str(self.placement_id)

        referral_id = str(self.referral_id)

        shelter_id = str(self.shelter_id)

        status = self.status.value

        subject_id = str(self.subject_id)

        end_reason: None | str | Unset
        if isinstance(self.end_reason, Unset):
            end_reason = UNSET
        elif isinstance(self.end_reason, PlacementReadEndReasonType0):
            end_reason = self.end_reason.value
        else:
            end_reason = self.end_reason

        ended_on: None | str | Unset
        if isinstance(self.ended_on, Unset):
            ended_on = UNSET
        elif isinstance(self.ended_on, datetime.date):
            ended_on = self.ended_on.isoformat()
        else:
            ended_on = self.ended_on

        house_rule: None | str | Unset
        if isinstance(self.house_rule, Unset):
            house_rule = UNSET
        else:
            house_rule = self.house_rule

        transferred_from: None | str | Unset
        if isinstance(self.transferred_from, Unset):
            transferred_from = UNSET
        elif isinstance(self.transferred_from, UUID):
            transferred_from = str(self.transferred_from)
        else:
            transferred_from = self.transferred_from

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "hold_expires_at": hold_expires_at,
                "placement_id": placement_id,
                "referral_id": referral_id,
                "shelter_id": shelter_id,
                "status": status,
                "subject_id": subject_id,
            }
        )
        if end_reason is not UNSET:
            field_dict["end_reason"] = end_reason
        if ended_on is not UNSET:
            field_dict["ended_on"] = ended_on
        if house_rule is not UNSET:
            field_dict["house_rule"] = house_rule
        if transferred_from is not UNSET:
            field_dict["transferred_from"] = transferred_from

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        hold_expires_at = datetime.datetime.fromisoformat(d.pop("hold_expires_at"))

        placement_id = UUID(d.pop("placement_id"))

        referral_id = UUID(d.pop("referral_id"))

        shelter_id = UUID(d.pop("shelter_id"))

        status = PlacementReadStatus(d.pop("status"))

        subject_id = UUID(d.pop("subject_id"))

        def _parse_end_reason(data: object) -> None | PlacementReadEndReasonType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_reason_type_0 = PlacementReadEndReasonType0(data)

                return end_reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlacementReadEndReasonType0 | Unset, data)

        end_reason = _parse_end_reason(d.pop("end_reason", UNSET))

        def _parse_ended_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_on_type_0 = datetime.date.fromisoformat(data)

                return ended_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        ended_on = _parse_ended_on(d.pop("ended_on", UNSET))

        def _parse_house_rule(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        house_rule = _parse_house_rule(d.pop("house_rule", UNSET))

        def _parse_transferred_from(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                transferred_from_type_0 = UUID(data)

                return transferred_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        transferred_from = _parse_transferred_from(d.pop("transferred_from", UNSET))

        placement_read = cls(
            hold_expires_at=hold_expires_at,
            placement_id=placement_id,
            referral_id=referral_id,
            shelter_id=shelter_id,
            status=status,
            subject_id=subject_id,
            end_reason=end_reason,
            ended_on=ended_on,
            house_rule=house_rule,
            transferred_from=transferred_from,
        )

        placement_read.additional_properties = d
        return placement_read

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
