"""The CloudEvents binary-mode envelope and the contract checks, without a broker."""

import uuid
from datetime import UTC, datetime

import pytest

from nrm_bus import contracts
from nrm_bus.envelope import CloudEvent, EnvelopeError


def capacity_data(**overrides: object) -> dict[str, object]:
    return {
        "shelter_id": str(uuid.uuid4()),
        "region": "North",
        "target_groups": ["women"],
        "regime": "open",
        "beds_total": 10,
        "beds_free": 3,
        "changed_at": datetime.now(UTC).isoformat(),
        **overrides,
    }


def test_round_trip_through_record_headers_keeps_every_attribute() -> None:
    event = contracts.build_event(
        "ShelterCapacityChanged", capacity_data(), source="/nrm/test", key="k-1", subject=None
    ).with_trace("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
    headers = event.headers()
    names = {name for name, _ in headers}
    assert {
        "ce_id",
        "ce_type",
        "ce_source",
        "ce_specversion",
        "ce_time",
        "ce_dataschema",
        "traceparent",
    } <= names
    assert "ce_subject" not in names

    back = CloudEvent.from_record(b"k-1", event.value(), headers)

    assert back == event


@pytest.mark.parametrize(
    ("headers", "value", "reason"),
    [
        ([], b"{}", "missing CloudEvents attributes"),
        (
            [
                ("ce_id", b"1"),
                ("ce_type", b"X"),
                ("ce_source", b"/s"),
                ("ce_specversion", b"0.3"),
                ("ce_dataschema", b"urn:x"),
            ],
            b"{}",
            "unsupported specversion",
        ),
        (
            [
                ("ce_id", b"1"),
                ("ce_type", b"X"),
                ("ce_source", b"/s"),
                ("ce_specversion", b"1.0"),
                ("ce_dataschema", b"urn:x"),
            ],
            b"not json",
            "not JSON",
        ),
        (
            [
                ("ce_id", b"1"),
                ("ce_type", b"X"),
                ("ce_source", b"/s"),
                ("ce_specversion", b"1.0"),
                ("ce_dataschema", b"urn:x"),
            ],
            b"[1]",
            "not a JSON object",
        ),
        ([("ce_id", b"\xff"), ("ce_type", b"X")], b"{}", "not UTF-8"),
    ],
)
def test_malformed_records_are_refused_with_a_reason(
    headers: list[tuple[str, bytes]], value: bytes, reason: str
) -> None:
    with pytest.raises(EnvelopeError, match=reason):
        CloudEvent.from_record(b"k", value, headers)


def test_every_schema_file_loads_and_names_itself() -> None:
    registry = contracts.registry()
    assert "urn:nrm:events:PlacementRequested:v1" in registry
    for urn, contract in registry.items():
        assert urn == contracts.schema_urn(contract.event_type, contract.version)


def test_contract_violation_names_the_field_but_not_the_value() -> None:
    secret = "Given-Name-That-Must-Not-Leak"
    with pytest.raises(contracts.ContractViolation) as refused:
        contracts.build_event(
            "ShelterCapacityChanged",
            capacity_data(region=123, regime=secret),
            source="/nrm/test",
            key="k",
            subject=None,
        )
    assert "regime" in str(refused.value) or "region" in str(refused.value)
    assert secret not in str(refused.value)


def test_unknown_contract_and_mismatched_type_are_violations() -> None:
    unknown = CloudEvent(
        type="Nope", source="/s", dataschema="urn:nrm:events:Nope:v1", data={}, key="k"
    )
    with pytest.raises(contracts.ContractViolation, match="unknown dataschema"):
        contracts.validate(unknown)
    mismatched = CloudEvent(
        type="Other",
        source="/s",
        dataschema="urn:nrm:events:ShelterCapacityChanged:v1",
        data=capacity_data(),
        key="k",
    )
    with pytest.raises(contracts.ContractViolation, match="does not match"):
        contracts.validate(mismatched)
