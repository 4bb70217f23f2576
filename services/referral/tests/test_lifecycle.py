"""Every referral can end. Its maker revokes it with a reason (a held bed is released by the
shelter on the event this sends); a shelter stay ends with her move-out, completing the
referral or withdrawing it with the reason; a transfer keeps it accepted with her new place.
Refusals name the field and change nothing. Domain rules first, then the handlers and the
withdrawal over HTTP on SQLite (no broker: events are read from the outbox)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from nrm_bus.access import Party, Relation
from nrm_bus.auth import Caller, authenticate
from nrm_bus.clock import FixedClock
from nrm_bus.contracts import build_event
from nrm_bus.envelope import CloudEvent
from nrm_bus.runtime import BusRuntime
from referral.adapters import orm
from referral.bootstrap import bootstrap
from referral.config import Settings
from referral.domain.model import (
    NotRevocable,
    Referral,
    RevokeReason,
    ServiceType,
    Status,
)
from referral.service_layer import handlers
from referral.service_layer.unit_of_work import ReferralUnitOfWork

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
TRAINED = date(2027, 12, 31)
SCOPES = frozenset({"referral:write", "referral:read"})
OUTREACH = Caller("ngo-outreach", "Outreach Collective", "ngo", SCOPES, TRAINED)
CLINIC = Caller("health-clinic", "Community Clinic", "health", SCOPES, TRAINED)
POLICE = Caller("police-north", "Police Unit North", "police", SCOPES, TRAINED)


# --- the domain rules -----------------------------------------------------------------


def referral(service_type: ServiceType = ServiceType.SHELTER, **overrides: Any) -> Referral:
    fields: dict[str, Any] = {
        "subject_id": uuid.uuid4(),
        "service_type": service_type,
        "region": "North",
        "needs": {},
        "consent_id": uuid.uuid4(),
        "created_at": T0,
        "referred_by": OUTREACH.organisation,
        **overrides,
    }
    return Referral(**fields)


@pytest.mark.parametrize("status", [Status.REQUESTED, Status.WAITLISTED, Status.OFFERED])
def test_an_open_referral_is_revoked_with_its_reason(status: Status) -> None:
    open_one = referral(status=status, placement={"shelter_id": "x"})
    open_one.revoke(RevokeReason.DUPLICATE, OUTREACH.organisation, T0)
    assert open_one.status is Status.WITHDRAWN
    assert open_one.history[-1] == {
        "status": "withdrawn",
        "at": T0.isoformat(),
        "reason": "duplicate",
        "revoked_by": OUTREACH.organisation,
    }
    assert open_one.placement is None


def test_an_accepted_service_other_than_shelter_can_be_revoked() -> None:
    medical = referral(ServiceType.MEDICAL, status=Status.IN_PROGRESS)
    medical.revoke(RevokeReason.SERVED_ELSEWHERE, OUTREACH.organisation, T0)
    assert medical.status is Status.WITHDRAWN


@pytest.mark.parametrize(
    ("service_type", "status"),
    [
        (ServiceType.SHELTER, Status.DECLINED),
        (ServiceType.SHELTER, Status.COMPLETED),
        (ServiceType.SHELTER, Status.WITHDRAWN),
        (ServiceType.MEDICAL, Status.COMPLETED),
        # She lives there: leaving is the shelter's to record.
        (ServiceType.SHELTER, Status.ACCEPTED),
    ],
)
def test_an_ended_referral_or_an_accepted_place_is_not_revoked(
    service_type: ServiceType, status: Status
) -> None:
    ended = referral(service_type, status=status)
    with pytest.raises(NotRevocable):
        ended.revoke(RevokeReason.ENTERED_IN_ERROR, OUTREACH.organisation, T0)
    assert (ended.status, ended.history) == (status, [])


PLACED = {
    "placement_id": "p-1",
    "shelter_id": "s-1",
    "shelter_name": "Harbour House",
    "hold_expires_at": T0.isoformat(),
}


@pytest.mark.parametrize(
    ("reason", "outcome"),
    [
        ("moved_to_other_accommodation", Status.COMPLETED),
        ("returned_home", Status.COMPLETED),
        ("left_without_notice", Status.WITHDRAWN),
        ("asked_to_leave_under_house_rule", Status.WITHDRAWN),
        (None, Status.COMPLETED),  # a reason the consent did not let through
    ],
)
def test_a_move_out_completes_the_referral_or_withdraws_it_with_the_reason(
    reason: str | None, outcome: Status
) -> None:
    placed = referral(status=Status.ACCEPTED, placement=dict(PLACED))
    left = date(2026, 3, 15)
    rule = "back by 23:00" if reason == "asked_to_leave_under_house_rule" else None
    placed.end_placement(reason, left, T0, rule)
    assert placed.status is outcome
    entry = placed.history[-1]
    assert (entry["status"], entry["reason"], entry["moved_out_on"]) == (
        outcome.value,
        reason or "moved_out",
        "2026-03-15",
    )
    assert entry.get("house_rule") == rule
    assert placed.placement == {**PLACED, "ended_on": "2026-03-15"}


def test_a_transfer_keeps_the_referral_accepted_with_her_new_place() -> None:
    placed = referral(status=Status.ACCEPTED, placement=dict(PLACED))
    to = {
        "placement_id": "p-2",
        "shelter_id": "s-2",
        "shelter_name": "Birch Home",
        "confirmed_at": T0.isoformat(),
    }
    placed.transfer_placement(to, date(2026, 3, 10), T0)
    assert placed.status is Status.ACCEPTED
    assert placed.placement == {
        "placement_id": "p-2",
        "shelter_id": "s-2",
        "shelter_name": "Birch Home",
        "hold_expires_at": T0.isoformat(),
    }
    assert placed.history[-1]["event"] == "transferred"
    assert (placed.history[-1]["from_shelter_name"], placed.history[-1]["to_shelter_name"]) == (
        "Harbour House",
        "Birch Home",
    )
    # And later she moves out of the new place: the referral completes.
    placed.end_placement("returned_home", date(2026, 4, 1), T0)
    assert placed.status is Status.COMPLETED


# --- the handlers, on SQLite ----------------------------------------------------------

Runtime = BusRuntime[ReferralUnitOfWork]


def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'referral.db'}",
        run_consumer=False,
        run_relay=False,
        migrate_on_start=False,
        referable_within_s=0.2,
        keyvault_url=f"sqlite+aiosqlite:///{tmp_path / 'keyvault.db'}",
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
async def app(tmp_path: Path, clock: FixedClock) -> AsyncIterator[FastAPI]:
    """The referral app without its lifespan (no broker), the caller given."""
    service = bootstrap(settings(tmp_path), clock)
    await service.state.runtime.migrate()
    await service.state.runtime.vault.start()  # a referral asks whether she was erased
    service.dependency_overrides[authenticate] = lambda: OUTREACH
    yield service
    await service.state.runtime.stop()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://referral") as http:
        yield http


def act_as(app: FastAPI, caller: Caller) -> None:
    app.dependency_overrides[authenticate] = lambda: caller


def runtime_of(app: FastAPI) -> Runtime:
    runtime: Runtime = app.state.runtime
    return runtime


def event(event_type: str, subject_id: str, data: dict[str, Any], source: str) -> CloudEvent:
    return build_event(
        event_type,
        {"subject_id": subject_id, **data},
        source=source,
        key=subject_id,
        subject=subject_id,
    )


async def deliver(app: FastAPI, clock: FixedClock, incoming: CloudEvent) -> None:
    """What the consumer does with an event, minus the broker, the inbox and the gate."""
    async with runtime_of(app).unit_of_work() as uow:
        await handlers.event_handlers(clock)[incoming.type](incoming, uow)
        await uow.commit()


async def identified(app: FastAPI, clock: FixedClock, *consents: tuple[str, str]) -> str:
    """A person as the identification and her consents reach referral."""
    subject_id = str(uuid.uuid4())
    consent_ids = [str(uuid.uuid4()) for _ in consents]
    async with runtime_of(app).unit_of_work() as uow:
        for consent_id, (purpose, recipient) in zip(consent_ids, consents, strict=True):
            await uow.consents.apply(
                event(
                    "ConsentGiven",
                    subject_id,
                    {
                        "consent_id": consent_id,
                        "purpose": purpose,
                        "recipient": recipient,
                        "data_categories": ["needs"],
                        "given_at": clock.now().isoformat(),
                        "expires_at": None,
                    },
                    "/nrm/identification",
                )
            )
        await uow.commit()
    await deliver(
        app,
        clock,
        event(
            "SubjectIdentified",
            subject_id,
            {
                "consent_id": consent_ids[0],
                "identification_id": str(uuid.uuid4()),
                "region": "North",
                "jurisdiction": "NO",
                "target_group": "women",
                "is_child": False,
                "languages": ["ro"],
                "reflection_period": {
                    "starts_on": "2026-03-01",
                    "ends_on": "2026-03-31",
                    "days": 30,
                },
                "identified_at": clock.now().isoformat(),
                "consent_ids": consent_ids,
                "identified_by_organisation": OUTREACH.organisation,
            },
            "/nrm/identification",
        ),
    )
    return subject_id


async def refer(client: httpx.AsyncClient, subject_id: str, service_type: str = "shelter") -> str:
    response = await client.post(
        "/v1/referrals", json={"subject_id": subject_id, "service_type": service_type}
    )
    assert response.status_code == 201, response.text
    referral_id: str = response.json()["referral_id"]
    return referral_id


async def outbox(app: FastAPI) -> list[tuple[str, dict[str, Any]]]:
    table = orm.bus_tables[0]
    async with runtime_of(app).engine.connect() as conn:
        rows = await conn.execute(select(table.c.ce_type, table.c.data).order_by(table.c.seq))
        return [(row.ce_type, row.data) for row in rows]


async def offered(app: FastAPI, clock: FixedClock, referral_id: str) -> dict[str, str]:
    [request] = [
        d
        for t, d in await outbox(app)
        if t == "PlacementRequested" and d["referral_id"] == referral_id
    ]
    placement = {
        "referral_id": referral_id,
        "consent_id": request["consent_id"],
        "placement_id": str(uuid.uuid4()),
        "shelter_id": str(uuid.uuid4()),
    }
    await deliver(
        app,
        clock,
        event(
            "PlacementOffered",
            request["subject_id"],
            {
                **placement,
                "shelter_name": "Harbour House",
                "shelter_organisation": "Harbour Shelters",
                "hold_expires_at": (clock.now() + timedelta(hours=24)).isoformat(),
                "offered_at": clock.now().isoformat(),
            },
            "/nrm/shelter",
        ),
    )
    return {"subject_id": request["subject_id"], **placement}


def ended(
    placed: dict[str, str], reason: str, on: date, clock: FixedClock, **more: Any
) -> CloudEvent:
    return event(
        "PlacementEnded",
        placed["subject_id"],
        {
            "referral_id": placed["referral_id"],
            "consent_id": placed["consent_id"],
            "placement_id": placed["placement_id"],
            "shelter_id": placed["shelter_id"],
            "reason": reason,
            "moved_out_on": on.isoformat(),
            "ended_at": clock.now().isoformat(),
            **more,
        },
        "/nrm/shelter",
    )


async def read(client: httpx.AsyncClient, referral_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/referrals/{referral_id}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_its_maker_revokes_an_offered_referral_and_the_shelter_is_told_at_once(
    app: FastAPI, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    subject_id = await identified(app, clock, ("shelter", "shelter"))
    referral_id = await refer(client, subject_id)
    await offered(app, clock, referral_id)
    response = await client.post(
        f"/v1/referrals/{referral_id}/withdrawal", json={"reason": "entered_in_error"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["placement"]) == ("withdrawn", None)
    assert body["history"][-1]["reason"] == "entered_in_error"
    withdrawn = [data for kind, data in await outbox(app) if kind == "PlacementWithdrawn"]
    # Only ids and the time travel: why it was revoked stays with referral.
    assert [set(data) for data in withdrawn] == [
        {"referral_id", "subject_id", "consent_id", "withdrawn_at"}
    ]
    assert withdrawn[0]["referral_id"] == referral_id


async def test_revoking_a_provider_service_sends_nothing_to_the_shelter(
    app: FastAPI, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    subject_id = await identified(app, clock, ("health", "health"))
    referral_id = await refer(client, subject_id, "medical")
    response = await client.post(
        f"/v1/referrals/{referral_id}/withdrawal", json={"reason": "needs_changed"}
    )
    assert response.status_code == 200, response.text
    assert "PlacementWithdrawn" not in [kind for kind, _ in await outbox(app)]


async def test_bad_revocations_are_refused_naming_the_field_and_change_nothing(
    app: FastAPI, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    subject_id = await identified(app, clock, ("shelter", "shelter"), ("health", "health"))
    mine = await refer(client, subject_id)
    act_as(app, CLINIC)
    theirs = await refer(client, subject_id, "medical")  # the clinic referred her too
    act_as(app, OUTREACH)
    declined = await refer(client, subject_id)
    assert (
        await client.post(f"/v1/referrals/{declined}/decline", json={"reason": "stigma"})
    ).status_code == 200
    accepted = await refer(client, subject_id)
    await offered(app, clock, accepted)
    assert (await client.post(f"/v1/referrals/{accepted}/acceptance")).status_code == 200

    def state() -> Any:
        return [read(client, r) for r in (mine, theirs, declined, accepted)]

    before = [await each for each in state()], await outbox(app)
    url = "/v1/referrals/{}/withdrawal"
    # Another organisation's referral: the clinic is a party, so it is told why, by field.
    other = await client.post(url.format(theirs), json={"reason": "duplicate"})
    assert (other.status_code, other.json()["rule"]) == (403, "wrong-organisation")
    assert other.json()["errors"][0]["field"] == "referral_id"
    # Ended ones, and a shelter place she accepted.
    for ended_one in (declined, accepted):
        response = await client.post(url.format(ended_one), json={"reason": "duplicate"})
        assert response.status_code == 409, response.text
        assert response.json()["errors"][0]["field"] == "referral_id"
    # Not a reason of the list; not a body.
    for body in ({"reason": "because"}, {}, {"reason": "duplicate", "note": "x"}):
        response = await client.post(url.format(mine), json=body)
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] in {"reason", "note"}
    # An organisation that never referred her, and a referral that does not exist.
    act_as(app, POLICE)
    stranger = await client.post(url.format(mine), json={"reason": "duplicate"})
    act_as(app, OUTREACH)
    nobody = await client.post(url.format(uuid.uuid4()), json={"reason": "duplicate"})
    assert stranger.status_code == nobody.status_code == 404
    assert stranger.json() == nobody.json()
    assert ([await each for each in state()], await outbox(app)) == before
    # Her own no is a decline, and the maker still revokes the open one.
    assert (await client.post(url.format(mine), json={"reason": "duplicate"})).json()[
        "status"
    ] == "withdrawn"


async def test_her_move_out_completes_the_shelter_referral(
    app: FastAPI, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    subject_id = await identified(app, clock, ("shelter", "shelter"))
    referral_id = await refer(client, subject_id)
    placed = await offered(app, clock, referral_id)
    assert (await client.post(f"/v1/referrals/{referral_id}/acceptance")).status_code == 200
    clock.advance(timedelta(days=14))
    left = clock.now().date()
    # A move-out of a placement that is not hers as referral knows it changes nothing.
    await deliver(
        app,
        clock,
        ended({**placed, "placement_id": str(uuid.uuid4())}, "returned_home", left, clock),
    )
    assert (await read(client, referral_id))["status"] == "accepted"
    await deliver(app, clock, ended(placed, "moved_to_other_accommodation", left, clock))
    body = await read(client, referral_id)
    assert body["status"] == "completed"
    assert body["history"][-1]["reason"] == "moved_to_other_accommodation"
    assert body["placement"]["ended_on"] == left.isoformat()
    # Delivered again: nothing more happens.
    await deliver(app, clock, ended(placed, "moved_to_other_accommodation", left, clock))
    assert await read(client, referral_id) == body


async def test_asked_to_leave_withdraws_it_naming_the_house_rule(
    app: FastAPI, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    subject_id = await identified(app, clock, ("shelter", "shelter"))
    referral_id = await refer(client, subject_id)
    placed = await offered(app, clock, referral_id)
    assert (await client.post(f"/v1/referrals/{referral_id}/acceptance")).status_code == 200
    await deliver(
        app,
        clock,
        ended(
            placed,
            "asked_to_leave_under_house_rule",
            clock.now().date(),
            clock,
            house_rule="back by 23:00",
        ),
    )
    body = await read(client, referral_id)
    assert body["status"] == "withdrawn"
    assert (body["history"][-1]["reason"], body["history"][-1]["house_rule"]) == (
        "asked_to_leave_under_house_rule",
        "back by 23:00",
    )


async def test_a_transfer_keeps_her_referral_and_the_new_shelter_serves_her(
    app: FastAPI, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    subject_id = await identified(app, clock, ("shelter", "shelter"))
    referral_id = await refer(client, subject_id)
    placed = await offered(app, clock, referral_id)
    assert (await client.post(f"/v1/referrals/{referral_id}/acceptance")).status_code == 200
    new_place = {
        "placement_id": str(uuid.uuid4()),
        "shelter_id": str(uuid.uuid4()),
        "shelter_name": "Birch Home",
        "shelter_organisation": "Birch Homes",
        "confirmed_at": clock.now().isoformat(),
    }
    await deliver(
        app,
        clock,
        ended(placed, "transferred", clock.now().date(), clock, transferred_to=new_place),
    )
    body = await read(client, referral_id)
    assert body["status"] == "accepted"
    assert body["placement"]["shelter_name"] == "Birch Home"
    assert body["placement"]["placement_id"] == new_place["placement_id"]
    assert [e.get("event") for e in body["history"]][-1] == "transferred"
    async with runtime_of(app).unit_of_work() as uow:
        parties = await uow.parties.of(uuid.UUID(subject_id))
    assert Party("Birch Homes", Relation.SERVES) in parties
    # Her move-out from the new place, later, completes it.
    moved_on = {
        **placed,
        "placement_id": new_place["placement_id"],
        "shelter_id": new_place["shelter_id"],
    }
    await deliver(app, clock, ended(moved_on, "returned_home", clock.now().date(), clock))
    assert (await read(client, referral_id))["status"] == "completed"
