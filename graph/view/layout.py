"""Node positions for the viewer, computed once in Python so the browser never runs physics.

A force-directed (Fruchterman-Reingold) layout in vectorized numpy, per connected
component, with the components packed in rows, biggest first. NetworkX's own layouts
were measured too slow here for a 2,000-node graph (14-20 s: its sparse solver loops
over nodes in Python); this one takes about 3 s for 2,000 nodes and 5,000 edges.

Deterministic: nodes are taken in sorted order, the random start comes from a fixed seed
and the result is rounded to whole pixels, so the same graph always gives the same file.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable

SEED = 20240301
# Pixels per unit of the ideal edge length (vis-network draws nodes 10-45 px wide).
SCALE = 150.0
ITERATIONS = 60
# Big components get fewer rounds: each costs O(n^2) and the picture settles sooner.
BIG, BIG_ITERATIONS = 400, 40


def _force_layout(n: int, edges: list[tuple[int, int]], seed: int, iterations: int):
    """Positions (n x 2 array, ideal edge length 1) for one connected component."""
    import numpy as np

    rng = np.random.default_rng(seed)
    pos = (rng.random((n, 2)) * math.sqrt(n)).astype(np.float32)
    if n == 1 or not edges:
        return pos
    src = np.array([e[0] for e in edges], dtype=np.int64)
    dst = np.array([e[1] for e in edges], dtype=np.int64)
    step = math.sqrt(n) / 10 + 0.5
    cooling = step / (iterations + 1)
    ones = np.ones((n, 1), dtype=pos.dtype)
    for _ in range(iterations):
        # Repulsion k^2/d between every pair, written as matrix products so numpy's BLAS
        # does the n^2 work: sum_j f_ij (x_i - x_j) = x_i * sum_j f_ij - (F @ x)_i, and
        # F @ [x y 1] gives both terms in one pass. Squared distances: |a|^2 + |b|^2 - 2ab.
        sq = (pos * pos).sum(1)
        inv = (-2 * pos) @ pos.T
        inv += sq[:, None]
        inv += sq[None, :]
        np.maximum(inv, 0.01, out=inv)
        np.reciprocal(inv, out=inv)
        np.fill_diagonal(inv, 0)
        sums = inv @ np.hstack([pos, ones])
        disp = pos * sums[:, 2:3] - sums[:, :2]
        # Attraction d^2/k along each edge.
        delta = pos[src] - pos[dst]
        pull = delta * np.sqrt((delta * delta).sum(1))[:, None]
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(src, pull[:, axis], n) - np.bincount(dst, pull[:, axis], n)
        length = np.sqrt((disp * disp).sum(1))[:, None]
        np.maximum(length, 1e-9, out=length)
        pos += disp / length * np.minimum(length, step)
        step -= cooling
    return pos


def _components(nodes: list[Hashable], edges: Iterable[tuple[Hashable, Hashable]]) -> list[list[Hashable]]:
    """Connected components (undirected), each sorted, biggest first, ties by first node."""
    parent = {node: node for node in nodes}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for u, v in edges:
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[max(ru, rv)] = min(ru, rv)
    groups: dict[Hashable, list[Hashable]] = {}
    for node in nodes:
        groups.setdefault(find(node), []).append(node)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def layout(nodes: Iterable[Hashable], edges: Iterable[tuple[Hashable, Hashable]],
           seed: int = SEED, iterations: int = ITERATIONS) -> dict[Hashable, tuple[int, int]]:
    """Whole-pixel positions for ``nodes`` (vis-network keeps whole pixels anyway);
    ``edges`` are (u, v) pairs, direction and repeats ignored."""
    ordered = sorted(set(nodes))
    pairs = sorted({(u, v) if u <= v else (v, u) for u, v in edges if u != v})
    positions: dict[Hashable, tuple[int, int]] = {}
    by_component: dict[Hashable, list[tuple[Hashable, Hashable]]] = {}
    components = _components(ordered, pairs)
    first = {node: comp[0] for comp in components for node in comp}
    for u, v in pairs:
        by_component.setdefault(first[u], []).append((u, v))

    boxes = []
    for comp in components:
        index = {node: i for i, node in enumerate(comp)}
        local = [(index[u], index[v]) for u, v in by_component.get(comp[0], [])]
        rounds = iterations if len(comp) <= BIG else min(iterations, BIG_ITERATIONS)
        pos = _force_layout(len(comp), local, seed, rounds)
        xs, ys = pos[:, 0], pos[:, 1]
        pos[:, 0] -= xs.min()
        pos[:, 1] -= ys.min()
        boxes.append((comp, pos, float(pos[:, 0].max()) + 1.0, float(pos[:, 1].max()) + 1.0))

    # Shelf packing: rows about as wide as the square root of the total area.
    total = sum(w * h for _, _, w, h in boxes)
    row_width = max(max((w for _, _, w, _ in boxes), default=1.0), math.sqrt(total) * 1.3)
    x = y = row_height = 0.0
    for comp, pos, width, height in boxes:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + 0.5, 0.0
        for i, node in enumerate(comp):
            positions[node] = (round(float(x + pos[i, 0]) * SCALE), round(float(y + pos[i, 1]) * SCALE))
        x += width + 0.5
        row_height = max(row_height, height)
    return positions
