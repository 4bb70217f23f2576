"""RFC 9162 (Certificate Transparency v2) Merkle tree hashing, section 2.1, over stored
nodes: a log keeps, for every appended leaf, the few perfect-subtree roots that it
completes, and builds roots and proofs from O(log n) of them instead of reading every leaf.

A stored node (level, index) is the root of the perfect subtree over the leaves
[index * 2**level, (index + 1) * 2**level); level 0 holds the leaf hashes. Such a node never
changes once complete, so it can be written once, in the transaction that appends its last
leaf, and read by any later root or proof."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

# A stored node by (level, index); raises (e.g. KeyError) for a node it does not hold.
NodeSource = Callable[[int, int], bytes]

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def _split(width: int) -> int:
    """k of RFC 9162: the largest power of two smaller than `width` (> 1)."""
    return 1 << ((width - 1).bit_length() - 1)


def _is_perfect(width: int) -> bool:
    return width > 0 and width & (width - 1) == 0


def completed_nodes(index: int, leaf: bytes, get: NodeSource) -> list[tuple[int, int, bytes]]:
    """The nodes to store when leaf number `index` (0-based) is appended: the leaf itself and
    every parent it completes, lowest first. Reads only left siblings, which are complete
    already; on average a leaf completes one parent, so about two nodes per leaf."""
    if index < 0:
        raise ValueError(f"leaf index {index} is negative")
    if len(leaf) != HASH_SIZE:
        raise ValueError(f"a leaf hash has {HASH_SIZE} bytes, not {len(leaf)}")
    nodes = [(0, index, leaf)]
    level, position, hash_ = 0, index, leaf
    while position & 1:
        hash_ = node_hash(get(level, position - 1), hash_)
        level += 1
        position >>= 1
        nodes.append((level, position, hash_))
    return nodes


def subtree_root(get: NodeSource, start: int, end: int) -> bytes:
    """MTH(D[start:end]). For the ranges RFC 9162 recursion produces (every left part is a
    perfect, aligned subtree) this reads one stored node per level of the right spine;
    any other range is still correct, only slower."""
    if not 0 <= start < end:
        raise ValueError(f"empty or negative range [{start}, {end})")
    width = end - start
    if _is_perfect(width) and start % width == 0:
        return get(width.bit_length() - 1, start // width)
    k = _split(width)
    return node_hash(subtree_root(get, start, start + k), subtree_root(get, start + k, end))


def root(get: NodeSource, size: int) -> bytes:
    """MTH of the first `size` leaves: the tree head a checkpoint signs."""
    if size < 0:
        raise ValueError(f"tree size {size} is negative")
    return EMPTY_ROOT if size == 0 else subtree_root(get, 0, size)


def inclusion_proof(get: NodeSource, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 2.1.3.1, lowest sibling first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    path: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            path.append(subtree_root(get, start + k, end))
            end = start + k
        else:
            path.append(subtree_root(get, start, start + k))
            start += k
    path.reverse()
    return path


def consistency_proof(get: NodeSource, old_size: int, new_size: int) -> list[bytes]:
    """PROOF(old_size, D[0:new_size]) of RFC 9162 2.1.4.1; empty when either tree is
    trivially consistent with the other (the same size, or an empty old tree)."""
    if not 0 <= old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to {new_size}")
    if old_size in (0, new_size):
        return []
    proof: list[bytes] = []
    # SUBPROOF(old, D[start:end], whole), unrolled: `old` counts the old leaves in range,
    # `whole` stays true while the range still starts at leaf 0, where the verifier
    # already knows the old root and the node is left out.
    start, end, old, whole = 0, new_size, old_size, True
    while old != end - start:
        k = _split(end - start)
        if old <= k:
            proof.append(subtree_root(get, start + k, end))
            end = start + k
        else:
            proof.append(subtree_root(get, start, start + k))
            start += k
            old -= k
            whole = False
    if not whole:
        proof.append(subtree_root(get, start, end))
    proof.reverse()
    return proof


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 2.1.3.2: whether `leaf` (a leaf hash) is leaf number `index` of the tree of
    `size` leaves whose head is `root`."""
    if not 0 <= index < size:
        return False
    if any(len(hash_) != HASH_SIZE for hash_ in (leaf, root, *proof)):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 2.1.4.2: whether the tree of `new_size` leaves with head `new_root` extends
    the tree of `old_size` leaves with head `old_root`, leaving it unchanged."""
    if not 0 <= old_size <= new_size:
        return False
    if any(len(hash_) != HASH_SIZE for hash_ in (old_root, new_root, *proof)):
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        # Anything extends the empty tree, but only if the old head really is empty.
        return not proof and old_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if _is_perfect(old_size):
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


def needed_nodes(operation: Callable[[NodeSource], object]) -> list[tuple[int, int]]:
    """The stored nodes `operation` reads, in order, e.g.
    `needed_nodes(lambda get: inclusion_proof(get, 5, 20))`. None of the algorithms here
    branch on hash values, so an adapter whose storage is asynchronous can fetch exactly
    these nodes in one query and then run the operation on a dict."""
    wanted: list[tuple[int, int]] = []

    def record(level: int, index: int) -> bytes:
        wanted.append((level, index))
        return bytes(HASH_SIZE)

    operation(record)
    return wanted


class MemoryTree:
    """An append-only tree of leaf hashes held in a dict, with the same stored nodes a
    database would hold: for tests and the offline verifier."""

    def __init__(self, leaves: Iterable[bytes] = ()) -> None:
        self._nodes: dict[tuple[int, int], bytes] = {}
        self.size = 0
        for leaf in leaves:
            self.append(leaf)

    def append(self, leaf: bytes) -> int:
        """Appends a leaf hash; returns its 0-based index."""
        index = self.size
        for level, position, hash_ in completed_nodes(index, leaf, self.get):
            self._nodes[(level, position)] = hash_
        self.size += 1
        return index

    def get(self, level: int, index: int) -> bytes:
        return self._nodes[(level, index)]

    @property
    def stored(self) -> int:
        """How many nodes are stored."""
        return len(self._nodes)

    def root(self, size: int | None = None) -> bytes:
        return root(self.get, self._within(size))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_proof(self.get, index, self._within(size))

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        return consistency_proof(self.get, old_size, self._within(new_size))

    def _within(self, size: int | None) -> int:
        if size is None:
            return self.size
        if not 0 <= size <= self.size:
            raise ValueError(f"the tree has {self.size} leaves, not {size}")
        return size
