"""Identity and access: every endpoint x every demo client from one table, every kind of bad
token, key rotation, and attribution of every access to data about a person."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from joserfc import jwt
from sqlalchemy import func, select

from devtools import people
from devtools.broker import Broker
from devtools.issuer import new_signing_key
from devtools.waiting import eventually
from nrm_bus.auth import TokenValidator
from nrm_bus.problems import Problem
from tests.system import System, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

# Who may reach what. Every /v1 endpoint of every service has exactly one row; a client
# not named in a row must get 403, and no token 401. The fixtures' people were identified
# (and referred) by ngo-outreach: a read about them answers 200 to that organisation and
# auditors, and to others the 404 of a stranger (tests/test_person_reads.py has the whole
# person-level table).
IDENTIFIERS = (
    "ngo-outreach",
    "police-north",
    "labour-inspectorate",
    "social-services",
    "health-clinic",
)
SUBJECT_READERS = (*IDENTIFIERS, "ngo-lapsed", "immigration", "auditor")
THE_NGO = {"ngo-outreach": 200}
# Everyone whose role includes erasing on request; who may erase whom is the record's
# identifying organisation (the fixtures identify as ngo-outreach) or an auditor.
ERASERS = (*IDENTIFIERS, "ngo-lapsed", "auditor")
REFERRAL_READERS = (
    *IDENTIFIERS,
    "ngo-lapsed",
    "shelter-harbour",
    "shelter-birch",
    "legal-aid",
    "foreign-counterpart",
)
SHELTER_READERS = (
    "ngo-outreach",
    "ngo-lapsed",
    "social-services",
    "shelter-harbour",
    "shelter-birch",
    "operations",
)
PLACEMENT_READERS = ("ngo-outreach", "social-services", "shelter-harbour", "shelter-birch")
# Everyone whose role includes reading what identification knows of a person; of them, the
# person's identifying organisation (ngo-outreach in the fixtures) and auditors read the
# person's data tracker, and the rest get the 404 of a person who does not exist.
IDENTIFICATION_READERS = (*IDENTIFIERS, "ngo-lapsed", "immigration", "auditor")


def allow(status: int, *clients: str, **exceptions: int) -> dict[str, int]:
    return {
        **dict.fromkeys(clients, status),
        **{k.replace("_", "-"): v for k, v in exceptions.items()},
    }


MATRIX: dict[tuple[str, str, str], dict[str, int]] = {
    ("identification", "POST", "/v1/identifications"): allow(201, *IDENTIFIERS),
    ("identification", "GET", "/v1/subjects/{subject_id}/consents"): allow(
        404, *SUBJECT_READERS, **THE_NGO, auditor=200
    ),
    ("identification", "POST", "/v1/subjects/{subject_id}/consents"): allow(201, *IDENTIFIERS),
    ("identification", "POST", "/v1/subjects/{subject_id}/consents/{consent_id}/withdrawal"): allow(
        200, *IDENTIFIERS
    ),
    ("identification", "GET", "/v1/subjects/{subject_id}/reflection-period"): allow(
        404, *SUBJECT_READERS, **THE_NGO, auditor=200
    ),
    ("identification", "GET", "/v1/indicators"): allow(200, *SUBJECT_READERS),
    ("identification", "GET", "/v1/reference/consent-rules"): allow(200, *SUBJECT_READERS),
    # Only a recipient named by an active consent; the fixture's person consented to a
    # shelter only, so the counterpart abroad gets the 404 of an unknown person.
    ("identification", "GET", "/v1/subjects/{subject_id}/data-key"): allow(
        404, "foreign-counterpart"
    ),
    ("identification", "POST", "/v1/subjects/{subject_id}/reflection-period/extensions"): allow(
        201, *IDENTIFIERS
    ),
    ("identification", "GET", "/v1/subjects/{subject_id}/consents/{consent_id}"): allow(
        404, *SUBJECT_READERS, **THE_NGO, auditor=200
    ),
    ("identification", "GET", "/v1/subjects/{subject_id}/consents/{consent_id}/receipt"): allow(
        404, *SUBJECT_READERS, **THE_NGO, auditor=200
    ),
    ("identification", "POST", "/v1/subjects/{subject_id}/erasure"): allow(
        202, "ngo-outreach", "auditor"
    ),
    # The erasure the fixtures' ngo-outreach asked for: theirs to follow, and auditors'.
    ("identification", "GET", "/v1/subjects/{subject_id}/erasure"): allow(
        200,
        "ngo-outreach",
        "auditor",
        **{c: 404 for c in ERASERS if c not in ("ngo-outreach", "auditor")},
    ),
    ("referral", "POST", "/v1/referrals"): allow(201, *IDENTIFIERS),
    ("referral", "GET", "/v1/statistics/declines"): allow(200, "operations", "auditor"),
    ("referral", "POST", "/v1/providers"): allow(
        201, "ngo-outreach", "social-services", "health-clinic", "legal-aid"
    ),
    ("referral", "GET", "/v1/providers"): allow(200, *REFERRAL_READERS),
    ("referral", "GET", "/v1/reference/service-consents"): allow(200, *REFERRAL_READERS),
    # Only the organisation whose provider the referral was offered to (the clinic).
    ("referral", "POST", "/v1/referrals/{referral_id}/provider-decline"): allow(
        200, "health-clinic"
    ),
    ("referral", "POST", "/v1/referrals/{referral_id}/progress"): allow(200, "health-clinic"),
    # The referral's person is placed in Harbour's shelter: Harbour serves her.
    ("referral", "GET", "/v1/referrals"): allow(
        404, *REFERRAL_READERS, **THE_NGO, shelter_harbour=200
    ),
    ("referral", "GET", "/v1/referrals/{referral_id}"): allow(
        404, *REFERRAL_READERS, **THE_NGO, shelter_harbour=200
    ),
    ("referral", "POST", "/v1/referrals/{referral_id}/acceptance"): allow(
        404, *IDENTIFIERS, **THE_NGO
    ),
    ("referral", "POST", "/v1/referrals/{referral_id}/decline"): allow(
        404, *IDENTIFIERS, **THE_NGO
    ),
    # What a person was told is for the trained actors who refer them, not every reader.
    ("referral", "GET", "/v1/subjects/{subject_id}/information-sheet"): allow(
        404, *IDENTIFIERS, **THE_NGO
    ),
    ("referral", "POST", "/v1/subjects/{subject_id}/information-sheet/handovers"): allow(
        201, *IDENTIFIERS
    ),
    ("referral", "GET", "/v1/subjects/{subject_id}/information-sheet/handovers"): allow(
        404, *IDENTIFIERS, **THE_NGO
    ),
    ("referral", "GET", "/v1/subjects/{subject_id}/data-tracker"): allow(
        200,
        "ngo-outreach",
        "auditor",
        **{c: 404 for c in IDENTIFICATION_READERS if c not in ("ngo-outreach", "auditor")},
    ),
    ("referral", "POST", "/v1/subjects/{subject_id}/data-tracker/holds"): allow(
        201, "police-north", "prosecutor"
    ),
    # The referral service's own tracker client is an audit principal (sector audit,
    # audit:read): it reads what auditors read, to print a person's data tracker.
    ("referral", "GET", "/v1/subjects/{subject_id}/data-tracker/holds"): allow(
        200, "auditor", "referral-data-tracker"
    ),
    ("shelter", "POST", "/v1/shelters"): allow(201, "shelter-harbour", "shelter-birch"),
    ("shelter", "GET", "/v1/shelters"): allow(200, *SHELTER_READERS),
    ("shelter", "GET", "/v1/shelters/{shelter_id}"): allow(200, *SHELTER_READERS),
    # Only the shelter's own organisation (Harbour) changes it.
    ("shelter", "PATCH", "/v1/shelters/{shelter_id}"): allow(200, "shelter-harbour"),
    # Shelter knows who referred the person and who serves her.
    ("shelter", "GET", "/v1/placements"): allow(
        404, *PLACEMENT_READERS, **THE_NGO, shelter_harbour=200
    ),
    ("shelter", "GET", "/v1/capacity"): allow(200, *SHELTER_READERS),
    ("justice", "GET", "/v1/cases"): allow(200, "police-north", "prosecutor"),
    # The person consented to the police only: to the prosecutor it does not exist.
    ("justice", "GET", "/v1/cases/{subject_id}"): allow(200, "police-north", prosecutor=404),
    **{
        (service, "GET", f"/v1/audit/{endpoint}"): allow(200, "auditor", "referral-data-tracker")
        for service in ("identification", "referral", "shelter", "justice")
        for endpoint in ("entries", "log", "checkpoints")
    },
}


PROVIDER = {
    "name": "Matrix Clinic",
    "service_types": ["medical"],
    "regions": ["North"],
    "target_groups": ["women", "men", "unspecified"],
    "languages": ["ro", "en"],
}


@dataclass
class Request:
    path: str
    json: Any = None
    params: dict[str, str] | None = None


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any) -> AsyncIterator[System]:
    async with running_system(broker.bootstrap_servers, pg_database) as running:
        yield running


class Fixtures:
    """Fresh targets per call, so a state change by one client cannot decide another's."""

    def __init__(self, system: System) -> None:
        self.system = system

    async def subject(self, *consents: tuple[str, str]) -> str:
        body = people.identification(*(people.consent(*c) for c in consents))
        response = await self.system.identification.post("/v1/identifications", json=body)
        assert response.status_code == 201, response.text
        subject_id: str = response.json()["subject_id"]
        return subject_id

    async def referral(self, offered: bool = False) -> str:
        subject_id = await self.subject(people.SHELTER_CONSENT)
        response = await self.system.referral.post(
            "/v1/referrals", json={"subject_id": subject_id, "service_type": "shelter"}
        )
        assert response.status_code == 201, response.text
        referral_id: str = response.json()["referral_id"]
        if offered:

            async def is_offered() -> bool:
                body = (await self.system.referral.get(f"/v1/referrals/{referral_id}")).json()
                return bool(body["status"] == "offered")

            await eventually(is_offered)
        return referral_id

    async def medical_referral(self, accepted: bool = False) -> str:
        """A medical referral offered to the clinic's provider (registered in prepare)."""
        subject_id = await self.subject(("health", "health"))

        async def offered() -> str | None:
            response = await self.system.referral.post(
                "/v1/referrals", json={"subject_id": subject_id, "service_type": "medical"}
            )
            if response.status_code != 201:
                return None
            referral_id: str = response.json()["referral_id"]
            return referral_id

        referral_id = await eventually(offered)
        if accepted:
            response = await self.system.referral.post(f"/v1/referrals/{referral_id}/acceptance")
            assert response.status_code == 200, response.text
        return referral_id

    async def consent(self) -> tuple[str, str]:
        subject_id = await self.subject(people.SHELTER_CONSENT)
        consents = (
            await self.system.identification.get(f"/v1/subjects/{subject_id}/consents")
        ).json()
        return subject_id, consents[0]["consent_id"]

    async def request(self, method: str, template: str) -> Request:
        """A valid request to the endpoint, whatever its outcome for a given caller."""
        if "consent_id" in template:
            subject_id, consent_id = await self.consent()
            return Request(template.format(subject_id=subject_id, consent_id=consent_id))
        if template == "/v1/identifications":
            return Request(template, people.identification(people.consent("shelter", "shelter")))
        if template == "/v1/subjects/{subject_id}/consents" and method == "POST":
            return Request(
                template.format(subject_id=await self.subject()), people.consent("health", "health")
            )
        if template.endswith("/extensions"):
            return Request(
                template.format(subject_id=await self.subject()),
                {"days": 30, "reason": "recovering from an operation"},
            )
        if template.endswith("/erasure") and method == "GET":
            return Request(template.format(subject_id=self.erased_subject))
        if "/information-sheet" in template:  # a person the referral service already knows
            referral = await self.system.referral.get(f"/v1/referrals/{self.some_referral}")
            body = {"language": "ar", "method": "written"} if method == "POST" else None
            return Request(template.format(subject_id=referral.json()["subject_id"]), body)
        if "/data-tracker" in template:  # known to referral, identified by ngo-outreach
            referral = await self.system.referral.get(f"/v1/referrals/{self.some_referral}")
            hold = {
                "sector": "police",
                "until": (datetime.now(UTC).date() + timedelta(days=30)).isoformat(),
                "legal_basis": "Criminal procedure act s. 12 (matrix)",
            }
            return Request(
                template.format(subject_id=referral.json()["subject_id"]),
                hold if method == "POST" else None,
            )
        if "{subject_id}" in template and template.startswith("/v1/cases"):
            return Request(template.format(subject_id=self.police_subject))
        if "{subject_id}" in template:
            return Request(template.format(subject_id=await self.subject(people.SHELTER_CONSENT)))
        if template == "/v1/referrals" and method == "POST":
            return Request(
                template,
                {
                    "subject_id": await self.subject(people.SHELTER_CONSENT),
                    "service_type": "shelter",
                },
            )
        if template == "/v1/referrals" or template == "/v1/placements":
            return Request(template, params={"subject_id": self.placed_subject})
        if template == "/v1/audit/entries":
            return Request(template, params={"subject_id": self.placed_subject})
        if template == "/v1/audit/checkpoints":
            return Request(template, params={"service": "referral"})
        if template == "/v1/providers" and method == "POST":
            return Request(template, PROVIDER)
        if template.endswith("/provider-decline"):
            return Request(
                template.format(referral_id=await self.medical_referral()),
                {"reason": "no_capacity"},
            )
        if template.endswith("/progress"):
            return Request(
                template.format(referral_id=await self.medical_referral(accepted=True)),
                {"status": "in_progress"},
            )
        if template.endswith("/acceptance"):
            return Request(template.format(referral_id=await self.referral(offered=True)))
        if template.endswith("/decline"):
            return Request(
                template.format(referral_id=await self.referral()), {"reason": "does_not_need_it"}
            )
        if "{referral_id}" in template:
            return Request(template.format(referral_id=self.some_referral))
        if template == "/v1/shelters" and method == "POST":
            return Request(
                template,
                {
                    "name": "Matrix House",
                    "region": "North",
                    "target_groups": ["women"],
                    "regime": "open",
                    "languages": ["en"],
                    "beds_total": 1,
                },
            )
        if "{shelter_id}" in template:
            return Request(
                template.format(shelter_id=self.harbour_shelter),
                {"languages": ["en", "ro"]} if method == "PATCH" else None,
            )
        return Request(template)

    async def prepare(self) -> None:
        self.police_subject = await self.subject(people.SHELTER_CONSENT, people.POLICE_CONSENT)
        shelter = await self.system.shelter.post(
            "/v1/shelters",
            json={
                "name": "Harbour Matrix",
                "region": "North",
                "target_groups": ["women"],
                "regime": "open",
                "languages": ["ro"],
                "beds_total": 40,
            },
        )
        self.harbour_shelter = shelter.json()["shelter_id"]
        self.some_referral = await self.referral(offered=True)
        placed = await self.system.referral.get(f"/v1/referrals/{self.some_referral}")
        self.placed_subject = placed.json()["subject_id"]
        clinic = await self.system.referral.post(
            "/v1/providers", json=PROVIDER, headers=await self.system.as_("health-clinic")
        )
        assert clinic.status_code == 201, clinic.text
        self.erased_subject = await self.subject(people.SHELTER_CONSENT)
        erased = await self.system.identification.post(
            f"/v1/subjects/{self.erased_subject}/erasure"
        )
        assert erased.status_code == 202, erased.text

        async def case_opened() -> bool:
            response = await self.system.justice.get(f"/v1/cases/{self.police_subject}")
            return response.status_code == 200

        await eventually(case_opened)


def mounted_endpoints(system: System) -> set[tuple[str, str, str]]:
    """Every operation each app serves, from its routing table (not from its OpenAPI
    document, which an undocumented route would escape)."""
    found = set()
    for service, app in system.apps.items():
        routes = list(app.routes)
        while routes:
            route = routes.pop()
            included = getattr(route, "original_router", None)
            if included is not None:  # an included router: look inside
                routes.extend(included.routes)
            elif getattr(route, "path", "").startswith("/v1/"):
                methods = getattr(route, "methods", set()) - {"HEAD"}
                found |= {(service, method, route.path) for method in methods}  # type: ignore[attr-defined]
    return found


async def test_every_endpoint_has_a_row_in_the_matrix(system: System) -> None:
    assert mounted_endpoints(system) == set(MATRIX)


async def test_authorisation_matrix(system: System) -> None:
    fixtures = Fixtures(system)
    await fixtures.prepare()
    clients = sorted(system.issuer.clients)
    unexpected: list[str] = []
    for (service, method, template), allowed in MATRIX.items():
        for caller in [*clients, None]:
            expected = 401 if caller is None else allowed.get(caller, 403)
            request = await fixtures.request(method, template)
            headers = await system.as_(caller) if caller else {"Authorization": ""}
            response = await system.clients[service].request(
                method, request.path, json=request.json, params=request.params, headers=headers
            )
            if response.status_code != expected:
                unexpected.append(
                    f"{caller or 'no token'} {method} {template}: "
                    f"{response.status_code} (expected {expected}) {response.text}"
                )
            if response.status_code == 403:
                problem = response.json()
                assert problem["rule"] in {
                    "missing-scope",
                    "wrong-sector",
                    "training-lapsed",
                    "wrong-organisation",
                }, problem
                assert headers["Authorization"].split()[-1] not in response.text
    assert not unexpected, "\n".join(unexpected)


async def test_lapsed_training_is_refused_naming_the_lapse_and_no_token_is_401(
    system: System,
) -> None:
    body = people.identification(people.consent(*people.SHELTER_CONSENT))
    lapsed = await system.identification.post(
        "/v1/identifications", json=body, headers=await system.as_("ngo-lapsed")
    )
    assert lapsed.status_code == 403
    assert lapsed.json()["rule"] == "training-lapsed"
    assert "lapsed on 2025-06-30" in lapsed.json()["detail"]
    anonymous = await system.identification.post(
        "/v1/identifications", json=body, headers={"Authorization": ""}
    )
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(system: System, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": system.issuer.url,
        "aud": "nrm",
        "sub": "ngo-outreach",
        "client_id": "ngo-outreach",
        "organisation": "Outreach Collective (demo)",
        "sector": "ngo",
        "scope": "identification:write",
        "trained_until": "2027-12-31",
        "iat": now,
        "nbf": now,
        "exp": now + 300,
        **overrides,
    }


def _bad_tokens(system: System, good: str) -> dict[str, str]:
    key = system.issuer.keys[-1]
    header = {"alg": "RS256", "kid": key.kid}

    def signed(**overrides: Any) -> str:
        return jwt.encode(header, _claims(system, **overrides), key)

    head, payload, signature = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    tampered = _b64(json.dumps({**claims, "sector": "police"}).encode())
    public = json.dumps(key.as_dict(private=False)).encode()
    hs_head = _b64(json.dumps({"alg": "HS256", "kid": key.kid}).encode())
    hs_body = _b64(json.dumps(_claims(system)).encode())
    hs_signature = _b64(hmac.new(public, f"{hs_head}.{hs_body}".encode(), hashlib.sha256).digest())
    none_head = _b64(json.dumps({"alg": "none"}).encode())
    stranger = new_signing_key()
    now = int(time.time())
    return {
        "expired": signed(iat=now - 4000, nbf=now - 4000, exp=now - 3000),
        "not yet valid": signed(nbf=now + 3000, exp=now + 4000),
        "wrong issuer": signed(iss="http://issuer.invalid"),
        "wrong audience": signed(aud="someone-else"),
        "alg none": f"{none_head}.{hs_body}.",
        "HS256 with the public key": f"{hs_head}.{hs_body}.{hs_signature}",
        "tampered payload": f"{head}.{tampered}.{signature}",
        "unknown key id": jwt.encode(
            {"alg": "RS256", "kid": stranger.kid}, _claims(system), stranger
        ),
        "malformed": "not-a-jwt",
        "malformed segments": "a.b.c",
    }


async def _identifications(system: System) -> int:
    from identification.adapters.orm import identifications

    runtime = system.runtime("identification")
    audit_log = runtime.metadata.tables["audit_log"]
    async with runtime.engine.connect() as conn:
        made = await conn.scalar(select(func.count()).select_from(identifications))
        logged = await conn.scalar(select(func.count()).select_from(audit_log))
    return int(made or 0) * 1000 + int(logged or 0)


async def test_every_kind_of_bad_token_is_401_and_reaches_no_handler(system: System) -> None:
    good = (await system.as_("ngo-outreach"))["Authorization"].split()[-1]
    body = people.identification(people.consent(*people.SHELTER_CONSENT))
    before = await _identifications(system)
    for name, token in _bad_tokens(system, good).items():
        response = await system.identification.post(
            "/v1/identifications", json=body, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401, (name, response.text)
        assert token not in response.text
    assert await _identifications(system) == before  # nothing created, nothing logged
    accepted = await system.identification.post(
        "/v1/identifications", json=body, headers={"Authorization": f"Bearer {good}"}
    )
    assert accepted.status_code == 201  # the same request with the good token goes through


async def test_a_rotated_key_is_fetched_when_a_token_names_it(system: System) -> None:
    async def fetch(url: str) -> dict[str, Any]:
        async with httpx.AsyncClient() as client:
            body: dict[str, Any] = (await client.get(url)).json()
            return body

    validator = TokenValidator(
        issuer=system.issuer.url,
        audience="nrm",
        jwks_url=f"{system.issuer.url}/jwks",
        algorithms=["RS256"],
        refetch_interval_s=0,
        fetch=fetch,
    )
    first = await validator.validate(await system.issuer.token("police-north"))
    system.issuer.keys.append(new_signing_key())  # the issuer rotates
    try:
        rotated = await system.issuer.token("police-north")
        assert (await validator.validate(rotated)).sector == first.sector == "police"
        stranger = new_signing_key()
        with pytest.raises(Problem) as refused:
            await validator.validate(
                jwt.encode({"alg": "RS256", "kid": stranger.kid}, _claims(system), stranger)
            )
        assert refused.value.status == 401
    finally:
        system.issuer.keys.pop()


async def test_the_algorithm_allow_list_refuses_symmetric_and_none() -> None:
    for algorithms in (["HS256"], ["none"], []):
        with pytest.raises(ValueError, match="asymmetric"):
            TokenValidator(issuer="i", audience="a", jwks_url="u", algorithms=algorithms)


async def test_every_access_to_a_person_is_attributed(system: System) -> None:
    """Reads granted and refused alike are audit entries naming the caller."""
    subject_id = await Fixtures(system).subject(people.SHELTER_CONSENT, people.POLICE_CONSENT)
    await system.referral.get(
        "/v1/referrals", params={"subject_id": subject_id}, headers=await system.as_("legal-aid")
    )

    async def case_read() -> bool:
        response = await system.justice.get(f"/v1/cases/{subject_id}")
        return response.status_code == 200

    await eventually(case_read)

    async def entries(service: str) -> list[tuple[str, str, str, str]]:
        table = system.runtime(service).metadata.tables["audit_log"]
        async with system.runtime(service).engine.connect() as conn:
            rows = await conn.execute(
                select(
                    table.c.client_id, table.c.organisation, table.c.sector, table.c.action
                ).where(table.c.subject_id == subject_id)
            )
            return [tuple(row) for row in rows]  # type: ignore[misc]

    refused = ("legal-aid", "Legal Aid Office (demo)", "legal_aid", "referral.read.refused")
    assert refused in await entries("referral")
    read = ("police-north", "Police Unit North (demo)", "police", "case.read")
    assert read in await entries("justice")
