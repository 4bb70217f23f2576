from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_error import FieldError
    from ..models.missing_consent import MissingConsent


T = TypeVar("T", bound="ProblemDetails")


@_attrs_define
class ProblemDetails:
    """RFC 9457 problem details: every error any service answers, as
    `application/problem+json`. `type`, `title`, `status` and `detail` are always present;
    the other members appear with the problems that carry them.

        Attributes:
            detail (str): What went wrong this time and what to do about it, in words. Never quotes a value sent, which may
                be personal.
            status (int): The HTTP status code, repeated.
            title (str): A short summary of the kind of problem, the same every time.
            type_ (str): What kind of problem, as a URI: `https://nrm.example/problems/<slug>` (slugs are listed with each
                response), or `about:blank` for a plain HTTP status. Programs branch on this.
            column (int | None | Unset): 400 `malformed-json`: the column of the first syntax error.
            errors (list[FieldError] | None | Unset): Validation problems (422, and the 404 of an unknown `subject_id` on a
                referral): every field at fault.
            line (int | None | Unset): 400 `malformed-json`: the line of the first syntax error.
            missing_consent (MissingConsent | None | Unset): 409 `missing-consent`: the consent the referral needs.
            reason (None | str | Unset): 503 `audit-unavailable`: `audit-log-unavailable`; nothing about a person is served
                or changed unaudited.
            rule (None | str | Unset): 403: the rule that refused: `missing-scope`, `wrong-sector`, `training-lapsed` or
                `wrong-organisation`.
    """

    detail: str
    status: int
    title: str
    type_: str
    column: int | None | Unset = UNSET
    errors: list[FieldError] | None | Unset = UNSET
    line: int | None | Unset = UNSET
    missing_consent: MissingConsent | None | Unset = UNSET
    reason: None | str | Unset = UNSET
    rule: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.missing_consent import MissingConsent  # noqa: PLC0415

        detail = self.detail

        status = self.status

        title = self.title

        type_ = self.type_

        column: int | None | Unset
        if isinstance(self.column, Unset):
            column = UNSET
        else:
            column = self.column

        errors: list[dict[str, Any]] | None | Unset
        if isinstance(self.errors, Unset):
            errors = UNSET
        elif isinstance(self.errors, list):
            errors = []
            for errors_type_0_item_data in self.errors:
                errors_type_0_item = errors_type_0_item_data.to_dict()
                errors.append(errors_type_0_item)

        else:
            errors = self.errors

        line: int | None | Unset
        if isinstance(self.line, Unset):
            line = UNSET
        else:
            line = self.line

        missing_consent: dict[str, Any] | None | Unset
        if isinstance(self.missing_consent, Unset):
            missing_consent = UNSET
        elif isinstance(self.missing_consent, MissingConsent):
            missing_consent = self.missing_consent.to_dict()
        else:
            missing_consent = self.missing_consent

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        rule: None | str | Unset
        if isinstance(self.rule, Unset):
            rule = UNSET
        else:
            rule = self.rule

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "detail": detail,
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if column is not UNSET:
            field_dict["column"] = column
        if errors is not UNSET:
            field_dict["errors"] = errors
        if line is not UNSET:
            field_dict["line"] = line
        if missing_consent is not UNSET:
            field_dict["missing_consent"] = missing_consent
        if reason is not UNSET:
            field_dict["reason"] = reason
        if rule is not UNSET:
            field_dict["rule"] = rule

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_error import FieldError  # noqa: PLC0415
        from ..models.missing_consent import MissingConsent  # noqa: PLC0415

        d = dict(src_dict)
        detail = d.pop("detail")

        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        def _parse_column(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        column = _parse_column(d.pop("column", UNSET))

        def _parse_errors(data: object) -> list[FieldError] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                errors_type_0 = []
                _errors_type_0 = data
                for errors_type_0_item_data in _errors_type_0:
                    errors_type_0_item = FieldError.from_dict(errors_type_0_item_data)

                    errors_type_0.append(errors_type_0_item)

                return errors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[FieldError] | None | Unset, data)

        errors = _parse_errors(d.pop("errors", UNSET))

        def _parse_line(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        line = _parse_line(d.pop("line", UNSET))

        def _parse_missing_consent(data: object) -> MissingConsent | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                missing_consent_type_0 = MissingConsent.from_dict(data)

                return missing_consent_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MissingConsent | None | Unset, data)

        missing_consent = _parse_missing_consent(d.pop("missing_consent", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_rule(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rule = _parse_rule(d.pop("rule", UNSET))

        problem_details = cls(
            detail=detail,
            status=status,
            title=title,
            type_=type_,
            column=column,
            errors=errors,
            line=line,
            missing_consent=missing_consent,
            reason=reason,
            rule=rule,
        )

        problem_details.additional_properties = d
        return problem_details

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
