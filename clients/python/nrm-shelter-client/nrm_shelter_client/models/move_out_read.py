from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.placement_read import PlacementRead


T = TypeVar("T", bound="MoveOutRead")


@_attrs_define
class MoveOutRead:
    """
    Attributes:
        placement (PlacementRead):
        transferred_to (None | PlacementRead | Unset): Her new place, when she was transferred.
    """

    placement: PlacementRead
    transferred_to: None | PlacementRead | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.placement_read import PlacementRead  # noqa: PLC0415

        placement = self.placement.to_dict()

        transferred_to: dict[str, Any] | None | Unset
        if isinstance(self.transferred_to, Unset):
            transferred_to = UNSET
        elif isinstance(self.transferred_to, PlacementRead):
            transferred_to = self.transferred_to.to_dict()
        else:
            transferred_to = self.transferred_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "placement": placement,
            }
        )
        if transferred_to is not UNSET:
            field_dict["transferred_to"] = transferred_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.placement_read import PlacementRead  # noqa: PLC0415

        d = dict(src_dict)
        placement = PlacementRead.from_dict(d.pop("placement"))

        def _parse_transferred_to(data: object) -> None | PlacementRead | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                transferred_to_type_0 = PlacementRead.from_dict(data)

                return transferred_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlacementRead | Unset, data)

        transferred_to = _parse_transferred_to(d.pop("transferred_to", UNSET))

        move_out_read = cls(
            placement=placement,
            transferred_to=transferred_to,
        )

        move_out_read.additional_properties = d
        return move_out_read

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
