from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.case_read_exploitation_types_item import CaseReadExploitationTypesItem
from ..models.case_read_purpose import CaseReadPurpose
from ..models.case_read_recipient import CaseReadRecipient
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.case_read_identity import CaseReadIdentity


T = TypeVar("T", bound="CaseRead")


@_attrs_define
class CaseRead:
    """
    Attributes:
        consent_id (UUID): The consent the case is held under.
        exploitation_types (list[CaseReadExploitationTypesItem]): The forms of exploitation, if `exploitation` is
            shared.
        identity (CaseReadIdentity): Only what the person agreed the justice sector may know of who they are
            (`identity`: given_name, family_name, birth_year, gender, nationality); empty otherwise.
        indicators (list[str]): Operational indicators observed, if shared.
        jurisdiction (str): The country whose law applies.
        opened_at (datetime.datetime): When the case was opened.
        purpose (CaseReadPurpose): The justice purpose the person consented to.
        recipient (CaseReadRecipient): The sector the person consented to share with.
        subject_id (UUID): The person, by pseudonym.
        region (None | str | Unset): Where the person was identified, if `location` is shared.
    """

    consent_id: UUID
    exploitation_types: list[CaseReadExploitationTypesItem]
    identity: CaseReadIdentity
    indicators: list[str]
    jurisdiction: str
    opened_at: datetime.datetime
    purpose: CaseReadPurpose
    recipient: CaseReadRecipient
    subject_id: UUID
    region: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        consent_id = str(self.consent_id)

        exploitation_types = []
        for exploitation_types_item_data in self.exploitation_types:
            exploitation_types_item = exploitation_types_item_data.value
            exploitation_types.append(exploitation_types_item)

        identity = self.identity.to_dict()

        indicators = self.indicators

        jurisdiction = self.jurisdiction

        opened_at = self.opened_at.isoformat()

        purpose = self.purpose.value

        recipient = self.recipient.value

        subject_id = str(self.subject_id)

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consent_id": consent_id,
                "exploitation_types": exploitation_types,
                "identity": identity,
                "indicators": indicators,
                "jurisdiction": jurisdiction,
                "opened_at": opened_at,
                "purpose": purpose,
                "recipient": recipient,
                "subject_id": subject_id,
            }
        )
        if region is not UNSET:
            field_dict["region"] = region

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.case_read_identity import CaseReadIdentity  # noqa: PLC0415

        d = dict(src_dict)
        consent_id = UUID(d.pop("consent_id"))

        exploitation_types = []
        _exploitation_types = d.pop("exploitation_types")
        for exploitation_types_item_data in _exploitation_types:
            exploitation_types_item = CaseReadExploitationTypesItem(exploitation_types_item_data)

            exploitation_types.append(exploitation_types_item)

        identity = CaseReadIdentity.from_dict(d.pop("identity"))

        indicators = cast(list[str], d.pop("indicators"))

        jurisdiction = d.pop("jurisdiction")

        opened_at = datetime.datetime.fromisoformat(d.pop("opened_at"))

        purpose = CaseReadPurpose(d.pop("purpose"))

        recipient = CaseReadRecipient(d.pop("recipient"))

        subject_id = UUID(d.pop("subject_id"))

        def _parse_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        region = _parse_region(d.pop("region", UNSET))

        case_read = cls(
            consent_id=consent_id,
            exploitation_types=exploitation_types,
            identity=identity,
            indicators=indicators,
            jurisdiction=jurisdiction,
            opened_at=opened_at,
            purpose=purpose,
            recipient=recipient,
            subject_id=subject_id,
            region=region,
        )

        case_read.additional_properties = d
        return case_read

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
