from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.referral_read_service_type import ReferralReadServiceType
from ..models.referral_read_status import ReferralReadStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.placement_read import PlacementRead
    from ..models.referral_read_history_item import ReferralReadHistoryItem
    from ..models.referral_read_provider_type_0 import ReferralReadProviderType0


T = TypeVar("T", bound="ReferralRead")


@_attrs_define
class ReferralRead:
    """
    Attributes:
        created_at (datetime.datetime): When the referral was started.
        history (list[ReferralReadHistoryItem]): Every status with when (`status`, `at`, and what came with it), oldest
            first.
        referral_id (UUID): The referral's id.
        region (str): Where the service is offered.
        service_type (ReferralReadServiceType): The service offered.
        status (ReferralReadStatus): `requested` → `offered` (a place or provider found) or `waitlisted` (none yet;
            offered when one frees) → `accepted` or `declined` by the person → `in_progress` → `completed`; `withdrawn` when
            the consent it relied on ended.
        subject_id (UUID): The person referred.
        placement (None | PlacementRead | Unset): For a shelter, once offered: the bed held.
        provider (None | ReferralReadProviderType0 | Unset): For services other than shelter: the provider it was
            offered to (`provider_id`, `provider_name`, `organisation`).
    """

    created_at: datetime.datetime
    history: list[ReferralReadHistoryItem]
    referral_id: UUID
    region: str
    service_type: ReferralReadServiceType
    status: ReferralReadStatus
    subject_id: UUID
    placement: None | PlacementRead | Unset = UNSET
    provider: None | ReferralReadProviderType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.placement_read import PlacementRead  # noqa: PLC0415
        from ..models.referral_read_provider_type_0 import ReferralReadProviderType0  # noqa: PLC0415

        created_at = self.created_at.isoformat()

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

        referral_id = str(self.referral_id)

        region = self.region

        service_type = self.service_type.value

        status = self.status.value

        subject_id = str(self.subject_id)

        placement: dict[str, Any] | None | Unset
        if isinstance(self.placement, Unset):
            placement = UNSET
        elif isinstance(self.placement, PlacementRead):
            placement = self.placement.to_dict()
        else:
            placement = self.placement

        provider: dict[str, Any] | None | Unset
        if isinstance(self.provider, Unset):
            provider = UNSET
        elif isinstance(self.provider, ReferralReadProviderType0):
            provider = self.provider.to_dict()
        else:
            provider = self.provider

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "history": history,
                "referral_id": referral_id,
                "region": region,
                "service_type": service_type,
                "status": status,
                "subject_id": subject_id,
            }
        )
        if placement is not UNSET:
            field_dict["placement"] = placement
        if provider is not UNSET:
            field_dict["provider"] = provider

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.placement_read import PlacementRead  # noqa: PLC0415
        from ..models.referral_read_history_item import ReferralReadHistoryItem  # noqa: PLC0415
        from ..models.referral_read_provider_type_0 import ReferralReadProviderType0  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = ReferralReadHistoryItem.from_dict(history_item_data)

            history.append(history_item)

        referral_id = UUID(d.pop("referral_id"))

        region = d.pop("region")

        service_type = ReferralReadServiceType(d.pop("service_type"))

        status = ReferralReadStatus(d.pop("status"))

        subject_id = UUID(d.pop("subject_id"))

        def _parse_placement(data: object) -> None | PlacementRead | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                placement_type_0 = PlacementRead.from_dict(data)

                return placement_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlacementRead | Unset, data)

        placement = _parse_placement(d.pop("placement", UNSET))

        def _parse_provider(data: object) -> None | ReferralReadProviderType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                provider_type_0 = ReferralReadProviderType0.from_dict(data)

                return provider_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReferralReadProviderType0 | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        referral_read = cls(
            created_at=created_at,
            history=history,
            referral_id=referral_id,
            region=region,
            service_type=service_type,
            status=status,
            subject_id=subject_id,
            placement=placement,
            provider=provider,
        )

        referral_read.additional_properties = d
        return referral_read

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
