"""The audit trail, on the real broker and PostgreSQL: one trace of a person across every
service with proofs, checkpoints witnessed by the others, tampering caught in every
service's database and named, fail-closed when the log cannot be written, and erasure
that leaves every chain verifiable and nothing linked to the person."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Uuid, delete, insert, select, text, update

from devtools import people
from devtools.broker import Broker
from devtools.waiting import eventually
from nrm_bus.audit.__main__ import main as verify_main
from nrm_bus.audit.merkle import verify_consistency
from tests.system import SECTORS, System, running_system

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


@pytest.fixture(scope="module")
async def system(broker: Broker, pg_database: Any) -> AsyncIterator[System]:
    async with running_system(
        broker.bootstrap_servers,
        pg_database,
        only=(*SECTORS, "operations"),
        audit_checkpoint_interval_s=0.3,
    ) as running:
        yield running


async def _person(system: System, *consents: tuple[str, str]) -> str:
    response = await system.identification.post(
        "/v1/identifications",
        json=people.identification(*(people.consent(*c) for c in consents)),
    )
    assert response.status_code == 201, response.text
    subject_id: str = response.json()["subject_id"]
    return subject_id


async def _placed(system: System, subject_id: str) -> str:
    async def referred() -> str | None:
        response = await system.referral.post(
            "/v1/referrals", json={"subject_id": subject_id, "service_type": "shelter"}
        )
        return str(response.json()["referral_id"]) if response.status_code == 201 else None

    referral_id = await eventually(referred)

    async def offered() -> bool:
        body = (await system.referral.get(f"/v1/referrals/{referral_id}")).json()
        return bool(body["status"] == "offered")

    await eventually(offered)
    return referral_id


@pytest.fixture(scope="module")
async def shelter(system: System) -> str:
    response = await system.shelter.post(
        "/v1/shelters",
        json={
            "name": "Harbour Audit",
            "region": "North",
            "target_groups": ["women"],
            "regime": "open",
            "languages": ["ro", "en"],
            "beds_total": 30,
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["shelter_id"])


async def _trace(system: System, subject_id: str, **params: str) -> dict[str, Any]:
    response = await system.operations.get(f"/v1/audit/subjects/{subject_id}/trace", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_one_trace_of_a_person_across_services_with_a_named_reader(
    system: System, shelter: str, tmp_path: Path
) -> None:
    subject_id = await _person(system, people.SHELTER_CONSENT, people.POLICE_CONSENT)
    referral_id = await _placed(system, subject_id)
    harbour = await system.referral.get(
        f"/v1/referrals/{referral_id}", headers=await system.as_("shelter-harbour")
    )
    assert harbour.status_code == 200

    async def case_opened() -> bool:
        return (await system.justice.get(f"/v1/cases/{subject_id}")).status_code == 200

    await eventually(case_opened)
    trace = await _trace(system, subject_id)
    assert trace["missing"] == []
    services = {entry["service"] for entry in trace["entries"]}
    assert {"identification", "referral", "shelter", "justice"} <= services
    assert [e["at"] for e in trace["entries"]] == sorted(e["at"] for e in trace["entries"])
    kinds = {(entry["service"], entry["kind"]) for entry in trace["entries"]}
    assert ("identification", "consent") in kinds
    assert ("identification", "published") in kinds
    assert ("referral", "consumed") in kinds
    assert ("shelter", "consumed") in kinds
    reads = [
        entry
        for entry in trace["entries"]
        if entry["kind"] == "access" and entry["action"] == "referral.read"
    ]
    assert any(
        entry["actor"]["organisation"] == "Harbour Shelters (demo)"
        and entry["actor"]["client_id"] == "shelter-harbour"
        and entry["service"] == "referral"
        for entry in reads
    ), reads

    # The same trace as a bundle verifies with no network, and a changed entry fails it.
    bundle = await _trace(system, subject_id, format="bundle")
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    assert verify_main(["verify", str(path)]) == 0
    first = bundle["services"]["referral"]["entries"][0]
    first["action"] = "nothing.happened"
    path.write_text(json.dumps(bundle))
    assert verify_main(["verify", str(path)]) == 1
    path.write_text("{not json")
    assert verify_main(["verify", str(path)]) == 2


async def test_a_trace_of_someone_unknown_is_empty_not_an_error(system: System) -> None:
    trace = await _trace(system, str(uuid.uuid4()))
    assert trace["entries"] == []
    assert trace["missing"] == []


async def test_only_auditors_trace(system: System) -> None:
    response = await system.operations.get(
        f"/v1/audit/subjects/{uuid.uuid4()}/trace", headers=await system.as_("operations")
    )
    assert response.status_code == 403


async def test_every_service_witnesses_the_others_checkpoints(system: System) -> None:
    await _person(system, people.SHELTER_CONSENT)
    signed = {name: await system.runtime(name).checkpoint() for name in SECTORS}

    async def witnessed() -> bool:
        for holder in (*SECTORS, "operations"):
            runtime = system.runtime(holder)
            async with runtime.engine.connect() as conn:
                for name, checkpoint in signed.items():
                    if name == holder or checkpoint is None:
                        continue
                    held = await runtime.audit.checkpoints(conn, name)
                    if checkpoint.size not in {c.size for c in held}:
                        return False
        return True

    await eventually(witnessed)


async def test_a_later_checkpoint_extends_an_earlier_one_by_a_consistency_proof(
    system: System, shelter: str
) -> None:
    runtime = system.runtime("referral")
    await _placed(system, await _person(system, people.SHELTER_CONSENT))
    first = await runtime.checkpoint() or await _latest(runtime)
    await _placed(system, await _person(system, people.SHELTER_CONSENT))
    second = await runtime.checkpoint()
    assert second is not None
    assert second.size > first.size
    answer = await system.referral.get(
        "/v1/audit/consistency",
        params={"first": first.size, "second": second.size},
        headers=await system.as_("auditor"),
    )
    assert answer.status_code == 200, answer.text
    proof = [bytes.fromhex(node) for node in answer.json()["proof"]]
    old, new = bytes.fromhex(first.root), bytes.fromhex(second.root)
    assert verify_consistency(first.size, second.size, old, new, proof)
    assert not verify_consistency(first.size, second.size, new, new, proof)
    too_far = await system.referral.get(
        "/v1/audit/consistency",
        params={"first": 1, "second": second.size + 10_000},
        headers=await system.as_("auditor"),
    )
    assert too_far.status_code == 422


async def _latest(runtime: Any) -> Any:
    async with runtime.engine.connect() as conn:
        return await runtime.audit.checkpoint_of(conn, runtime.audit.service)


Tamper = Callable[[Any, Any, list[dict[str, Any]]], Awaitable[int]]


async def _change_one(conn: Any, log: Any, rows: list[dict[str, Any]]) -> int:
    target = rows[len(rows) // 2]
    await conn.execute(
        update(log).where(log.c.seq == target["seq"]).values(action="nothing.to.see")
    )
    return int(target["seq"])


async def _delete_one(conn: Any, log: Any, rows: list[dict[str, Any]]) -> int:
    target = rows[len(rows) // 2]
    await conn.execute(delete(log).where(log.c.seq == target["seq"]))
    return int(target["seq"])


async def _insert_one(conn: Any, log: Any, rows: list[dict[str, Any]]) -> int:
    """A forged entry in the middle: the rows after it move up by one."""
    target = rows[len(rows) // 2]["seq"]
    for row in sorted(rows, key=lambda r: -r["seq"]):
        if row["seq"] >= target:
            await conn.execute(
                update(log).where(log.c.seq == row["seq"]).values(seq=row["seq"] + 1)
            )
    forged = {**rows[0], "seq": target, "action": "forged.read", "kind": "access"}
    await conn.execute(insert(log).values(**forged))
    return int(target)


async def _swap_two(conn: Any, log: Any, rows: list[dict[str, Any]]) -> int:
    first, second = rows[len(rows) // 2], rows[len(rows) // 2 + 1]
    for row, other in ((first, second), (second, first)):
        values = {k: v for k, v in other.items() if k != "seq"}
        await conn.execute(update(log).where(log.c.seq == row["seq"]).values(**values))
    return int(first["seq"])


async def _cut_the_tail(conn: Any, log: Any, rows: list[dict[str, Any]]) -> int:
    """The newest entries go, and the head with them: the log is consistent in itself."""
    keep = rows[len(rows) // 2]
    await conn.execute(delete(log).where(log.c.seq > keep["seq"]))
    head = log.metadata.tables["audit_head"]
    await conn.execute(update(head).values(size=keep["seq"], last_hash=keep["hash"]))
    return int(keep["seq"]) + 1


async def _quiet(runtime: Any) -> None:
    """Wait until nothing more is being appended (events of earlier tests settle), so that
    the log tampered with and restored is the whole log."""
    sizes: list[int] = []

    async def settled() -> bool:
        async with runtime.engine.connect() as conn:
            sizes.append(await runtime.audit.size(conn))
        return len(sizes) >= 3 and sizes[-1] == sizes[-3]

    await eventually(settled, interval_s=0.5)


TAMPERING: dict[str, Tamper] = {
    "change one": _change_one,
    "delete one": _delete_one,
    "insert one": _insert_one,
    "swap two": _swap_two,
    "cut the tail": _cut_the_tail,
}


@pytest.mark.parametrize("service", SECTORS)
@pytest.mark.parametrize("tampering", list(TAMPERING))
async def test_tampering_is_detected_and_the_entry_named(
    system: System, shelter: str, service: str, tampering: str
) -> None:
    subject_id = await _person(system, people.SHELTER_CONSENT, people.POLICE_CONSENT)
    await _placed(system, subject_id)
    runtime = system.runtime(service)
    checkpoint = await runtime.checkpoint()
    if checkpoint is None:  # nothing new since the last one: that one covers it all
        async with runtime.engine.connect() as conn:
            checkpoint = await runtime.audit.checkpoint_of(conn, service)
    assert checkpoint is not None

    async def witnessed() -> bool:
        holder = system.runtime("operations")
        async with holder.engine.connect() as conn:
            held = await holder.audit.checkpoints(conn, service)
        return checkpoint.size in {c.size for c in held}

    await eventually(witnessed)
    await _quiet(runtime)
    verified = (await system.operations.get("/v1/audit/verify")).json()
    assert verified["services"][service]["ok"], verified["services"][service]

    log = runtime.metadata.tables["audit_log"]
    head = runtime.metadata.tables["audit_head"]
    async with runtime.engine.begin() as conn:
        rows = [
            row._asdict()
            for row in await conn.execute(
                select(log).where(log.c.seq <= checkpoint.size).order_by(log.c.seq)
            )
        ]
        everything = [row._asdict() for row in await conn.execute(select(log))]
        saved_head = (await conn.execute(select(head))).first()
        named = await TAMPERING[tampering](conn, log, rows)
        await conn.commit()
    try:
        report = (await system.operations.get("/v1/audit/verify")).json()
        assert not report["ok"]
        found = report["services"][service]
        assert not found["ok"], found
        assert named in {problem["seq"] for problem in found["problems"]}, (named, found)
        for other in SECTORS:
            if other != service:
                assert report["services"][other]["ok"], report["services"][other]
    finally:
        async with runtime.engine.begin() as conn:
            await conn.execute(delete(log))
            await conn.execute(insert(log), everything)
            await conn.execute(update(head).values(**saved_head._asdict()))  # type: ignore[union-attr]
    restored = (await system.operations.get("/v1/audit/verify")).json()
    assert restored["services"][service]["ok"], restored["services"][service]


async def test_a_service_that_cannot_write_its_audit_log_serves_nothing_about_a_person(
    system: System, shelter: str
) -> None:
    subject_id = await _person(system, people.SHELTER_CONSENT)
    await _placed(system, subject_id)
    runtime = system.runtime("referral")
    referrals = runtime.metadata.tables["referrals"]

    async def count() -> int:
        async with runtime.engine.connect() as conn:
            return len((await conn.execute(select(referrals.c.referral_id))).all())

    before = await count()
    async with runtime.engine.begin() as conn:
        await conn.execute(text("ALTER TABLE audit_head RENAME TO audit_head_away"))
    try:
        read = await system.referral.get("/v1/referrals", params={"subject_id": subject_id})
        assert read.status_code == 503, read.text
        assert read.json()["reason"] == "audit-log-unavailable"
        assert "subject_id" not in read.text
        assert subject_id not in read.text
        write = await system.referral.post(
            "/v1/referrals", json={"subject_id": subject_id, "service_type": "shelter"}
        )
        assert write.status_code == 503, write.text
        assert await count() == before  # nothing changed unaudited
        health = await system.referral.get("/healthz")
        assert health.status_code == 503
        assert "audit" in health.json()["problems"]
    finally:
        async with runtime.engine.begin() as conn:
            await conn.execute(text("ALTER TABLE audit_head_away RENAME TO audit_head"))
    again = await system.referral.get("/v1/referrals", params={"subject_id": subject_id})
    assert again.status_code == 200


async def test_after_erasure_every_log_verifies_and_nothing_links_to_the_person(
    system: System, shelter: str
) -> None:
    subject_id = await _person(system, people.SHELTER_CONSENT, people.POLICE_CONSENT)
    await _placed(system, subject_id)

    async def case_opened() -> bool:
        return (await system.justice.get(f"/v1/cases/{subject_id}")).status_code == 200

    await eventually(case_opened)
    assert (await _trace(system, subject_id))["entries"]
    erased = await system.identification.post(f"/v1/subjects/{subject_id}/erasure")
    assert erased.status_code == 202, erased.text

    async def unlinked() -> bool:
        for name in SECTORS:
            runtime = system.runtime(name)
            async with runtime.engine.connect() as conn:
                for table in ("audit_log", "subject_parties", "gate_refusals", "consent_view"):
                    column = runtime.metadata.tables[table].c.subject_id
                    value = uuid.UUID(subject_id) if isinstance(column.type, Uuid) else subject_id
                    found = await conn.scalar(select(column).where(column == value))
                    if found is not None:
                        return False
        return True

    await eventually(unlinked)
    for name in SECTORS:
        runtime = system.runtime(name)
        async with runtime.engine.connect() as conn:
            salts = await conn.scalar(
                text(
                    "SELECT count(*) FROM audit_log"
                    " WHERE subject_salt IS NULL AND subject_commitment IS NOT NULL"
                )
            )
        assert salts, name  # the erased person's entries are still there, unlinked
    assert (await _trace(system, subject_id))["entries"] == []
    for name in SECTORS:
        await system.runtime(name).checkpoint()
    report = (await system.operations.get("/v1/audit/verify")).json()
    assert report["ok"], report
