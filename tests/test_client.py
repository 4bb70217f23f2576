"""The generated Python clients (clients/python/, `make client`) are what the code generates
today, and they drive the README's flow end to end, as an integrator's program would."""

from __future__ import annotations

import filecmp
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from devtools import client as generator
from devtools.broker import Broker
from devtools.waiting import eventually
from tests.system import System, running_system

sys.path[:0] = [str(path) for path in sorted(generator.CLIENTS.glob("nrm-*-client"))]

from nrm_identification_client import AuthenticatedClient as IdentificationClient  # noqa: E402
from nrm_identification_client.api.identification import identify  # noqa: E402
from nrm_identification_client.models import (  # noqa: E402
    IdentificationCreate,
    IdentificationRead,
    ProblemDetails,
)
from nrm_justice_client import AuthenticatedClient as JusticeClient  # noqa: E402
from nrm_justice_client.api.case import get_case  # noqa: E402
from nrm_referral_client import AuthenticatedClient as ReferralClient  # noqa: E402
from nrm_referral_client.api.referral import accept, get_referral, start_referral  # noqa: E402
from nrm_referral_client.models import ReferralCreate, ReferralCreated, ReferralRead  # noqa: E402
from nrm_shelter_client import AuthenticatedClient as ShelterClient  # noqa: E402
from nrm_shelter_client.api.placement import list_placements  # noqa: E402
from nrm_shelter_client.api.shelter import register_shelter  # noqa: E402
from nrm_shelter_client.models import ShelterCreate, ShelterRead  # noqa: E402

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


def _differences(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right, ignore=["__pycache__", ".ruff_cache"])
    found = [f"only in {left.name}: {name}" for name in comparison.left_only]
    found += [f"only in {right.name}: {name}" for name in comparison.right_only]
    found += [f"differs: {name}" for name in comparison.diff_files]
    for name in comparison.common_dirs:
        found += [f"{name}/{d}" for d in _differences(left / name, right / name)]
    return found


def test_the_committed_clients_are_what_the_code_generates(tmp_path: Path) -> None:
    generator.generate(tmp_path)
    drift = _differences(generator.CLIENTS, tmp_path)
    assert not drift, "run `make client` and commit clients/python/:\n" + "\n".join(drift)


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any) -> AsyncIterator[System]:
    async with running_system(broker.bootstrap_servers, pg_database) as running:
        yield running


async def _as(system: System, service: str, caller: str, kind: type[Any]) -> Any:
    """A generated client of `service` for a demo client, its token from the issuer."""
    token = (await system.as_(caller))["Authorization"].split()[-1]
    transport = httpx.ASGITransport(app=system.apps[service])
    return kind(base_url=f"http://{service}", token=token, httpx_args={"transport": transport})


async def test_the_readme_flow_through_the_generated_clients(system: System) -> None:
    ngo_identification = await _as(system, "identification", "ngo-outreach", IdentificationClient)
    ngo_referral = await _as(system, "referral", "ngo-outreach", ReferralClient)
    ngo_shelter = await _as(system, "shelter", "ngo-outreach", ShelterClient)
    harbour = await _as(system, "shelter", "shelter-harbour", ShelterClient)
    police = await _as(system, "justice", "police-north", JusticeClient)

    shelter = await register_shelter.asyncio(
        client=harbour,
        body=ShelterCreate.from_dict(
            {
                "name": "Client House",
                "region": "North",
                "target_groups": ["women"],
                "regime": "open",
                "languages": ["ro"],
                "beds_total": 2,
            }
        ),
    )
    assert isinstance(shelter, ShelterRead), shelter

    # 1. Identify a person (her own account suffices), consenting to share needs with a shelter.
    identified = await identify.asyncio(
        client=ngo_identification,
        body=IdentificationCreate.from_dict(
            {
                "grounds": "self_identified",
                "exploitation_types": ["labour"],
                "region": "North",
                "jurisdiction": "NO",
                "person": {"gender": "female", "languages": ["ro"]},
                "consents": [
                    {
                        "purpose": "shelter",
                        "recipient": "shelter",
                        "data_categories": ["needs"],
                        "informed": {"language": "ro", "method": "written"},
                    }
                ],
            }
        ),
    )
    assert isinstance(identified, IdentificationRead), identified
    subject = identified.subject_id

    # 2. Refer her to a shelter.
    started = await start_referral.asyncio(
        client=ngo_referral,
        body=ReferralCreate.from_dict({"subject_id": str(subject), "service_type": "shelter"}),
    )
    assert isinstance(started, ReferralCreated), started

    # 3. The shelter service has held a fitting bed: the referral is offered.
    async def offered() -> ReferralRead | None:
        read = await get_referral.asyncio(client=ngo_referral, referral_id=started.referral_id)
        return read if isinstance(read, ReferralRead) and read.status == "offered" else None

    referral = await eventually(offered)
    assert referral.placement.shelter_name == "Client House"

    # 4. She accepts; the hold becomes her placement.
    answered = await accept.asyncio(client=ngo_referral, referral_id=started.referral_id)
    assert isinstance(answered, ReferralRead), answered
    assert answered.status == "accepted"

    async def placed() -> bool:
        placements = await list_placements.asyncio(client=ngo_shelter, subject_id=subject)
        return isinstance(placements, list) and [p.status for p in placements] == ["confirmed"]

    await eventually(placed)

    # 5. She did not consent to share with the police: the justice service knows nothing.
    case = await get_case.asyncio_detailed(client=police, subject_id=subject)
    assert case.status_code == 404
    assert case.parsed is not None
    assert case.parsed.type_.endswith("/not-found")

    # A misspelt field is a 422 naming it, in the problem model the client knows.
    typo = await ngo_identification.get_async_httpx_client().post(
        "/v1/identifications",
        json={
            "grounds": "self_identified",
            "region": "North",
            "jurisdiction": "NO",
            "person": {"languages": ["ro"], "is_chid": True},
        },
    )
    assert typo.status_code == 422
    problem = ProblemDetails.from_dict(typo.json())
    assert [error.field for error in problem.errors] == ["person.is_chid"]
