from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.placement_read_status import PlacementReadStatus

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
            is theirs), `released` (declined, run out, or the consent ended).
        subject_id (UUID): The person placed.
    """

    hold_expires_at: datetime.datetime
    placement_id: UUID
    referral_id: UUID
    shelter_id: UUID
    status: PlacementReadStatus
    subject_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hold_expires_at = self.hold_expires_at.isoformat()

        placement_id = str(self.placement_id)

        referral_id = str(self.referral_id)

        shelter_id = str(self.shelter_id)

        status = self.status.value

        subject_id = str(self.subject_id)

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

        placement_read = cls(
            hold_expires_at=hold_expires_at,
            placement_id=placement_id,
            referral_id=referral_id,
            shelter_id=shelter_id,
            status=status,
            subject_id=subject_id,
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
