"""The store: an RDF dataset with named graphs that answers SPARQL.

``Store`` is the interface every backend implements; ``OxigraphStore`` is the embedded
default (pyoxigraph, in memory or in a directory on disk) and ``remote.RemoteStore`` talks
to any SPARQL 1.1 endpoint. Queries always see the union of all named graphs as their
default graph, so the named queries need no GRAPH clauses while each source still lives
in a graph of its own (replaceable, filterable).

Results use pyoxigraph's term classes (NamedNode, Literal, BlankNode) everywhere, also for
remote endpoints, so the layers above never care where an answer came from.

Writes never leave half a graph behind. Graphs are replaced in one transaction that writes
only the difference (``replace_graphs``), so readers see the old content or the new. On
disk, where a transactional write costs 10-35 µs per quad, a big new graph or file is
written with the bulk loader under a journal entry in the meta graph instead; a write that
dies half-way is found by that entry and dropped when the store is next opened for writing.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, Union

import pyoxigraph as ox

from ..errors import DataError, QueryError, ResultTooLarge, StoreError
from ..namespaces import AK, GRAPH
from .sparql import bind, concat_separators

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


def sort_concatenations(result: QueryResult, sparql: str) -> QueryResult:
    """Sort the pieces of every ``GROUP_CONCAT`` column in place ("arms, support").

    SPARQL leaves their order to the engine: Oxigraph and rdflib, or the same store before
    and after a reload, list a statement's quotes in different orders. Sorted, an answer
    is the same whichever engine gave it, and the same every run.
    """
    if not isinstance(result, Solutions):
        return result
    separators = {name: sep for name, sep in concat_separators(sparql).items() if sep and name in result.variables}
    for row in result.rows if separators else ():
        for name, separator in separators.items():
            term = row.get(name)
            if isinstance(term, ox.Literal) and separator in term.value:
                row[name] = ox.Literal(separator.join(sorted(term.value.split(separator))))
    return result

# In ``default_graphs``: the store's own (unnamed) default graph, where a SPARQL update
# without a GRAPH clause writes.
DEFAULT_GRAPH = ""

# On disk, an empty graph receiving at least this many triples is bulk-loaded (see replace_graphs).
BULK_MIN = 50_000
# After a bulk write of this many triples the store is compacted (``_compact_after_bulk``).
COMPACT_MIN = 1_000_000
# Bookkeeping: file digests (see load.py) and the journal of graphs being rewritten on disk.
META_GRAPH = GRAPH + "meta"
LOAD_INCOMPLETE = AK + "loadIncomplete"


class Store(Protocol):
    """What every backend offers. Bindings map variable names to pyoxigraph terms."""

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None,
              default_graphs: Sequence[str] | None = None, max_rows: int | None = None) -> QueryResult:
        """Run a query; its default graph is the union of all graphs, or of ``default_graphs``.

        With ``max_rows``, a SELECT with more rows (or a CONSTRUCT with more triples)
        raises ResultTooLarge instead of being read to the end.
        """

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update."""

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> int:
        """Make ``triples`` the whole content of ``graph``; never leaves it half-written."""

    def load_file(self, path: Path, graph: str) -> int:
        """Parse ``path`` and make it the whole content of ``graph``."""

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
    message = error.message if isinstance(error, QueryError) else str(error)
    m = re.search(r"error at (\d+):(\d+)", message)
    if m:
        line, col = int(m.group(1)), int(m.group(2))
        lines = sparql.splitlines() or [""]
        shown = lines[line - 1] if 0 < line <= len(lines) else ""
        return QueryError(f"SPARQL syntax error at line {line}, column {col}: "
                          f"{message[m.end():].lstrip(': ')}\n  {shown}\n  {' ' * (col - 1)}^")
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


def _count(store: ox.Store, graph: ox.NamedNode) -> int:
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return int(next(iter(result))["n"].value)


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold back Ctrl-C while a graph is rewritten on disk and deliver it afterwards, so an
    interrupted import stops before or after the write, never in the middle of it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[object] = []

    def hold(*args) -> None:
        if not received:
            print("Interrupted: finishing the write to the store first ...", file=sys.stderr, flush=True)
        received.append(args)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


# Stores this process opened for writing. A lock probe on their LOCK file would release
# RocksDB's own lock (POSIX locks belong to the process and die with any closed descriptor).
_WRITING: set[Path] = set()


def writer_active(path: Path) -> bool:
    """Whether another process holds the store's write lock (RocksDB's fcntl lock on LOCK)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: let Oxigraph report what it finds
        return False
    if path.resolve() in _WRITING:
        return False
    try:
        fd = os.open(path / "LOCK", os.O_RDONLY)
    except OSError:
        return False
    try:
        # A shared probe: it conflicts with the writer's exclusive lock but not with other
        # readers probing at the same moment (an exclusive probe made one of two readers
        # started together report a writer).
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _open_disk(path: Path, read_only: bool, create: bool, beside_writer: bool = False) -> ox.Store:
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is not a store: it is a file", "give a directory for --store")
    if not (path / "CURRENT").is_file():
        if read_only or not create:
            raise StoreError(f"no store at {path}", f"create it with: actorkg load --store {path}")
        if path.exists() and any(path.iterdir()):
            raise StoreError(f"{path} is not an actorkg store: a folder with other files in it",
                             "give a new or empty directory for --store")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create store {path}: {e.strerror}",
                             "give a directory you can write to for --store") from None
    elif read_only and not beside_writer and writer_active(path):
        raise StoreError(f"store {path} is being written by another process",
                         "try again when that command (an import or load) has finished")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as e:
        if "lock" in str(e).lower():
            raise StoreError(f"store {path} is in use by another process that writes to it",
                             "try again when that command (an import or load) has finished") from None
        raise StoreError(f"cannot open store {path}: {e}", "check the path and its permissions") from None
    except (RuntimeError, ValueError) as e:
        raise StoreError(f"store {path} is damaged: {e}",
                         f"delete the directory and run 'actorkg load --store {path}' again") from None


class OxigraphStore:
    """The embedded store: pyoxigraph in memory (``path=None``) or in a directory on disk.

    On disk, ``read_only=True`` lets any number of processes read at once; a missing
    directory is created unless ``create=False``, which raises a ``StoreError`` instead.
    A reader refuses to open while another process writes, unless ``beside_writer``: the
    caller then knows the writer and reopens only between its writes (the server does).
    """

    def __init__(self, path: Path | None = None, read_only: bool = False, create: bool = True,
                 beside_writer: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._journal: set[str] = set()  # graphs journaled by an open ``journaled`` block
        self._store = ox.Store() if self.path is None else _open_disk(self.path, read_only, create, beside_writer)
        if self.path is not None and not read_only:
            _WRITING.add(self.path.resolve())

    def close(self) -> None:
        """Release the store (and its write lock) now rather than when garbage-collected."""
        if self.path is not None and not self.read_only:
            self._store.flush()
            _WRITING.discard(self.path.resolve())
        self._store = None

    # -- reading -------------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None,
              default_graphs: Sequence[str] | None = None, max_rows: int | None = None, *,
              named_graphs: Sequence[str] | None = None, query_dataset: bool = False) -> QueryResult:
        """See ``Store.query``; also ``named_graphs`` (those GRAPH may read, default all) and
        ``query_dataset``: use the dataset the query's FROM / FROM NAMED clauses describe."""
        text = bind(sparql, bindings)
        if query_dataset:
            scope = {}
        elif default_graphs is not None:
            scope = {"default_graph": [ox.DefaultGraph() if g == DEFAULT_GRAPH else ox.NamedNode(g)
                                       for g in default_graphs]}
        else:
            scope = {"use_default_graph_as_union": True}
        if named_graphs is not None and not query_dataset:
            scope["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            result = self._store.query(text, **scope)
            # Results are lazy: evaluation errors surface while reading, and reading stops
            # at the row limit, so a runaway result is never held in memory whole.
            if isinstance(result, ox.QuerySolutions):
                variables = [v.value for v in result.variables]
                rows = [{v: t for v in variables if (t := solution[v]) is not None}
                        for solution in _capped(result, max_rows)]
                return sort_concatenations(Solutions(variables, rows), text)
            if isinstance(result, ox.QueryTriples):
                return Triples(list(_capped(result, max_rows)))
            return bool(result)
        except SyntaxError as e:
            raise query_error(text, e) from None
        except (OSError, RuntimeError, ValueError) as e:
            raise QueryError(f"SPARQL evaluation failed: {e}") from None

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self) -> Iterable[ox.Quad]:
        return self._store.quads_for_pattern(None, None, None, None)

    def __len__(self) -> int:
        return len(self._store)

    def needs_recovery(self) -> bool:
        """Whether an interrupted write left a journaled graph behind."""
        return bool(self._journaled_graphs())

    # -- writing -------------------------------------------------------------------------
    def update(self, sparql: str) -> None:
        self._check_writable()
        try:
            self._store.update(sparql)
        except SyntaxError as e:
            raise query_error(sparql, e) from None
        except (OSError, RuntimeError, ValueError) as e:
            raise StoreError(f"SPARQL update failed: {e}") from None

    def load_file(self, path: Path, graph: str) -> int:
        """Parse ``path`` and make it the whole content of ``graph`` (quads are flattened)."""
        fmt = format_for(path)
        if not path.is_file():
            raise DataError(f"{path}: no such file")
        base = path.resolve().as_uri()
        target = ox.NamedNode(graph)
        if self.path is None and not fmt.supports_datasets and self.is_empty_graph(graph):
            # Oxigraph's own loader, in one transaction (a syntax error writes nothing):
            # about 3x faster than parsing into Python first.
            self._check_writable()
            try:
                with open_rdf(path) as data:
                    self._store.load(input=data, format=fmt, base_iri=base, to_graph=target)
            except SyntaxError as e:
                raise parse_error(path, e) from None
            except OSError as e:
                raise _file_error(path, e) from None
            return _count(self._store, target)
        if self.path is None or fmt.supports_datasets:
            # Parsed whole before the store is touched: a syntax error leaves it as it was.
            return self.replace_graph(graph, (q.triple for q in _parse(path, fmt, base)))
        if self._store.contains_named_graph(target):
            # The bulk loader writes as it parses: check the syntax before the old content goes.
            for _ in _parse(path, fmt, base):
                pass

        def fill() -> None:
            with open_rdf(path) as data:
                self._store.bulk_load(input=data, format=fmt, base_iri=base, to_graph=target)

        try:
            self._bulk_write([target], fill)
        except SyntaxError as e:
            raise parse_error(path, e) from None
        except OSError as e:
            raise _file_error(path, e) from None
        count = _count(self._store, target)
        self._compact_after_bulk(count)
        return count

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> int:
        """Replace the content of ``graph`` with ``triples``; readers see old or new, never half."""
        return self.replace_graphs({graph: triples})[graph]

    def replace_graphs(self, contents: Mapping[str, Iterable[ox.Triple]]) -> dict[str, int]:
        """Replace several graphs in ONE transaction: all change, or none does.

        Every iterable is consumed before the store is touched, so a producer that fails
        half-way (a bad row in an importer) leaves the store as it was. Only the difference
        is written: on disk (RocksDB) a write costs about 10 us per inserted and 35 us per
        deleted quad in a transaction, so a re-import that changes little is fast and the
        derived graph is updated, not rewritten. Graphs holding blank nodes are dropped and
        rewritten, since DELETE DATA cannot name blank nodes.

        The one exception, for speed: on disk, a graph that is empty now and receives at
        least ``BULK_MIN`` triples is written by the bulk loader (about 4x faster, no
        transaction) right after the transaction, under a journal entry (``journaled``):
        if that write fails or the process dies, the graph ends up empty again (now, or by
        ``recover`` when the store is next opened for writing), as it was before.
        """
        self._check_writable()
        counts, inserts, operations, bulk = {}, [], [], {}
        for graph, triples in contents.items():
            target = ox.NamedNode(graph)
            new = dict.fromkeys(triples)
            counts[graph] = len(new)
            old = {q.triple for q in self._store.quads_for_pattern(None, None, None, target)}
            if self.path is not None and not old and len(new) >= BULK_MIN:
                bulk[target] = new
                continue
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
        if bulk:
            self._bulk_write(list(bulk), lambda: self.bulk_add(
                ox.Quad(t.subject, t.predicate, t.object, g) for g, new in bulk.items() for t in new))
            self._compact_after_bulk(sum(len(new) for new in bulk.values()))
        return counts

    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads with the bulk loader: fast, but WITHOUT atomicity (see ``journaled``)."""
        self._store.bulk_extend(quads)

    def add_quads(self, quads: Sequence[ox.Quad]) -> None:
        """Add ``quads`` in one transaction; on disk, ``BULK_MIN`` or more with the bulk
        loader under a journal entry for their graphs (dropped if the write fails)."""
        self._check_writable()
        if self.path is not None and len(quads) >= BULK_MIN:
            with self.journaled(q.graph_name.value for q in quads):
                self.bulk_add(quads)
            self._compact_after_bulk(len(quads))
        elif quads:
            self._store.extend(quads)

    def contains(self, quad: ox.Quad) -> bool:
        return quad in self._store

    @contextmanager
    def journaled(self, graphs: Iterable[str]) -> Iterator[None]:
        """Mark ``graphs`` as being written outside any transaction while the block runs.

        The journal entries (in the meta graph) are written first and removed at the end;
        if the block fails, the graphs are dropped at once, and if the process dies, the
        entries stay and ``recover`` drops the graphs when the store is next opened for
        writing. Ctrl-C waits for the block to end. Nested blocks reuse the outer entries,
        so a caller can keep a graph journaled over several steps (an import and the
        derivation that follows it).
        """
        new = [ox.NamedNode(g) for g in dict.fromkeys(graphs) if g not in self._journal]
        entries = [ox.Quad(g, ox.NamedNode(LOAD_INCOMPLETE), ox.Literal(True), ox.NamedNode(META_GRAPH))
                   for g in new]
        with _uninterrupted():
            self._store.extend(entries)
            self._journal.update(g.value for g in new)
            try:
                yield
            except BaseException:
                # The old content is gone: drop the new half and what the meta graph
                # says about the graph (its digest), so its file is loaded again.
                self._remove_bulk_files()
                for graph in new:
                    self._forget(graph)
                raise
            finally:
                for entry in entries:
                    self._store.remove(entry)
                self._journal.difference_update(g.value for g in new)
                self._store.flush()

    def _bulk_write(self, graphs: list[ox.NamedNode], fill: Callable[[], None]) -> None:
        """Empty ``graphs`` and let ``fill`` write them with the bulk loader, journaled."""
        self._check_writable()
        with self.journaled(g.value for g in graphs):
            for graph in graphs:
                self._store.remove_graph(graph)
            fill()

    def _compact_after_bulk(self, triples: int) -> None:
        """Compact the store after the bulk loader wrote ``triples`` (``COMPACT_MIN`` or more).
        The loader hands RocksDB its sorted files as they are, overlapping, and every lookup
        searches each of them until a compaction merges them: on the generated 10M-triple
        store a statement's joins were 2.5 times slower uncompacted (a hub's 199,000 type
        lookups 7.7 s, compacted 3.1 s), for 35 s of compaction on 2 cores. Below a million
        triples the gain (10-20% on the world store) is not worth the import's time."""
        if triples >= COMPACT_MIN:
            self._store.optimize()

    def _remove_bulk_files(self) -> None:
        """Delete the sorted files a failed bulk load left in the store directory (the
        loader writes them there before handing them to RocksDB, e.g. on a full disk)."""
        if self.path is not None:
            for leftover in self.path.glob("bulk-*.sst"):
                leftover.unlink(missing_ok=True)

    def is_empty_graph(self, graph: str) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))), None) is None

    def _journaled_graphs(self) -> list[ox.NamedNode]:
        return [q.subject for q in self._store.quads_for_pattern(
            None, ox.NamedNode(LOAD_INCOMPLETE), None, ox.NamedNode(META_GRAPH))]

    def recover(self) -> list[str]:
        """Drop graphs an interrupted write left behind: those whose journaled write never
        finished (with their digests, so their files load again)."""
        self._check_writable()
        dropped = self._journaled_graphs()
        for graph in dropped:
            self._forget(graph)
        if dropped:
            self.flush()
        return [g.value for g in dropped]

    def drop_graph(self, graph: str) -> None:
        """Remove ``graph`` and what the meta graph records about it (its digest)."""
        self._check_writable()
        self._forget(ox.NamedNode(graph))
        self.flush()

    def _forget(self, graph: ox.NamedNode) -> None:
        self._store.remove_graph(graph)
        for quad in list(self._store.quads_for_pattern(graph, None, None, ox.NamedNode(META_GRAPH))):
            self._store.remove(quad)

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")


@contextmanager
def open_rdf(path: Path) -> Iterator:
    """``path`` opened for a parser, after its UTF-8 byte order mark if it has one (editors
    on Windows write one; the RDF parsers take it for a character of the first term)."""
    with path.open("rb") as f:
        if f.read(3) != b"\xef\xbb\xbf":
            f.seek(0)
        yield f


def _file_error(path: Path, error: OSError) -> Exception:
    """A failed read of ``path`` as DataError; a full disk while loading it as StoreError."""
    if error.errno == errno.ENOSPC or "No space left" in str(error):
        return StoreError(f"no space left on the device while loading {path}; the store is as it was",
                          "free some space and load the file again")
    return DataError(f"{path}: cannot read: {error.strerror or error}")


def _parse(path: Path, fmt: ox.RdfFormat, base: str) -> Iterator[ox.Quad]:
    try:
        with open_rdf(path) as data:
            yield from ox.parse(input=data, format=fmt, base_iri=base)
    except SyntaxError as e:
        raise parse_error(path, e) from None
    except OSError as e:
        raise _file_error(path, e) from None
