from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.representative_in_role import RepresentativeInRole

T = TypeVar("T", bound="RepresentativeIn")


@_attrs_define
class RepresentativeIn:
    """
    Attributes:
        organisation (str): Whom the guardian or representative is with.
        role (RepresentativeInRole): The child's guardian, or a representative appointed for them.
    """

    organisation: str
    role: RepresentativeInRole

    def to_dict(self) -> dict[str, Any]:
        organisation = self.organisation

        role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "organisation": organisation,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        organisation = d.pop("organisation")

        role = RepresentativeInRole(d.pop("role"))

        representative_in = cls(
            organisation=organisation,
            role=role,
        )

        return representative_in
