from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.purpose_rule_read_purpose import PurposeRuleReadPurpose
from ..models.purpose_rule_read_recipients_item import PurposeRuleReadRecipientsItem
from ..models.purpose_rule_read_referable_with_item import PurposeRuleReadReferableWithItem
from ..models.purpose_rule_read_track import PurposeRuleReadTrack

T = TypeVar("T", bound="PurposeRuleRead")


@_attrs_define
class PurposeRuleRead:
    """
    Attributes:
        child_needs_representative (bool): For a child (or a person whose age is uncertain), the consent is taken only
            together with their guardian or representative (`with_representative`).
        purpose (PurposeRuleReadPurpose): What a consent's data may be used for.
        recipients (list[PurposeRuleReadRecipientsItem]): The sectors a consent for this purpose may name as its
            recipient; any other is refused (422 naming `recipient`).
        referable_with (list[PurposeRuleReadReferableWithItem]): The data categories that, in a consent for this
            purpose, make the person referable (the referral service learns of them); empty: such a consent never does.
        track (PurposeRuleReadTrack): Assistance never depends on a consent of the justice or statistics track.
    """

    child_needs_representative: bool
    purpose: PurposeRuleReadPurpose
    recipients: list[PurposeRuleReadRecipientsItem]
    referable_with: list[PurposeRuleReadReferableWithItem]
    track: PurposeRuleReadTrack
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        child_needs_representative = self.child_needs_representative

        purpose = self.purpose.value

        recipients = []
        for recipients_item_data in self.recipients:
            recipients_item = recipients_item_data.value
            recipients.append(recipients_item)

        referable_with = []
        for referable_with_item_data in self.referable_with:
            referable_with_item = referable_with_item_data.value
            referable_with.append(referable_with_item)

        track = self.track.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "child_needs_representative": child_needs_representative,
                "purpose": purpose,
                "recipients": recipients,
                "referable_with": referable_with,
                "track": track,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        child_needs_representative = d.pop("child_needs_representative")

        purpose = PurposeRuleReadPurpose(d.pop("purpose"))

        recipients = []
        _recipients = d.pop("recipients")
        for recipients_item_data in _recipients:
            recipients_item = PurposeRuleReadRecipientsItem(recipients_item_data)

            recipients.append(recipients_item)

        referable_with = []
        _referable_with = d.pop("referable_with")
        for referable_with_item_data in _referable_with:
            referable_with_item = PurposeRuleReadReferableWithItem(referable_with_item_data)

            referable_with.append(referable_with_item)

        track = PurposeRuleReadTrack(d.pop("track"))

        purpose_rule_read = cls(
            child_needs_representative=child_needs_representative,
            purpose=purpose,
            recipients=recipients,
            referable_with=referable_with,
            track=track,
        )

        purpose_rule_read.additional_properties = d
        return purpose_rule_read

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
