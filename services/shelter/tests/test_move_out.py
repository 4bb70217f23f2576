"""A stay ends: the shelter's organisation records that a person moved out, with the day and
the reason; her bed goes to the first person waiting whom it fits, referral hears of it, and
a transfer keeps her place in another shelter in the same referral. Bad input is a problem
naming the field, with no state change. Domain rules first, then the service over HTTP on
SQLite (no broker: events are read from the outbox, the caller is given)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from nrm_bus.auth import Caller, authenticate
from nrm_bus.clock import FixedClock
from nrm_bus.contracts import build_event
from nrm_bus.envelope import CloudEvent
from shelter.adapters import orm
from shelter.bootstrap import bootstrap
from shelter.config import Settings
from shelter.domain.model import (
    HouseRule,
    MoveOut,
    MoveOutReason,
    MoveOutRefused,
    Placement,
    PlacementStatus,
    PlaceNeed,
    Shelter,
)

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
CURFEW = HouseRule("back by 23:00", "staff on duty can account for residents")


# --- the domain rules, with no database ----------------------------------------------


def shelter(**overrides: Any) -> Shelter:
    fields: dict[str, Any] = {
        "name": "Harbour House",
        "region": "North",
        "target_groups": ["women"],
        "regime": "open",
        "languages": ["en"],
        "beds_total": 2,
        "beds_free": 1,
        "house_rules": [CURFEW],
        **overrides,
    }
    return Shelter(**fields)


WOMAN = PlaceNeed("women", is_child=False)


def living(here: Shelter, need: PlaceNeed | None = WOMAN, **overrides: Any) -> Placement:
    fields: dict[str, Any] = {
        "referral_id": uuid.uuid4(),
        "subject_id": uuid.uuid4(),
        "consent_id": uuid.uuid4(),
        "shelter_id": here.shelter_id,
        "hold_expires_at": T0 + timedelta(hours=24),
        "created_at": T0,
        "status": PlacementStatus.CONFIRMED,
        "need": need,
        **overrides,
    }
    return Placement(**fields)


TODAY = (T0 + timedelta(days=14)).date()


def test_a_move_out_ends_the_stay_with_its_day_and_reason() -> None:
    here = shelter()
    placement = living(here)
    assert placement.occupies_bed
    placement.move_out(MoveOut(MoveOutReason.RETURNED_HOME, TODAY), TODAY, here.house_rules)
    assert placement.status is PlacementStatus.ENDED
    assert (placement.ended_on, placement.end_reason) == (TODAY, MoveOutReason.RETURNED_HOME)
    assert not placement.occupies_bed
    # On the day her placement began, too.
    first_day = living(here)
    first_day.move_out(
        MoveOut(MoveOutReason.LEFT_WITHOUT_NOTICE, T0.date()), T0.date(), here.house_rules
    )
    assert first_day.ended_on == T0.date()


@pytest.mark.parametrize(
    ("move", "field"),
    [
        (MoveOut(MoveOutReason.RETURNED_HOME, TODAY + timedelta(days=1)), "moved_out_on"),
        (MoveOut(MoveOutReason.RETURNED_HOME, T0.date() - timedelta(days=1)), "moved_out_on"),
        (MoveOut(MoveOutReason.ASKED_TO_LEAVE, TODAY), "house_rule"),
        (MoveOut(MoveOutReason.ASKED_TO_LEAVE, TODAY, house_rule="no pets"), "house_rule"),
        (MoveOut(MoveOutReason.RETURNED_HOME, TODAY, house_rule=CURFEW.rule), "house_rule"),
        (MoveOut(MoveOutReason.TRANSFERRED, TODAY), "to_shelter_id"),
        (MoveOut(MoveOutReason.RETURNED_HOME, TODAY, to_shelter_id=uuid.uuid4()), "to_shelter_id"),
    ],
)
def test_a_move_out_that_cannot_be_is_refused_naming_the_field(move: MoveOut, field: str) -> None:
    here = shelter()
    placement = living(here)
    with pytest.raises(MoveOutRefused) as refused:
        placement.move_out(move, TODAY, here.house_rules)
    assert refused.value.field == field
    assert not refused.value.conflict
    assert placement.status is PlacementStatus.CONFIRMED
    assert placement.ended_on is None


def test_only_a_person_living_there_moves_out_and_not_to_the_same_shelter() -> None:
    here = shelter()
    for status in (PlacementStatus.HELD, PlacementStatus.RELEASED, PlacementStatus.ENDED):
        with pytest.raises(MoveOutRefused) as refused:
            living(here, status=status).move_out(
                MoveOut(MoveOutReason.RETURNED_HOME, TODAY), TODAY, here.house_rules
            )
        assert (refused.value.field, refused.value.conflict) == ("subject_id", True)
    with pytest.raises(MoveOutRefused) as same:
        living(here).move_out(
            MoveOut(MoveOutReason.TRANSFERRED, TODAY, to_shelter_id=here.shelter_id),
            TODAY,
            here.house_rules,
        )
    assert same.value.field == "to_shelter_id"


def test_asked_to_leave_names_one_of_the_shelters_own_rules() -> None:
    here = shelter()
    placement = living(here)
    placement.move_out(
        MoveOut(MoveOutReason.ASKED_TO_LEAVE, TODAY, house_rule=CURFEW.rule),
        TODAY,
        here.house_rules,
    )
    assert (placement.end_reason, placement.house_rule) == (
        MoveOutReason.ASKED_TO_LEAVE,
        CURFEW.rule,
    )


def test_a_transfer_goes_only_where_she_fits_and_continues_her_placement() -> None:
    here = shelter()
    placement = living(here)
    now = T0 + timedelta(days=3)
    moved = placement.transfer_to(shelter(name="Birch", target_groups=["women", "lgbtq"]), now)
    assert moved.status is PlacementStatus.CONFIRMED
    assert (moved.referral_id, moved.subject_id, moved.consent_id) == (
        placement.referral_id,
        placement.subject_id,
        placement.consent_id,
    )
    assert moved.transferred_from == placement.placement_id
    assert moved.need == placement.need
    assert moved.created_at == now
    with pytest.raises(MoveOutRefused) as adults_only:
        living(here, PlaceNeed("children", is_child=True)).transfer_to(here, now)
    assert adults_only.value.field == "to_shelter_id"
    with pytest.raises(MoveOutRefused) as unknown:
        living(here, need=None).transfer_to(shelter(), now)
    assert unknown.value.conflict


# --- the service, over HTTP -----------------------------------------------------------

HARBOUR = Caller(
    "harbour-staff",
    "shelter-harbour",
    "shelter",
    frozenset({"shelter:read", "shelter:write", "placement:read"}),
    None,
)
BIRCH = Caller(
    "birch-staff",
    "shelter-birch",
    "shelter",
    frozenset({"shelter:read", "shelter:write", "placement:read"}),
    None,
)
OVERSIGHT = Caller("auditor", "audit-office", "audit", frozenset({"statistics:read"}), None)
HOLD = timedelta(hours=24)


@pytest.fixture
async def app(settings: Settings, clock: FixedClock) -> AsyncIterator[FastAPI]:
    service = bootstrap(settings, clock)
    await service.state.runtime.migrate()
    service.dependency_overrides[authenticate] = lambda: HARBOUR
    yield service
    await service.state.runtime.stop()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://shelter") as http:
        yield http


def act_as(app: FastAPI, caller: Caller) -> None:
    app.dependency_overrides[authenticate] = lambda: caller


async def add_shelter(client: httpx.AsyncClient, **overrides: Any) -> dict[str, Any]:
    body = {
        "name": "Harbour House",
        "region": "North",
        "target_groups": ["women"],
        "regime": "open",
        "languages": ["en"],
        "beds_total": 1,
        "house_rules": [{"rule": CURFEW.rule, "rationale": CURFEW.rationale}],
        **overrides,
    }
    response = await client.post("/v1/shelters", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def requested(at: datetime, **overrides: Any) -> CloudEvent:
    subject = str(uuid.uuid4())
    data: dict[str, Any] = {
        "referral_id": str(uuid.uuid4()),
        "subject_id": subject,
        "consent_id": str(uuid.uuid4()),
        "target_group": "women",
        "is_child": False,
        "languages": ["en"],
        "region": "North",
        "requested_at": at.isoformat(),
        **overrides,
    }
    return build_event(
        "PlacementRequested", data, source="/nrm/referral", key=subject, subject=subject
    )


def from_referral(event_type: str, request: CloudEvent, at: datetime) -> CloudEvent:
    subject = request.data["subject_id"]
    data = {
        "referral_id": request.data["referral_id"],
        "subject_id": subject,
        "consent_id": request.data["consent_id"],
        {"PlacementAccepted": "accepted_at", "PlacementWithdrawn": "withdrawn_at"}[
            event_type
        ]: at.isoformat(),
    }
    return build_event(event_type, data, source="/nrm/referral", key=subject, subject=subject)


async def deliver(app: FastAPI, event: CloudEvent) -> None:
    """What the consumer does with an event, minus the broker, the inbox and the gate."""
    async with app.state.runtime.unit_of_work() as uow:
        await app.state.runtime.handlers[event.type](event, uow)
        await uow.commit()


async def placed(app: FastAPI, clock: FixedClock, **overrides: Any) -> CloudEvent:
    """A woman offered a bed who accepted it: she lives there."""
    request = requested(clock.now(), **overrides)
    await deliver(app, request)
    await deliver(app, from_referral("PlacementAccepted", request, clock.now()))
    return request


async def placements_of(app: FastAPI, request: CloudEvent) -> list[tuple[str, str]]:
    """(shelter, status) of every placement of the request's referral, oldest first."""
    table = orm.placements
    async with app.state.runtime.engine.connect() as conn:
        rows = await conn.execute(
            select(table.c.shelter_id, table.c.status)
            .where(table.c.referral_id == uuid.UUID(request.data["referral_id"]))
            .order_by(table.c.created_at)
        )
        return [(str(row.shelter_id), row.status) for row in rows]


async def waiting(app: FastAPI) -> list[str]:
    async with app.state.runtime.unit_of_work() as uow:
        return [str(entry.referral_id) for entry in await uow.waitlist.all()]


async def beds_free(client: httpx.AsyncClient, shelter_id: str) -> int:
    free: int = (await client.get(f"/v1/shelters/{shelter_id}")).json()["beds_free"]
    return free


async def last_seq(app: FastAPI) -> int:
    outbox = orm.bus_tables[0]
    async with app.state.runtime.engine.connect() as conn:
        return int(await conn.scalar(select(outbox.c.seq).order_by(outbox.c.seq.desc())) or 0)


async def events_since(
    app: FastAPI, seq: int, *, waitlist: bool = False
) -> list[tuple[str, dict[str, Any]]]:
    """The events written since `seq`; the waitlist's counts for operations only if asked."""
    outbox = orm.bus_tables[0]
    async with app.state.runtime.engine.connect() as conn:
        rows = await conn.execute(
            select(outbox.c.ce_type, outbox.c.data).where(outbox.c.seq > seq).order_by(outbox.c.seq)
        )
        return [
            (row.ce_type, row.data)
            for row in rows
            if waitlist or row.ce_type != "ShelterWaitlistChanged"
        ]


def move_out(request: CloudEvent, on: date, reason: str, **fields: Any) -> dict[str, Any]:
    return {
        "subject_id": request.data["subject_id"],
        "reason": reason,
        "moved_out_on": on,
        **fields,
    }


async def post_move_out(
    client: httpx.AsyncClient, shelter_id: str, body: dict[str, Any]
) -> httpx.Response:
    return await client.post(
        f"/v1/shelters/{shelter_id}/move-outs",
        json={k: v.isoformat() if isinstance(v, date) else v for k, v in body.items()},
    )


async def test_she_moves_out_two_weeks_later_and_the_bed_goes_to_the_first_woman_waiting(
    app: FastAPI, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    harbour = await add_shelter(client)
    first = await placed(app, clock)
    # Waiting, in this order: a man (Harbour does not take men), then two women.
    clock.advance(timedelta(minutes=1))
    man = requested(clock.now(), target_group="men")
    clock.advance(timedelta(minutes=1))
    woman = requested(clock.now())
    clock.advance(timedelta(minutes=1))
    later = requested(clock.now())
    for request in (man, woman, later):
        await deliver(app, request)
    assert await waiting(app) == [r.data["referral_id"] for r in (man, woman, later)]

    clock.advance(timedelta(days=14))
    before = await last_seq(app)
    response = await post_move_out(
        client,
        harbour["shelter_id"],
        move_out(first, clock.now().date(), "moved_to_other_accommodation"),
    )
    assert response.status_code == 201, response.text
    ended = response.json()["placement"]
    assert ended["status"] == "ended"
    assert (ended["ended_on"], ended["end_reason"]) == (
        clock.now().date().isoformat(),
        "moved_to_other_accommodation",
    )
    assert response.json()["transferred_to"] is None

    assert await placements_of(app, first) == [(harbour["shelter_id"], "ended")]
    assert await placements_of(app, woman) == [(harbour["shelter_id"], "held")]
    assert await waiting(app) == [man.data["referral_id"], later.data["referral_id"]]
    assert await beds_free(client, harbour["shelter_id"]) == 0
    published = await events_since(app, before)
    assert [event_type for event_type, _ in published] == [
        "PlacementEnded",
        "ShelterCapacityChanged",
        "PlacementOffered",
        "ShelterCapacityChanged",
    ]
    notice = published[0][1]
    assert notice["referral_id"] == first.data["referral_id"]
    assert notice["consent_id"] == first.data["consent_id"]
    assert (notice["reason"], notice["moved_out_on"]) == (
        "moved_to_other_accommodation",
        clock.now().date().isoformat(),
    )
    assert "transferred_to" not in notice
    assert [data["beds_free"] for _, data in published[1::2]] == [1, 0]
    assert published[2][1]["referral_id"] == woman.data["referral_id"]

    # Her history stays readable to who deals with her; a second move-out finds no one.
    listed = await client.get("/v1/placements", params={"subject_id": first.data["subject_id"]})
    assert [p["status"] for p in listed.json()] == ["ended"]
    again = await post_move_out(
        client, harbour["shelter_id"], move_out(first, clock.now().date(), "returned_home")
    )
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "subject_id"


async def test_asked_to_leave_names_the_rule_and_oversight_counts_how_rules_are_used(
    app: FastAPI, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    harbour = await add_shelter(client, beds_total=3)
    people = [await placed(app, clock) for _ in range(3)]
    clock.advance(timedelta(days=30))
    today = clock.now().date()
    for person, reason, rule in (
        (people[0], "asked_to_leave_under_house_rule", CURFEW.rule),
        (people[1], "asked_to_leave_under_house_rule", CURFEW.rule),
        (people[2], "left_without_notice", None),
    ):
        body = move_out(person, today, reason, **({"house_rule": rule} if rule else {}))
        response = await post_move_out(client, harbour["shelter_id"], body)
        assert response.status_code == 201, response.text
        assert response.json()["placement"]["house_rule"] == rule

    act_as(app, OVERSIGHT)
    counts = await client.get("/v1/statistics/move-outs")
    assert counts.status_code == 200, counts.text
    assert counts.json() == [
        {
            "shelter_id": harbour["shelter_id"],
            "shelter_name": "Harbour House",
            "reason": "asked_to_leave_under_house_rule",
            "house_rule": CURFEW.rule,
            "count": 2,
        },
        {
            "shelter_id": harbour["shelter_id"],
            "shelter_name": "Harbour House",
            "reason": "left_without_notice",
            "house_rule": None,
            "count": 1,
        },
    ]
    assert all(p.data["subject_id"] not in counts.text for p in people)
    act_as(app, HARBOUR)  # shelter staff are not oversight
    assert (await client.get("/v1/statistics/move-outs")).status_code == 403


async def test_a_transfer_keeps_her_place_in_the_history_and_frees_the_first_bed(
    app: FastAPI, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    harbour = await add_shelter(client, target_groups=["women", "families"])
    her = await placed(app, clock)
    act_as(app, BIRCH)
    birch = await add_shelter(client, name="Birch Home", house_rules=[])
    act_as(app, HARBOUR)
    # A mother with her children waits: only Harbour takes families, and it is full.
    mother = requested(clock.now(), with_children=True)
    await deliver(app, mother)
    harbour_id, birch_id = harbour["shelter_id"], birch["shelter_id"]
    assert await placements_of(app, her) == [(harbour_id, "confirmed")]
    assert await waiting(app) == [mother.data["referral_id"]]

    clock.advance(timedelta(days=10))
    before = await last_seq(app)
    body = move_out(her, clock.now().date(), "transferred", to_shelter_id=birch_id)
    response = await post_move_out(client, harbour_id, body)
    assert response.status_code == 201, response.text
    moved = response.json()["transferred_to"]
    assert moved["shelter_id"] == birch_id
    assert moved["status"] == "confirmed"
    assert moved["transferred_from"] == response.json()["placement"]["placement_id"]
    assert await placements_of(app, her) == [(harbour_id, "ended"), (birch_id, "confirmed")]
    assert await beds_free(client, birch_id) == 0
    # Harbour's bed went to the mother waiting.
    assert await placements_of(app, mother) == [(harbour_id, "held")]
    published = await events_since(app, before)
    assert [event_type for event_type, _ in published] == [
        "ShelterCapacityChanged",  # Birch: a bed taken
        "PlacementEnded",
        "ShelterCapacityChanged",  # Harbour: the bed back
        "PlacementOffered",
        "ShelterCapacityChanged",
    ]
    notice = published[1][1]
    assert notice["reason"] == "transferred"
    assert notice["transferred_to"]["shelter_id"] == birch_id
    assert notice["transferred_to"]["shelter_organisation"] == "shelter-birch"
    # Both places stay in her history, and Birch now serves her.
    listed = await client.get("/v1/placements", params={"subject_id": her.data["subject_id"]})
    act_as(app, BIRCH)
    birch_view = await client.get("/v1/placements", params={"subject_id": her.data["subject_id"]})
    assert listed.status_code == birch_view.status_code == 200
    assert [p["status"] for p in birch_view.json()] == ["confirmed"]

    # Later she moves out of Birch: her referral's current placement is that one.
    clock.advance(timedelta(days=20))
    out = await post_move_out(
        client, birch_id, move_out(her, clock.now().date(), "moved_to_other_accommodation")
    )
    assert out.status_code == 201, out.text
    assert await placements_of(app, her) == [(harbour_id, "ended"), (birch_id, "ended")]


async def test_bad_move_outs_are_refused_naming_the_field_and_change_nothing(
    app: FastAPI, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    harbour = await add_shelter(client)
    act_as(app, BIRCH)
    birch = await add_shelter(client, name="Birch Home", target_groups=["men"], house_rules=[])
    full = await add_shelter(client, name="Birch Full", beds_total=0, house_rules=[])
    act_as(app, HARBOUR)
    her = await placed(app, clock)
    act_as(app, BIRCH)
    await add_shelter(client, name="Birch Women", house_rules=[])
    act_as(app, HARBOUR)
    elsewhere = await placed(app, clock)  # she lives in Birch's house, not Harbour's
    clock.advance(timedelta(days=3))
    held = requested(clock.now())
    await deliver(app, held)  # no bed left: she waits
    today = clock.now().date()
    began = (clock.now() - timedelta(days=3)).date()
    here = harbour["shelter_id"]
    cases: list[tuple[dict[str, Any], int, str]] = [
        (move_out(held, today, "returned_home"), 422, "subject_id"),
        (move_out(elsewhere, today, "returned_home"), 422, "subject_id"),
        (
            {**move_out(her, today, "returned_home"), "subject_id": str(uuid.uuid4())},
            422,
            "subject_id",
        ),
        (move_out(her, today + timedelta(days=1), "returned_home"), 422, "moved_out_on"),
        (move_out(her, began - timedelta(days=1), "returned_home"), 422, "moved_out_on"),
        (move_out(her, today, "asked_to_leave_under_house_rule"), 422, "house_rule"),
        (
            move_out(her, today, "asked_to_leave_under_house_rule", house_rule="no pets"),
            422,
            "house_rule",
        ),
        (move_out(her, today, "returned_home", house_rule=CURFEW.rule), 422, "house_rule"),
        (move_out(her, today, "transferred"), 422, "to_shelter_id"),
        (move_out(her, today, "transferred", to_shelter_id=here), 422, "to_shelter_id"),
        (
            move_out(her, today, "transferred", to_shelter_id=str(uuid.uuid4())),
            422,
            "to_shelter_id",
        ),
        (
            move_out(her, today, "transferred", to_shelter_id=birch["shelter_id"]),
            422,
            "to_shelter_id",
        ),
        (
            move_out(her, today, "transferred", to_shelter_id=full["shelter_id"]),
            409,
            "to_shelter_id",
        ),
        (move_out(her, today, "went_to_the_moon"), 422, "reason"),
        (
            {**move_out(her, today, "returned_home"), "moved_out_on": "yesterday"},
            422,
            "moved_out_on",
        ),
        ({**move_out(her, today, "returned_home"), "note": "x"}, 422, "note"),
    ]
    before = (
        await last_seq(app),
        await placements_of(app, her),
        await placements_of(app, elsewhere),
        await waiting(app),
        (await client.get("/v1/shelters")).json(),
    )
    for body, status, field in cases:
        response = await post_move_out(client, here, body)
        assert response.status_code == status, (body, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert field in [error["field"].split(".")[-1] for error in response.json()["errors"]], (
            body,
            response.json(),
        )
    # Another organisation's staff may not record a move-out from Harbour.
    act_as(app, BIRCH)
    wrong = await post_move_out(client, here, move_out(her, today, "returned_home"))
    assert (wrong.status_code, wrong.json()["rule"]) == (403, "wrong-organisation")
    act_as(app, HARBOUR)
    unknown = await post_move_out(client, str(uuid.uuid4()), move_out(her, today, "returned_home"))
    assert unknown.status_code == 404
    after = (
        await last_seq(app),
        await placements_of(app, her),
        await placements_of(app, elsewhere),
        await waiting(app),
        (await client.get("/v1/shelters")).json(),
    )
    assert after == before


async def test_a_held_bed_is_not_moved_out_of(
    app: FastAPI, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    harbour = await add_shelter(client)
    offered = requested(clock.now())
    await deliver(app, offered)
    response = await post_move_out(
        client, harbour["shelter_id"], move_out(offered, clock.now().date(), "returned_home")
    )
    assert response.status_code == 409, response.text
    assert response.json()["errors"][0]["field"] == "subject_id"
    assert await placements_of(app, offered) == [(harbour["shelter_id"], "held")]


async def test_a_revoked_referral_releases_its_hold_at_once_and_leaves_the_waitlist(
    app: FastAPI, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    harbour = await add_shelter(client)
    offered = requested(clock.now())
    clock.advance(timedelta(minutes=1))
    waits = requested(clock.now())
    clock.advance(timedelta(minutes=1))
    last = requested(clock.now())
    for request in (offered, waits, last):
        await deliver(app, request)
    assert await waiting(app) == [waits.data["referral_id"], last.data["referral_id"]]

    # The second is revoked while waiting: she leaves the waitlist, nothing else moves.
    before = await last_seq(app)
    await deliver(app, from_referral("PlacementWithdrawn", waits, clock.now()))
    assert await waiting(app) == [last.data["referral_id"]]
    assert await events_since(app, before) == []
    # Operations hears the waitlist's new counts (no person in them).
    [(kind, counts)] = await events_since(app, before, waitlist=True)
    assert kind == "ShelterWaitlistChanged"
    assert sum(row["count"] for row in counts["waiting"]) == 1

    # The first is revoked while her bed is held: it goes back at once, to the next in line.
    await deliver(app, from_referral("PlacementWithdrawn", offered, clock.now()))
    assert await placements_of(app, offered) == [(harbour["shelter_id"], "released")]
    assert await placements_of(app, last) == [(harbour["shelter_id"], "held")]
    assert [event_type for event_type, _ in await events_since(app, before)] == [
        "ShelterCapacityChanged",
        "PlacementOffered",
        "ShelterCapacityChanged",
    ]

    # Revoking again, or revoking a placement she lives in, changes nothing.
    await deliver(app, from_referral("PlacementAccepted", last, clock.now()))
    before = await last_seq(app)
    await deliver(app, from_referral("PlacementWithdrawn", offered, clock.now()))
    await deliver(app, from_referral("PlacementWithdrawn", last, clock.now()))
    assert await events_since(app, before) == []
    assert await placements_of(app, last) == [(harbour["shelter_id"], "confirmed")]
