from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HoldRead")


@_attrs_define
class HoldRead:
    """
    Attributes:
        by_client_id (str): The client that recorded it.
        by_organisation (str): The organisation that recorded it.
        by_sector (str): That organisation's sector.
        hold_id (UUID): The hold's id.
        in_force (bool): Whether it holds entries back today.
        legal_basis (str): The law relied on.
        recorded_at (datetime.datetime): When it was recorded.
        sector (str): The sector whose entries are held back.
        subject_id (UUID): The person whose tracker it applies to.
        until (datetime.date): The last day held back.
    """

    by_client_id: str
    by_organisation: str
    by_sector: str
    hold_id: UUID
    in_force: bool
    legal_basis: str
    recorded_at: datetime.datetime
    sector: str
    subject_id: UUID
    until: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by_client_id = self.by_client_id

        by_organisation = self.by_organisation

        by_sector = self.by_sector

        hold_id = str(self.hold_id)

        in_force = self.in_force

        legal_basis = self.legal_basis

        recorded_at = self.recorded_at.isoformat()

        sector = self.sector

        subject_id = str(self.subject_id)

        until = self.until.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by_client_id": by_client_id,
                "by_organisation": by_organisation,
                "by_sector": by_sector,
                "hold_id": hold_id,
                "in_force": in_force,
                "legal_basis": legal_basis,
                "recorded_at": recorded_at,
                "sector": sector,
                "subject_id": subject_id,
                "until": until,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        by_client_id = d.pop("by_client_id")

        by_organisation = d.pop("by_organisation")

        by_sector = d.pop("by_sector")

        hold_id = UUID(d.pop("hold_id"))

        in_force = d.pop("in_force")

        legal_basis = d.pop("legal_basis")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        sector = d.pop("sector")

        subject_id = UUID(d.pop("subject_id"))

        until = datetime.date.fromisoformat(d.pop("until"))

        hold_read = cls(
            by_client_id=by_client_id,
            by_organisation=by_organisation,
            by_sector=by_sector,
            hold_id=hold_id,
            in_force=in_force,
            legal_basis=legal_basis,
            recorded_at=recorded_at,
            sector=sector,
            subject_id=subject_id,
            until=until,
        )

        hold_read.additional_properties = d
        return hold_read

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
