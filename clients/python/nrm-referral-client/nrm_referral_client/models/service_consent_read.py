from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.service_consent_read_data_categories_item import ServiceConsentReadDataCategoriesItem
from ..models.service_consent_read_purposes_item import ServiceConsentReadPurposesItem
from ..models.service_consent_read_recipient import ServiceConsentReadRecipient
from ..models.service_consent_read_service_type import ServiceConsentReadServiceType

T = TypeVar("T", bound="ServiceConsentRead")


@_attrs_define
class ServiceConsentRead:
    """
    Attributes:
        data_categories (list[ServiceConsentReadDataCategoriesItem]): The consent must include every one of these
            categories.
        purposes (list[ServiceConsentReadPurposesItem]): A consent for any of these purposes covers the service (which
            of them a consent to this recipient may have: identification's GET /v1/reference/consent-rules). Justice and
            statistics purposes never do.
        recipient (ServiceConsentReadRecipient): The sector an active consent must name for a referral to this service;
            without one, POST /v1/referrals is 409 missing-consent naming it.
        service_type (ServiceConsentReadServiceType): The service a referral offers.
    """

    data_categories: list[ServiceConsentReadDataCategoriesItem]
    purposes: list[ServiceConsentReadPurposesItem]
    recipient: ServiceConsentReadRecipient
    service_type: ServiceConsentReadServiceType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data_categories = []
        for data_categories_item_data in self.data_categories:
            data_categories_item = data_categories_item_data.value
            data_categories.append(data_categories_item)

        purposes = []
        for purposes_item_data in self.purposes:
            purposes_item = purposes_item_data.value
            purposes.append(purposes_item)

        recipient = self.recipient.value

        service_type = self.service_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data_categories": data_categories,
                "purposes": purposes,
                "recipient": recipient,
                "service_type": service_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data_categories = []
        _data_categories = d.pop("data_categories")
        for data_categories_item_data in _data_categories:
            data_categories_item = ServiceConsentReadDataCategoriesItem(data_categories_item_data)

            data_categories.append(data_categories_item)

        purposes = []
        _purposes = d.pop("purposes")
        for purposes_item_data in _purposes:
            purposes_item = ServiceConsentReadPurposesItem(purposes_item_data)

            purposes.append(purposes_item)

        recipient = ServiceConsentReadRecipient(d.pop("recipient"))

        service_type = ServiceConsentReadServiceType(d.pop("service_type"))

        service_consent_read = cls(
            data_categories=data_categories,
            purposes=purposes,
            recipient=recipient,
            service_type=service_type,
        )

        service_consent_read.additional_properties = d
        return service_consent_read

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
