"""Verification of audit logs and exported audit bundles that names the first bad entry:
what the operations service runs across services, and what the offline verifier runs on a
bundle with no network.

Problem slugs:
  entry-altered        the stored hash is not the hash of the entry as it stands
  chain-broken         `prev` is not the hash of the entry before it
  inserted-entry       a later entry's `prev` skips this one: it was put into the chain
  missing-entry        a gap in seq (the first missing seq is named)
  duplicate-entry      a seq stored twice
  out-of-order         a seq stored after a higher one
  truncated            a signed checkpoint witnessed entries the log no longer has
  checkpoint-mismatch  the entries do not hash to a signed checkpoint's root
  bad-signature        a checkpoint's signature does not verify with the service's keys
  subject-mismatch     the subject commitment does not match the subject id and salt"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from nrm_bus.audit.checkpoint import (
    Checkpoint,
    checkpoint_from_dict,
    checkpoint_to_dict,
    verify_checkpoint,
)
from nrm_bus.audit.entry import (
    GENESIS,
    AuditEntry,
    commit_subject,
    entry_from_dict,
    entry_hash,
    entry_to_dict,
)
from nrm_bus.audit.merkle import MemoryTree, verify_inclusion

BUNDLE_FORMAT = "nrm-audit-bundle/1"
PROBLEMS = (
    "entry-altered",
    "chain-broken",
    "inserted-entry",
    "missing-entry",
    "duplicate-entry",
    "out-of-order",
    "truncated",
    "checkpoint-mismatch",
    "bad-signature",
    "subject-mismatch",
)


@dataclass(frozen=True)
class AuditProblem:
    service: str
    seq: int | None  # the entry named; None for a problem with a checkpoint as a whole
    problem: str  # one of PROBLEMS
    detail: str


@dataclass(frozen=True)
class StoredEntry:
    """A row of a service's audit log as the database holds it."""

    entry: AuditEntry
    stored_hash: str
    # Both deleted at erasure; until then they let an auditor check the commitment.
    subject_id: str | None = None
    subject_salt: bytes | None = None


class BundleMalformed(ValueError):
    """A bundle that cannot be read as nrm-audit-bundle/1; the message says where."""


def verify_log(
    service: str,
    rows: Sequence[StoredEntry],
    checkpoints: Sequence[Checkpoint],
    public_keys: dict[str, Any] | None = None,
) -> list[AuditProblem]:
    """Every problem in one service's log, in stored order, checked against the signed
    checkpoints that others keep (those of other services are ignored, so a caller can pass
    all it has). With `public_keys` None the checkpoints are taken as verified already.
    The problems come sorted by the seq they name, so the first bad entry comes first."""
    found: list[AuditProblem] = []

    def problem(seq: int | None, slug: str, detail: str) -> None:
        found.append(AuditProblem(service, seq, slug, detail))

    hashes = [entry_hash(row.entry) for row in rows]
    position_of: dict[str, int] = {}
    for position, row in enumerate(rows):
        position_of.setdefault(row.stored_hash, position)
    linked = {row.entry.prev for row in rows}
    seen: set[int] = set()
    highest = 0

    for position, row in enumerate(rows):
        entry, seq = row.entry, row.entry.seq
        if hashes[position] != row.stored_hash:
            problem(seq, "entry-altered", _altered(row, hashes[position]))

        if seq in seen:
            problem(seq, "duplicate-entry", f"seq {seq} is stored more than once")
        elif seq < highest:
            problem(seq, "out-of-order", f"seq {seq} is stored after seq {highest}")

        # The link is checked between neighbours with consecutive seqs only: across a gap,
        # a duplicate or a reordering the problem above already says what is wrong.
        before = rows[position - 1] if position > 0 else None
        expected: str | None = None
        if seq == 1:
            expected = GENESIS
        elif before is not None and before.entry.seq == seq - 1:
            expected = before.stored_hash
        if expected is not None and entry.prev != expected:
            target = position_of.get(entry.prev)
            skipped = _skipped(rows, position, target, linked)
            for extra in skipped:
                problem(
                    extra.entry.seq,
                    "inserted-entry",
                    f"entry {seq} links past it to the entry stored as seq "
                    f"{rows[target].entry.seq if target is not None else '?'}, and nothing "
                    "in the chain links to it",
                )
            if not skipped:
                problem(
                    seq,
                    "chain-broken",
                    f"prev is {_short(entry.prev)} but entry {seq - 1} is stored as "
                    f"{_short(expected)}: this link or entry {seq - 1} was changed"
                    if seq > 1
                    else f"entry 1 must follow nothing (prev 0…0), not {_short(entry.prev)}",
                )

        if (
            row.subject_id is not None
            and row.subject_salt is not None
            and entry.subject != commit_subject(row.subject_id, row.subject_salt)
        ):
            problem(seq, "subject-mismatch", "the subject commitment is not this subject's")

        seen.add(seq)
        highest = max(highest, seq)

    for first, last in _gaps(seen, highest):
        problem(
            first,
            "missing-entry",
            f"entry {first} is missing" if first == last else f"entries {first}-{last} are missing",
        )

    _check_checkpoints(service, rows, hashes, highest, checkpoints, public_keys, problem)
    return _in_order(found)


def _check_checkpoints(
    service: str,
    rows: Sequence[StoredEntry],
    hashes: list[str],
    highest: int,
    checkpoints: Sequence[Checkpoint],
    public_keys: dict[str, Any] | None,
    problem: Callable[[int | None, str, str], None],
) -> None:
    # The roots are recomputed from the entries as they stand, not from the stored hashes:
    # a checkpoint witnesses content, and a stored hash is as easy to rewrite as content.
    tree = MemoryTree(bytes.fromhex(hash_) for hash_ in hashes)
    witnessed = 0  # the largest checkpoint that the log still matches
    beyond: Checkpoint | None = None  # the largest checkpoint the log is too short for
    for checkpoint in sorted(checkpoints, key=lambda c: c.size):
        if checkpoint.service != service:
            continue
        signed = f"signed at {checkpoint.at.isoformat()} by {checkpoint.key_id}"
        if public_keys is not None and not verify_checkpoint(checkpoint, public_keys):
            problem(
                None,
                "bad-signature",
                f"the checkpoint of {checkpoint.size} entries {signed} does not verify",
            )
            continue  # an unsigned claim proves nothing about the log
        if checkpoint.size > len(rows):
            beyond = checkpoint
            continue
        root = tree.root(checkpoint.size)
        if root != _bytes_or_none(checkpoint.root):
            problem(
                checkpoint.size,
                "checkpoint-mismatch",
                f"the first {checkpoint.size} entries hash to {_short(root.hex())}, the "
                f"checkpoint {signed} says {_short(checkpoint.root)}: an entry in seqs "
                f"{witnessed + 1}-{checkpoint.size} differs from what was witnessed",
            )
        else:
            witnessed = max(witnessed, checkpoint.size)

    if beyond is None:
        return
    # One problem for the largest such checkpoint: smaller ones only repeat it. The entries
    # past the log's end are gone, so no root can be compared; what still matches a
    # smaller checkpoint bounds where the damage starts.
    claim = (
        f"a checkpoint signed at {beyond.at.isoformat()} by {beyond.key_id} witnessed "
        f"{beyond.size} entries; the log holds {len(rows)}"
    )
    intact = f"; it matches what was witnessed up to seq {witnessed}" if witnessed else ""
    if highest >= beyond.size:
        problem(beyond.size, "checkpoint-mismatch", f"{claim} up to seq {highest}{intact}")
    else:
        problem(highest + 1, "truncated", f"{claim}, ending at seq {highest}{intact}")


def _altered(row: StoredEntry, actual: str) -> str:
    detail = f"stored hash {_short(row.stored_hash)}, the entry hashes to {_short(actual)}"
    for shift in (-1, 1):
        if entry_hash(replace(row.entry, seq=row.entry.seq + shift)) == row.stored_hash:
            return f"{detail}: it is entry {row.entry.seq + shift} renumbered"
    return detail


def _skipped(
    rows: Sequence[StoredEntry], position: int, target: int | None, linked: set[str]
) -> list[StoredEntry]:
    """The rows between `target` and `position` when `rows[position]` links straight to
    `rows[target]` and nothing links to any of them: entries put into the chain."""
    if target is None or target >= position - 1:
        return []
    between = rows[target + 1 : position]
    if any(row.stored_hash in linked for row in between):
        return []
    return list(between)


def _gaps(seen: set[int], highest: int) -> list[tuple[int, int]]:
    gaps: list[tuple[int, int]] = []
    start: int | None = None
    for seq in range(1, highest + 2):
        if seq not in seen and seq <= highest:
            start = seq if start is None else start
        elif start is not None:
            gaps.append((start, seq - 1))
            start = None
    return gaps


def _in_order(problems: list[AuditProblem]) -> list[AuditProblem]:
    return sorted(problems, key=lambda p: (p.seq is None, p.seq or 0))


def _short(hex_: str) -> str:
    return f"{hex_[:12]}…"


def _bytes_or_none(hex_: str) -> bytes | None:
    try:
        return bytes.fromhex(hex_)
    except ValueError:
        return None


# --- Bundles: one subject's entries across services, each with its inclusion proof.


@dataclass(frozen=True)
class BundleEntry:
    entry: AuditEntry
    hash: bytes
    subject_salt: bytes | None
    proof_index: int
    proof_size: int
    proof: tuple[bytes, ...]


@dataclass(frozen=True)
class BundleService:
    public_keys: dict[str, Any]
    checkpoint: Checkpoint
    entries: tuple[BundleEntry, ...]


@dataclass(frozen=True)
class Bundle:
    subject_id: str
    generated_at: datetime
    services: dict[str, BundleService]
    missing: tuple[str, ...]


def bundle_entry(row: StoredEntry, size: int, proof: Sequence[bytes]) -> dict[str, Any]:
    """One entry as a bundle carries it, with its inclusion proof in the tree of `size`
    entries that the service's checkpoint signs."""
    return {
        **entry_to_dict(row.entry),
        "hash": row.stored_hash,
        "subject_salt": None if row.subject_salt is None else row.subject_salt.hex(),
        "proof": {
            "index": row.entry.seq - 1,
            "size": size,
            "hashes": [hash_.hex() for hash_ in proof],
        },
    }


def make_bundle(
    subject_id: str,
    generated_at: datetime,
    services: dict[str, tuple[dict[str, Any], Checkpoint, list[dict[str, Any]]]],
    missing: Sequence[str] = (),
) -> dict[str, Any]:
    """An nrm-audit-bundle/1: per service its JWKS, its checkpoint and the entries made
    with `bundle_entry`; `missing` names the services that could not be reached."""
    return {
        "format": BUNDLE_FORMAT,
        "subject_id": subject_id,
        "generated_at": generated_at.isoformat(),
        "services": {
            name: {
                "public_keys": keys,
                "checkpoint": checkpoint_to_dict(checkpoint),
                "entries": entries,
            }
            for name, (keys, checkpoint, entries) in services.items()
        },
        "missing": list(missing),
    }


def parse_bundle(data: Any) -> Bundle:
    """Reads a bundle's structure; raises BundleMalformed saying what is malformed."""
    if not isinstance(data, dict):
        raise BundleMalformed("the bundle is not a JSON object")
    if data.get("format") != BUNDLE_FORMAT:
        raise BundleMalformed(f"format is {data.get('format')!r}, not {BUNDLE_FORMAT!r}")
    subject_id = _need(data, "subject_id", str, "")
    generated_at = _time(_need(data, "generated_at", str, ""), "generated_at")
    services = _need(data, "services", dict, "")
    missing = _need(data, "missing", list, "")
    if not all(isinstance(name, str) for name in missing):
        raise BundleMalformed("missing must list service names")
    parsed: dict[str, BundleService] = {}
    for name, part in services.items():
        where = f"services.{name}"
        if not isinstance(part, dict):
            raise BundleMalformed(f"{where} is not a JSON object")
        keys = _need(part, "public_keys", dict, where)
        if not isinstance(keys.get("keys"), list):
            raise BundleMalformed(f"{where}.public_keys is not a JWKS (no keys list)")
        try:
            checkpoint = checkpoint_from_dict(_need(part, "checkpoint", dict, where))
        except ValueError as error:
            raise BundleMalformed(f"{where}.checkpoint: {error}") from None
        entries = _need(part, "entries", list, where)
        parsed[name] = BundleService(
            keys,
            checkpoint,
            tuple(_entry(item, f"{where}.entries[{i}]") for i, item in enumerate(entries)),
        )
    return Bundle(subject_id, generated_at, parsed, tuple(missing))


def verify_bundle(
    bundle: Any, trusted_keys: dict[str, dict[str, Any]] | None = None
) -> list[AuditProblem]:
    """Every problem in an exported bundle, offline: each checkpoint's signature, each
    entry's hash, its inclusion in the signed tree and its subject commitment.

    The bundle carries the services' keys itself, which shows that it hangs together but
    not who made it; `trusted_keys` (service -> JWKS, obtained another way) pins them."""
    parsed = parse_bundle(bundle)
    found: list[AuditProblem] = []
    for service, part in parsed.services.items():
        found.extend(_verify_part(service, part, parsed.subject_id, trusted_keys))
    return found


def _verify_part(
    service: str,
    part: BundleService,
    subject_id: str,
    trusted_keys: dict[str, dict[str, Any]] | None,
) -> list[AuditProblem]:
    found: list[AuditProblem] = []

    def problem(seq: int | None, slug: str, detail: str) -> None:
        found.append(AuditProblem(service, seq, slug, detail))

    checkpoint = part.checkpoint
    keys = part.public_keys if trusted_keys is None else trusted_keys.get(service)
    signed = keys is not None and verify_checkpoint(checkpoint, keys)
    if keys is None:
        problem(None, "bad-signature", "no trusted key was given for this service")
    elif not signed:
        problem(
            None,
            "bad-signature",
            f"the checkpoint of {checkpoint.size} entries signed by {checkpoint.key_id} "
            "does not verify, so no entry can be proven against it",
        )
    if checkpoint.service != service:
        problem(None, "checkpoint-mismatch", f"the checkpoint is {checkpoint.service!r}'s")
    root = bytes.fromhex(checkpoint.root)
    seen: set[int] = set()
    for item in part.entries:
        entry, seq = item.entry, item.entry.seq
        if seq in seen:
            problem(seq, "duplicate-entry", f"seq {seq} is in the bundle more than once")
        seen.add(seq)
        actual = entry_hash(entry)
        if actual != item.hash.hex():
            problem(
                seq,
                "entry-altered",
                f"hash {_short(item.hash.hex())}, the entry hashes to {_short(actual)}",
            )
        # The stored hash is proven, so that an altered entry is one problem, not two;
        # together both checks prove the entry as it stands.
        if not signed:
            pass  # a root nobody signed proves nothing either way
        elif item.proof_index != seq - 1 or item.proof_size != checkpoint.size:
            problem(
                seq,
                "checkpoint-mismatch",
                f"the proof is for leaf {item.proof_index} of {item.proof_size}, not leaf "
                f"{seq - 1} of the checkpoint's {checkpoint.size}",
            )
        elif not verify_inclusion(item.hash, seq - 1, checkpoint.size, item.proof, root):
            problem(
                seq,
                "checkpoint-mismatch",
                f"the entry is not in the log of {checkpoint.size} entries that the "
                "checkpoint signs: its inclusion proof fails",
            )
        if item.subject_salt is not None and entry.subject != commit_subject(
            subject_id, item.subject_salt
        ):
            problem(seq, "subject-mismatch", f"the entry is not about subject {subject_id}")
    return _in_order(found)


def _entry(item: Any, where: str) -> BundleEntry:
    if not isinstance(item, dict):
        raise BundleMalformed(f"{where} is not a JSON object")
    try:
        entry = entry_from_dict(item)
    except ValueError as error:
        raise BundleMalformed(f"{where}: {error}") from None
    hash_ = _hex(_need(item, "hash", str, where), f"{where}.hash", 32)
    salt = item.get("subject_salt", ...)
    if salt is ...:
        raise BundleMalformed(f"{where}.subject_salt is missing")
    if salt is not None:
        if not isinstance(salt, str):
            raise BundleMalformed(f"{where}.subject_salt must be hex or null")
        salt = _hex(salt, f"{where}.subject_salt", None)
    proof = _need(item, "proof", dict, where)
    index = _need(proof, "index", int, f"{where}.proof")
    size = _need(proof, "size", int, f"{where}.proof")
    path: list[bytes] = []
    for i, node in enumerate(_need(proof, "hashes", list, f"{where}.proof")):
        if not isinstance(node, str):
            raise BundleMalformed(f"{where}.proof.hashes[{i}] is not a string")
        path.append(_hex(node, f"{where}.proof.hashes[{i}]", 32))
    return BundleEntry(entry, hash_, salt, index, size, tuple(path))


def _need(data: dict[str, Any], name: str, kind: type, where: str) -> Any:
    path = f"{where}.{name}" if where else name
    if name not in data:
        raise BundleMalformed(f"{path} is missing")
    value = data[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BundleMalformed(f"{path} must be {_KIND_NAMES[kind]}")
    if kind is int and isinstance(value, int) and value < 0:
        raise BundleMalformed(f"{path} is negative")
    return value


_KIND_NAMES = {str: "a string", int: "an integer", dict: "a JSON object", list: "a list"}


def _hex(value: str, where: str, size: int | None) -> bytes:
    try:
        decoded = bytes.fromhex(value)
    except ValueError:
        raise BundleMalformed(f"{where} is not hex") from None
    if size is not None and len(decoded) != size:
        raise BundleMalformed(f"{where} is {len(decoded)} bytes, not {size}")
    if not decoded:
        raise BundleMalformed(f"{where} is empty")
    return decoded


def _time(value: str, where: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise BundleMalformed(f"{where} {value!r} is not an ISO 8601 time") from None
