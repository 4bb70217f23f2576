"""An integrator codes from the OpenAPI documents alone: every property and parameter
described, an example of every request and response that its own schema accepts, every
problem declared as the body actually sent, and /docs and /redoc that load nothing from
outside (they render with no internet)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

import identification.bootstrap
import justice.bootstrap
import operations.bootstrap
import referral.bootstrap
import shelter.bootstrap
from tests.openapi_rules import gaps, undeclared

BOOTSTRAPS = {
    "identification": identification.bootstrap.bootstrap,
    "referral": referral.bootstrap.bootstrap,
    "shelter": shelter.bootstrap.bootstrap,
    "justice": justice.bootstrap.bootstrap,
    "operations": operations.bootstrap.bootstrap,
}


@pytest.fixture(scope="module")
async def apps() -> AsyncIterator[dict[str, FastAPI]]:
    """The apps as built, not started: the documents need no database or broker."""
    built = {name: bootstrap() for name, bootstrap in BOOTSTRAPS.items()}
    yield built
    for app in built.values():
        await app.state.runtime.stop()


@pytest.mark.parametrize("service", BOOTSTRAPS)
async def test_the_document_has_no_gap(apps: dict[str, FastAPI], service: str) -> None:
    found = gaps(apps[service].openapi())
    assert not found, f"{len(found)} gaps:\n" + "\n".join(found)


async def test_the_check_finds_each_kind_of_gap(apps: dict[str, FastAPI]) -> None:
    """The checker itself: a document with one gap of each kind is caught on each."""
    import copy

    document = copy.deepcopy(apps["referral"].openapi())
    schemas = document["components"]["schemas"]
    del schemas["ReferralRead"]["properties"]["status"]["description"]
    schemas["ReferralCreate"].pop("examples")
    create = document["paths"]["/v1/referrals"]["post"]
    del create["responses"]["409"]["content"]["application/problem+json"]
    create["responses"]["409"]["content"]["application/json"] = {"schema": {}}
    del document["paths"]["/v1/providers"]["post"]["responses"]["415"]
    schemas["ReferralCreated"]["examples"] = [{"referral_id": "not-a-uuid", "status": 1}]
    found = "\n".join(gaps(document))
    assert "schema ReferralRead.status: no description" in found
    assert "POST /v1/referrals request application/json: no example" in found
    assert "POST /v1/referrals: 409 is not declared as application/problem+json" in found
    assert "POST /v1/providers: 415 not declared" in found
    assert "POST /v1/referrals 201 application/json: the example breaks its schema" in found


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_the_docs_load_nothing_from_outside(apps: dict[str, FastAPI], page: str) -> None:
    app = apps["referral"]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://referral"
    ) as client:
        html = (await client.get(page)).text
        assert not re.findall(r"(?:https?:)?//[\w.-]+", html.replace("http://referral", "")), html
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert len(assets) >= 2, html
        for asset in [*assets, "/openapi.json"]:
            response = await client.get(asset)
            assert response.status_code == 200, asset
            assert len(response.content) > 100, asset


async def test_an_undeclared_problem_is_named(apps: dict[str, FastAPI]) -> None:
    """The check every system test's client runs on every error it receives."""
    app = apps["shelter"]
    request = httpx.Request("GET", "http://shelter/v1/capacity")
    teapot = httpx.Response(
        418,
        json={"type": "about:blank", "title": "x", "status": 418, "detail": "x"},
        headers={"content-type": "application/problem+json"},
        request=request,
    )
    assert undeclared(app, teapot) == (
        "GET /v1/capacity answered 418, which its OpenAPI does not declare"
    )
    plain = httpx.Response(401, json={"detail": "no"}, request=request)
    assert "as application/json" in str(undeclared(app, plain))
