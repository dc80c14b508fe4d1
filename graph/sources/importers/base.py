"""What every importer shares: building triples, resolving actors through the registry,
and reporting problems. Files are read row by row (``reading.py``); the triples go to a
``write.GraphWriter`` as they are made, which commits them so that a wrong file, a
``--strict`` failure, a full disk or an interrupt leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from ...errors import DataError
from ...namespaces import AK, DCTERMS, GRAPH, KG, OWL, PROV, RDF, RDFS, SKOS, SRC, STMT, XSD
from ...store.core import Store
from ..registry import Registry, slug


A = ox.NamedNode(RDF + "type")
LABEL = ox.NamedNode(RDFS + "label")
ALT = ox.NamedNode(SKOS + "altLabel")
DERIVED_FROM = ox.NamedNode(PROV + "wasDerivedFrom")
RECORD = ox.NamedNode(AK + "recordId")


def ak(name: str) -> ox.NamedNode:
    return ox.NamedNode(AK + name)


def kg(name: str) -> ox.NamedNode:
    return ox.NamedNode(KG + name)


def stmt(name: str) -> ox.NamedNode:
    return ox.NamedNode(STMT + name)


def text(value: str) -> ox.Literal:
    return ox.Literal(value)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))


def decimal(value: Decimal) -> ox.Literal:
    # The canonical form the store keeps ("0.50" is stored as "0.5"), so a re-import
    # compares equal to what it wrote.
    return ox.Literal(format(value.normalize(), "f"), datatype=ox.NamedNode(XSD + "decimal"))


def boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))


def year(value: int) -> ox.Literal:
    return ox.Literal(f"{int(value):04d}", datatype=ox.NamedNode(XSD + "gYear"))


def date_or_year(y: int, m: int, d: int) -> ox.Literal:
    """xsd:date when month and day are known, else xsd:gYear (datasets code unknown as 0)."""
    if 1 <= m <= 12 and 1 <= d <= 31:
        return ox.Literal(f"{y:04d}-{m:02d}-{d:02d}", datatype=ox.NamedNode(XSD + "date"))
    return year(y)


class RowError(ValueError):
    """A malformed row: counted, reported with its line, fatal under --strict."""


def to_int(value: str, column: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise RowError(f"{column} is '{value}', expected a whole number") from None


def to_decimal(value: str, column: str) -> Decimal:
    try:
        return Decimal(value.strip())
    except InvalidOperation:
        raise RowError(f"{column} is '{value}', expected a number") from None


@dataclass
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportReport:
    kind: str
    file: Path
    graph: str
    encoding: str = "utf-8"
    records: int = 0
    statements: int = 0
    triples: int = 0
    derived: int = 0
    unchanged: bool = False
    malformed: list[Problem] = field(default_factory=list)
    repaired: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unmatched: dict[str, list[int]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "file": str(self.file), "graph": self.graph,
                "encoding": self.encoding, "records": self.records, "statements": self.statements,
                "triples": self.triples, "derived": self.derived, "unchanged": self.unchanged,
                "malformed": [str(p) for p in self.malformed],
                "repaired": [str(p) for p in self.repaired], "warnings": self.warnings,
                "unmatched": {name: len(lines) for name, lines in sorted(self.unmatched.items())}}


Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    pass


class Builder:
    """Collects a dataset graph's triples, its actors and its report."""

    def __init__(self, dataset: str, report: ImportReport, registry: Registry,
                 progress: Progress | None = None, store: Store | None = None,
                 sink: Callable[[object, object, object], None] | None = None):
        self.dataset = dataset
        self.store = store
        self.source = ox.NamedNode(SRC + dataset)
        self.report = report
        self.registry = registry
        self.graph = ox.NamedNode(GRAPH + dataset)
        # Where the triples go (a write.GraphWriter); kept in a list without one.
        self.sink = sink or (lambda s, p, o: self.kept.append(ox.Triple(s, p, o)))
        self.kept: list[ox.Triple] = []
        self._states: dict[tuple, ox.NamedNode] = {}
        self.progress = progress or _no_progress
        self.declared: set[str] = set()
        self.links: dict = {}
        self._known: set[ox.Triple] | None = None

    # -- triples -------------------------------------------------------------------------
    def add(self, s, p, o) -> None:
        self.sink(s, p, o)

    def add_new(self, s, p, o) -> None:
        """Add a state's triple unless another graph already states it: the registry, the
        COW list and the article all give a state's type and codes, and a query over the
        union would see each twice."""
        if ox.Triple(s, p, o) not in self._elsewhere():
            self.add(s, p, o)

    def _elsewhere(self) -> set[ox.Triple]:
        if self._known is None:
            self._known = set()
            if self.store is not None:
                graphs = [g for g in self.store.graphs() if g != self.graph.value]
                query = ("SELECT ?s ?p ?o WHERE { ?s <%s> ?code . ?s ?p ?o . VALUES ?p { <%s> <%s> <%s> <%s> <%s> <%s> <%s> } }"
                         % (AK + "cowCode", RDF + "type", AK + "cowCode", AK + "cowAbbreviation", AK + "isoAlpha2",
                            AK + "isoAlpha3", AK + "gwCode", OWL + "sameAs"))
                for row in self.store.query(query, default_graphs=graphs).rows:
                    self._known.add(ox.Triple(row["s"], row["p"], row["o"]))
        return self._known

    def add_all(self, s, p, objects: Iterable) -> None:
        for o in objects:
            self.add(s, p, o)

    def statement(self, local: str, kind: str, record: str) -> ox.NamedNode:
        """A new statement node of ``kind`` with its source and record id."""
        node = stmt(f"{self.dataset}-{local}")
        self.add(node, A, ak(kind))
        self.add(node, DERIVED_FROM, self.source)
        self.add(node, RECORD, text(record))
        self.report.statements += 1
        return node

    def describe_source(self, title: str, version: str, citation: str, publisher: str,
                        reliability: str = "ReliabilityB", years: Iterable[int] = (),
                        url: str | None = None, license_: str | None = None) -> None:
        s = self.source
        self.add(s, A, ak("Dataset"))
        self.add(s, ox.NamedNode(DCTERMS + "title"), text(title))
        self.add(s, LABEL, text(f"dataset: {title}"))
        self.add(s, ak("version"), text(version))
        self.add(s, ak("citation"), text(citation))
        self.add(s, ox.NamedNode(DCTERMS + "publisher"), text(publisher))
        self.add(s, ak("reliability"), ak(reliability))
        self.add(s, ak("sourceFile"), text(self.report.file.name))
        self.add(s, ak("recordCount"), integer(self.report.records))
        if url:
            self.add(s, ox.NamedNode(DCTERMS + "source"), ox.NamedNode(url))
        if license_:
            self.add(s, ox.NamedNode(DCTERMS + "license"), text(license_))
        years = [y for y in years if y]
        if years:
            self.add(s, ak("coverageStart"), year(min(years)))
            self.add(s, ak("coverageEnd"), year(max(years)))

    # -- actors --------------------------------------------------------------------------
    def state(self, line: int, code: int | None = None, name: str | None = None) -> ox.NamedNode:
        """A state by COW code (trusted first) or by name; an unresolved placeholder otherwise."""
        key = (code, name)
        if key in self._states:
            node = self._states[key]
            if node.value.startswith(KG + "Unresolved-"):
                self.report.unmatched[name.strip() if name else f"COW code {code}"].append(line)
            return node
        self._states[key] = node = self._resolve_state(line, code, name)
        return node

    def _resolve_state(self, line: int, code: int | None, name: str | None) -> ox.NamedNode:
        iri = self.registry.code(code) if code is not None else None
        if iri is None and name:
            iri = self.registry.name(name)
        if iri is not None:
            if name and not self.registry.known_name(iri, name):
                self.add(ox.NamedNode(iri), ALT, text(name.strip()))
                self.registry.remember(iri, name.strip())
            return ox.NamedNode(iri)
        shown = name.strip() if name else f"COW code {code}"
        return self.unresolved(line, shown, code)

    def unresolved(self, line: int, name: str, code: int | None = None) -> ox.NamedNode:
        """A placeholder for a name no key matched: kept, labelled, reported."""
        node = kg(f"Unresolved-{self.dataset}-{slug(name)}")
        self.report.unmatched.setdefault(name, []).append(line)
        if node.value not in self.declared:
            self.declared.add(node.value)
            self.add(node, A, ak("UnresolvedActor"))
            self.add(node, LABEL, text(f"{name} (unresolved)"))
            self.add(node, ak("nameInSource"), text(name))
            self.add(node, DERIVED_FROM, self.source)
            if code is not None:
                self.add(node, ak("cowCode"), integer(code))
        return node

    def named_actor(self, name: str, type_: str, label: str | None = None,
                    extra: Iterable[tuple[ox.NamedNode, object]] = ()) -> ox.NamedNode:
        """A non-state actor, organization or placeholder, one node per name.

        Reuses an existing non-state actor of exactly that name; never splits the name
        (a "(Lebanon)" in "Hezbollah (Lebanon)" is not the state Lebanon).
        """
        clean = name.strip().rstrip("*").strip()
        known = self.registry.by_name.get(_key(clean), set())
        for iri in known:
            if self.registry.types.get(iri) == AK + type_:
                return ox.NamedNode(iri)
        iri = KG + slug(clean)
        if iri in self.registry.types and self.registry.types[iri] != AK + type_:
            iri = f"{iri}-{type_}"
        node = ox.NamedNode(iri)
        if iri not in self.declared:
            self.declared.add(iri)
            self.add(node, A, ak(type_))
            if iri not in self.registry.labels:
                self.add(node, LABEL, text(label or clean))
            if clean != (label or clean):
                self.add(node, ALT, text(clean))
            self.add(node, ak("nameInSource"), text(name.strip()))
            for p, o in extra:
                self.add(node, p, o)
            self.registry.remember(iri, clean, label=label or clean, type_=AK + type_)
        return node

    def malformed(self, line: int, message: str) -> None:
        self.report.malformed.append(Problem(line, message))


def _key(name: str) -> str:
    from ...query.resolve import normalize

    return normalize(name)


def graph_iri(dataset: str) -> str:
    return GRAPH + dataset
