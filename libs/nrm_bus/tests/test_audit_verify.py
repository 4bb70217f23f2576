"""The audit log's entries, checkpoints and verification, without a broker or a database:
every kind of tampering is caught and the first bad entry is named; an exported bundle is
verified offline, also through the command line."""

from __future__ import annotations

import hashlib
import itertools
import json
import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from nrm_bus.audit import (
    GENESIS,
    KINDS,
    Actor,
    AuditEntry,
    AuditProblem,
    BundleMalformed,
    Checkpoint,
    MemoryTree,
    StoredEntry,
    bundle_entry,
    check_new,
    checkpoint_content,
    checkpoint_from_dict,
    checkpoint_to_dict,
    commit_subject,
    content,
    entry_from_dict,
    entry_hash,
    entry_to_dict,
    leaf_hash,
    make_bundle,
    new_salt,
    sign_checkpoint,
    verify_bundle,
    verify_checkpoint,
    verify_log,
)
from nrm_bus.audit.__main__ import main
from nrm_bus.envelope import CloudEvent
from nrm_bus.signing import EventSigner, signed_content, verify, verify_content

SERVICE = "referral"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SUBJECT = "8c5e3a52-4c1e-4b8f-9d7e-0a6f2b1c9d33"
ROOT = Path(__file__).resolve().parents[3]


def other_subject(seq: int) -> str:
    return str(uuid.UUID(int=seq))


def build_log(count: int = 20, service: str = SERVICE) -> tuple[list[StoredEntry], MemoryTree]:
    """A log as the adapter would write it: every third entry is about SUBJECT."""
    rows: list[StoredEntry] = []
    tree = MemoryTree()
    prev = GENESIS
    for seq in range(1, count + 1):
        salt = new_salt()
        subject_id = SUBJECT if seq % 3 == 0 else other_subject(seq)
        entry = AuditEntry(
            seq=seq,
            at=T0 + timedelta(minutes=seq),
            service=service,
            kind=KINDS[seq % len(KINDS)],
            action="referrals.read" if seq % 2 else "ConsentGiven",
            actor=Actor("referral-ui", "NGO North", "ngo") if seq % 2 else None,
            subject=commit_subject(subject_id, salt),
            resource_id=str(uuid.UUID(int=1000 + seq)),
            data_categories=("identity", "location") if seq % 2 else (),
            consent_id=str(uuid.UUID(int=2000 + seq)) if seq % 4 == 0 else None,
            event_id=str(uuid.UUID(int=3000 + seq)) if seq % 5 == 0 else None,
            prev=prev,
        )
        check_new(entry)
        prev = entry_hash(entry)
        rows.append(StoredEntry(entry, prev, subject_id, salt))
        tree.append(bytes.fromhex(prev))
    return rows, tree


def rechain(rows: list[StoredEntry], start: int = 0) -> list[StoredEntry]:
    """What an attacker with database access does to hide a change: recompute every later
    link and hash, so that the chain alone verifies again."""
    out = list(rows[:start])
    prev = out[-1].stored_hash if out else GENESIS
    for row in rows[start:]:
        entry = replace(row.entry, prev=prev)
        prev = entry_hash(entry)
        out.append(replace(row, entry=entry, stored_hash=prev))
    return out


@pytest.fixture(scope="module")
def signer() -> EventSigner:
    return EventSigner.load(None, SERVICE)


def checkpoint(signer: EventSigner, tree: MemoryTree, size: int) -> Checkpoint:
    return sign_checkpoint(signer, SERVICE, size, tree.root(size).hex(), T0 + timedelta(hours=size))


def named(problems: list[AuditProblem]) -> list[tuple[int | None, str]]:
    return [(p.seq, p.problem) for p in problems]


# --- Entries.


def test_content_is_canonical_json_in_utc_to_the_microsecond() -> None:
    entry = AuditEntry(
        seq=2,
        at=datetime(2026, 3, 1, 11, 30, tzinfo=timezone(timedelta(hours=2))),
        service="shelter",
        kind="access",
        action="placements.read",
        actor=Actor("shelter-ui", "Shelter Ø", "shelter"),
        subject="ab" * 32,
        resource_id="r-1",
        data_categories=("identity", "needs"),
        consent_id=None,
        event_id=None,
        prev=GENESIS,
    )
    assert content(entry) == (
        b'{"action":"placements.read","actor":{"client_id":"shelter-ui",'
        b'"organisation":"Shelter \\u00d8","sector":"shelter"},"at":"2026-03-01T09:30:00.000000'
        b'+00:00","consent_id":null,"data_categories":["identity","needs"],"event_id":null,'
        b'"kind":"access","prev":"' + GENESIS.encode() + b'","resource_id":"r-1","seq":2,'
        b'"service":"shelter","subject":"' + b"ab" * 32 + b'"}'
    )
    assert entry_hash(entry) == hashlib.sha256(b"\x00" + content(entry)).hexdigest()
    assert entry_hash(entry) == leaf_hash(content(entry)).hex()


def test_each_entry_links_to_the_hash_of_the_one_before() -> None:
    rows, tree = build_log(5)
    assert rows[0].entry.prev == GENESIS
    for before, after in itertools.pairwise(rows):
        assert after.entry.prev == entry_hash(before.entry) == before.stored_hash
    # The chain's links are the tree's leaves: one hash serves both.
    assert [tree.get(0, i).hex() for i in range(5)] == [row.stored_hash for row in rows]


def test_an_entry_survives_a_round_trip_through_json() -> None:
    rows, _ = build_log(8)
    for row in rows:
        data = json.loads(json.dumps(entry_to_dict(row.entry)))
        back = entry_from_dict(data)
        assert back == row.entry
        assert entry_hash(back) == row.stored_hash


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"seq": "3"}, "seq must be int"),
        ({"seq": True}, "seq must be int"),
        ({"at": "yesterday"}, "not an ISO 8601 time"),
        ({"at": "2026-03-01T09:00:00"}, "has no time zone"),
        ({"actor": {"client_id": "x", "organisation": "y"}}, "actor.sector is missing"),
        ({"data_categories": ["a", 1]}, "list of strings"),
        ({"subject": 5}, "subject must be str or null"),
    ],
)
def test_a_malformed_entry_says_which_field(change: dict[str, Any], message: str) -> None:
    rows, _ = build_log(1)
    with pytest.raises(ValueError, match=message):
        entry_from_dict({**entry_to_dict(rows[0].entry), **change})
    data = entry_to_dict(rows[0].entry)
    del data["prev"]
    with pytest.raises(ValueError, match="prev is missing"):
        entry_from_dict(data)


def test_a_naive_time_is_refused_because_it_would_hash_differently_elsewhere() -> None:
    rows, _ = build_log(1)
    with pytest.raises(ValueError, match="time zone"):
        replace(rows[0].entry, at=datetime(2026, 3, 1, 9, 0))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "deleted"}, "kind 'deleted'"),
        ({"seq": 0}, "not positive"),
        ({"data_categories": ("b", "a")}, "sorted"),
        ({"data_categories": ("a", "a")}, "distinct"),
        ({"prev": "x" * 64}, "64 hex"),
        ({"prev": "1" * 64}, "64 zeros"),
        ({"subject": SUBJECT}, "commitment"),
    ],
)
def test_check_new_refuses_what_the_adapter_must_not_append(
    change: dict[str, Any], message: str
) -> None:
    rows, _ = build_log(1)
    with pytest.raises(ValueError, match=message):
        check_new(replace(rows[0].entry, **change))


def test_the_subject_commitment_needs_the_salt() -> None:
    salt = new_salt()
    assert len(salt) == 16
    assert salt != new_salt()
    assert commit_subject(SUBJECT, salt) == hashlib.sha256(salt + SUBJECT.encode()).hexdigest()
    assert commit_subject(SUBJECT, salt) != commit_subject(SUBJECT, new_salt())
    assert SUBJECT not in commit_subject(SUBJECT, salt)


# --- Signing and checkpoints.


def test_events_and_checkpoints_share_one_signing_path(signer: EventSigner) -> None:
    event = CloudEvent(
        type="ReferralSentAbroad",
        source="/nrm/referral",
        dataschema="urn:nrm:test",
        data={"referral_id": "r-1"},
        key="k-1",
        time=T0,
    )
    keys = signer.public_keys()
    signature = signer.sign(event)
    # Ed25519 is deterministic, so one path means the very same signature.
    assert signature == signer.sign_content(signed_content(event))
    assert verify(event, signature, keys)
    assert verify_content(signed_content(event), signature, keys)
    assert not verify_content(signed_content(event) + b" ", signature, keys)
    assert not verify(replace(event, data={"referral_id": "r-2"}), signature, keys)
    for broken in ({}, {"keys": "x"}, {"keys": [{"kty": "OKP"}]}):
        assert not verify_content(b"x", signature, broken)


def test_a_checkpoint_verifies_only_as_signed(signer: EventSigner) -> None:
    _, tree = build_log(20)
    signed = checkpoint(signer, tree, 20)
    keys = signer.public_keys()
    assert signed.key_id == "nrm-referral"
    assert verify_checkpoint(signed, keys)
    assert verify_checkpoint(checkpoint_from_dict(checkpoint_to_dict(signed)), keys)
    assert b'"format":"nrm-audit-checkpoint/1"' in checkpoint_content(
        SERVICE, 20, signed.root, signed.at
    )
    for forged in (
        replace(signed, size=19),
        replace(signed, root=tree.root(19).hex()),
        replace(signed, at=signed.at + timedelta(seconds=1)),
        replace(signed, service="shelter"),
        replace(signed, key_id="nrm-shelter"),
        replace(signed, signature="x..y"),
    ):
        assert not verify_checkpoint(forged, keys)
    assert not verify_checkpoint(signed, EventSigner.load(None, SERVICE).public_keys())


def test_a_checkpoint_signature_is_not_an_event_signature(signer: EventSigner) -> None:
    _, tree = build_log(3)
    signed = checkpoint(signer, tree, 3)
    assert not verify_content(b"{}", signed.signature, signer.public_keys())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"size": "20"}, "size must be int"),
        ({"size": -1}, "negative"),
        ({"root": "zz"}, "not hex"),
        ({"root": "ab"}, "32 bytes"),
        ({"at": "noon"}, "ISO 8601"),
    ],
)
def test_a_malformed_checkpoint_says_what(
    signer: EventSigner, change: dict[str, Any], message: str
) -> None:
    _, tree = build_log(2)
    data = {**checkpoint_to_dict(checkpoint(signer, tree, 2)), **change}
    with pytest.raises(ValueError, match=message):
        checkpoint_from_dict(data)


# --- Verifying a log: each tampering, and the seq it names.


def test_an_untouched_log_has_no_problems(signer: EventSigner) -> None:
    rows, tree = build_log()
    checkpoints = [checkpoint(signer, tree, size) for size in (1, 10, 20)]
    assert verify_log(SERVICE, rows, checkpoints, signer.public_keys()) == []


def test_a_changed_field_names_the_entry(signer: EventSigner) -> None:
    rows, tree = build_log()
    rows[6] = replace(rows[6], entry=replace(rows[6].entry, action="referrals.delete"))
    problems = verify_log(SERVICE, rows, [checkpoint(signer, tree, 20)], signer.public_keys())
    assert named(problems) == [(7, "entry-altered"), (20, "checkpoint-mismatch")]
    assert "seqs 1-20" in problems[1].detail


def test_a_deleted_entry_is_named_as_missing(signer: EventSigner) -> None:
    rows, tree = build_log()
    del rows[10]
    problems = verify_log(SERVICE, rows, [checkpoint(signer, tree, 20)], signer.public_keys())
    assert named(problems) == [(11, "missing-entry"), (20, "checkpoint-mismatch")]
    assert problems[0].detail == "entry 11 is missing"


def test_an_entry_inserted_in_the_middle_is_named(signer: EventSigner) -> None:
    rows, tree = build_log()
    intruder = replace(rows[10].entry, action="referrals.export", prev=rows[9].stored_hash)
    later = [replace(row, entry=replace(row.entry, seq=row.entry.seq + 1)) for row in rows[10:]]
    tampered = [*rows[:10], StoredEntry(intruder, entry_hash(intruder)), *later]

    problems = verify_log(SERVICE, tampered, [checkpoint(signer, tree, 20)], signer.public_keys())

    assert named(problems)[0] == (11, "inserted-entry")
    assert sorted(named(problems)[1:]) == sorted(
        [(seq, "entry-altered") for seq in range(12, 22)] + [(20, "checkpoint-mismatch")]
    )
    assert "it is entry 11 renumbered" in problems[1].detail


def test_swapped_contents_name_the_first_of_the_two(signer: EventSigner) -> None:
    rows, _ = build_log()
    eight, nine = rows[7], rows[8]
    # The rows keep their seqs; once with the hash column staying, once moving along.
    for hashes_move in (False, True):
        tampered = list(rows)
        tampered[7] = StoredEntry(
            replace(nine.entry, seq=8), nine.stored_hash if hashes_move else eight.stored_hash
        )
        tampered[8] = StoredEntry(
            replace(eight.entry, seq=9), eight.stored_hash if hashes_move else nine.stored_hash
        )
        problems = verify_log(SERVICE, tampered, [], signer.public_keys())
        assert problems[0] == AuditProblem(SERVICE, 8, "entry-altered", problems[0].detail)
        assert {p.seq for p in problems} <= {8, 9, 10}


def test_a_tail_cut_after_a_checkpoint_is_truncated(signer: EventSigner) -> None:
    rows, tree = build_log()
    checkpoints = [checkpoint(signer, tree, 10), checkpoint(signer, tree, 20)]
    assert verify_log(SERVICE, rows[:15], [], signer.public_keys()) == []  # looks fine alone
    problems = verify_log(SERVICE, rows[:15], checkpoints, signer.public_keys())
    assert named(problems) == [(16, "truncated")]
    assert problems[0].detail.endswith(
        "witnessed 20 entries; the log holds 15, ending at seq 15; it matches what was "
        "witnessed up to seq 10"
    )
    # Only the largest checkpoint the log is too short for is named.
    assert named(verify_log(SERVICE, [], checkpoints, signer.public_keys())) == [(1, "truncated")]


def test_a_rewritten_history_with_recomputed_hashes_is_caught_by_a_checkpoint(
    signer: EventSigner,
) -> None:
    rows, tree = build_log()
    rows[6] = replace(rows[6], entry=replace(rows[6].entry, actor=None))
    rewritten = rechain(rows, 6)
    assert verify_log(SERVICE, rewritten, [], signer.public_keys()) == []  # the chain holds

    checkpoints = [checkpoint(signer, tree, size) for size in (5, 10, 20)]
    problems = verify_log(SERVICE, rewritten, checkpoints, signer.public_keys())

    assert named(problems) == [(10, "checkpoint-mismatch"), (20, "checkpoint-mismatch")]
    assert "seqs 6-10 differs from what was witnessed" in problems[0].detail


def test_a_broken_link_names_the_entry_that_carries_it(signer: EventSigner) -> None:
    rows, _ = build_log()
    entry = replace(rows[4].entry, prev="ab" * 32)
    rows[4] = replace(rows[4], entry=entry, stored_hash=entry_hash(entry))
    assert named(verify_log(SERVICE, rows, [], None)) == [(5, "chain-broken"), (6, "chain-broken")]
    assert named(verify_log(SERVICE, rechain(rows, 5), [], None)) == [(5, "chain-broken")]

    rows, _ = build_log()
    first = replace(rows[0].entry, prev="1" * 64)
    rows[0] = StoredEntry(first, entry_hash(first))
    assert named(verify_log(SERVICE, rechain(rows, 1), [], None)) == [(1, "chain-broken")]


def test_duplicates_and_disorder_are_named(signer: EventSigner) -> None:
    rows, _ = build_log()
    assert named(verify_log(SERVICE, [*rows[:8], rows[7], *rows[8:]], [], None)) == [
        (8, "duplicate-entry")
    ]
    swapped = [*rows[:8], rows[9], rows[8], *rows[10:]]
    assert (9, "out-of-order") in named(verify_log(SERVICE, swapped, [], None))
    assert named(verify_log(SERVICE, swapped, [], None))[0][0] == 9
    assert named(verify_log(SERVICE, rows[3:], [], None)) == [(1, "missing-entry")]
    assert verify_log(SERVICE, rows[3:], [], None)[0].detail == "entries 1-3 are missing"


def test_a_checkpoint_that_does_not_verify_proves_nothing(signer: EventSigner) -> None:
    rows, tree = build_log()
    stranger = EventSigner.load(None, SERVICE)
    forged = sign_checkpoint(stranger, SERVICE, 30, tree.root(20).hex(), T0)
    problems = verify_log(SERVICE, rows, [forged], signer.public_keys())
    assert named(problems) == [(None, "bad-signature")]  # and no claim of truncation
    # Checkpoints already verified on receipt need no keys; other services' are skipped.
    theirs = sign_checkpoint(signer, "shelter", 30, tree.root(20).hex(), T0)
    assert verify_log(SERVICE, rows, [theirs, checkpoint(signer, tree, 20)], None) == []


def test_a_commitment_to_someone_else_is_named_and_erasure_still_verifies(
    signer: EventSigner,
) -> None:
    rows, tree = build_log()
    rows[2] = replace(rows[2], subject_id=other_subject(99))
    assert named(verify_log(SERVICE, rows, [], None)) == [(3, "subject-mismatch")]

    rows, tree = build_log()
    erased = [
        replace(row, subject_id=None, subject_salt=None) if row.subject_id == SUBJECT else row
        for row in rows
    ]
    assert verify_log(SERVICE, erased, [checkpoint(signer, tree, 20)], signer.public_keys()) == []


# --- Bundles.


def subject_bundle(
    signers: dict[str, EventSigner], missing: tuple[str, ...] = ("justice",)
) -> dict[str, Any]:
    """What the operations service would export for SUBJECT: per service the entries about
    them, each with its proof against the service's latest checkpoint."""
    services = {}
    for service, service_signer in signers.items():
        rows, tree = build_log(20, service)
        signed = sign_checkpoint(service_signer, service, 20, tree.root().hex(), T0)
        entries = [
            bundle_entry(row, 20, tree.inclusion_proof(row.entry.seq - 1, 20))
            for row in rows
            if row.subject_id == SUBJECT
        ]
        services[service] = (service_signer.public_keys(), signed, entries)
    return json.loads(json.dumps(make_bundle(SUBJECT, T0, services, missing)))


@pytest.fixture(scope="module")
def signers() -> dict[str, EventSigner]:
    return {name: EventSigner.load(None, name) for name in ("referral", "shelter")}


def test_an_untouched_bundle_verifies(signers: dict[str, EventSigner]) -> None:
    bundle = subject_bundle(signers)
    assert len(bundle["services"]["referral"]["entries"]) == 6
    assert verify_bundle(bundle) == []


def test_a_changed_entry_in_a_bundle_is_named(signers: dict[str, EventSigner]) -> None:
    bundle = subject_bundle(signers)
    entries = bundle["services"]["shelter"]["entries"]
    entries[2]["data_categories"] = []
    assert named(verify_bundle(bundle)) == [(9, "entry-altered")]

    # Recomputing the hash as well leaves an entry the signed tree does not contain.
    entries[2]["hash"] = entry_hash(entry_from_dict(entries[2]))
    assert named(verify_bundle(bundle)) == [(9, "checkpoint-mismatch")]


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (lambda e: e["proof"]["hashes"].__setitem__(0, "00" * 32), (6, "checkpoint-mismatch")),
        (lambda e: e["proof"].__setitem__("index", 4), (6, "checkpoint-mismatch")),
        (lambda e: e["proof"].__setitem__("size", 19), (6, "checkpoint-mismatch")),
        (lambda e: e.__setitem__("subject_salt", "00" * 16), (6, "subject-mismatch")),
    ],
)
def test_a_bad_proof_or_commitment_in_a_bundle_is_named(
    signers: dict[str, EventSigner], tamper: Any, expected: tuple[int, str]
) -> None:
    bundle = subject_bundle(signers)
    tamper(bundle["services"]["referral"]["entries"][1])
    assert named(verify_bundle(bundle)) == [expected]


def test_a_repeated_entry_or_another_services_part_in_a_bundle_is_named(
    signers: dict[str, EventSigner],
) -> None:
    bundle = subject_bundle(signers)
    entries = bundle["services"]["referral"]["entries"]
    entries.insert(2, entries[1])
    assert named(verify_bundle(bundle)) == [(6, "duplicate-entry")]

    bundle = subject_bundle(signers)
    bundle["services"]["referral"] = bundle["services"]["shelter"]
    problems = verify_bundle(bundle)
    assert [(p.service, p.seq, p.problem) for p in problems] == [
        ("referral", None, "checkpoint-mismatch")
    ]
    assert "the checkpoint is 'shelter'" in problems[0].detail


def test_a_bundle_about_someone_else_is_caught(signers: dict[str, EventSigner]) -> None:
    bundle = subject_bundle(signers)
    bundle["subject_id"] = other_subject(7)
    problems = verify_bundle(bundle)
    assert {p.problem for p in problems} == {"subject-mismatch"}
    assert [p.seq for p in problems if p.service == "referral"] == [3, 6, 9, 12, 15, 18]


def test_an_erased_subject_still_verifies(signers: dict[str, EventSigner]) -> None:
    bundle = subject_bundle(signers)
    for entry in bundle["services"]["referral"]["entries"]:
        entry["subject_salt"] = None
    bundle["subject_id"] = other_subject(7)  # nothing can tie these entries to anyone now
    assert [p.service for p in verify_bundle(bundle)] == ["shelter"] * 6


def test_a_forged_checkpoint_is_caught_and_pinned_keys_catch_a_reforged_bundle(
    signers: dict[str, EventSigner],
) -> None:
    bundle = subject_bundle(signers)
    bundle["services"]["referral"]["checkpoint"]["size"] = 21
    problems = verify_bundle(bundle)
    assert named(problems)[0] == (None, "bad-signature")

    # Whoever makes the bundle can re-sign it with a key of their own and ship that key:
    # it still hangs together, and only keys obtained another way tell.
    impostor = EventSigner.load(None, "referral")
    reforged = subject_bundle({**signers, "referral": impostor})
    assert verify_bundle(reforged) == []
    pinned = {name: s.public_keys() for name, s in signers.items()}
    assert named(verify_bundle(reforged, pinned)) == [(None, "bad-signature")]
    assert verify_bundle(subject_bundle(signers), pinned) == []
    assert named(verify_bundle(subject_bundle(signers), {"shelter": pinned["shelter"]})) == [
        (None, "bad-signature")
    ]


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda b: b.__setitem__("format", "nrm-audit-bundle/2"), "format is 'nrm-audit-bundle/2'"),
        (lambda b: b.pop("services"), "services is missing"),
        (lambda b: b.__setitem__("missing", "justice"), "missing must be a list"),
        (lambda b: b.__setitem__("generated_at", "today"), "generated_at 'today'"),
        (
            lambda b: b["services"]["referral"].pop("public_keys"),
            "services.referral.public_keys is missing",
        ),
        (
            lambda b: b["services"]["referral"]["checkpoint"].__setitem__("root", "xyz"),
            "services.referral.checkpoint: checkpoint root is not hex",
        ),
        (
            lambda b: b["services"]["shelter"]["entries"][0].__setitem__("hash", "abc"),
            r"services.shelter.entries\[0\].hash is not hex",
        ),
        (
            lambda b: b["services"]["shelter"]["entries"][1]["proof"]["hashes"].__setitem__(
                0, "ab"
            ),
            r"entries\[1\].proof.hashes\[0\] is 1 bytes, not 32",
        ),
        (
            lambda b: b["services"]["shelter"]["entries"][1].__setitem__("subject_salt", 7),
            r"entries\[1\].subject_salt must be hex or null",
        ),
        (
            lambda b: b["services"]["shelter"]["entries"][1].pop("kind"),
            r"entries\[1\]: kind is missing",
        ),
        (
            lambda b: b["services"]["shelter"]["entries"][1]["proof"].__setitem__("index", -1),
            r"entries\[1\].proof.index is negative",
        ),
    ],
)
def test_a_malformed_bundle_says_what_is_malformed(
    signers: dict[str, EventSigner], tamper: Any, message: str
) -> None:
    bundle = subject_bundle(signers)
    tamper(bundle)
    with pytest.raises(BundleMalformed, match=message):
        verify_bundle(bundle)


def test_a_bundle_that_is_not_an_object_is_malformed() -> None:
    with pytest.raises(BundleMalformed, match="not a JSON object"):
        verify_bundle([])


# --- The offline verifier on the command line.


def write(tmp_path: Path, bundle: Any, name: str = "bundle.json") -> str:
    path = tmp_path / name
    path.write_text(bundle if isinstance(bundle, str) else json.dumps(bundle))
    return str(path)


def test_the_verifier_says_ok_for_an_untouched_bundle(
    signers: dict[str, EventSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", write(tmp_path, subject_bundle(signers))]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("referral: 6 entries, checkpoint of 20 entries at ")
    assert out[0].endswith("(key from the bundle): ok")
    assert out[1].startswith("shelter: 6 entries")
    assert out[2] == "justice: not reached when the bundle was made; this trace is partial"
    assert out[-1] == "OK"


def test_the_verifier_names_the_first_bad_entry_first_and_exits_1(
    signers: dict[str, EventSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = subject_bundle(signers)
    entries = bundle["services"]["referral"]["entries"]
    entries[4]["action"] = "referrals.export"  # seq 15
    entries[1]["kind"] = "replay"  # seq 6
    assert main(["verify", write(tmp_path, bundle)]) == 1
    out = capsys.readouterr().out.splitlines()
    problems = [line for line in out if line.startswith("PROBLEM")]
    assert problems[0].startswith("PROBLEM referral seq 6 entry-altered: ")
    assert problems[1].startswith("PROBLEM referral seq 15 entry-altered: ")
    assert out[0].endswith(": 2 problem(s)")
    assert out[-1] == "FAILED: 2 problem(s)"


def test_the_verifier_pins_keys_from_a_file(
    signers: dict[str, EventSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reforged = subject_bundle({**signers, "referral": EventSigner.load(None, "referral")})
    keys = write(tmp_path, {n: s.public_keys() for n, s in signers.items()}, "keys.json")
    assert main(["verify", write(tmp_path, reforged)]) == 0
    assert main(["verify", write(tmp_path, reforged), "--keys", keys]) == 1
    assert "PROBLEM referral seq - bad-signature" in capsys.readouterr().out
    assert main(["verify", write(tmp_path, reforged), "--keys", write(tmp_path, [], "k")]) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "malformed: the bundle file is not JSON"),
        ('{"format": "zip"}', "malformed: format is 'zip'"),
        ('{"format": "nrm-audit-bundle/1"}', "malformed: subject_id is missing"),
    ],
)
def test_the_verifier_exits_2_on_a_malformed_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    assert main(["verify", write(tmp_path, content)]) == 2
    assert capsys.readouterr().err.startswith(message)


def test_the_verifier_exits_2_on_bad_hex_and_a_missing_file(
    signers: dict[str, EventSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = subject_bundle(signers)
    bundle["services"]["referral"]["entries"][0]["proof"]["hashes"][0] = "g" * 64
    assert main(["verify", write(tmp_path, bundle)]) == 2
    assert "proof.hashes[0] is not hex" in capsys.readouterr().err
    assert main(["verify", str(tmp_path / "nowhere.json")]) == 2
    assert "cannot read the bundle file" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2


def test_the_verifier_runs_as_a_module(signers: dict[str, EventSigner], tmp_path: Path) -> None:
    good = write(tmp_path, subject_bundle(signers), "good.json")
    bad_bundle = subject_bundle(signers)
    bad_bundle["services"]["shelter"]["entries"][0]["seq"] = 4
    bad = write(tmp_path, bad_bundle, "bad.json")
    run = [sys.executable, "-m", "nrm_bus.audit", "verify"]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "libs")}

    ok = subprocess.run([*run, good], capture_output=True, text=True, env=env, check=False)
    assert (ok.returncode, ok.stdout.splitlines()[-1]) == (0, "OK"), ok.stderr
    failed = subprocess.run([*run, bad], capture_output=True, text=True, env=env, check=False)
    assert failed.returncode == 1
    assert "PROBLEM shelter seq 4 entry-altered" in failed.stdout
    garbage = subprocess.run(
        [*run, write(tmp_path, "[", "x.json")], capture_output=True, text=True, env=env, check=False
    )
    assert garbage.returncode == 2
    assert "not JSON" in garbage.stderr
