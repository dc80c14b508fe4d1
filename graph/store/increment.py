"""Re-derive the edges after one graph changed, from what the change touches.

A full derivation runs every rule over the whole store: seconds on the world data, and
repeated after every import it was most of the import's time. After an import only the
*affected* graphs are derived again: the changed graph, and the graphs whose statements
read a changed triple through a rule's context (``rules.context_predicates``: an actor's
type, the other membership of a treaty). What those graphs' statements implied before
(``before``) and imply now (``after``) is compared; the derived graph gains the new
triples. If anything was lost, another graph may still imply it, and the whole store is
derived again (``load.refresh_derived``), as it is whenever the shortcut cannot be shown
to give the same result:

- a rule without an anchor, or one that reads a variable predicate outside it;
- a changed triple about the vocabulary itself (a class, a relation kind);
- statements in the store's unnamed default graph (only server updates write there).

A graph is affected when it mentions a node (not a literal, not a vocabulary term) of a
changed triple whose predicate the rules read outside their anchors. This assumes, as
every importer and the article write them, that a statement's own triples (its kind and
roles, inside the anchor) lie in the graph it comes from. docs/imports.md has the details;
tests compare the result with a full derivation on the real datasets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import AK, DERIVED_GRAPH
from .core import DEFAULT_GRAPH, META_GRAPH, OxigraphStore
from .load import STATUS_GRAPH, refresh_derived
from .rules import GENERATION, context_predicates, derive_from, generation_stamp

VOCABULARY = (AK, "http://www.w3.org/")
BOOKKEEPING = {DERIVED_GRAPH, META_GRAPH, STATUS_GRAPH}
# Beyond this many changed nodes, checking each one costs more than a full derivation.
MAX_NODES = 50_000


@dataclass
class Plan:
    """The graphs to derive again after ``graph`` changed (None: the whole store), and
    what their statements implied before the change."""

    graph: str
    affected: set[str] | None
    before: set[ox.Triple] = field(default_factory=set)


def _vocabulary(term) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(VOCABULARY)


def _default_graph_used(store: OxigraphStore) -> bool:
    return bool(store.query("ASK { ?s ?p ?o }", default_graphs=[DEFAULT_GRAPH]))


def plan_change(store: OxigraphStore, graph: str, changed: Iterable[ox.Triple]) -> Plan:
    """Before ``graph`` is rewritten: which graphs ``changed`` (its triples added or
    removed) affects, and what they imply now."""
    predicates = context_predicates()
    if predicates is None or _default_graph_used(store):
        return Plan(graph, None)
    nodes: set = set()
    for t in changed:
        if t.predicate.value not in predicates:
            continue
        if _vocabulary(t.subject):
            return Plan(graph, None)
        nodes.add(t.subject)
        if not isinstance(t.object, ox.Literal) and not _vocabulary(t.object):
            nodes.add(t.object)
    if len(nodes) > MAX_NODES:
        return Plan(graph, None)
    affected = {graph} | _mentioning(store, nodes, graph)
    before = derive_from(store, affected)
    return Plan(graph, None if before is None else affected, before or set())


def _mentioning(store: OxigraphStore, nodes: set, graph: str) -> set[str]:
    """The graphs other than ``graph`` (and the bookkeeping ones) that mention a node."""
    target = ox.NamedNode(graph)
    found: set[str] = set()
    for node in nodes:
        for quad in _quads(store, node):
            name = quad.graph_name
            if isinstance(name, ox.NamedNode) and name != target and name.value not in BOOKKEEPING:
                found.add(name.value)
    return found


def _quads(store: OxigraphStore, node):
    yield from store._store.quads_for_pattern(node, None, None, None)
    yield from store._store.quads_for_pattern(None, None, node, None)


class Watch:
    """Watches a first import's quads as they stream into the store, for the nodes of its
    context triples that other graphs mention. Each node is looked up once, when first
    seen, before its chunk is written: any quad found then is another graph's."""

    def __init__(self, store: OxigraphStore):
        self.store = store
        predicates = context_predicates()
        self.predicates = predicates
        self.whole = predicates is None or _default_graph_used(store)
        self.seen: set = set()
        self.mentioned: set = set()

    def add(self, s, p, o) -> None:
        if self.whole or p.value not in self.predicates:
            return
        if _vocabulary(s):
            self.whole = True
            return
        self._note(s)
        if not isinstance(o, ox.Literal) and not _vocabulary(o):
            self._note(o)

    def _note(self, node) -> None:
        if node in self.seen:
            return
        if len(self.seen) >= MAX_NODES * 20:
            self.whole = True  # a huge import: a full derivation is cheaper than the bookkeeping
            return
        self.seen.add(node)
        store = self.store._store
        if next(store.quads_for_pattern(node, None, None, None), None) is not None or \
                next(store.quads_for_pattern(None, None, node, None), None) is not None:
            self.mentioned.add(node)


def plan_first_import(store: OxigraphStore, graph: str, watch: Watch) -> Plan:
    """After a first import wrote ``graph`` (empty before) while ``watch`` saw its quads:
    the graphs it affects, and what they implied without it."""
    if watch.whole:
        return Plan(graph, None)
    others = _mentioning(store, watch.mentioned, graph)
    before = derive_from(store, others, without=graph)
    return Plan(graph, None if before is None else {graph} | others, before or set())


def finish(store: OxigraphStore, plan: Plan) -> int:
    """Bring the derived graph up to date after the change ``plan`` was made for, with a
    new generation stamp, and clear the stale mark. Returns the derived graph's size."""
    after = derive_from(store, plan.affected) if plan.affected is not None else None
    if after is None or plan.before - after:
        return refresh_derived(store)
    derived = ox.NamedNode(DERIVED_GRAPH)
    new = [ox.Quad(t.subject, t.predicate, t.object, derived) for t in after]
    store.add_quads([q for q in new if not store.contains(q)])
    store.update(f"DELETE WHERE {{ GRAPH {derived} {{ {derived} {GENERATION} ?g }} }} ;\n"
                 f"INSERT DATA {{ GRAPH {derived} {{ {_triple(generation_stamp())} }} }} ;\n"
                 f"DROP SILENT GRAPH {ox.NamedNode(STATUS_GRAPH)}")
    return derived_size(store)


def _triple(t: ox.Triple) -> str:
    return f"{t.subject} {t.predicate} {t.object} ."


def derived_size(store) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ox.NamedNode(DERIVED_GRAPH)} {{ ?s ?p ?o }} }}").rows
    return int(rows[0]["n"].value)
