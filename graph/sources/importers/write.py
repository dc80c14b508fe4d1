"""Write a dataset graph into the store and bring the derived edges up to date.

Three ways, each leaving the store as it was if it fails:

- **first import on disk** (the graph is empty): quads stream to the bulk loader in
  chunks as the importer makes them, under a journal entry (``store.journaled``), so
  memory does not grow with the file and a failure or a kill drops the half-written graph;
- **re-import**: the new content is compared with the old, first by its digest (kept in
  the meta graph), then triple by triple; only the difference is written, in one
  transaction, and nothing at all when nothing changed (no new generation stamp, so
  caches of query results stay valid);
- **in memory** (tests, scripts): the graph is replaced and the edges derived in full.

After a change the edges are re-derived from the affected graphs only (``increment.py``).
"""

from __future__ import annotations

import errno
from contextlib import contextmanager

import pyoxigraph as ox

from ...errors import StoreError
from ...namespaces import AK
from ...store import increment
from ...store.core import META_GRAPH, OxigraphStore, Store
from ...store.load import STALE, STATUS_GRAPH, derived_is_stale, mark_derived_stale, refresh_derived

IMPORT_DIGEST = ox.NamedNode(AK + "importDigest")
# Quads handed to the bulk loader at a time: bounds memory on big files.
CHUNK = 200_000
_MASK = (1 << 64) - 1


def _version() -> str:
    # pyoxigraph's term hashes are stable between processes, not necessarily between its
    # versions: a digest from another version never matches (the slow path compares).
    return ox.__version__


class GraphWriter:
    """Receives a dataset graph's quads from the importer (``add``) and commits them."""

    def __init__(self, store: Store, graph: str, stream: bool = True):
        self.store = store
        self.graph = graph
        self.target = ox.NamedNode(graph)
        self.on_disk = isinstance(store, OxigraphStore) and store.path is not None
        self.streaming = stream and self.on_disk and store.is_empty_graph(graph)
        self.watch = increment.Watch(store) if self.streaming else None
        self.quads: dict[ox.Quad, None] = {}
        self.buffer: list[ox.Quad] = []
        # A digest of what the importer made: the sum of its quads' hashes, so the order they
        # come in does not matter (the same file and registry always give the same sum).
        self.digest = 0
        self.count = 0
        self.changed = True

    def add(self, s, p, o) -> None:
        quad = ox.Quad(s, p, o, self.target)
        self.digest = (self.digest + hash(quad)) & _MASK
        if not self.streaming:
            self.quads[quad] = None
            return
        self.watch.add(s, p, o)
        self.buffer.append(quad)  # the store drops duplicates
        if len(self.buffer) >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        self.store.bulk_add(self.buffer)
        self.buffer = []

    @contextmanager
    def transaction(self):
        """Around the whole import: a streamed first import is journaled (dropped if
        anything below fails); a failure after the data changed re-derives the edges."""
        try:
            with _disk_errors(self.store):
                if self.streaming:
                    with self.store.journaled([self.graph]):
                        # Stale first: if the process dies after the journal is gone, the
                        # next open still derives the edges.
                        mark_derived_stale(self.store, {})
                        yield self
                else:
                    yield self
        except BaseException:
            if self.streaming:
                _clear_stale_mark(self.store)
            elif derived_is_stale(self.store):
                try:
                    refresh_derived(self.store)
                except OSError:
                    pass  # the mark stays: the next open derives the edges
            raise

    def commit(self) -> int:
        """Write what the importer made; returns the number of derived triples."""
        if self.streaming:
            self._flush()
            self.count = _size(self.store, self.target)
            self._record_digest()
            return increment.finish(self.store, increment.plan_first_import(self.store, self.graph, self.watch))
        self.count = len(self.quads)
        if not self.on_disk:
            return self._replace_in_memory()
        if self._stored_digest() == self._digest_text():
            return self._unchanged()
        if self.store.is_empty_graph(self.graph):
            # A first import under --strict (the quads were kept to check every row first).
            plan = increment.plan_change(self.store, self.graph, [q.triple for q in self.quads])
            with self.store.journaled([self.graph]):
                mark_derived_stale(self.store, {})
                self.store.add_quads(list(self.quads))
                self._record_digest()
                return increment.finish(self.store, plan)
        return self._write_difference()

    def _write_difference(self) -> int:
        store = self.store
        new = {q.triple for q in self.quads}
        old = {q.triple for q in store._store.quads_for_pattern(None, None, None, self.target)}
        fresh, stale = [t for t in new if t not in old], [t for t in old if t not in new]
        if not fresh and not stale:
            self._record_digest()
            return self._unchanged()
        plan = increment.plan_change(store, self.graph, fresh + stale)
        operations = [f"INSERT DATA {{ GRAPH {ox.NamedNode(STATUS_GRAPH)} {{ {STALE.subject} {STALE.predicate} {STALE.object} }} }}"]
        if stale:
            operations.append(f"DELETE DATA {{ GRAPH {self.target} {{ {_ntriples(stale)} }} }}")
        if fresh:
            operations.append(f"INSERT DATA {{ GRAPH {self.target} {{ {_ntriples(fresh)} }} }}")
        operations.append(self._digest_update())
        store.update(" ;\n".join(operations))
        return increment.finish(store, plan)

    def _replace_in_memory(self) -> int:
        old = {q.triple for q in self.store.quads() if q.graph_name == self.target}
        new = {q.triple for q in self.quads}
        if old == new:
            return self._unchanged()
        mark_derived_stale(self.store, {self.graph: list(new)})
        return refresh_derived(self.store)

    def _unchanged(self) -> int:
        self.changed = False
        return increment.derived_size(self.store)

    def _stored_digest(self) -> str | None:
        rows = self.store.query(f"SELECT ?d WHERE {{ GRAPH {ox.NamedNode(META_GRAPH)} {{ {self.target} {IMPORT_DIGEST} ?d }} }}").rows
        return rows[0]["d"].value if rows else None

    def _digest_update(self) -> str:
        meta = ox.NamedNode(META_GRAPH)
        return (f"DELETE WHERE {{ GRAPH {meta} {{ {self.target} {IMPORT_DIGEST} ?d }} }} ;\n"
                f'INSERT DATA {{ GRAPH {meta} {{ {self.target} {IMPORT_DIGEST} "{self._digest_text()}" }} }}')

    def _digest_text(self) -> str:
        return f"pyoxigraph {_version()}: {self.digest:016x}"

    def _record_digest(self) -> None:
        self.store.update(self._digest_update())


def _size(store: OxigraphStore, graph: ox.NamedNode) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}").rows
    return int(rows[0]["n"].value)


def _ntriples(triples) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def _clear_stale_mark(store: OxigraphStore) -> None:
    """After a streamed first import was rolled back, nothing it touched is left: drop the
    stale mark too, unless the derived graph itself was dropped (then derive again)."""
    try:
        if increment.derived_size(store):
            store.update(f"DROP SILENT GRAPH {ox.NamedNode(STATUS_GRAPH)}")
    except OSError:
        pass


@contextmanager
def _disk_errors(store: Store):
    """A write the file system refused (a full disk, a read-only mount) as a StoreError."""
    try:
        yield
    except OSError as e:
        where = getattr(store, "path", None) or "the store"
        if e.errno == errno.ENOSPC or "No space left" in str(e):
            raise StoreError(f"no space left on the device of {where}; the import was undone",
                             "free some space (or import into a --store elsewhere) and run the import again") from None
        raise StoreError(f"cannot write to {where}: {e.strerror or e}; the import was undone",
                         "check that the store directory is writable") from None

