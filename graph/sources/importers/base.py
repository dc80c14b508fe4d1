"""What every importer shares: reading a CSV file safely, building triples, resolving
actors through the registry, reporting problems, and committing in one transaction.

An importer reads the whole file and builds every triple in memory before it touches the
store; the store then changes in one transaction (dataset graph and derived edges
together), so a wrong file, a ``--strict`` failure or an interrupt leaves it as it was.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from ...errors import DataError
from ...namespaces import AK, DCTERMS, GRAPH, KG, PROV, RDF, RDFS, SKOS, SRC, STMT, XSD
from ...store.core import OxigraphStore, Store
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
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))


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
    malformed: list[Problem] = field(default_factory=list)
    repaired: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unmatched: dict[str, list[int]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "file": str(self.file), "graph": self.graph,
                "encoding": self.encoding, "records": self.records, "statements": self.statements,
                "triples": self.triples, "derived": self.derived,
                "malformed": [str(p) for p in self.malformed],
                "repaired": [str(p) for p in self.repaired], "warnings": self.warnings,
                "unmatched": {name: len(lines) for name, lines in sorted(self.unmatched.items())}}


@dataclass
class Table:
    """A decoded CSV file: header and (line number, fields) rows."""

    path: Path
    encoding: str
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]
    notes: list[str] = field(default_factory=list)


def decode(data: bytes, fallback: str) -> tuple[str, str]:
    """Text and encoding: a BOM means UTF-8 (UCDP), else UTF-8 if valid, else ``fallback``
    (SIPRI exports Latin-1)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode(fallback), fallback


def read_table(path: Path, kind: str, title: str, required: Iterable[str], fallback: str = "latin-1",
               search_lines: int = 40) -> Table:
    """Read a CSV file whose header holds ``required`` columns, possibly after note lines.

    Raises DataError naming the expected columns when no such header is found (e.g. an
    ATOP file given to the SIPRI importer), and suggests the importer the file fits.
    """
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e.strerror or e}") from None
    text_, encoding = decode(data, fallback)
    required = list(required)
    lines = text_.splitlines(keepends=True)
    first_fields: list[str] = []
    for index, line in enumerate(lines[:search_lines]):
        fields = [f.strip() for f in next(csv.reader([line]), [])]
        if index == 0:
            first_fields = fields
        if all(column in fields for column in required):
            header_line = index + 1
            reader = csv.reader(io.StringIO("".join(lines[index + 1:]), newline=""))
            rows = []
            for fields_ in reader:
                if fields_:
                    rows.append((header_line + reader.line_num, fields_))
            return Table(path, encoding, fields, header_line, rows, [l.strip() for l in lines[:index]])
    from . import guess_kind

    guess = guess_kind(lines[:search_lines])
    hint = (f"it looks like a {guess[1]} file: run 'actorkg import {guess[0]} {path}'" if guess
            and guess[0] != kind else f"give the {title} CSV file")
    shown = ", ".join(first_fields[:8]) + (", ..." if len(first_fields) > 8 else "")
    raise DataError(f"{path}: not a {title} file: expected the columns {', '.join(required)}; "
                    f"its first line has: {shown or '(nothing)'}", hint)


Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    pass


class Builder:
    """Collects a dataset graph's triples, its actors and its report."""

    def __init__(self, dataset: str, report: ImportReport, registry: Registry,
                 progress: Progress | None = None, store: Store | None = None):
        self.dataset = dataset
        self.store = store
        self.source = ox.NamedNode(SRC + dataset)
        self.report = report
        self.registry = registry
        self.graph = ox.NamedNode(GRAPH + dataset)
        self.quads: dict[ox.Quad, None] = {}
        self._states: dict[tuple, ox.NamedNode] = {}
        self.progress = progress or _no_progress
        self.declared: set[str] = set()
        self.links: dict = {}

    # -- triples -------------------------------------------------------------------------
    def add(self, s, p, o) -> None:
        self.quads[ox.Quad(s, p, o, self.graph)] = None

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

    def finish(self) -> list[ox.Quad]:
        quads = list(self.quads)
        self.report.triples = len(quads)
        return quads


def _key(name: str) -> str:
    from ...query.resolve import normalize

    return normalize(name)


def commit(store: Store, graph: str, quads: list[ox.Quad]) -> int:
    """Make ``quads`` the content of ``graph``, then re-derive the edges.

    The dataset graph changes together with a "derived edges are stale" mark, in one
    transaction that writes only the difference (a re-import that changes little is
    fast); a first import into a store on disk is bulk-loaded under a journal entry
    instead, which the next open undoes if the process dies (``store.replace_graphs``).
    Then the derived graph is rewritten and the mark removed; the next ``open_graph``
    re-derives if that step was interrupted. Returns the number of derived triples.
    """
    from ...store.load import derived_is_stale, mark_derived_stale, refresh_derived

    first = isinstance(store, OxigraphStore) and store.path is not None and store.is_empty_graph(graph)
    try:
        # A first import stays journaled until its edges are derived: killed before that,
        # the store goes back to how it was, not to a dataset without its edges.
        with store.journaled([graph]) if first else nullcontext():
            mark_derived_stale(store, {graph: [q.triple for q in quads]})
            derived = refresh_derived(store)
    except BaseException:
        # The dataset graph is as it was (or complete, if only the derivation failed);
        # bring the edges in line now rather than at the next open.
        if derived_is_stale(store):
            refresh_derived(store)
        raise
    store.flush()
    return derived


def graph_iri(dataset: str) -> str:
    return GRAPH + dataset
