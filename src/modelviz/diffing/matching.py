"""Match the layers of two model graphs in tiers, never by graph edit distance.

1. **Anchors**: same key, same class and the same full signature.
2. **Alignment** by full signature: the anchors that keep their order (a longest
   increasing run, as patience diff) split both topological orders into gaps; inside
   each gap, common prefixes and suffixes match, then signatures unique on both sides
   (patience diff), then the k-th occurrence of a signature on each side.
3. **Same key and class**: a layer whose config changed keeps its name.
4. **Structure**: networkx's Weisfeiler–Lehman subgraph hashes of the remaining
   layers (labels are full signatures), so renamed blocks that moved still match.
5. and 6. **Alignment** again, by config (shapes ignored), then by class only.

Every tier is a pass over the layers with dicts and sorting, so a diff takes
``O(n log n)``; the worklists replace recursion.

Example:
    >>> from modelviz import Input, Sequential, layers
    >>> a = Sequential([Input((4,)), layers.Dense(8, name="a"), layers.Dense(2, name="b")])
    >>> b = Sequential([Input((4,)), layers.Dense(8, name="x"), layers.Dense(2, name="y")])
    >>> match_layers(a.to_graph(), b.to_graph())
    {'a': 'x', 'b': 'y'}
"""

from __future__ import annotations

import bisect
import itertools
import warnings
from collections import defaultdict
from typing import Final

import networkx as nx

from modelviz.diffing.signatures import Signatures

__all__ = ["WL_ITERATIONS", "match_layers", "topological_order"]

WL_ITERATIONS: Final = 2
_BUDGET: Final = 16  # patience passes may scan each element this many times on average


def topological_order(graph: nx.DiGraph) -> list[str]:
    """Keys in a deterministic topological order (definition order breaks ties).

    Shared layers called in a loop make cycles; then definition order is used as is.

    Example:
        >>> import networkx as nx
        >>> G = nx.DiGraph([("input", "b"), ("input", "a"), ("a", "add"), ("b", "add")])
        >>> topological_order(G)  # "b" was defined before "a"
        ['input', 'b', 'a', 'add']
    """
    index = {key: i for i, key in enumerate(graph)}
    if all(index[u] < index[v] for u, v in graph.edges):
        return list(graph)  # definition order is already one (Keras builds it so)
    if not nx.is_directed_acyclic_graph(graph):
        return list(graph)
    return list(nx.lexicographical_topological_sort(graph, key=index.__getitem__))


def match_layers(old: nx.DiGraph, new: nx.DiGraph, signatures: Signatures | None = None
                 ) -> dict[str, str]:
    """Old key -> new key for every layer matched between ``old`` and ``new``."""
    if signatures is None:
        signatures = Signatures()
        signatures.add("old", old, None)
        signatures.add("new", new, None)
    state = _State(old, new, signatures)
    state.by_key(require="full")
    state.align("full")
    state.by_key(require=None)
    state.by_structure()
    state.align("config")
    state.align("kind")
    return {key: state.matched[key] for key in state.old_order if key in state.matched}


class _State:
    """Both orders, the signatures and the matching found so far."""

    def __init__(self, old: nx.DiGraph, new: nx.DiGraph, signatures: Signatures) -> None:
        self.old, self.new, self.sig = old, new, signatures
        self.old_order, self.new_order = topological_order(old), topological_order(new)
        self.old_pos = {key: i for i, key in enumerate(self.old_order)}
        self.new_pos = {key: i for i, key in enumerate(self.new_order)}
        self.matched: dict[str, str] = {}
        self.taken: set[str] = set()

    def pair(self, old_key: str, new_key: str) -> None:
        self.matched[old_key] = new_key
        self.taken.add(new_key)

    def by_key(self, require: str | None) -> None:
        """Tiers 1 and 3: the same key and class (and, for anchors, the same signature)."""
        for key in self.old_order:
            if key in self.matched or key not in self.new_pos or key in self.taken:
                continue
            strength = require or "kind"
            if self.sig.of(strength, "old", key) == self.sig.of(strength, "new", key):
                self.pair(key, key)

    def align(self, strength: str) -> None:
        """Tiers 2, 5, 6: align unmatched layers gap by gap between ordered anchors."""
        for old_gap, new_gap in self._gaps():
            if not old_gap or not new_gap:
                continue
            a = [self.sig.of(strength, "old", key) for key in old_gap]
            b = [self.sig.of(strength, "new", key) for key in new_gap]
            for i, j in align_sequences(a, b):
                self.pair(old_gap[i], new_gap[j])

    def _gaps(self) -> list[tuple[list[str], list[str]]]:
        """Unmatched keys of both sides, split by the chain of anchors that keep their order."""
        pairs = [(self.old_pos[o], self.new_pos[n]) for o, n in self.matched.items()]
        pairs.sort()
        chain = [pairs[i] for i in increasing_run([j for _, j in pairs])]
        old_cuts, new_cuts = [i for i, _ in chain], [j for _, j in chain]
        gaps: list[tuple[list[str], list[str]]] = [([], []) for _ in range(len(chain) + 1)]
        for key in self.old_order:
            if key not in self.matched:
                gaps[bisect.bisect(old_cuts, self.old_pos[key])][0].append(key)
        for key in self.new_order:
            if key not in self.taken:
                gaps[bisect.bisect(new_cuts, self.new_pos[key])][1].append(key)
        return gaps

    def by_structure(self) -> None:
        """Tier 4: equal Weisfeiler–Lehman hashes pair up in order, wherever they sit."""
        old_left = [k for k in self.old_order if k not in self.matched]
        new_left = [k for k in self.new_order if k not in self.taken]
        if not old_left or not new_left:
            return
        old_hash = _wl_hashes(self.old, self.sig, "old")
        new_hash = _wl_hashes(self.new, self.sig, "new")
        waiting: dict[str, list[str]] = defaultdict(list)
        for key in reversed(new_left):
            waiting[new_hash[key]].append(key)
        for key in old_left:
            queue = waiting.get(old_hash[key])
            if queue:
                self.pair(key, queue.pop())


def _wl_hashes(graph: nx.DiGraph, sig: Signatures, side: str) -> dict[str, str]:
    labelled = nx.DiGraph()
    labelled.add_nodes_from((key, {"label": str(sig.of("full", side, key))}) for key in graph)
    labelled.add_edges_from(graph.edges)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "hashes changed in networkx 3.5"
        hashes = nx.weisfeiler_lehman_subgraph_hashes(labelled, node_attr="label",
                                                      iterations=WL_ITERATIONS)
    return {key: values[-1] for key, values in hashes.items()}


def align_sequences(a: list[int], b: list[int]) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)`` with ``a[i] == b[j]``, increasing in both (patience style).

    Example:
        >>> align_sequences([1, 2, 3, 4], [1, 9, 3, 4])
        [(0, 0), (2, 2), (3, 3)]
    """
    pairs: list[tuple[int, int]] = []
    work = [(0, len(a), 0, len(b))]
    budget = _BUDGET * (len(a) + len(b) + 1)  # elements scanned before the linear fallback
    while work:
        alo, ahi, blo, bhi = work.pop()
        budget -= (ahi - alo) + (bhi - blo)
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            pairs.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            pairs.append((ahi - 1, bhi - 1))
            ahi, bhi = ahi - 1, bhi - 1
        if alo == ahi or blo == bhi:
            continue
        anchors = _unique_anchors(a, b, alo, ahi, blo, bhi) if budget > 0 else []
        if not anchors:
            pairs.extend(_occurrence_pairs(a, b, alo, ahi, blo, bhi))
            continue
        pairs.extend(anchors)
        bounds = [(alo - 1, blo - 1), *anchors, (ahi, bhi)]
        for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
            if i1 - i0 > 1 and j1 - j0 > 1:
                work.append((i0 + 1, i1, j0 + 1, j1))
    return sorted(pairs)


def _unique_anchors(a: list[int], b: list[int], alo: int, ahi: int, blo: int,
                    bhi: int) -> list[tuple[int, int]]:
    """Patience diff: values once on each side, the longest run keeping their order."""
    where_a = _positions_if_unique(a, alo, ahi)
    where_b = _positions_if_unique(b, blo, bhi)
    candidates = [(i, where_b[value]) for value, i in where_a.items() if value in where_b]
    candidates.sort()
    return [candidates[k] for k in increasing_run([j for _, j in candidates])]


def _positions_if_unique(values: list[int], lo: int, hi: int) -> dict[int, int]:
    seen: dict[int, int] = {}
    repeated: set[int] = set()
    for i in range(lo, hi):
        if values[i] in seen:
            repeated.add(values[i])
        seen[values[i]] = i
    return {value: i for value, i in seen.items() if value not in repeated}


def _occurrence_pairs(a: list[int], b: list[int], alo: int, ahi: int, blo: int,
                      bhi: int) -> list[tuple[int, int]]:
    """The k-th occurrence of each value on one side with its k-th on the other, in order."""
    waiting: dict[int, list[int]] = defaultdict(list)
    for j in range(bhi - 1, blo - 1, -1):
        waiting[b[j]].append(j)
    candidates = []
    for i in range(alo, ahi):
        queue = waiting.get(a[i])
        if queue:
            candidates.append((i, queue.pop()))
    return [candidates[k] for k in increasing_run([j for _, j in candidates])]


def increasing_run(values: list[int]) -> list[int]:
    """Indices of a longest strictly increasing subsequence (patience sorting, O(n log n)).

    Example:
        >>> increasing_run([3, 1, 2, 5, 4])
        [1, 2, 4]
    """
    tails: list[int] = []  # values[tails[k]] is the smallest end of a run of length k + 1
    previous = [-1] * len(values)
    for index, value in enumerate(values):
        k = bisect.bisect_left(tails, value, key=values.__getitem__)
        if k:
            previous[index] = tails[k - 1]
        if k == len(tails):
            tails.append(index)
        else:
            tails[k] = index
    run, index = [], tails[-1] if tails else -1
    while index != -1:
        run.append(index)
        index = previous[index]
    return run[::-1]

