"""Reads are scoped by consent (API.md): for people with different consents and relations,
every demo client x every read of a person's data -> 200, 403 (scope, sector, training) or
the 404 of a stranger, from one table. A new read endpoint without a row fails the suite."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from devtools import people
from devtools.broker import Broker
from devtools.waiting import eventually
from nrm_bus.auth import PersonReader
from tests.system import System, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

IDENTIFIERS = (
    "ngo-outreach",
    "police-north",
    "labour-inspectorate",
    "social-services",
    "health-clinic",
)
CONSENT_READERS = (*IDENTIFIERS, "ngo-lapsed", "immigration", "auditor")
REFERRAL_READERS = (
    *IDENTIFIERS,
    "ngo-lapsed",
    "shelter-harbour",
    "shelter-birch",
    "legal-aid",
    "foreign-counterpart",
)
# A legal-aid office may read a person's referrals under her consent, which must cover
# where she lives as well as what she needs: a referral names her shelter.
LEGAL_CONSENT = people.consent("legal_aid", "legal_aid", data_categories=["needs", "location"])


@dataclass(frozen=True)
class Read:
    """Who passes the endpoint's scope, sector and training checks (everyone else: 403),
    and who of them sees each person (everyone else: the stranger's 404)."""

    reach: tuple[str, ...]
    sees: dict[str, set[str]] = field(default_factory=dict)


# The people: `shelter_only` and `police` were identified and referred to a shelter by the
# NGO, and placed in a Harbour shelter; `police` also consented to the police; `legal` was
# identified by social services and consented to legal aid; `stranger` does not exist.
TABLE: dict[tuple[str, str], Read] = {
    ("identification", "/v1/subjects/{subject_id}/consents"): Read(
        CONSENT_READERS,
        {
            "shelter_only": {"ngo-outreach", "auditor"},
            "police": {"ngo-outreach", "auditor", "police-north"},
            "legal": {"social-services", "auditor"},
        },
    ),
    ("identification", "/v1/subjects/{subject_id}/consents/{consent_id}"): Read(
        CONSENT_READERS,
        {
            "shelter_only": {"ngo-outreach", "auditor"},
            "police": {"ngo-outreach", "auditor", "police-north"},
            "legal": {"social-services", "auditor"},
        },
    ),
    ("identification", "/v1/subjects/{subject_id}/consents/{consent_id}/receipt"): Read(
        CONSENT_READERS,
        {
            "shelter_only": {"ngo-outreach", "auditor"},
            "police": {"ngo-outreach", "auditor", "police-north"},
            "legal": {"social-services", "auditor"},
        },
    ),
    ("identification", "/v1/subjects/{subject_id}/reflection-period"): Read(
        CONSENT_READERS,
        {
            "shelter_only": {"ngo-outreach", "auditor"},
            "police": {"ngo-outreach", "auditor", "police-north"},
            "legal": {"social-services", "auditor"},
        },
    ),
    # Only under a consent naming the caller's sector: nobody here consented abroad.
    ("identification", "/v1/subjects/{subject_id}/data-key"): Read(("foreign-counterpart",)),
    # Referral never holds a police consent, so the police read nothing there.
    ("referral", "/v1/referrals"): Read(
        REFERRAL_READERS,
        {
            "shelter_only": {"ngo-outreach", "shelter-harbour"},
            "police": {"ngo-outreach", "shelter-harbour"},
            "legal": {"social-services", "legal-aid"},
        },
    ),
    ("referral", "/v1/referrals/{referral_id}"): Read(
        REFERRAL_READERS,
        {
            "shelter_only": {"ngo-outreach", "shelter-harbour"},
            "police": {"ngo-outreach", "shelter-harbour"},
        },
    ),
    ("referral", "/v1/subjects/{subject_id}/information-sheet"): Read(
        IDENTIFIERS,
        {
            "shelter_only": {"ngo-outreach"},
            "police": {"ngo-outreach"},
            "legal": {"social-services"},
        },
    ),
    ("referral", "/v1/subjects/{subject_id}/information-sheet/handovers"): Read(
        IDENTIFIERS,
        {
            "shelter_only": {"ngo-outreach"},
            "police": {"ngo-outreach"},
            "legal": {"social-services"},
        },
    ),
    # Her data tracker: the identifying organisation on her behalf, and auditors.
    ("referral", "/v1/subjects/{subject_id}/data-tracker"): Read(
        CONSENT_READERS,
        {
            "shelter_only": {"ngo-outreach", "auditor"},
            "police": {"ngo-outreach", "auditor"},
            "legal": {"social-services", "auditor"},
        },
    ),
    # Shelter knows who referred and who serves; not who identified.
    ("shelter", "/v1/placements"): Read(
        ("ngo-outreach", "social-services", "shelter-harbour", "shelter-birch"),
        {
            "shelter_only": {"ngo-outreach", "shelter-harbour"},
            "police": {"ngo-outreach", "shelter-harbour"},
        },
    ),
    ("justice", "/v1/cases/{subject_id}"): Read(
        ("police-north", "prosecutor"), {"police": {"police-north"}}
    ),
}


def person_reads(system: System) -> set[tuple[str, str]]:
    """Every GET route, in every service, that reads a person's data (it takes a
    PersonReader), from the routing tables."""
    found = set()
    for service, app in system.apps.items():
        routes = list(app.routes)
        while routes:
            route = routes.pop()
            if (included := getattr(route, "original_router", None)) is not None:
                routes.extend(included.routes)
                continue
            if "GET" not in getattr(route, "methods", set()):
                continue
            annotations = inspect.get_annotations(route.endpoint, eval_str=True)  # type: ignore[attr-defined]
            if any(_is_person_reader(value) for value in annotations.values()):
                found.add((service, route.path))  # type: ignore[attr-defined]
    return found


def _is_person_reader(annotation: Any) -> bool:
    return any(arg is PersonReader for arg in getattr(annotation, "__metadata__", ())) or (
        getattr(annotation, "__origin__", None) is not None
        and PersonReader in getattr(annotation, "__args__", ())
    )


@dataclass
class Person:
    subject_id: str
    consent_id: str | None = None
    referral_id: str | None = None


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any) -> AsyncIterator[System]:
    async with running_system(broker.bootstrap_servers, pg_database) as running:
        yield running


async def _identify(system: System, client: str, *consents: dict[str, Any]) -> Person:
    response = await system.identification.post(
        "/v1/identifications",
        json=people.identification(*consents),
        headers=await system.as_(client),
    )
    assert response.status_code == 201, response.text
    subject_id = response.json()["subject_id"]
    listed = await system.identification.get(
        f"/v1/subjects/{subject_id}/consents", headers=await system.as_(client)
    )
    return Person(subject_id, listed.json()[-1]["consent_id"])


async def _placed(system: System, person: Person) -> None:
    async def referred() -> str | None:
        response = await system.referral.post(
            "/v1/referrals", json={"subject_id": person.subject_id, "service_type": "shelter"}
        )
        return str(response.json()["referral_id"]) if response.status_code == 201 else None

    person.referral_id = await eventually(referred)

    async def offered() -> bool:
        body = (await system.referral.get(f"/v1/referrals/{person.referral_id}")).json()
        return bool(body["status"] == "offered")

    await eventually(offered)


@pytest.fixture(scope="module")
async def population(system: System) -> dict[str, Person]:
    shelter = await system.shelter.post(
        "/v1/shelters",
        json={
            "name": "Harbour Reads",
            "region": "North",
            "target_groups": ["women"],
            "regime": "open",
            "languages": ["ro", "en"],
            "beds_total": 10,
        },
        headers=await system.as_("shelter-harbour"),
    )
    assert shelter.status_code == 201, shelter.text
    shelter_only = await _identify(system, "ngo-outreach", people.consent(*people.SHELTER_CONSENT))
    police = await _identify(
        system,
        "ngo-outreach",
        people.consent(*people.SHELTER_CONSENT),
        people.consent(*people.POLICE_CONSENT),
    )
    legal = await _identify(system, "social-services", LEGAL_CONSENT)
    await _placed(system, shelter_only)
    await _placed(system, police)

    async def case_opened() -> bool:
        response = await system.justice.get(f"/v1/cases/{police.subject_id}")
        return response.status_code == 200

    await eventually(case_opened)
    stranger = Person(str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4()))
    return {"shelter_only": shelter_only, "police": police, "legal": legal, "stranger": stranger}


def _request(template: str, person: Person) -> tuple[str, dict[str, str]] | None:
    if "{referral_id}" in template and person.referral_id is None:
        return None
    path = template.format(
        subject_id=person.subject_id,
        consent_id=person.consent_id,
        referral_id=person.referral_id,
    )
    params = {"subject_id": person.subject_id} if "{" not in template else {}
    return path, params


async def test_every_person_read_has_a_row(system: System) -> None:
    assert person_reads(system) == set(TABLE)


async def test_reads_are_scoped_by_consent_and_a_refusal_is_a_strangers_404(
    system: System, population: dict[str, Person]
) -> None:
    unexpected: list[str] = []
    for (service, template), read in TABLE.items():
        client = system.clients[service]
        for caller in sorted(system.issuer.clients):
            headers = await system.as_(caller)
            stranger_path, stranger_params = _request(template, population["stranger"]) or ("", {})
            stranger = await client.get(stranger_path, params=stranger_params, headers=headers)
            for name, person in population.items():
                request = _request(template, person)
                if request is None:
                    continue
                if caller not in read.reach:
                    expected = 403
                elif caller in read.sees.get(name, set()):
                    expected = 200
                else:
                    expected = 404
                response = await client.get(request[0], params=request[1], headers=headers)
                if response.status_code != expected:
                    unexpected.append(
                        f"{caller} {service} {template} about {name}: "
                        f"{response.status_code} (expected {expected}) {response.text[:200]}"
                    )
                elif expected == 404:
                    # Exactly as if the person did not exist: same body, same headers.
                    assert response.json() == stranger.json(), (caller, template, name)
                    assert dict(response.headers) == dict(stranger.headers), (caller, name)
    assert not unexpected, "\n".join(unexpected)


async def test_a_consent_list_shows_others_only_the_consents_naming_their_sector(
    system: System, population: dict[str, Person]
) -> None:
    path = f"/v1/subjects/{population['police'].subject_id}/consents"

    async def recipients(client: str) -> list[str]:
        response = await system.identification.get(path, headers=await system.as_(client))
        assert response.status_code == 200, response.text
        return sorted(consent["recipient"] for consent in response.json())

    # Whether she consented to the police: for the identifying NGO, auditors and the police.
    assert await recipients("ngo-outreach") == ["police", "shelter"]
    assert await recipients("auditor") == ["police", "shelter"]
    assert await recipients("police-north") == ["police"]


async def test_assistance_services_keep_no_justice_consent(
    system: System, population: dict[str, Person]
) -> None:
    """No assistance database says who cooperates with the police; justice keeps only its own."""
    from sqlalchemy import select

    police = uuid.UUID(population["police"].subject_id)

    async def purposes(service: str) -> list[str]:
        runtime = system.runtime(service)
        table = runtime.metadata.tables["consent_view"]
        async with runtime.engine.connect() as conn:
            found = await conn.scalars(select(table.c.purpose).where(table.c.subject_id == police))
            return sorted(found)

    assert await purposes("referral") == ["shelter"]
    assert await purposes("shelter") == ["shelter"]
    assert await purposes("justice") == ["law_enforcement"]
    assert await purposes("identification") == ["law_enforcement", "shelter"]
