from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.handover_in_method import HandoverInMethod

T = TypeVar("T", bound="HandoverIn")


@_attrs_define
class HandoverIn:
    """
    Attributes:
        language (str): The language of the sheet handed over (BCP 47).
        method (HandoverInMethod): Handed over in writing, read out or explained by word of mouth, or both.
    """

    language: str
    method: HandoverInMethod

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

        method = HandoverInMethod(d.pop("method"))

        handover_in = cls(
            language=language,
            method=method,
        )

        return handover_in
