from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.identification_create_exploitation_types_item import IdentificationCreateExploitationTypesItem
from ..models.identification_create_grounds import IdentificationCreateGrounds
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.consent_create import ConsentCreate
    from ..models.person_in import PersonIn
    from ..models.representative_in import RepresentativeIn


T = TypeVar("T", bound="IdentificationCreate")


@_attrs_define
class IdentificationCreate:
    """
    Attributes:
        grounds (IdentificationCreateGrounds): The reasonable grounds: the person's own account (sufficient on its own),
            operational indicators, or both.
        jurisdiction (str): The country whose law applies (ISO 3166-1 alpha-2): it sets the reflection period.
        person (PersonIn):
        region (str): Where the person is now: services in this region are offered first.
        consents (list[ConsentCreate] | Unset): The consents the person gives now; more can be added later.
        exploitation_types (list[IdentificationCreateExploitationTypesItem] | Unset): The forms of exploitation the
            person went through.
        indicators (list[str] | Unset): Ids of ILO/UNODC operational indicators observed (GET /v1/indicators).
        representative (None | RepresentativeIn | Unset): Required for a child or a person who may be a child.
    """

    grounds: IdentificationCreateGrounds
    jurisdiction: str
    person: PersonIn
    region: str
    consents: list[ConsentCreate] | Unset = UNSET
    exploitation_types: list[IdentificationCreateExploitationTypesItem] | Unset = UNSET
    indicators: list[str] | Unset = UNSET
    representative: None | RepresentativeIn | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.representative_in import RepresentativeIn  # noqa: PLC0415

        grounds = self.grounds.value

        jurisdiction = self.jurisdiction

        person = self.person.to_dict()

        region = self.region

        consents: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.consents, Unset):
            consents = []
            for consents_item_data in self.consents:
                consents_item = consents_item_data.to_dict()
                consents.append(consents_item)

        exploitation_types: list[str] | Unset = UNSET
        if not isinstance(self.exploitation_types, Unset):
            exploitation_types = []
            for exploitation_types_item_data in self.exploitation_types:
                exploitation_types_item = exploitation_types_item_data.value
                exploitation_types.append(exploitation_types_item)

        indicators: list[str] | Unset = UNSET
        if not isinstance(self.indicators, Unset):
            indicators = self.indicators

        representative: dict[str, Any] | None | Unset
        if isinstance(self.representative, Unset):
            representative = UNSET
        elif isinstance(self.representative, RepresentativeIn):
            representative = self.representative.to_dict()
        else:
            representative = self.representative

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "grounds": grounds,
                "jurisdiction": jurisdiction,
                "person": person,
                "region": region,
            }
        )
        if consents is not UNSET:
            field_dict["consents"] = consents
        if exploitation_types is not UNSET:
            field_dict["exploitation_types"] = exploitation_types
        if indicators is not UNSET:
            field_dict["indicators"] = indicators
        if representative is not UNSET:
            field_dict["representative"] = representative

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_create import ConsentCreate  # noqa: PLC0415
        from ..models.person_in import PersonIn  # noqa: PLC0415
        from ..models.representative_in import RepresentativeIn  # noqa: PLC0415

        d = dict(src_dict)
        grounds = IdentificationCreateGrounds(d.pop("grounds"))

        jurisdiction = d.pop("jurisdiction")

        person = PersonIn.from_dict(d.pop("person"))

        region = d.pop("region")

        _consents = d.pop("consents", UNSET)
        consents: list[ConsentCreate] | Unset = UNSET
        if _consents is not UNSET:
            consents = []
            for consents_item_data in _consents:
                consents_item = ConsentCreate.from_dict(consents_item_data)

                consents.append(consents_item)

        _exploitation_types = d.pop("exploitation_types", UNSET)
        exploitation_types: list[IdentificationCreateExploitationTypesItem] | Unset = UNSET
        if _exploitation_types is not UNSET:
            exploitation_types = []
            for exploitation_types_item_data in _exploitation_types:
                exploitation_types_item = IdentificationCreateExploitationTypesItem(exploitation_types_item_data)

                exploitation_types.append(exploitation_types_item)

        indicators = cast(list[str], d.pop("indicators", UNSET))

        def _parse_representative(data: object) -> None | RepresentativeIn | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                representative_type_0 = RepresentativeIn.from_dict(data)

                return representative_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RepresentativeIn | Unset, data)

        representative = _parse_representative(d.pop("representative", UNSET))

        identification_create = cls(
            grounds=grounds,
            jurisdiction=jurisdiction,
            person=person,
            region=region,
            consents=consents,
            exploitation_types=exploitation_types,
            indicators=indicators,
            representative=representative,
        )

        return identification_create
