from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.actor_read import ActorRead
    from ..models.erasure_read_acknowledgements_item import ErasureReadAcknowledgementsItem


T = TypeVar("T", bound="ErasureRead")


@_attrs_define
class ErasureRead:
    """
    Attributes:
        acknowledgements (list[ErasureReadAcknowledgementsItem]): Services that confirmed they erased what they held
            (`service`, `at`); the person's data key was destroyed at once.
        requested_at (datetime.datetime): When the erasure was asked for.
        requested_by (ActorRead):
        subject_id (UUID): The person erased.
    """

    acknowledgements: list[ErasureReadAcknowledgementsItem]
    requested_at: datetime.datetime
    requested_by: ActorRead
    subject_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        acknowledgements = []
        for acknowledgements_item_data in self.acknowledgements:
            acknowledgements_item = acknowledgements_item_data.to_dict()
            acknowledgements.append(acknowledgements_item)

        requested_at = self.requested_at.isoformat()

        requested_by = self.requested_by.to_dict()

        subject_id = str(self.subject_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "acknowledgements": acknowledgements,
                "requested_at": requested_at,
                "requested_by": requested_by,
                "subject_id": subject_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor_read import ActorRead  # noqa: PLC0415
        from ..models.erasure_read_acknowledgements_item import ErasureReadAcknowledgementsItem  # noqa: PLC0415

        d = dict(src_dict)
        acknowledgements = []
        _acknowledgements = d.pop("acknowledgements")
        for acknowledgements_item_data in _acknowledgements:
            acknowledgements_item = ErasureReadAcknowledgementsItem.from_dict(acknowledgements_item_data)

            acknowledgements.append(acknowledgements_item)

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        requested_by = ActorRead.from_dict(d.pop("requested_by"))

        subject_id = UUID(d.pop("subject_id"))

        erasure_read = cls(
            acknowledgements=acknowledgements,
            requested_at=requested_at,
            requested_by=requested_by,
            subject_id=subject_id,
        )

        erasure_read.additional_properties = d
        return erasure_read

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
