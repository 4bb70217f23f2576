from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.informed_in_method import InformedInMethod

T = TypeVar("T", bound="InformedIn")


@_attrs_define
class InformedIn:
    """
    Attributes:
        language (str): The language the person was informed in (BCP 47): the receipt is printed in it.
        method (InformedInMethod): How the person was informed: in writing, by word of mouth, or both.
    """

    language: str
    method: InformedInMethod

    def to_dict(self) -> dict[str, Any]:
        language = self.language

        method = self.method.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "language": language,
                "method": method,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        language = d.pop("language")

        method = InformedInMethod(d.pop("method"))

        informed_in = cls(
            language=language,
            method=method,
        )

        return informed_in
