from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.consent_create_data_categories_item import ConsentCreateDataCategoriesItem
from ..models.consent_create_purpose import ConsentCreatePurpose
from ..models.consent_create_recipient import ConsentCreateRecipient
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.informed_in import InformedIn


T = TypeVar("T", bound="ConsentCreate")


@_attrs_define
class ConsentCreate:
    """
    Attributes:
        data_categories (list[ConsentCreateDataCategoriesItem]): What may be shared: `identity` (name, birth year,
            gender, nationality), `contact`, `needs` (target group, languages, region, child), `exploitation` (forms and
            indicators), `health`, `location` (where the person lives or goes).
        informed (InformedIn):
        purpose (ConsentCreatePurpose): What the data may be used for. Which recipients each purpose allows: GET
            /v1/reference/consent-rules.
        recipient (ConsentCreateRecipient): The sector the person agrees to share with.
        expires_at (datetime.datetime | None | Unset): When the consent ends by itself (announced as ConsentExpired);
            none: until withdrawn. Must be in the future.
        with_representative (bool | Unset): For a child: given together with their guardian or representative (required
            for a consent to share with the police or prosecutor). Default: False.
    """

    data_categories: list[ConsentCreateDataCategoriesItem]
    informed: InformedIn
    purpose: ConsentCreatePurpose
    recipient: ConsentCreateRecipient
    expires_at: datetime.datetime | None | Unset = UNSET
    with_representative: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        data_categories = []
        for data_categories_item_data in self.data_categories:
            data_categories_item = data_categories_item_data.value
            data_categories.append(data_categories_item)

        informed = self.informed.to_dict()

        purpose = self.purpose.value

        recipient = self.recipient.value

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        with_representative = self.with_representative

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data_categories": data_categories,
                "informed": informed,
                "purpose": purpose,
                "recipient": recipient,
            }
        )
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if with_representative is not UNSET:
            field_dict["with_representative"] = with_representative

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.informed_in import InformedIn  # noqa: PLC0415

        d = dict(src_dict)
        data_categories = []
        _data_categories = d.pop("data_categories")
        for data_categories_item_data in _data_categories:
            data_categories_item = ConsentCreateDataCategoriesItem(data_categories_item_data)

            data_categories.append(data_categories_item)

        informed = InformedIn.from_dict(d.pop("informed"))

        purpose = ConsentCreatePurpose(d.pop("purpose"))

        recipient = ConsentCreateRecipient(d.pop("recipient"))

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        with_representative = d.pop("with_representative", UNSET)

        consent_create = cls(
            data_categories=data_categories,
            informed=informed,
            purpose=purpose,
            recipient=recipient,
            expires_at=expires_at,
            with_representative=with_representative,
        )

        return consent_create
