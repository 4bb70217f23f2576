from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.consent_read_data_categories_item import ConsentReadDataCategoriesItem
from ..models.consent_read_purpose import ConsentReadPurpose
from ..models.consent_read_recipient import ConsentReadRecipient
from ..models.consent_read_status import ConsentReadStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.acknowledgement_read import AcknowledgementRead
    from ..models.actor_read import ActorRead
    from ..models.informed_read import InformedRead


T = TypeVar("T", bound="ConsentRead")


@_attrs_define
class ConsentRead:
    """
    Attributes:
        consent_id (UUID): The consent's id; events relying on it name it.
        data_categories (list[ConsentReadDataCategoriesItem]): What may be shared.
        given_at (datetime.datetime): When the consent was recorded.
        informed (InformedRead):
        jurisdiction (str): The country whose law applies (ISO 3166-1 alpha-2).
        legal_basis (str): The legal basis of the processing, in words.
        purpose (ConsentReadPurpose): What the data may be used for.
        recipient (ConsentReadRecipient): The sector the person agreed to share with.
        recorded_by (ActorRead):
        status (ConsentReadStatus): Only an active consent lets data through the gate.
        acknowledgements (list[AcknowledgementRead] | Unset): Services that restricted or erased what they held once the
            consent ended.
        expires_at (datetime.datetime | None | Unset): When it ends by itself, if ever.
        with_representative (bool | Unset): Given together with a child's guardian or representative. Default: False.
        withdrawn_at (datetime.datetime | None | Unset): When the person withdrew it.
    """

    consent_id: UUID
    data_categories: list[ConsentReadDataCategoriesItem]
    given_at: datetime.datetime
    informed: InformedRead
    jurisdiction: str
    legal_basis: str
    purpose: ConsentReadPurpose
    recipient: ConsentReadRecipient
    recorded_by: ActorRead
    status: ConsentReadStatus
    acknowledgements: list[AcknowledgementRead] | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    with_representative: bool | Unset = False
    withdrawn_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        consent_id = str(self.consent_id)

        data_categories = []
        for data_categories_item_data in self.data_categories:
            data_categories_item = data_categories_item_data.value
            data_categories.append(data_categories_item)

        given_at = self.given_at.isoformat()

        informed = self.informed.to_dict()

        jurisdiction = self.jurisdiction

        legal_basis = self.legal_basis

        purpose = self.purpose.value

        recipient = self.recipient.value

        recorded_by = self.recorded_by.to_dict()

        status = self.status.value

        acknowledgements: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.acknowledgements, Unset):
            acknowledgements = []
            for acknowledgements_item_data in self.acknowledgements:
                acknowledgements_item = acknowledgements_item_data.to_dict()
                acknowledgements.append(acknowledgements_item)

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        with_representative = self.with_representative

        withdrawn_at: None | str | Unset
        if isinstance(self.withdrawn_at, Unset):
            withdrawn_at = UNSET
        elif isinstance(self.withdrawn_at, datetime.datetime):
            withdrawn_at = self.withdrawn_at.isoformat()
        else:
            withdrawn_at = self.withdrawn_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consent_id": consent_id,
                "data_categories": data_categories,
                "given_at": given_at,
                "informed": informed,
                "jurisdiction": jurisdiction,
                "legal_basis": legal_basis,
                "purpose": purpose,
                "recipient": recipient,
                "recorded_by": recorded_by,
                "status": status,
            }
        )
        if acknowledgements is not UNSET:
            field_dict["acknowledgements"] = acknowledgements
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if with_representative is not UNSET:
            field_dict["with_representative"] = with_representative
        if withdrawn_at is not UNSET:
            field_dict["withdrawn_at"] = withdrawn_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.acknowledgement_read import AcknowledgementRead  # noqa: PLC0415
        from ..models.actor_read import ActorRead  # noqa: PLC0415
        from ..models.informed_read import InformedRead  # noqa: PLC0415

        d = dict(src_dict)
        consent_id = UUID(d.pop("consent_id"))

        data_categories = []
        _data_categories = d.pop("data_categories")
        for data_categories_item_data in _data_categories:
            data_categories_item = ConsentReadDataCategoriesItem(data_categories_item_data)

            data_categories.append(data_categories_item)

        given_at = datetime.datetime.fromisoformat(d.pop("given_at"))

        informed = InformedRead.from_dict(d.pop("informed"))

        jurisdiction = d.pop("jurisdiction")

        legal_basis = d.pop("legal_basis")

        purpose = ConsentReadPurpose(d.pop("purpose"))

        recipient = ConsentReadRecipient(d.pop("recipient"))

        recorded_by = ActorRead.from_dict(d.pop("recorded_by"))

        status = ConsentReadStatus(d.pop("status"))

        _acknowledgements = d.pop("acknowledgements", UNSET)
        acknowledgements: list[AcknowledgementRead] | Unset = UNSET
        if _acknowledgements is not UNSET:
            acknowledgements = []
            for acknowledgements_item_data in _acknowledgements:
                acknowledgements_item = AcknowledgementRead.from_dict(acknowledgements_item_data)

                acknowledgements.append(acknowledgements_item)

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

        def _parse_withdrawn_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                withdrawn_at_type_0 = datetime.datetime.fromisoformat(data)

                return withdrawn_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        withdrawn_at = _parse_withdrawn_at(d.pop("withdrawn_at", UNSET))

        consent_read = cls(
            consent_id=consent_id,
            data_categories=data_categories,
            given_at=given_at,
            informed=informed,
            jurisdiction=jurisdiction,
            legal_basis=legal_basis,
            purpose=purpose,
            recipient=recipient,
            recorded_by=recorded_by,
            status=status,
            acknowledgements=acknowledgements,
            expires_at=expires_at,
            with_representative=with_representative,
            withdrawn_at=withdrawn_at,
        )

        consent_read.additional_properties = d
        return consent_read

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
