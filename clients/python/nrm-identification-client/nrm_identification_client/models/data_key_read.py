from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DataKeyRead")


@_attrs_define
class DataKeyRead:
    """
    Attributes:
        consent_id (UUID): The consent the key is released under; once the person is erased the key is destroyed and
            opens nothing new.
        key (str): The key, base64url without padding: it opens the `sealed` member of events about this person (nonce
            and ciphertext base64; associated data `<event id>|<event type>|<subject_id>`).
        subject_id (UUID): The person the key belongs to.
        alg (Literal['A256GCM'] | Unset): AES-256-GCM, as JOSE names it. Default: 'A256GCM'.
    """

    consent_id: UUID
    key: str
    subject_id: UUID
    alg: Literal["A256GCM"] | Unset = "A256GCM"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        consent_id = str(self.consent_id)

        key = self.key

        subject_id = str(self.subject_id)

        alg = self.alg

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consent_id": consent_id,
                "key": key,
                "subject_id": subject_id,
            }
        )
        if alg is not UNSET:
            field_dict["alg"] = alg

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consent_id = UUID(d.pop("consent_id"))

        key = d.pop("key")

        subject_id = UUID(d.pop("subject_id"))

        alg = cast(Literal["A256GCM"] | Unset, d.pop("alg", UNSET))
        if alg != "A256GCM" and not isinstance(alg, Unset):
            raise ValueError(f"alg must match const 'A256GCM', got '{alg}'")

        data_key_read = cls(
            consent_id=consent_id,
            key=key,
            subject_id=subject_id,
            alg=alg,
        )

        data_key_read.additional_properties = d
        return data_key_read

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
