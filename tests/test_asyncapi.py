"""The AsyncAPI document agrees with the topics in `nrm_bus.topics` and the contracts in
`schemas/events/`: production ACLs are written from it, so it must not drift."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from nrm_bus import topics
from nrm_bus.consumer import dead_letter_topic

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
EXPECTED = {*topics.ALL, *(dead_letter_topic(topic) for topic in topics.ALL)}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((SCHEMAS / "asyncapi.yaml").read_text())
    return loaded


def _addresses(document: dict[str, Any]) -> set[str]:
    """Channel addresses, with parameters (`{topic}.dlq`) expanded over their enums."""
    addresses: set[str] = set()
    for channel in document["channels"].values():
        expanded = {channel["address"]}
        for name, parameter in channel.get("parameters", {}).items():
            expanded = {a.replace(f"{{{name}}}", v) for a in expanded for v in parameter["enum"]}
        addresses |= expanded
    return addresses


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _file_refs(document: dict[str, Any]) -> set[Path]:
    return {
        (SCHEMAS / ref.partition("#")[0]).resolve()
        for ref in _refs(document)
        if not ref.startswith("#")
    }


def test_every_topic_and_its_dead_letter_topic_is_a_channel(document: dict[str, Any]) -> None:
    assert not EXPECTED - _addresses(document)


def test_every_channel_is_a_known_topic(document: dict[str, Any]) -> None:
    assert not _addresses(document) - EXPECTED


def test_every_event_schema_is_referenced_by_a_message(document: dict[str, Any]) -> None:
    schemas = {path.resolve() for path in (SCHEMAS / "events").glob("*/v*.json")}
    assert {path.parent.name for path in schemas} == {
        path.name for path in (SCHEMAS / "events").iterdir() if path.is_dir()
    }
    assert not schemas - _file_refs(document)


def test_every_ref_resolves(document: dict[str, Any]) -> None:
    assert [path for path in _file_refs(document) if not path.is_file()] == []
    for ref in _refs(document):
        if ref.startswith("#/"):
            node: Any = document
            for part in ref[2:].split("/"):
                node = node.get(part) if isinstance(node, dict) else None
                assert node is not None, f"dangling {ref}"


def test_no_event_schema_names_a_property_twice() -> None:
    """JSON keeps the last of two equal keys silently: a second definition would hide the
    first from every reader of the file."""

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
        return dict(pairs)

    for path in (SCHEMAS / "events").glob("*/v*.json"):
        json.loads(path.read_text(), object_pairs_hook=unique)
