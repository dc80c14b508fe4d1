"""Structural balance over the signed network: dual roles, balanced triangles, signed paths.

NetworkX has no signed-balance function, so the triad tests are written here over its
graphs. Two views of a pair of actors are used:

* layers: a pair may have cooperation statements (+1) and conflict statements (-1) at
  once. A *dual role* is read on layers, like queries/dual-roles.rq: A cooperates with B
  and with C (A as subject, or party of a symmetric kind) while B and C are in conflict,
  the three ties holding together in some year (``overlap``).
* one sign per pair, for triangles and paths: the sign of (cooperation statements -
  conflict statements); 0 when they are even (an ambivalent pair). A triangle is balanced
  when the product of its three signs is positive (friend of a friend, enemy of an enemy).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .evidence import Statement, between, statement
from .overlap import Held, in_window, of_statements, together

if TYPE_CHECKING:  # networkx is imported where it is used: it is slow to import
    from networkx import Graph

    from .multigraph import StatementGraph


def _actors(graph: StatementGraph) -> set[str]:
    return {n for n, d in graph.nodes(data=True) if d.get("category") == "actor"}


def _signed_pairs(graph: StatementGraph, keep: set[str]) -> dict[tuple[str, str], dict]:
    """One entry per pair of ``keep`` with a +1 or -1 statement, keyed by its ends in the order
    first met: ``cooperation`` and ``conflict`` (statement ids) and ``sign``."""
    pairs: dict[tuple[str, str], dict] = {}
    for s, o, key, data in graph.edges(keys=True, data=True):
        if s not in keep or o not in keep or data["polarity"] == 0:
            continue
        entry = pairs.get((s, o)) or pairs.get((o, s))
        if entry is None:
            entry = pairs[s, o] = {"cooperation": [], "conflict": []}
        entry["cooperation" if data["polarity"] > 0 else "conflict"].append(key)
    for entry in pairs.values():
        balance = len(entry["cooperation"]) - len(entry["conflict"])
        entry["sign"] = (balance > 0) - (balance < 0)
    return pairs


def signed_graph(graph: StatementGraph, nodes: Iterable[str] | None = None) -> Graph:
    """Undirected simple graph over actors (or ``nodes``): one edge per pair with a +1 or -1
    statement, carrying ``sign``, ``cooperation`` and ``conflict`` (statement ids)."""
    import networkx as nx

    keep = set(nodes) if nodes is not None else _actors(graph)
    simple = nx.Graph()
    simple.add_nodes_from((n, {"label": graph.nodes[n].get("label", n)}) for n in keep if n in graph)
    simple.add_edges_from((u, v, data) for (u, v), data in _signed_pairs(graph, keep).items())
    return simple


def centrality(graph: StatementGraph, members: list[str]) -> dict[str, tuple[float, float]]:
    """Degree and betweenness centrality of each of ``members`` in the cooperation network
    among them alone: who ties the others of the group together. A graph read around one
    actor (``around``) carries the cooperation pairs among its counterparts in
    ``graph.graph["cooperation_pairs"]`` (from the direct edges, or a function reading them);
    the whole projection has their statements."""
    import networkx as nx

    if len(members) < 2:
        return {m: (0.0, 0.0) for m in members}
    cooperation = nx.Graph()
    cooperation.add_nodes_from(members)
    known = graph.graph.get("cooperation_pairs")
    if callable(known):
        known = known()
    if known is not None:
        wanted = set(members)
        cooperation.add_edges_from((u, v) for u, v in known if u in wanted and v in wanted)
    else:
        simple = signed_graph(graph, members)
        cooperation.add_edges_from((u, v) for u, v, d in simple.edges(data=True) if d["cooperation"])
    degree = nx.degree_centrality(cooperation)
    betweenness = nx.betweenness_centrality(cooperation)
    return {m: (round(degree[m], 3), round(betweenness[m], 3)) for m in members}


# --- dual roles -----------------------------------------------------------------------------

@dataclass
class Triad:
    """``actor`` cooperates with ``b`` and ``c`` while ``b`` and ``c`` are in conflict."""

    actor: str
    b: str
    c: str
    labels: tuple[str, str, str]
    with_b: list[Statement]
    with_c: list[Statement]
    conflict: list[Statement]
    # How many statements of cooperation the actor has with b and with c, when ``with_b``
    # and ``with_c`` name only some of them (a hub's: the latest of each relation).
    counts: tuple[int, int] | None = None
    # How many statements of conflict there are between b and c, when ``conflict`` names
    # only some of them (between a hub's partners: the latest of each relation).
    conflict_count: int | None = None
    # The years the three ties hold together (``overlap.together``).
    years: Held = Held()

    @property
    def total(self) -> int:
        """How many statements stand behind the triad."""
        cooperation = sum(self.counts) if self.counts else len(self.with_b) + len(self.with_c)
        return cooperation + (len(self.conflict) if self.conflict_count is None else self.conflict_count)

    @property
    def statements(self) -> list[Statement]:
        return self.with_b + self.with_c + self.conflict

    def to_dict(self, side: Callable[[list[Statement]], tuple[list[str], list[dict]]] | None = None) -> dict:
        """``side`` gives the relations and records of a side (``triad_dicts`` shares them)."""
        side = side or (lambda statements: (sorted({s.relation for s in statements}),
                                            [s.to_result() for s in statements]))
        a, b, c = self.labels
        (with_b, results_b), (with_c, results_c), (conflict, results_bc) = (
            side(self.with_b), side(self.with_c), side(self.conflict))
        return {"actor": {"id": self.actor, "label": a}, "b": {"id": self.b, "label": b},
                "c": {"id": self.c, "label": c},
                "cooperation_with_b": with_b, "cooperation_with_c": with_c, "conflict_between_b_and_c": conflict,
                "together": self.years.to_list(), "undated": self.years.undated,
                "statements": self.total, "results": results_b + results_c + results_bc}


def _cooperation_from(graph: StatementGraph, actor: str, actors: set[str]) -> dict[str, list[tuple]]:
    """The edges by which ``actor`` cooperates with each of ``actors`` (as subject, or party of a
    symmetric kind), in ``incident``'s order; records are made only for the pairs an analysis
    keeps (``_facing``)."""
    partners: dict[str, list[tuple]] = {}
    for edge in graph.out_edges(actor, keys=True, data=True):
        if edge[3]["polarity"] > 0 and edge[1] in actors:
            partners.setdefault(edge[1], []).append(edge)
    for edge in graph.in_edges(actor, keys=True, data=True):
        if edge[3]["polarity"] > 0 and edge[3]["symmetric"] and edge[0] in actors:
            partners.setdefault(edge[0], []).append(edge)
    return partners


def _facing(graph: StatementGraph, actor: str, edges: list[tuple]) -> list[Statement]:
    return [statement(graph, s, o, k, d).facing(actor) for s, o, k, d in edges]


def cooperation_partners(graph: StatementGraph, actor: str) -> list[str]:
    """The actors ``actor`` cooperates with (as subject, or party of a symmetric kind)."""
    return sorted(_cooperation_from(graph, actor, _actors(graph) - {actor}))


def _conflict_pairs(graph: StatementGraph) -> set[tuple[str, str]]:
    """Every pair with a conflict statement, both ways round: checking a pair against it is a
    set lookup, where reading its statements builds records (most pairs of partners are at
    peace, so most reads found nothing: seconds on the world data)."""
    pairs = set()
    for s, o, d in graph.edges(data=True):
        if d["polarity"] < 0:
            pairs |= {(s, o), (o, s)}
    return pairs


def dual_roles(graph: StatementGraph, actor: str | None = None) -> list[Triad]:
    """Every unbalanced triad of the dual-role kind whose three ties hold together in some year
    (``overlap``; in the graph's time window), most statements first."""
    actors = _actors(graph)
    label = {n: graph.nodes[n].get("label", n) for n in actors}
    fighting = _conflict_pairs(graph)
    # (actor, partner): statements of cooperation, where the graph holds only some of them
    # (``around.partners_in_conflict``).
    counted = graph.graph.get("cooperation_counts")
    conflict_counted = graph.graph.get("conflict_counts", {})  # (b, c), b < c: the same for those pairs
    # The same for the years they hold, of every statement.
    counted_years = {"cooperation": graph.graph.get("cooperation_years", {}),
                     "conflict": graph.graph.get("conflict_years", {})}
    sources = graph.graph.get("sources", {})
    window = in_window(graph.graph.get("window"))
    conflicts: dict[tuple[str, str], list[Statement]] = {}  # each pair's statements, read once
    years: dict[tuple[str, str, str], Held] = {}

    def years_of(side: str, pair: tuple[str, str], statements: Callable[[], list[Statement]]) -> Held:
        if (side, *pair) not in years:
            given = counted_years[side].get(pair)
            years[side, *pair] = given if given is not None else of_statements(statements(), sources)
        return years[side, *pair]

    found = []
    for a in sorted(actors if actor is None else {actor} & actors):
        partners = _cooperation_from(graph, a, actors - {a})
        names = sorted(partners, key=str)
        ties: dict[str, list[Statement]] = {}  # a's statements with each partner, made once

        def tie(b: str) -> list[Statement]:
            if b not in ties:
                ties[b] = _facing(graph, a, partners[b])
            return ties[b]

        for i, b in enumerate(names):
            for c in names[i + 1:]:
                if (b, c) not in fighting:
                    continue
                if (b, c) not in conflicts:
                    conflicts[b, c] = between(graph, b, c, lambda d: d["polarity"] < 0)
                common = together(years_of("cooperation", (a, b), lambda: tie(b)),
                                  years_of("cooperation", (a, c), lambda: tie(c)),
                                  years_of("conflict", (b, c), lambda: conflicts[b, c]), *([window] if window else []))
                if common is None:
                    continue  # never at the same time: an alliance of 1945 and a war of 1950
                found.append(Triad(a, b, c, (label[a], label[b], label[c]), tie(b), tie(c), conflicts[b, c],
                                   (counted[a, b], counted[a, c]) if counted else None, conflict_counted.get((b, c)),
                                   common))
    return sorted(found, key=lambda t: (-t.total, t.labels))


def triad_dicts(triads: Iterable[Triad]) -> list[dict]:
    """``Triad.to_dict`` of each, the records of each side made once: at world scale the same
    statements stand behind thousands of triads."""
    made: dict[int, tuple[list[str], list[dict]]] = {}

    def side(statements: list[Statement]) -> tuple[list[str], list[dict]]:
        if id(statements) not in made:
            made[id(statements)] = (sorted({s.relation for s in statements}), [s.to_result() for s in statements])
        return made[id(statements)]

    return [t.to_dict(side) for t in triads]


# --- balanced triangles ---------------------------------------------------------------------

@dataclass
class Balance:
    """How many triangles of signed pairs are balanced (Heider/Cartwright–Harary)."""

    balanced: list[tuple[str, str, str]]
    unbalanced: list[tuple[str, str, str]]
    ambivalent: int

    @property
    def triangles(self) -> int:
        return len(self.balanced) + len(self.unbalanced)

    @property
    def share(self) -> float | None:
        return round(len(self.balanced) / self.triangles, 3) if self.triangles else None

    def to_dict(self) -> dict:
        return {"triangles": self.triangles, "balanced": len(self.balanced),
                "unbalanced": len(self.unbalanced), "ambivalent": self.ambivalent,
                "share_balanced": self.share,
                "unbalanced_triangles": [list(t) for t in self.unbalanced]}


def balance(graph: StatementGraph, through: str | None = None) -> Balance:
    """Classify every triangle of signed actor pairs (with ``through``, those it is a corner
    of); pairs of even sign are left out (counted as ``ambivalent`` triangles)."""
    simple = signed_graph(graph)
    if through is not None:
        simple = simple.subgraph(set(simple[through]) | {through}) if through in simple else simple.subgraph([])
    order = {n: i for i, n in enumerate(sorted(simple))}
    balanced, unbalanced, ambivalent = [], [], 0
    for u in simple:
        for v in simple[u]:
            if order[v] <= order[u]:
                continue
            for w in set(simple[u]) & set(simple[v]):
                if order[w] <= order[v] or (through is not None and through not in (u, v, w)):
                    continue
                product = simple[u][v]["sign"] * simple[v][w]["sign"] * simple[u][w]["sign"]
                names = tuple(sorted(simple.nodes[n]["label"] for n in (u, v, w)))
                if product == 0:
                    ambivalent += 1
                else:
                    (balanced if product > 0 else unbalanced).append(names)
    return Balance(sorted(balanced), sorted(unbalanced), ambivalent)


# --- signed paths -----------------------------------------------------------------------------

@dataclass
class SignedPath:
    """A chain of actor pairs from one actor to another, with the sign of each step."""

    nodes: list[str]
    labels: list[str]
    signs: list[int]
    steps: list[list[Statement]]

    @property
    def sign(self) -> int:
        product = 1
        for s in self.signs:
            product *= s
        return product

    @property
    def reading(self) -> str:
        return {1: "cooperative", -1: "hostile", 0: "mixed"}[self.sign]

    def text(self) -> str:
        out = self.labels[0]
        for sign, name in zip(self.signs, self.labels[1:]):
            out += f" {'+' if sign > 0 else '-' if sign < 0 else '±'} {name}"
        return out

    def to_dict(self) -> dict:
        return {"nodes": [{"id": n, "label": lab} for n, lab in zip(self.nodes, self.labels)],
                "signs": self.signs, "sign": self.sign, "reading": self.reading, "text": self.text(),
                "steps": [[s.to_result() for s in step] for step in self.steps]}


def paths(graph: StatementGraph, a: str, b: str, limit: int = 5) -> list[SignedPath]:
    """The ``limit`` shortest simple paths from ``a`` to ``b`` over signed actor pairs; of
    paths as long, those whose weakest step has the most statements first (then by labels).
    Armenia and Israel have 12 neighbours in common: in the order of their identifiers the
    first four were China, France, Georgia and India, Azerbaijan and the United States among
    the rest. Every path of one or two steps the graph holds is ranked, the longer ones only
    when those are too few."""
    pairs = _signed_pairs(graph, _actors(graph))
    signs = {end: data["sign"] for (u, v), data in pairs.items() for end in ((u, v), (v, u))}
    adjacency = neighbours_of(pairs)
    near = shortest_paths(adjacency, a, b, len(adjacency), longest=2)
    found = [SignedPath(nodes, [graph.nodes[n].get("label", n) for n in nodes],
                        [signs[u, v] for u, v in zip(nodes, nodes[1:])],
                        [between(graph, u, v, lambda d: d["polarity"] != 0) for u, v in zip(nodes, nodes[1:])])
             for nodes in (near if len(near) >= limit else shortest_paths(adjacency, a, b, limit))]
    return sorted(found, key=lambda p: (len(p.nodes), -min(len(step) for step in p.steps), p.labels))[:limit]


def neighbours_of(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Each node's neighbours over undirected ``pairs``: what ``shortest_paths`` walks."""
    adjacency: dict[str, set[str]] = {}
    for u, v in pairs:
        adjacency.setdefault(u, set()).add(v)
        adjacency.setdefault(v, set()).add(u)
    return adjacency


def shortest_paths(adjacency: Mapping[str, Collection[str]], a: str, b: str, limit: int,
                   longest: int | None = None) -> list[list[str]]:
    """Up to ``limit`` shortest simple paths from ``a`` to ``b`` over an undirected graph (each
    node's neighbours), none of more than ``longest`` steps: fewest steps first, and paths of as
    many steps in the order of the nodes along them. The paths of one or two steps are the
    direct tie and the common neighbours; only when they are fewer than ``limit`` is networkx
    asked for longer ones (Yen's algorithm), since importing it costs ~0.25 s, half of what a
    path question takes on the world store."""
    if a == b or a not in adjacency or b not in adjacency or limit <= 0:
        return []
    near = ([[a, b]] if b in adjacency[a] else []) + [
        [a, n, b] for n in sorted(set(adjacency[a]) & set(adjacency[b]) - {a, b})]
    near = [nodes for nodes in near if longest is None or len(nodes) - 1 <= longest]
    if len(near) >= limit or (longest is not None and longest <= 2):
        return near[:limit]
    import networkx as nx

    # Built in a fixed order: networkx picks among paths of equal length by it.
    topology = nx.Graph()
    topology.add_edges_from((u, v) for u in sorted(adjacency) for v in sorted(adjacency[u]))
    found: list[list[str]] = []
    try:
        for nodes in nx.shortest_simple_paths(topology, a, b):
            if len(found) >= limit or (longest is not None and len(nodes) - 1 > longest):
                break
            found.append(nodes)
    except nx.NetworkXNoPath:
        pass
    return sorted(found, key=lambda nodes: (len(nodes), nodes))
