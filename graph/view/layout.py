"""Node positions for the viewer, computed once in Python so the browser never runs physics.

python-igraph does the work (C code; 2,000 nodes and 5,000 ties in about a second), in two
levels so that communities stay apart:

1. communities by Louvain modularity (``community_multilevel``, ties weighted by volume);
2. each community laid out on its own (Fruchterman-Reingold) inside a disc whose area
   grows with its size;
3. the communities themselves laid out as one graph (a node per community, ties between
   communities summed), then spread just enough that no two discs overlap.

NetworkX's own layouts were measured too slow here (forceatlas2_layout: 42 s for 2,000
nodes; spring_layout needs scipy past 500 nodes) and have no community step.

Deterministic: nodes are taken in sorted order, igraph draws from a seeded generator and
the result is rounded to whole units, so the same graph always gives the same file.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable

SEED = 20240301
# Units per ideal tie length; the page scales the whole picture to its canvas anyway.
SCALE = 100.0
# Room between two community discs, in units of the ideal tie length.
GAP = 0.8


def _fr(graph, weights, rng: random.Random, n: int):
    """Fruchterman-Reingold positions for an igraph graph of ``n`` vertices."""
    if n == 1:
        return [(0.0, 0.0)]
    start = [[rng.uniform(-1, 1) * math.sqrt(n), rng.uniform(-1, 1) * math.sqrt(n)] for _ in range(n)]
    coords = graph.layout_fruchterman_reingold(weights=weights or None, seed=start, niter=500,
                                               grid="nogrid" if n < 1000 else "grid")
    return [tuple(c) for c in coords]


def _in_disc(points: list[tuple[float, float]]) -> tuple[list[tuple[float, float]], float]:
    """``points`` centred and scaled so their mean neighbour spacing is about 1; the radius."""
    n = len(points)
    cx = sum(p[0] for p in points) / n
    cy = sum(p[1] for p in points) / n
    centred = [(x - cx, y - cy) for x, y in points]
    radius = max(math.hypot(x, y) for x, y in centred)
    if radius == 0:
        return centred, 0.5
    # Room for n nodes about 1.4 units apart, so that most of their labels fit between them
    # (0.9 packed Azerbaijan's 35 neighbours' labels over each other).
    target = max(0.5, math.sqrt(n) * 1.3)
    k = target / radius
    return [(x * k, y * k) for x, y in centred], target


def _spread(centres: list[tuple[float, float]], radii: list[float]) -> list[tuple[float, float]]:
    """Scale the community centres apart until no two discs overlap (one factor for all,
    so the picture keeps its shape), then push remaining neighbours apart a little."""
    k = len(centres)
    if k == 1:
        return [(0.0, 0.0)]
    factor = 0.0
    for a in range(k):
        for b in range(a + 1, k):
            d = math.hypot(centres[a][0] - centres[b][0], centres[a][1] - centres[b][1])
            need = radii[a] + radii[b] + GAP
            factor = max(factor, need / max(d, 1e-6))
    # One close pair must not blow the whole picture up: cap the factor and let the pushes
    # below settle what is left.
    typical = sorted(math.hypot(x, y) for x, y in centres)[k // 2] or 1.0
    factor = min(factor, 4.0 * (sum(radii) / k + GAP) / typical)
    points = [[x * factor, y * factor] for x, y in centres]
    for _ in range(60):
        moved = False
        for a in range(k):
            for b in range(a + 1, k):
                dx, dy = points[b][0] - points[a][0], points[b][1] - points[a][1]
                d = math.hypot(dx, dy) or 1e-6
                need = radii[a] + radii[b] + GAP
                if d < need:
                    push = (need - d) / 2 / d
                    points[a][0] -= dx * push
                    points[a][1] -= dy * push
                    points[b][0] += dx * push
                    points[b][1] += dy * push
                    moved = True
        if not moved:
            break
    return [(x, y) for x, y in points]


def _around(centres: list[tuple[float, float]], middle: int) -> list[tuple[float, float]]:
    """The community ``middle`` moved to the centre of the picture: the others keep their
    distance from it and their order around it, their directions spread over the full
    circle (from one side of it, as a focus's community often is, to all sides)."""
    mx, my = centres[middle]
    others = sorted((math.atan2(y - my, x - mx), n) for n, (x, y) in enumerate(centres) if n != middle)
    out = list(centres)
    out[middle] = (0.0, 0.0)
    for rank, (_, n) in enumerate(others):
        angle = 2 * math.pi * rank / len(others)
        d = math.hypot(centres[n][0] - mx, centres[n][1] - my)
        out[n] = (d * math.cos(angle), d * math.sin(angle))
    return out


def layout(nodes: Iterable[Hashable], ties: Iterable[tuple[Hashable, Hashable, float]],
           seed: int = SEED, centre: Hashable | None = None) -> tuple[dict[Hashable, tuple[int, int]], dict[Hashable, int]]:
    """Positions and community numbers for ``nodes``; ``ties`` are (u, v, weight), weights
    above zero, direction and repeats folded together. With ``centre`` (a view's focus)
    that node is put in the middle of the picture: its community's disc is centred on it
    and the other communities are placed around it."""
    import igraph

    ordered = sorted(set(nodes))
    if not ordered:
        return {}, {}
    index = {node: i for i, node in enumerate(ordered)}
    weights: dict[tuple[int, int], float] = {}
    for u, v, w in ties:
        if u == v:
            continue
        pair = (min(index[u], index[v]), max(index[u], index[v]))
        weights[pair] = weights.get(pair, 0.0) + max(w, 1e-6)
    pairs = sorted(weights)
    # Strength grows slowly with volume: one huge arms flow must not swallow a community.
    strength = {p: 1.0 + math.log1p(weights[p]) for p in pairs}
    graph = igraph.Graph(n=len(ordered), edges=pairs)

    rng = random.Random(seed)
    igraph.set_random_number_generator(rng)
    try:
        membership = (graph.community_multilevel(weights=[strength[p] for p in pairs]).membership
                      if pairs else list(range(len(ordered))))
        groups: dict[int, list[int]] = {}
        for i, c in enumerate(membership):
            groups.setdefault(c, []).append(i)
        communities = sorted(groups.values(), key=lambda g: (-len(g), g[0]))
        community_of = {i: n for n, members in enumerate(communities) for i in members}

        local, radii = [], []
        for members in communities:
            position = {v: j for j, v in enumerate(members)}
            inside = [(position[a], position[b]) for a, b in pairs if a in position and b in position]
            sub = igraph.Graph(n=len(members), edges=inside)
            points, radius = _in_disc(_fr(sub, [strength[(members[a], members[b])] for a, b in inside],
                                          rng, len(members)))
            local.append(points)
            radii.append(radius)

        between: dict[tuple[int, int], float] = {}
        for a, b in pairs:
            ca, cb = community_of[a], community_of[b]
            if ca != cb:
                key = (min(ca, cb), max(ca, cb))
                between[key] = between.get(key, 0.0) + strength[(a, b)]
        top = igraph.Graph(n=len(communities), edges=sorted(between))
        centres = _fr(top, [between[k] for k in sorted(between)], rng, len(communities))
        if centre in index:
            middle = community_of[index[centre]]
            # The disc re-centred on the focus grows by how far off-centre it was.
            fx, fy = local[middle][communities[middle].index(index[centre])]
            local[middle] = [(x - fx, y - fy) for x, y in local[middle]]
            radii[middle] += math.hypot(fx, fy)
            if len(communities) > 1:
                centres = _around(centres, middle)
        centres = _spread(centres, radii)
    finally:
        # Back to igraph's default generator, Python's random module.
        igraph.set_random_number_generator(random)

    positions: dict[Hashable, tuple[int, int]] = {}
    groups_of: dict[Hashable, int] = {}
    for n, members in enumerate(communities):
        cx, cy = centres[n]
        for v, (x, y) in zip(members, local[n]):
            positions[ordered[v]] = (round((cx + x) * SCALE), round((cy + y) * SCALE))
            groups_of[ordered[v]] = n
    return positions, groups_of
