"""Derive the direct edges from statement nodes by running the CONSTRUCT files in
``queries/rules/``. Their output is the ``derived`` named graph, so the edges are always
exactly what the statements imply: nobody writes a direct edge by hand.

Each rule names the statement it starts from inside ``GRAPH ?source { ... }`` (its
*anchor*); everything else it reads (the relation kinds, actor types, the other side of
a treaty) comes from the union of all graphs. Run with the anchor as a plain group, a
rule reads the whole store (``derive``); run with the anchor on one graph, it derives
what that graph's statements imply (``derive_from``), which is how an import re-derives
only what it touched (``increment.py``).
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import paths
from ..errors import QueryError
from ..namespaces import AK, DERIVED_GRAPH
from .core import DEFAULT_GRAPH, Store, Triples
from .sparql import read_query_file

ANCHOR = "GRAPH ?source {"
GRAPH_VARIABLE = re.compile(r"\?source\b")


@dataclass(frozen=True)
class Rule:
    name: str
    path: Path
    text: str

    @property
    def anchored(self) -> bool:
        return ANCHOR in self.text

    @property
    def reads_graph(self) -> bool:
        """Whether the rule uses the anchor's graph variable beyond the anchor (e.g. to
        keep its results per graph, which the engine then reads graph by graph)."""
        return len(GRAPH_VARIABLE.findall(self.text)) > self.text.count(ANCHOR)

    def over_union(self) -> str:
        """The rule over the whole store: the anchor becomes a plain group, unless the rule
        reads its graph variable: then the anchor stays, each statement matched in the
        graph it lies in, which over the whole store gives the same triples."""
        return self.text if self.reads_graph else self.text.replace(ANCHOR, "{")

    def over_graph(self, graph: str) -> str:
        """The rule for the statements of ``graph`` only."""
        return self.text.replace(ANCHOR, f"GRAPH {ox.NamedNode(graph)} {{")


def rules(folder: Path | None = None) -> list[Rule]:
    folder = folder or paths.rules_dir()
    return [Rule(p.stem, p, read_query_file(p)) for p in sorted(folder.glob("*.rq"))]


RULES_DIGEST = ox.NamedNode(AK + "rulesDigest")
GENERATION = ox.NamedNode(AK + "generation")


def rules_digest(found: list[Rule] | None = None) -> str:
    """A digest of the rule files (``found``, else read from the rules folder): the derived
    graph records it, so edges made by other rules (an upgrade, an edited rule) are
    derived again, and the in-memory snapshot is keyed by it."""
    digest = hashlib.sha256()
    for rule in found if found is not None else rules():
        digest.update(f"{rule.name}\n{rule.text}\n".encode())
    return digest.hexdigest()


def _run(store: Store, rule: Rule, text: str, default_graphs=None) -> list[ox.Triple]:
    try:
        result = store.query(text, default_graphs=default_graphs)
    except QueryError as e:
        raise QueryError(f"rule {rule.path}: {e.message}") from None
    if not isinstance(result, Triples):
        raise QueryError(f"rule {rule.path} is not a CONSTRUCT query")
    return result.triples


def generation_stamp() -> ox.Triple:
    """A new generation of the data: caches of query results key on it (rowcache.py), so
    it changes with every change of the data and only then."""
    import uuid

    return ox.Triple(ox.NamedNode(DERIVED_GRAPH), GENERATION, ox.Literal(uuid.uuid4().hex))


def derive(store: Store, folder: Path | None = None) -> list:
    """The triples every rule derives from the whole store, with a new generation stamp
    and the digest of the rules.

    Rules read source statements only (never each other's output), so one pass is enough
    and the order does not matter. They run over the union of all graphs: naming every
    graph but the derived one made on-disk queries 3-4x slower, and reading the derived
    graph changes nothing because the only statements there are of kinds marked
    ``ak:derivedKind``, which the generic rules skip.
    """
    derived = {}
    found = rules(folder)
    for rule in found:
        derived.update(dict.fromkeys(_run(store, rule, rule.over_union())))
    derived[generation_stamp()] = None
    derived[ox.Triple(ox.NamedNode(DERIVED_GRAPH), RULES_DIGEST, ox.Literal(rules_digest(found)))] = None
    return list(derived)


def derive_from(store: Store, graphs, without: str | None = None) -> set[ox.Triple] | None:
    """What the statements of ``graphs`` imply, or None when a rule has no anchor (then only
    ``derive`` can say). With ``without``, as if that graph were not in the store: how it
    was before a first import."""
    found = rules()
    if not all(rule.anchored for rule in found):
        return None
    scope = None
    if without is not None:
        scope = [g for g in store.graphs() if g != without] + [DEFAULT_GRAPH]
    out: set[ox.Triple] = set()
    for graph in graphs:
        for rule in found:
            out.update(_run(store, rule, rule.over_graph(graph), scope))
    return out


@functools.lru_cache(maxsize=8)
def _context(text: str) -> frozenset[str] | None:
    """The predicates a rule reads outside its anchor; None if one is a variable (then any
    triple may matter). From rdflib's algebra of the rule, not from its text."""
    from rdflib.paths import Path as RdfPath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef, Variable

    found: set[str] = set()
    variable = False

    def predicate(p) -> None:
        nonlocal variable
        if isinstance(p, Variable):
            variable = True
        elif isinstance(p, URIRef):
            found.add(str(p))
        elif isinstance(p, RdfPath):  # a property path: every IRI in it
            for attr in ("args", "path", "arg"):
                value = getattr(p, attr, None)
                for part in value if isinstance(value, (list, tuple)) else [value]:
                    if part is not None:
                        predicate(part)
        elif isinstance(p, CompValue):  # a path still in parse form (inside FILTER NOT EXISTS)
            for value in p.values():
                for part in value if isinstance(value, list) else [value]:
                    if isinstance(part, (URIRef, CompValue)):
                        predicate(part)

    def visit(node, inside: bool) -> None:
        if isinstance(node, CompValue):
            if node.name in ("Graph", "GraphGraphPattern") and node.get("term") == Variable("source"):
                inside = True
            if not inside and node.name == "BGP":
                for _, p, _ in node.get("triples") or ():
                    predicate(p)
            if not inside and node.name == "TriplesBlock":  # parse form: s p o s p o ...
                for triples in node.get("triples") or ():
                    for i in range(1, len(triples), 3):
                        predicate(triples[i])
            for value in node.values():
                visit(value, inside)
        elif isinstance(node, (list, tuple)):
            for value in node:
                visit(value, inside)

    # Parsed in a thread of its own: the parser keeps exceptions of failed alternatives,
    # and with them the frames of its caller, which would keep an import's store (and its
    # write lock) alive after the import.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        algebra = pool.submit(lambda: prepareQuery(text).algebra).result()
    visit(algebra, False)
    return None if variable else frozenset(found)


def context_predicates() -> frozenset[str] | None:
    """The predicates any rule reads outside its anchor: a triple with one of them can
    change what other graphs' statements imply. None: any predicate may."""
    out: set[str] = set()
    for rule in rules():
        found = _context(rule.text)
        if found is None:
            return None
        out |= found
    return frozenset(out)


def apply_rules(store: Store, folder: Path | None = None) -> int:
    """Run every rule over the store and replace the derived graph with their union.

    The derived graph is replaced as a whole, so an edge never outlives the statement it
    came from. Returns the number of derived triples.
    """
    return store.replace_graph(DERIVED_GRAPH, derive(store, folder))
