"""The shelter registry over HTTP: the new registry fields, the capacity read model, and bad
input refused with a problem and no state change. The app runs without its lifespan (no
broker) on SQLite, and the caller is given rather than read from a token."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from nrm_bus.auth import Caller, authenticate
from nrm_bus.clock import FixedClock
from nrm_bus.contracts import build_event
from shelter.bootstrap import bootstrap
from shelter.config import Settings
from shelter.service_layer import handlers

STAFF = Caller(
    client_id="harbour-staff",
    organisation="shelter-harbour",
    sector="shelter",
    scopes=frozenset({"shelter:read", "shelter:write"}),
    trained_until=None,
)
OTHER_STAFF = Caller(
    client_id="birch-staff",
    organisation="shelter-birch",
    sector="shelter",
    scopes=frozenset({"shelter:read", "shelter:write"}),
    trained_until=None,
)
DASHBOARD = Caller(
    client_id="operations",
    organisation="coordination-unit",
    sector="operations",
    scopes=frozenset({"shelter:read"}),
    trained_until=None,
)

RULE = {"rule": "no visitors in the residence", "rationale": "keeps the address from traffickers"}


def shelter_body(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Harbour House",
        "region": "North",
        "target_groups": ["women"],
        "regime": "open",
        "languages": ["en", "ro"],
        "beds_total": 6,
        **overrides,
    }


@pytest.fixture
async def app(settings: Settings, clock: FixedClock) -> AsyncIterator[FastAPI]:
    service = bootstrap(settings, clock)
    await service.state.runtime.migrate()
    service.dependency_overrides[authenticate] = lambda: STAFF
    yield service
    await service.state.runtime.stop()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://shelter") as http:
        yield http


def act_as(app: FastAPI, caller: Caller) -> None:
    app.dependency_overrides[authenticate] = lambda: caller


async def registry(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await client.get("/v1/shelters")
    assert response.status_code == 200
    shelters: list[dict[str, Any]] = response.json()
    return shelters


async def test_accessibility_and_house_rules_are_registered_and_changed(
    client: httpx.AsyncClient,
) -> None:
    created = await client.post(
        "/v1/shelters",
        json=shelter_body(accessibility=["wheelchair", "step_free"], house_rules=[RULE]),
    )
    assert created.status_code == 201, created.text
    shelter = created.json()
    assert shelter["accessibility"] == ["step_free", "wheelchair"]
    assert shelter["house_rules"] == [RULE]
    read = await client.get(f"/v1/shelters/{shelter['shelter_id']}")
    assert read.json() == shelter

    curfew = {"rule": "back by 23:00", "rationale": "staff on duty can account for residents"}
    changed = await client.patch(
        f"/v1/shelters/{shelter['shelter_id']}",
        json={"house_rules": [RULE, curfew], "accessibility": ["hearing_loop"]},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["house_rules"] == [RULE, curfew]
    assert changed.json()["accessibility"] == ["hearing_loop"]
    assert changed.json()["beds_free"] == 6


async def test_a_shelter_without_the_new_fields_has_empty_lists(
    client: httpx.AsyncClient,
) -> None:
    created = await client.post("/v1/shelters", json=shelter_body())
    assert created.status_code == 201
    assert (created.json()["accessibility"], created.json()["house_rules"]) == ([], [])


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"beds_total": -1}, "validation"),
        ({"beds_free": -1}, "validation"),
        ({"beds_total": 10_001}, "validation"),
        ({"beds_total": 3, "beds_free": 4}, "capacity"),
        ({"target_groups": ["elderly"]}, "validation"),
        ({"target_groups": []}, "validation"),
        ({"regime": "prison"}, "validation"),
        ({"accessibility": ["lift"]}, "validation"),
        ({"house_rules": [{"rule": "no phones"}]}, "validation"),
        ({"house_rules": [{"rule": "no phones", "rationale": "   "}]}, "validation"),
        ({"house_rules": [{"rule": "", "rationale": "because"}]}, "validation"),
    ],
)
async def test_bad_registrations_are_refused_and_change_nothing(
    client: httpx.AsyncClient, overrides: dict[str, Any], problem: str
) -> None:
    response = await client.post("/v1/shelters", json=shelter_body(**overrides))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/" + problem)
    assert await registry(client) == []


@pytest.mark.parametrize(
    ("change", "status", "problem"),
    [
        ({"beds_free": 7}, 409, "capacity"),  # free above total
        ({"beds_total": -1}, 422, "validation"),
        ({"beds_free": -1}, 422, "validation"),
        ({"regime": "prison"}, 422, "validation"),
        ({"target_groups": ["elderly"]}, 422, "validation"),
        ({"accessibility": ["lift"]}, 422, "validation"),
        ({"house_rules": [{"rule": "no phones", "rationale": ""}]}, 422, "validation"),
        ({"house_rules": [{"rule": "no phones"}]}, 422, "validation"),
    ],
)
async def test_bad_changes_are_refused_and_change_nothing(
    client: httpx.AsyncClient, change: dict[str, Any], status: int, problem: str
) -> None:
    shelter = (await client.post("/v1/shelters", json=shelter_body(house_rules=[RULE]))).json()
    response = await client.patch(f"/v1/shelters/{shelter['shelter_id']}", json=change)
    assert response.status_code == status, response.text
    assert response.json()["type"].endswith("/" + problem)
    assert await registry(client) == [shelter]


async def test_a_change_that_would_strand_a_placement_is_a_conflict(
    app: FastAPI, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    shelter = (await client.post("/v1/shelters", json=shelter_body(beds_total=2))).json()
    subject = str(uuid.uuid4())
    request = build_event(
        "PlacementRequested",
        {
            "referral_id": str(uuid.uuid4()),
            "subject_id": subject,
            "consent_id": str(uuid.uuid4()),
            "target_group": "women",
            "is_child": False,
            "languages": ["en"],
            "region": "North",
            "requested_at": clock.now().isoformat(),
        },
        source="/nrm/referral",
        key=subject,
        subject=subject,
    )
    async with app.state.runtime.unit_of_work() as uow:
        await handlers.on_placement_requested(request, uow, clock=clock, hold=app.state.hold)
        await uow.commit()
    held = (await registry(client))[0]
    assert held["beds_free"] == 1

    url = f"/v1/shelters/{shelter['shelter_id']}"
    for change in ({"beds_total": 0}, {"beds_free": 2}, {"beds_total": 1, "beds_free": 1}):
        response = await client.patch(url, json=change)
        assert response.status_code == 409, change
        assert response.json()["type"].endswith("/capacity")
    assert await registry(client) == [held]
    # Shrinking to what is in use is fine: the held bed keeps its place.
    assert (await client.patch(url, json={"beds_total": 1})).json()["beds_free"] == 0


async def test_only_the_shelters_own_organisation_changes_it(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    shelter = (await client.post("/v1/shelters", json=shelter_body())).json()
    act_as(app, OTHER_STAFF)
    response = await client.patch(
        f"/v1/shelters/{shelter['shelter_id']}", json={"beds_total": 1, "house_rules": []}
    )
    assert response.status_code == 403
    assert response.json()["rule"] == "wrong-organisation"
    assert await registry(client) == [shelter]


async def test_an_unknown_shelter_is_not_found(client: httpx.AsyncClient) -> None:
    response = await client.patch(f"/v1/shelters/{uuid.uuid4()}", json={"beds_total": 1})
    assert response.status_code == 404


async def test_capacity_by_region_target_group_and_regime(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    for body in (
        shelter_body(target_groups=["women", "families"], beds_total=6, beds_free=2),
        shelter_body(name="Quay", beds_total=4),
        shelter_body(name="Ridge", region="South", target_groups=["men"], regime="closed"),
    ):
        assert (await client.post("/v1/shelters", json=body)).status_code == 201
    act_as(app, DASHBOARD)
    response = await client.get("/v1/capacity")
    assert response.status_code == 200, response.text
    assert response.json() == [
        {
            "region": "North",
            "target_group": "families",
            "regime": "open",
            "beds_total": 6,
            "beds_free": 2,
            "shelters": 1,
        },
        {
            "region": "North",
            "target_group": "women",
            "regime": "open",
            "beds_total": 10,
            "beds_free": 6,
            "shelters": 2,
        },
        {
            "region": "South",
            "target_group": "men",
            "regime": "closed",
            "beds_total": 6,
            "beds_free": 6,
            "shelters": 1,
        },
    ]


async def test_capacity_needs_the_shelter_read_scope(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    act_as(app, Caller("x", "org", "operations", frozenset({"referral:read"}), None))
    response = await client.get("/v1/capacity")
    assert response.status_code == 403
    assert response.json()["rule"] == "missing-scope"
