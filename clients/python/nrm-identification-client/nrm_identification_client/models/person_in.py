from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.person_in_gender import PersonInGender
from ..types import UNSET, Unset

T = TypeVar("T", bound="PersonIn")


@_attrs_define
class PersonIn:
    """
    Attributes:
        languages (list[str]): Languages the person speaks (BCP 47), best first: information and shelters are matched to
            them.
        age_uncertain (bool | Unset): Age not established and possibly under 18: the child rules apply. Default: False.
        birth_year (int | None | Unset): If known.
        family_name (None | str | Unset): Stays in the identification service.
        gender (PersonInGender | Unset): As the person states it; decides the target group. Default:
            PersonInGender.UNKNOWN.
        given_name (None | str | Unset): Stays in the identification service.
        is_child (bool | Unset): Under 18: the child rules apply (a representative, never an adult-only place). Default:
            False.
        nationality (None | str | Unset): ISO 3166-1 alpha-2 country code, if known.
    """

    languages: list[str]
    age_uncertain: bool | Unset = False
    birth_year: int | None | Unset = UNSET
    family_name: None | str | Unset = UNSET
    gender: PersonInGender | Unset = PersonInGender.UNKNOWN
    given_name: None | str | Unset = UNSET
    is_child: bool | Unset = False
    nationality: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        languages = self.languages

        age_uncertain = self.age_uncertain

        birth_year: int | None | Unset
        if isinstance(self.birth_year, Unset):
            birth_year = UNSET
        else:
            birth_year = self.birth_year

        family_name: None | str | Unset
        if isinstance(self.family_name, Unset):
            family_name = UNSET
        else:
            family_name = self.family_name

        gender: str | Unset = UNSET
        if not isinstance(self.gender, Unset):
            gender = self.gender.value

        given_name: None | str | Unset
        if isinstance(self.given_name, Unset):
            given_name = UNSET
        else:
            given_name = self.given_name

        is_child = self.is_child

        nationality: None | str | Unset
        if isinstance(self.nationality, Unset):
            nationality = UNSET
        else:
            nationality = self.nationality

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "languages": languages,
            }
        )
        if age_uncertain is not UNSET:
            field_dict["age_uncertain"] = age_uncertain
        if birth_year is not UNSET:
            field_dict["birth_year"] = birth_year
        if family_name is not UNSET:
            field_dict["family_name"] = family_name
        if gender is not UNSET:
            field_dict["gender"] = gender
        if given_name is not UNSET:
            field_dict["given_name"] = given_name
        if is_child is not UNSET:
            field_dict["is_child"] = is_child
        if nationality is not UNSET:
            field_dict["nationality"] = nationality

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        languages = cast(list[str], d.pop("languages"))

        age_uncertain = d.pop("age_uncertain", UNSET)

        def _parse_birth_year(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        birth_year = _parse_birth_year(d.pop("birth_year", UNSET))

        def _parse_family_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        family_name = _parse_family_name(d.pop("family_name", UNSET))

        _gender = d.pop("gender", UNSET)
        gender: PersonInGender | Unset
        if isinstance(_gender, Unset):
            gender = UNSET
        else:
            gender = PersonInGender(_gender)

        def _parse_given_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        given_name = _parse_given_name(d.pop("given_name", UNSET))

        is_child = d.pop("is_child", UNSET)

        def _parse_nationality(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        nationality = _parse_nationality(d.pop("nationality", UNSET))

        person_in = cls(
            languages=languages,
            age_uncertain=age_uncertain,
            birth_year=birth_year,
            family_name=family_name,
            gender=gender,
            given_name=given_name,
            is_child=is_child,
            nationality=nationality,
        )

        return person_in
