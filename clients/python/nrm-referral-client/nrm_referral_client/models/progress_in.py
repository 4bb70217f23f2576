from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.progress_in_status import ProgressInStatus

T = TypeVar("T", bound="ProgressIn")


@_attrs_define
class ProgressIn:
    """
    Attributes:
        status (ProgressInStatus): The service is under way, or completed.
    """

    status: ProgressInStatus

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = ProgressInStatus(d.pop("status"))

        progress_in = cls(
            status=status,
        )

        return progress_in
