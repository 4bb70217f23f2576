"""RFC 9162 Merkle hashing of the audit log: the published vectors, a slow reference written
straight from the RFC's recursive definitions, and pymerkle as an independent implementation."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrm_bus.audit import merkle
from nrm_bus.audit.merkle import (
    EMPTY_ROOT,
    MemoryTree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    needed_nodes,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "audit_rfc9162_vectors.json").read_text()
)
MAX_SIZE = 70


def h(hex_: str) -> bytes:
    return bytes.fromhex(hex_)


# --- The reference: RFC 9162 2.1.1, 2.1.3.1 and 2.1.4.1 as written, over a list of leaf hashes,
# hashing on its own so that a broken node_hash cannot agree with itself.


def ref_node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def ref_k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth(leaves: Sequence[bytes]) -> bytes:
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = ref_k(len(leaves))
    return ref_node(ref_mth(leaves[:k]), ref_mth(leaves[k:]))


def ref_path(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    if len(leaves) == 1:
        return []
    k = ref_k(len(leaves))
    if m < k:
        return [*ref_path(m, leaves[:k]), ref_mth(leaves[k:])]
    return [*ref_path(m - k, leaves[k:]), ref_mth(leaves[:k])]


def ref_subproof(m: int, leaves: Sequence[bytes], b: bool) -> list[bytes]:
    if m == len(leaves):
        return [] if b else [ref_mth(leaves)]
    k = ref_k(len(leaves))
    if m <= k:
        return [*ref_subproof(m, leaves[:k], b), ref_mth(leaves[k:])]
    return [*ref_subproof(m - k, leaves[k:], False), ref_mth(leaves[:k])]


def ref_proof(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    return ref_subproof(m, leaves, True)


def leaves_of(count: int, salt: bytes = b"") -> list[bytes]:
    return [leaf_hash(salt + i.to_bytes(4, "big")) for i in range(count)]


def vector_tree() -> MemoryTree:
    return MemoryTree(leaf_hash(h(data)) for data in VECTORS["leaves"])


# --- Published vectors.


def test_hasher_matches_the_published_vectors() -> None:
    hasher = VECTORS["hasher"]
    assert EMPTY_ROOT.hex() == hasher["empty_root"]
    assert leaf_hash(b"").hex() == hasher["empty_leaf"]
    assert leaf_hash(b"L123456").hex() == hasher["leaf_L123456"]
    assert node_hash(b"N123", b"N456").hex() == hasher["node_N123_N456"]


def test_roots_of_sizes_0_to_8_match_the_published_vectors() -> None:
    tree = vector_tree()
    assert tree.root(0) == EMPTY_ROOT
    assert [tree.root(size).hex() for size in range(1, 9)] == VECTORS["roots"]


@pytest.mark.parametrize(
    "vector", VECTORS["inclusion"], ids=lambda v: f"{v['leaf_index']}-of-{v['size']}"
)
def test_inclusion_proofs_match_and_verify_against_the_published_vectors(
    vector: dict[str, Any],
) -> None:
    tree = vector_tree()
    index, size = vector["leaf_index"], vector["size"]
    path = [h(x) for x in vector["path"]]
    leaf = tree.get(0, index)
    root_ = h(VECTORS["roots"][size - 1])

    assert tree.inclusion_proof(index, size) == path
    assert verify_inclusion(leaf, index, size, path, root_)
    for probe, (i, n, leaf_, proof, r) in inclusion_probes(index, size, leaf, path, root_):
        assert not verify_inclusion(leaf_, i, n, proof, r), probe


@pytest.mark.parametrize(
    "vector", VECTORS["consistency"], ids=lambda v: f"{v['old_size']}-to-{v['new_size']}"
)
def test_consistency_proofs_match_and_verify_against_the_published_vectors(
    vector: dict[str, Any],
) -> None:
    tree = vector_tree()
    old, new = vector["old_size"], vector["new_size"]
    proof = [h(x) for x in vector["proof"]]
    old_root, new_root = h(VECTORS["roots"][old - 1]), h(VECTORS["roots"][new - 1])

    assert tree.consistency_proof(old, new) == proof
    assert verify_consistency(old, new, old_root, new_root, proof)
    if proof:  # a proof between equal sizes has nothing to corrupt
        for probe, (m, n, r1, r2, p) in consistency_probes(old, new, old_root, new_root, proof):
            assert not verify_consistency(m, n, r1, r2, p), probe


def flipped(hash_: bytes, bit: int = 3) -> bytes:
    return bytes([hash_[0] ^ (1 << bit)]) + hash_[1:]


def inclusion_probes(
    index: int, size: int, leaf: bytes, proof: list[bytes], root_: bytes
) -> list[tuple[str, tuple[int, int, bytes, list[bytes], bytes]]]:
    """Every way of getting an inclusion proof slightly wrong that must fail."""
    other = leaf_hash(b"another leaf")
    probes = [
        ("index - 1", (index - 1, size, leaf, proof, root_)),
        ("index + 1", (index + 1, size, leaf, proof, root_)),
        ("index ^ 2", (index ^ 2, size, leaf, proof, root_)),
        ("size * 2", (index, size * 2, leaf, proof, root_)),
        ("size // 2", (index, size // 2, leaf, proof, root_)),
        ("wrong leaf", (index, size, other, proof, root_)),
        ("empty root", (index, size, leaf, proof, EMPTY_ROOT)),
        ("short leaf", (index, size, leaf[:-1], proof, root_)),
        ("trailing root", (index, size, leaf, [*proof, root_], root_)),
        ("trailing empty", (index, size, leaf, [*proof, b""], root_)),
        ("preceding root", (index, size, leaf, [root_, *proof], root_)),
    ]
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = flipped(wrong[i])
        probes.append((f"bit flipped in proof[{i}]", (index, size, leaf, wrong, root_)))
    if proof:
        probes.append(("last removed", (index, size, leaf, proof[:-1], root_)))
    if len(proof) > 1:
        probes.append(("inserted", (index, size, leaf, [proof[0], other, *proof[1:]], root_)))
    return probes


def consistency_probes(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: list[bytes]
) -> list[tuple[str, tuple[int, int, bytes, bytes, list[bytes]]]]:
    """Every way of getting a consistency proof slightly wrong that must fail."""
    probes = [
        ("old - 1", (old - 1, new, old_root, new_root, proof)),
        ("old + 1", (old + 1, new, old_root, new_root, proof)),
        ("old ^ 2", (old ^ 2, new, old_root, new_root, proof)),
        ("new * 2", (old, new * 2, old_root, new_root, proof)),
        ("new // 2", (old, new // 2, old_root, new_root, proof)),
        ("wrong old root", (old, new, flipped(old_root), new_root, proof)),
        ("wrong new root", (old, new, old_root, flipped(new_root), proof)),
        ("swapped roots", (old, new, new_root, old_root, proof)),
        ("empty proof", (old, new, old_root, new_root, [])),
        ("trailing old root", (old, new, old_root, new_root, [*proof, old_root])),
        ("trailing new root", (old, new, old_root, new_root, [*proof, new_root])),
        ("trailing empty", (old, new, old_root, new_root, [*proof, b""])),
        ("preceding old root", (old, new, old_root, new_root, [old_root, *proof])),
        ("preceding new root", (old, new, old_root, new_root, [new_root, *proof])),
        ("preceding proof[0]", (old, new, old_root, new_root, [proof[0], *proof])),
        ("last removed", (old, new, old_root, new_root, proof[:-1])),
    ]
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = flipped(wrong[i], 4)
        probes.append((f"bit flipped in proof[{i}]", (old, new, old_root, new_root, wrong)))
    return probes


# --- Edge cases the vectors leave out.


def test_trivial_consistency_needs_an_empty_proof_and_honest_roots() -> None:
    tree = MemoryTree(leaves_of(5))
    r1, r5 = tree.root(1), tree.root(5)
    assert verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert verify_consistency(0, 5, EMPTY_ROOT, r5, [])
    assert verify_consistency(5, 5, r5, r5, [])
    assert not verify_consistency(0, 5, r1, r5, [])  # size 0 claims a non-empty root
    assert not verify_consistency(5, 5, r1, r5, [])
    assert not verify_consistency(5, 5, r5, r5, [r5])
    assert not verify_consistency(0, 5, EMPTY_ROOT, r5, [r5])
    assert not verify_consistency(5, 1, r5, r1, [])  # a tree cannot shrink
    assert not verify_consistency(-1, 5, EMPTY_ROOT, r5, [])


def test_inclusion_rejects_impossible_positions() -> None:
    tree = MemoryTree(leaves_of(4))
    leaf = tree.get(0, 0)
    for index, size in [(0, 0), (1, 0), (4, 4), (2, 1), (-1, 4)]:
        assert not verify_inclusion(leaf, index, size, [], tree.root())
    with pytest.raises(ValueError, match="not in a tree"):
        tree.inclusion_proof(4, 4)
    with pytest.raises(ValueError, match="the tree has 4 leaves"):
        tree.inclusion_proof(0, 5)
    with pytest.raises(ValueError, match="no consistency proof"):
        tree.consistency_proof(3, 2)


def test_hashes_of_the_wrong_length_never_verify() -> None:
    # In a one-leaf tree the leaf is the root, so only the length tells b"" from a hash.
    assert not verify_inclusion(b"", 0, 1, [], b"")
    assert not verify_consistency(1, 1, b"", b"", [])
    assert not verify_consistency(0, 1, b"", EMPTY_ROOT, [])


def test_a_leaf_hash_must_be_32_bytes() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        MemoryTree().append(b"short")


# --- The stored-node algorithms against the reference.


def test_every_proof_up_to_70_leaves_matches_the_reference() -> None:
    leaves = leaves_of(MAX_SIZE)
    tree = MemoryTree(leaves)
    for size in range(1, MAX_SIZE + 1):
        assert tree.root(size) == ref_mth(leaves[:size]), size
        for index in range(size):
            assert tree.inclusion_proof(index, size) == ref_path(index, leaves[:size])
        for old in range(1, size + 1):
            assert tree.consistency_proof(old, size) == ref_proof(old, leaves[:size])


@settings(max_examples=300, deadline=None)
@given(
    data=st.lists(st.binary(max_size=12), min_size=1, max_size=MAX_SIZE),
    choice=st.data(),
)
def test_stored_nodes_give_the_reference_roots_and_proofs(
    data: list[bytes], choice: st.DataObject
) -> None:
    leaves = [leaf_hash(d) for d in data]
    tree = MemoryTree(leaves)
    size = choice.draw(st.integers(1, len(leaves)), label="size")
    index = choice.draw(st.integers(0, size - 1), label="index")
    old = choice.draw(st.integers(1, size), label="old")
    part = leaves[:size]

    assert tree.root(size) == ref_mth(part)
    path = tree.inclusion_proof(index, size)
    assert path == ref_path(index, part)
    assert verify_inclusion(leaves[index], index, size, path, ref_mth(part))
    proof = tree.consistency_proof(old, size)
    assert proof == ref_proof(old, part)
    assert verify_consistency(old, size, ref_mth(leaves[:old]), ref_mth(part), proof)


@settings(max_examples=300, deadline=None)
@given(
    size=st.integers(2, MAX_SIZE),
    choice=st.data(),
)
def test_a_corrupted_proof_never_verifies(size: int, choice: st.DataObject) -> None:
    leaves = leaves_of(size)
    tree = MemoryTree(leaves)
    index = choice.draw(st.integers(0, size - 1), label="index")
    path = tree.inclusion_proof(index, size)
    for probe, (i, n, leaf, proof, r) in inclusion_probes(
        index, size, leaves[index], path, tree.root(size)
    ):
        assert not verify_inclusion(leaf, i, n, proof, r), probe

    old = choice.draw(st.integers(1, size - 1), label="old")
    proof_ = tree.consistency_proof(old, size)
    for probe, (m, n, r1, r2, p) in consistency_probes(
        old, size, tree.root(old), tree.root(size), proof_
    ):
        assert not verify_consistency(m, n, r1, r2, p), probe


def test_a_log_whose_past_changed_is_not_consistent_with_its_old_head() -> None:
    leaves = leaves_of(20)
    honest = MemoryTree(leaves)
    rewritten = MemoryTree([*leaves[:6], leaf_hash(b"rewritten"), *leaves[7:]])
    for old in range(7, 20):
        proof = rewritten.consistency_proof(old, 20)
        assert not verify_consistency(old, 20, honest.root(old), rewritten.root(20), proof)
    # Before the rewritten leaf both logs agree, and the proof says so.
    proof = rewritten.consistency_proof(6, 20)
    assert verify_consistency(6, 20, honest.root(6), rewritten.root(20), proof)


# --- What the database adapter relies on: few nodes written, few nodes read.


def test_appending_stores_about_two_nodes_per_leaf() -> None:
    tree = MemoryTree()
    for size in range(1, 200):
        tree.append(leaf_hash(size.to_bytes(2, "big")))
        # One node per leaf and one per completed parent: 2n - popcount(n).
        assert tree.stored == 2 * size - size.bit_count()


def test_completed_nodes_names_each_perfect_subtree_the_leaf_finishes() -> None:
    leaves = leaves_of(8)
    tree = MemoryTree(leaves[:7])
    nodes = merkle.completed_nodes(7, leaves[7], tree.get)
    assert [(level, index) for level, index, _ in nodes] == [(0, 7), (1, 3), (2, 1), (3, 0)]
    assert nodes[-1][2] == ref_mth(leaves)
    assert merkle.completed_nodes(6, leaves[6], tree.get) == [(0, 6, leaves[6])]


def counting(get: Callable[[int, int], bytes]) -> tuple[list[tuple[int, int]], Any]:
    reads: list[tuple[int, int]] = []

    def counted(level: int, index: int) -> bytes:
        reads.append((level, index))
        return get(level, index)

    return reads, counted


def test_roots_and_proofs_read_logarithmically_many_nodes() -> None:
    size = 1000
    tree = MemoryTree(leaves_of(size))
    for n in (1, 2, 3, 7, 8, 9, 640, 999, 1000):
        reads, get = counting(tree.get)
        root(get, n)
        assert len(reads) == n.bit_count()  # one stored node per perfect piece
        reads, get = counting(tree.get)
        inclusion_proof(get, n - 1, n)
        assert len(reads) <= 2 * n.bit_length()
        reads, get = counting(tree.get)
        consistency_proof(get, n // 3 + 1, n)
        assert len(reads) <= 2 * n.bit_length()


def reader(nodes: dict[tuple[int, int], bytes]) -> Callable[[int, int], bytes]:
    return lambda level, index: nodes[(level, index)]


def test_needed_nodes_lists_exactly_the_nodes_an_operation_reads() -> None:
    tree = MemoryTree(leaves_of(95))
    for operation in (
        lambda get: inclusion_proof(get, 81, 95),
        lambda get: consistency_proof(get, 81, 95),
        lambda get: root(get, 95),
        lambda get: merkle.completed_nodes(95, leaf_hash(b"next"), get),
    ):
        reads, get = counting(tree.get)
        operation(get)
        wanted = needed_nodes(operation)
        assert wanted == reads
        # An asynchronous adapter fetches these in one query and runs on the dict.
        fetched = {node: tree.get(*node) for node in wanted}
        assert operation(reader(fetched)) == operation(tree.get)


# --- pymerkle, an independent implementation, for sizes beyond the vectors.


def test_roots_and_inclusion_paths_agree_with_pymerkle() -> None:
    pymerkle = pytest.importorskip("pymerkle")
    theirs = pymerkle.InmemoryTree(algorithm="sha256")  # RFC 9162 prefixes are its default
    ours = MemoryTree()
    data = [bytes([i % 256]) * (i % 9) + i.to_bytes(2, "big") for i in range(MAX_SIZE)]
    for item in data:
        theirs.append_entry(item)
        ours.append(leaf_hash(item))

    assert theirs.get_root(0) == ours.root(0)
    for size in range(1, MAX_SIZE + 1):
        assert theirs.get_root(size) == ours.root(size), size
        for index in range(size):
            path = theirs.prove_inclusion(index + 1, size).path  # pymerkle counts from 1
            # pymerkle puts the leaf itself first, then the RFC 9162 PATH.
            assert path == [ours.get(0, index), *ours.inclusion_proof(index, size)]


def test_pymerkle_finds_our_heads_consistent_and_a_rewritten_one_not() -> None:
    pymerkle = pytest.importorskip("pymerkle")
    theirs = pymerkle.InmemoryTree(algorithm="sha256")
    data = [i.to_bytes(2, "big") for i in range(40)]
    for item in data:
        theirs.append_entry(item)
    ours = MemoryTree(leaf_hash(item) for item in data)
    rewritten = MemoryTree(leaf_hash(b"x" + item) for item in data)
    # pymerkle's consistency proofs have their own layout (rule and subset bits, leaves
    # down to the base), so only the heads they connect can be compared, not the paths.
    for old, new in [(1, 40), (3, 7), (16, 40), (17, 33), (39, 40)]:
        proof = theirs.prove_consistency(old, new)
        pymerkle.verify_consistency(ours.root(old), ours.root(new), proof)
        with pytest.raises(pymerkle.InvalidProof):
            pymerkle.verify_consistency(rewritten.root(old), ours.root(new), proof)
