"""The statements of a projection, indexed by their ends: what the analyses read of it.

``project`` and ``project_around`` used to build a ``networkx.MultiDiGraph``. Importing
networkx costs ~0.25 s of CPU, half of what a question on the world store may take (issue
12), and most questions only look up an actor's statements and the labels of their other
ends. So the projection is this read-only index, with the part of the MultiDiGraph
interface the analyses use and networkx's iteration order (nodes and neighbours in
insertion order, parallel edges by key in insertion order), so that every answer lists its
statements as before. Where an analysis needs a graph algorithm (centrality, shortest
paths, GraphML/GEXF) it builds a networkx graph of its own from this one
(``signed.signed_graph``, ``to_networkx``): only those questions import networkx.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from networkx import MultiDiGraph


class _Nodes:
    """``graph.nodes``: ``nodes[n]`` is a node's attributes, ``nodes(data=True)`` the pairs."""

    __slots__ = ("_attrs",)

    def __init__(self, attrs: dict[str, dict]):
        self._attrs = attrs

    def __getitem__(self, node: str) -> dict:
        return self._attrs[node]

    def __contains__(self, node: object) -> bool:
        return node in self._attrs

    def __iter__(self) -> Iterator[str]:
        return iter(self._attrs)

    def __len__(self) -> int:
        return len(self._attrs)

    def __call__(self, data: bool = False) -> Iterable:
        return self._attrs.items() if data else self._attrs.keys()


def _shape(s: str, o: str, key: str, data: dict, keys: bool, with_data: bool) -> tuple:
    if keys:
        return (s, o, key, data) if with_data else (s, o, key)
    return (s, o, data) if with_data else (s, o)


class StatementGraph:
    """Directed multigraph of statements: nodes carry entity attributes, edges are keyed by
    the statement's IRI and carry its attributes (``project._edge_data``); ``graph`` holds
    what the analyses keep beside the edges (undated statements, sources, read pairs)."""

    def __init__(self) -> None:
        self.graph: dict[str, Any] = {}
        self._node: dict[str, dict] = {}
        self._succ: dict[str, dict[str, dict[str, dict]]] = {}
        self._pred: dict[str, dict[str, dict[str, dict]]] = {}
        self.nodes = _Nodes(self._node)

    # -- building --------------------------------------------------------------------------
    def add_node(self, node: str, **attrs) -> None:
        if node not in self._node:
            self._node[node], self._succ[node], self._pred[node] = {}, {}, {}
        self._node[node].update(attrs)

    def add_nodes_from(self, nodes: Iterable[tuple[str, dict]]) -> None:
        for node, attrs in nodes:
            self.add_node(node, **attrs)

    def add_edges_from(self, edges: Iterable[tuple[str, str, str, dict]]) -> None:
        for s, o, key, data in edges:
            for end in (s, o):
                if end not in self._node:
                    self.add_node(end)
            held = self._succ[s].setdefault(o, {})
            if key in held:
                held[key].update(data)  # as networkx does: a repeated key updates the edge
            else:
                held[key] = data
                self._pred[o].setdefault(s, held)

    def compose(self, other: StatementGraph) -> StatementGraph:
        """Both graphs' nodes and edges, ``other``'s attributes winning (``networkx.compose``)."""
        out = StatementGraph()
        out.graph.update(self.graph)
        out.graph.update(other.graph)
        for g in (self, other):
            out.add_nodes_from((n, dict(d)) for n, d in g._node.items())
        for g in (self, other):
            out.add_edges_from((s, o, k, dict(d)) for s, o, k, d in g.edges(keys=True, data=True))
        return out

    # -- reading ---------------------------------------------------------------------------
    def __contains__(self, node: object) -> bool:
        return node in self._node

    def __iter__(self) -> Iterator[str]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def edges(self, keys: bool = False, data: bool = False) -> Iterator[tuple]:
        for s, targets in self._succ.items():
            for o, held in targets.items():
                for key, attrs in held.items():
                    yield _shape(s, o, key, attrs, keys, data)

    def out_edges(self, node: str, keys: bool = False, data: bool = False) -> Iterator[tuple]:
        for o, held in self._succ.get(node, {}).items():
            for key, attrs in held.items():
                yield _shape(node, o, key, attrs, keys, data)

    def in_edges(self, node: str, keys: bool = False, data: bool = False) -> Iterator[tuple]:
        for s, held in self._pred.get(node, {}).items():
            for key, attrs in held.items():
                yield _shape(s, node, key, attrs, keys, data)

    def get_edge_data(self, s: str, o: str) -> dict[str, dict] | None:
        """The statements from ``s`` to ``o`` by key, or None (as networkx returns)."""
        return self._succ.get(s, {}).get(o)

    def has_edge(self, s: str, o: str, key: str | None = None) -> bool:
        held = self._succ.get(s, {}).get(o)
        return bool(held) and (key is None or key in held)

    def number_of_edges(self, s: str | None = None, o: str | None = None) -> int:
        """From ``s`` to ``o``, or in all (no arguments)."""
        if s is None:
            return sum(len(held) for targets in self._succ.values() for held in targets.values())
        return len(self._succ.get(s, {}).get(o, ()))

    def number_of_nodes(self) -> int:
        return len(self._node)

    def to_networkx(self) -> MultiDiGraph:
        """A networkx copy (for its writers and algorithms), attributes copied too."""
        import networkx as nx

        out = nx.MultiDiGraph()
        out.graph.update(self.graph)
        out.add_nodes_from((n, dict(d)) for n, d in self._node.items())
        out.add_edges_from((s, o, k, dict(d)) for s, o, k, d in self.edges(keys=True, data=True))
        return out
