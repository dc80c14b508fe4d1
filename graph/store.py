"""The store: an RDF dataset with named graphs that answers SPARQL.

``Store`` is the interface every backend implements; ``OxigraphStore`` is the embedded
default (pyoxigraph, in memory or on disk). Queries always see the union of all named
graphs as their default graph, so the named queries need no GRAPH clauses while each
source still lives in a graph of its own (replaceable, filterable).

Results use pyoxigraph's term classes (NamedNode, Literal, BlankNode) everywhere, also for
remote endpoints, so the layers above never care where an answer came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, Union

import pyoxigraph as ox

from .errors import DataError, QueryError, ResultTooLarge, StoreError
from .sparql import bind, query_form

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}


@dataclass
class Solutions:
    """A SELECT result: the projected variables and one dict per row (unbound = absent)."""

    variables: list[str]
    rows: list[dict[str, Term]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)


@dataclass
class Triples:
    """A CONSTRUCT or DESCRIBE result."""

    triples: list[ox.Triple]

    def __len__(self) -> int:
        return len(self.triples)


QueryResult = Union[Solutions, bool, Triples]

# In ``default_graphs``: the store's own (unnamed) default graph, where a SPARQL update
# without a GRAPH clause writes.
DEFAULT_GRAPH = ""

# Suffix of the graph a load writes into before it replaces the real one.
STAGING_SUFFIX = "~staging"


class Store(Protocol):
    """What every backend offers. Bindings map variable names to pyoxigraph terms."""

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None,
              default_graphs: Sequence[str] | None = None, max_rows: int | None = None) -> QueryResult:
        """Run a query; its default graph is the union of all graphs, or of ``default_graphs``.

        With ``max_rows``, a SELECT with more rows (or a CONSTRUCT with more triples)
        raises ResultTooLarge instead of being read to the end.
        """

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> int: ...

    def load_file(self, path: Path, graph: str) -> int: ...

    def graphs(self) -> list[str]: ...

    def quads(self) -> Iterable[ox.Quad]: ...


def format_for(path: Path) -> ox.RdfFormat:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DataError(f"{path}: unknown RDF file type '{path.suffix}'",
                        f"use one of: {', '.join(sorted(FORMATS))}")
    return fmt


def parse_error(path: Path | str, error: SyntaxError) -> DataError:
    """Turn a pyoxigraph parse error into 'FILE line N: message'."""
    message = str(error)
    line = error.lineno
    if line is None:
        m = re.search(r"line (\d+)", message)
        line = int(m.group(1)) if m else None
    where = f"{path} line {line}" if line else str(path)
    detail = re.sub(r"^Parser error (between|at) line \d+ column \d+( and line \d+ column \d+)?: ", "", message)
    return DataError(f"{where}: {detail}", "fix the syntax at that line (Turtle: https://www.w3.org/TR/turtle/)")


def query_error(sparql: str, error: Exception) -> QueryError:
    """Turn an engine's syntax error into a message that shows the position."""
    message = str(error)
    m = re.search(r"error at (\d+):(\d+)", message)
    if m:
        line, col = int(m.group(1)), int(m.group(2))
        lines = sparql.splitlines() or [""]
        shown = lines[line - 1] if 0 < line <= len(lines) else ""
        return QueryError(f"SPARQL syntax error at line {line}, column {col}: "
                          f"{message.split(': ', 1)[-1]}\n  {shown}\n  {' ' * (col - 1)}^")
    return QueryError(f"SPARQL error: {message}")


def _capped(results, max_rows: int | None):
    if max_rows is None:
        yield from results
        return
    for count, item in enumerate(results):
        if count >= max_rows:
            raise ResultTooLarge(max_rows)
        yield item


def _has_blank(triples) -> bool:
    return any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)


def _ntriples(triples) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8") if triples else ""


def _nquads(quads) -> str:
    """Quads as the GRAPH blocks of an INSERT DATA body."""
    by_graph: dict[ox.NamedNode, list[ox.Triple]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(q.triple)
    return " ".join(f"GRAPH {g} {{ {_ntriples(ts)} }}" for g, ts in by_graph.items())


class OxigraphStore:
    """The embedded store: pyoxigraph in memory (``path=None``) or in a directory on disk."""

    def __init__(self, path: Path | None = None, read_only: bool = False):
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                self._store = ox.Store(str(path))
        except OSError as e:
            raise StoreError(f"cannot open store {path}: {e}",
                             "check the path, or delete the directory and import again") from None

    # -- reading -------------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None,
              default_graphs: Sequence[str] | None = None, max_rows: int | None = None) -> QueryResult:
        text = bind(sparql, bindings)
        scope = ({"default_graph": [ox.DefaultGraph() if g == DEFAULT_GRAPH else ox.NamedNode(g)
                                    for g in default_graphs]} if default_graphs is not None
                 else {"use_default_graph_as_union": True})
        try:
            result = self._store.query(text, **scope)
            # Results are lazy: evaluation errors surface while reading, and reading stops
            # at the row limit, so a runaway result is never held in memory whole.
            if isinstance(result, ox.QuerySolutions):
                variables = [v.value for v in result.variables]
                rows = [{v: t for v in variables if (t := solution[v]) is not None}
                        for solution in _capped(result, max_rows)]
                return Solutions(variables, rows)
            if isinstance(result, ox.QueryTriples):
                return Triples(list(_capped(result, max_rows)))
            return bool(result)
        except SyntaxError as e:
            raise query_error(text, e) from None
        except (OSError, RuntimeError, ValueError) as e:
            raise QueryError(f"SPARQL evaluation failed: {e}") from None

    def update(self, sparql: str) -> None:
        """Run a SPARQL update. Callers re-derive the direct edges afterwards (load.refresh_derived)."""
        try:
            self._store.update(sparql)
        except SyntaxError as e:
            raise query_error(sparql, e) from None
        except (OSError, RuntimeError, ValueError) as e:
            raise QueryError(f"SPARQL update failed: {e}") from None

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self) -> Iterable[ox.Quad]:
        return self._store.quads_for_pattern(None, None, None, None)

    def __len__(self) -> int:
        return len(self._store)

    # -- writing -------------------------------------------------------------------------
    def load_file(self, path: Path, graph: str) -> int:
        """Parse ``path`` and make it the whole content of ``graph``."""
        fmt = format_for(path)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise DataError(f"{path}: cannot read: {e.strerror or e}") from None
        # Parse fully before touching the store: a syntax error leaves it as it was.
        try:
            quads = list(ox.parse(data, format=fmt, base_iri=path.resolve().as_uri()))
        except SyntaxError as e:
            raise parse_error(path, e) from None
        return self.replace_graph(graph, (q.triple for q in quads))

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> int:
        """Replace the content of ``graph`` with ``triples``; readers see old or new, never half."""
        return self.replace_graphs({graph: triples})[graph]

    def replace_graphs(self, contents: Mapping[str, Iterable[ox.Triple]]) -> dict[str, int]:
        """Replace several graphs in ONE transaction: all change, or none does.

        Only the difference is written. On-disk (RocksDB) writes cost about 10 us per
        inserted and 35 us per deleted quad (a staged copy plus MOVE took over a minute for
        600k quads), so a re-import that changes little is fast and the derived graph is
        updated, not rewritten. Pure additions go through one ``extend`` (transactional);
        anything else through one SPARQL update (also one transaction). Graphs holding
        blank nodes are dropped and rewritten, since DELETE DATA cannot name blank nodes.
        """
        counts, inserts, operations = {}, [], []
        for graph, triples in contents.items():
            target = ox.NamedNode(graph)
            new = dict.fromkeys(triples)
            counts[graph] = len(new)
            old = {q.triple for q in self._store.quads_for_pattern(None, None, None, target)}
            if _has_blank(old) or _has_blank(new):
                operations.append(f"DROP SILENT GRAPH {target}")
                fresh, stale = list(new), []
            else:
                fresh = [t for t in new if t not in old]
                stale = [t for t in old if t not in new]
            if stale:
                operations.append(f"DELETE DATA {{ GRAPH {target} {{ {_ntriples(stale)} }} }}")
            inserts.extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in fresh)
        if operations:
            if inserts:
                operations.append(f"INSERT DATA {{ {_nquads(inserts)} }}")
            self._store.update(" ;\n".join(operations))
        elif inserts:
            self._store.extend(inserts)
        return counts

    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads fast (about 4x faster than a transaction) but WITHOUT atomicity: only
        for a graph that was empty, after the caller recorded that it is being written so
        an interrupted load can be undone (see ``load.mark_importing``)."""
        self._store.bulk_extend(quads)

    def is_empty_graph(self, graph: str) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))), None) is None

    def drop_graph(self, graph: str) -> None:
        self._store.remove_graph(ox.NamedNode(graph))

    def drop_staging(self) -> None:
        """Remove staging graphs left behind by an interrupted load."""
        for name in list(self._store.named_graphs()):
            if isinstance(name, ox.NamedNode) and name.value.endswith(STAGING_SUFFIX):
                self._store.remove_graph(name)

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()
