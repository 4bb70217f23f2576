from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.handover_read_method import HandoverReadMethod

T = TypeVar("T", bound="HandoverRead")


@_attrs_define
class HandoverRead:
    """
    Attributes:
        by_client_id (str): The client that recorded it.
        by_organisation (str): The organisation whose staff handed it over.
        by_sector (str): That organisation's sector.
        handed_over_at (datetime.datetime): When.
        handover_id (UUID): This handover's id.
        language (str): The sheet's language.
        method (HandoverReadMethod): How it was handed over.
        subject_id (UUID): The person who was given the sheet.
    """

    by_client_id: str
    by_organisation: str
    by_sector: str
    handed_over_at: datetime.datetime
    handover_id: UUID
    language: str
    method: HandoverReadMethod
    subject_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by_client_id = self.by_client_id

        by_organisation = self.by_organisation

        by_sector = self.by_sector

        handed_over_at = self.handed_over_at.isoformat()

        handover_id = str(self.handover_id)

        language = self.language

        method = self.method.value

        subject_id = str(self.subject_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by_client_id": by_client_id,
                "by_organisation": by_organisation,
                "by_sector": by_sector,
                "handed_over_at": handed_over_at,
                "handover_id": handover_id,
                "language": language,
                "method": method,
                "subject_id": subject_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        by_client_id = d.pop("by_client_id")

        by_organisation = d.pop("by_organisation")

        by_sector = d.pop("by_sector")

        handed_over_at = datetime.datetime.fromisoformat(d.pop("handed_over_at"))

        handover_id = UUID(d.pop("handover_id"))

        language = d.pop("language")

        method = HandoverReadMethod(d.pop("method"))

        subject_id = UUID(d.pop("subject_id"))

        handover_read = cls(
            by_client_id=by_client_id,
            by_organisation=by_organisation,
            by_sector=by_sector,
            handed_over_at=handed_over_at,
            handover_id=handover_id,
            language=language,
            method=method,
            subject_id=subject_id,
        )

        handover_read.additional_properties = d
        return handover_read

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
