"""Referrals for services other than shelter: matched to a provider by service, the
person's group, region and language; the provider may decline with a reason (and is then
passed over), or report the service under way and completed. SQLite, no broker."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nrm_bus.auth import Caller
from nrm_bus.clock import FixedClock
from nrm_bus.contracts import build_event
from nrm_bus.runtime import BusRuntime
from referral.bootstrap import build_runtime
from referral.config import Settings
from referral.domain.model import DomainError, ServiceType, Status, Subject
from referral.service_layer import handlers
from referral.service_layer.unit_of_work import ReferralUnitOfWork

Runtime = BusRuntime[ReferralUnitOfWork]
NGO = Caller("ngo-worker", "ngo-lighthouse", "ngo", frozenset(), trained_until=None)
CLINIC = Caller("clinic", "Clinic North", "health", frozenset(), trained_until=None)
OTHER_CLINIC = Caller("clinic-2", "Clinic South", "health", frozenset(), trained_until=None)


@pytest.fixture
async def runtime(tmp_path: Path) -> AsyncIterator[Runtime]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'referral.db'}",
        run_consumer=False,
        run_relay=False,
        migrate_on_start=False,
    )
    service = build_runtime(settings, FixedClock(datetime(2026, 3, 1, 9, tzinfo=UTC)))
    await service.migrate()
    yield service
    await service.stop()


async def person(runtime: Runtime, languages: list[str], group: str = "women") -> uuid.UUID:
    subject_id, consent_id = uuid.uuid4(), uuid.uuid4()
    async with runtime.unit_of_work() as uow:
        await uow.referrals.put_subject(
            Subject(subject_id, "North", "NO", group, group == "children", languages, [consent_id])
        )
        await uow.consents.apply(
            build_event(
                "ConsentGiven",
                {
                    "consent_id": str(consent_id),
                    "subject_id": str(subject_id),
                    "purpose": "health",
                    "recipient": "health",
                    "data_categories": ["needs", "health"],
                    "given_at": "2026-03-01T09:00:00+00:00",
                    "expires_at": None,
                },
                source="/nrm/identification",
                key=str(subject_id),
                subject=str(subject_id),
            )
        )
        await uow.commit()
    return subject_id


async def provider(runtime: Runtime, actor: Caller, name: str, **fields: list[str]) -> None:
    async with runtime.unit_of_work() as uow:
        await handlers.register_provider(
            handlers.RegisterProvider(
                name=name,
                service_types=[ServiceType.MEDICAL],
                regions=fields.get("regions", ["North"]),
                target_groups=fields.get("target_groups", ["women"]),
                languages=fields.get("languages", ["nb"]),
                actor=actor,
            ),
            uow,
        )


async def refer(runtime: Runtime, subject_id: uuid.UUID) -> handlers.Referral:
    async with runtime.unit_of_work() as uow:
        return await handlers.start_referral(
            handlers.StartReferral(subject_id, ServiceType.MEDICAL, {}, None, NGO),
            uow,
            runtime.clock,
        )


async def test_the_provider_that_fits_is_offered_and_a_decline_passes_it_over(
    runtime: Runtime,
) -> None:
    await provider(runtime, OTHER_CLINIC, "South Clinic", regions=["South"], languages=["ro"])
    await provider(runtime, CLINIC, "North Clinic", languages=["ro", "nb"])
    await provider(runtime, CLINIC, "Children's Clinic", target_groups=["children"])
    subject_id = await person(runtime, ["ro"])

    first = await refer(runtime, subject_id)
    assert first.status is Status.OFFERED
    assert first.provider is not None
    assert first.provider["provider_name"] == "North Clinic"  # her region and her language

    with pytest.raises(DomainError):  # another organisation cannot answer for it
        async with runtime.unit_of_work() as uow:
            await handlers.provider_answers(
                handlers.ProviderAnswer(first.referral_id, OTHER_CLINIC, decline_reason="other"),
                uow,
                runtime.clock,
            )
    async with runtime.unit_of_work() as uow:
        declined = await handlers.provider_answers(
            handlers.ProviderAnswer(first.referral_id, CLINIC, decline_reason="no_capacity"),
            uow,
            runtime.clock,
        )
    assert declined.status is Status.DECLINED
    assert declined.history[-1]["reason"] == "provider_declined"
    assert declined.history[-1]["provider_reason"] == "no_capacity"

    # Referred again: the clinic that declined is passed over; the next fitting one is offered.
    again = await refer(runtime, subject_id)
    assert again.provider is not None
    assert again.provider["provider_name"] == "South Clinic"


async def test_a_child_goes_only_to_a_provider_for_children_and_the_service_runs_its_course(
    runtime: Runtime,
) -> None:
    await provider(runtime, CLINIC, "North Clinic")
    await provider(runtime, CLINIC, "Children's Clinic", target_groups=["children"])
    child = await person(runtime, ["nb"], group="children")
    referral = await refer(runtime, child)
    assert referral.provider is not None
    assert referral.provider["provider_name"] == "Children's Clinic"

    async with runtime.unit_of_work() as uow:
        await handlers.accept_referral(
            handlers.AcceptReferral(referral.referral_id, NGO), uow, runtime.clock
        )
    for step in (Status.IN_PROGRESS, Status.COMPLETED):
        async with runtime.unit_of_work() as uow:
            done = await handlers.provider_answers(
                handlers.ProviderAnswer(referral.referral_id, CLINIC, progress=step),
                uow,
                runtime.clock,
            )
    assert [entry["status"] for entry in done.history] == [
        "requested",
        "offered",
        "accepted",
        "in_progress",
        "completed",
    ]


async def test_with_no_fitting_provider_the_referral_waits_as_requested(runtime: Runtime) -> None:
    await provider(runtime, CLINIC, "Children's Clinic", target_groups=["children"])
    referral = await refer(runtime, await person(runtime, ["ro"]))
    assert referral.status is Status.REQUESTED
    assert referral.provider is None
