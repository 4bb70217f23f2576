from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.hold_in_sector import HoldInSector

T = TypeVar("T", bound="HoldIn")


@_attrs_define
class HoldIn:
    """
    Attributes:
        legal_basis (str): The law that allows it, kept with who recorded it.
        sector (HoldInSector): The justice sector whose entries are held back.
        until (datetime.date): The last day on which they are held back.
    """

    legal_basis: str
    sector: HoldInSector
    until: datetime.date

    def to_dict(self) -> dict[str, Any]:
        legal_basis = self.legal_basis

        sector = self.sector.value

        until = self.until.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "legal_basis": legal_basis,
                "sector": sector,
                "until": until,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        legal_basis = d.pop("legal_basis")

        sector = HoldInSector(d.pop("sector"))

        until = datetime.date.fromisoformat(d.pop("until"))

        hold_in = cls(
            legal_basis=legal_basis,
            sector=sector,
            until=until,
        )

        return hold_in
