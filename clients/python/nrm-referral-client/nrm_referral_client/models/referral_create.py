from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.referral_create_service_type import ReferralCreateServiceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.referral_create_needs import ReferralCreateNeeds


T = TypeVar("T", bound="ReferralCreate")


@_attrs_define
class ReferralCreate:
    """
    Attributes:
        service_type (ReferralCreateServiceType): The service offered. Which consent each needs: GET
            /v1/reference/service-consents; `return` only under a cross_border consent.
        subject_id (UUID): The person, as the identification answered.
        needs (ReferralCreateNeeds | Unset): What the service should know, beyond what the identification said (for a
            shelter: `with_children`, `regime_preference`); kept only under the consent.
        region (None | str | Unset): Where the service is wanted; the person's region if absent.
    """

    service_type: ReferralCreateServiceType
    subject_id: UUID
    needs: ReferralCreateNeeds | Unset = UNSET
    region: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        service_type = self.service_type.value

        subject_id = str(self.subject_id)

        needs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.needs, Unset):
            needs = self.needs.to_dict()

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "service_type": service_type,
                "subject_id": subject_id,
            }
        )
        if needs is not UNSET:
            field_dict["needs"] = needs
        if region is not UNSET:
            field_dict["region"] = region

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.referral_create_needs import ReferralCreateNeeds  # noqa: PLC0415

        d = dict(src_dict)
        service_type = ReferralCreateServiceType(d.pop("service_type"))

        subject_id = UUID(d.pop("subject_id"))

        _needs = d.pop("needs", UNSET)
        needs: ReferralCreateNeeds | Unset
        if isinstance(_needs, Unset):
            needs = UNSET
        else:
            needs = ReferralCreateNeeds.from_dict(_needs)

        def _parse_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        region = _parse_region(d.pop("region", UNSET))

        referral_create = cls(
            service_type=service_type,
            subject_id=subject_id,
            needs=needs,
            region=region,
        )

        return referral_create
