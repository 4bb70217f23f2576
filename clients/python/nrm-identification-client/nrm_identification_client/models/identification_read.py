from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reflection_period_read import ReflectionPeriodRead


T = TypeVar("T", bound="IdentificationRead")


@_attrs_define
class IdentificationRead:
    """
    Attributes:
        identification_id (UUID): This identification's id.
        reflection_period (ReflectionPeriodRead):
        subject_id (UUID): The person's pseudonymous id: every service knows them by it, never by name.
        referable_by (datetime.datetime | None | Unset): From this time a referral for the person (referral service,
            POST /v1/referrals) is answered at once; before it, the identification may still be crossing the bus (the
            referral waits, or answers 409 subject-not-yet-known with Retry-After). Null when no consent given lets social
            services know the person's needs: a referral is refused until one is recorded.
    """

    identification_id: UUID
    reflection_period: ReflectionPeriodRead
    subject_id: UUID
    referable_by: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        identification_id = str(self.identification_id)

        reflection_period = self.reflection_period.to_dict()

        subject_id = str(self.subject_id)

        referable_by: None | str | Unset
        if isinstance(self.referable_by, Unset):
            referable_by = UNSET
        elif isinstance(self.referable_by, datetime.datetime):
            referable_by = self.referable_by.isoformat()
        else:
            referable_by = self.referable_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "identification_id": identification_id,
                "reflection_period": reflection_period,
                "subject_id": subject_id,
            }
        )
        if referable_by is not UNSET:
            field_dict["referable_by"] = referable_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reflection_period_read import ReflectionPeriodRead  # noqa: PLC0415

        d = dict(src_dict)
        identification_id = UUID(d.pop("identification_id"))

        reflection_period = ReflectionPeriodRead.from_dict(d.pop("reflection_period"))

        subject_id = UUID(d.pop("subject_id"))

        def _parse_referable_by(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                referable_by_type_0 = datetime.datetime.fromisoformat(data)

                return referable_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        referable_by = _parse_referable_by(d.pop("referable_by", UNSET))

        identification_read = cls(
            identification_id=identification_id,
            reflection_period=reflection_period,
            subject_id=subject_id,
            referable_by=referable_by,
        )

        identification_read.additional_properties = d
        return identification_read

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
