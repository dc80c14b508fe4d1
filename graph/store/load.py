"""Open a store and fill it: the ontology, the article's graph, extra files, derived edges.

This is the first stage of the flow. Every command goes through ``open_graph``, which
finds the graph where it lives:

- **in memory** (the default): built from the files, or read back from a snapshot in the
  user's cache directory when the files have not changed (``cache``);
- **a store directory** (``store_path``): opened read-only, so several commands can read
  at once; only when a file changed since it was loaded (its digest is kept in the meta
  graph), the derived edges are stale, or the caller will write (an import), is it opened
  for writing;
- **a remote endpoint**: queried as it is. Only ``load_graph`` (``actorkg load``) writes
  to an endpoint, so a query never changes a server's data behind its owner's back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import paths
from ..errors import ActorKGError, DataError, UsageError
from ..namespaces import AK, ARTICLE_GRAPH, DERIVED_GRAPH, GRAPH, ONTOLOGY_GRAPH
from .core import META_GRAPH, OxigraphStore, Store
from .rules import RULES_DIGEST, rules_digest

CONTENT_HASH = AK + "contentHash"
# Holds one triple while a graph changed and the derived edges are not yet re-derived.
STATUS_GRAPH = GRAPH + "derived-status"
STALE = ox.Triple(ox.NamedNode(DERIVED_GRAPH), ox.NamedNode(AK + "derivedStale"), ox.Literal(True))


def bundled_files(include_article: bool = True) -> list[tuple[Path, str]]:
    """The files a graph starts from, with the named graph each goes into.

    The ontology is always there (the rules and queries read relation kinds from it);
    the article's graph can be left out, e.g. to validate a file on its own.
    """
    files = [(paths.ontology_file(), ONTOLOGY_GRAPH)]
    if include_article:
        files.append((paths.actors_file(), ARTICLE_GRAPH))
    return files


def graph_for_file(path: Path) -> str:
    """The named graph a user file is loaded into: its own file: IRI."""
    return path.resolve().as_uri()


def check_files(files: Sequence[Path]) -> None:
    for path in files:
        if not path.is_file():
            raise DataError(f"{path}: no such file", "check the --data path")


def input_files(data: Sequence[Path] = (), include_article: bool = True) -> list[tuple[Path, str]]:
    """(file, named graph) for the bundled data and each ``data`` file."""
    extra = [Path(p) for p in data]
    check_files(extra)
    return bundled_files(include_article) + [(p, graph_for_file(p)) for p in extra]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored_digests(store: Store) -> dict[str, str]:
    """Graph -> digest of the file it was loaded from, as recorded in the meta graph."""
    rows = store.query(f"SELECT ?g ?h WHERE {{ GRAPH <{META_GRAPH}> {{ ?g <{CONTENT_HASH}> ?h }} }}").rows
    return {row["g"].value: row["h"].value for row in rows}


def _record_digests(store: Store, digests: dict[str, str]) -> None:
    # One small update (one transaction): drop the graphs' old digests, add the new ones.
    deletes = [f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{g}> <{CONTENT_HASH}> ?h }} }}" for g in digests]
    inserts = " ".join(f'<{g}> <{CONTENT_HASH}> "{h}" .' for g, h in sorted(digests.items()))
    store.update(" ;\n".join(deletes + [f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {inserts} }} }}"]))


def record_loaded(store: Store, files: Sequence[tuple[Path, str]]) -> None:
    """Record that each (file, graph) is loaded as the file is now, so later opens do not
    load it again (for callers that fill a store themselves, like the benchmarks)."""
    _record_digests(store, {graph: _digest(path) for path, graph in files})


def derived_is_stale(store: Store) -> bool:
    """Whether the direct edges must be derived again: a graph changed since (or an import
    was interrupted before they were), or other rules made them (or none did)."""
    return (bool(store.query(f"ASK {{ GRAPH <{STATUS_GRAPH}> {{ ?s ?p ?o }} }}"))
            or not store.query(f"ASK {{ GRAPH <{DERIVED_GRAPH}> {{ <{DERIVED_GRAPH}> <{RULES_DIGEST.value}> ?d }} }}",
                               {"d": ox.Literal(rules_digest())}))


def _changed(store: Store, files: Sequence[tuple[Path, str]]) -> dict[str, tuple[Path, str]]:
    """Graph -> (file, new digest) for each file whose content is not what the store holds."""
    stored = stored_digests(store)
    changed = {}
    for path, graph in files:
        digest = _digest(path)
        if stored.get(graph) != digest:
            changed[graph] = (path, digest)
    return changed


@dataclass
class LoadReport:
    """What ``load_graph`` did: graphs (re)loaded with their triple counts, derived edges."""

    target: str
    loaded: dict[str, int] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    derived: int | None = None


def _sync(store: Store, files: Sequence[tuple[Path, str]], report: LoadReport) -> LoadReport:
    """Load every file whose content changed, then re-derive the edges and record digests."""
    changed = _changed(store, files)
    report.unchanged = [g for _, g in files if g not in changed]
    was_stale = bool(changed) and derived_is_stale(store)
    if changed:
        # Stale first: if a load below dies, the next open derives the edges again.
        mark_derived_stale(store, {})
    try:
        for graph, (path, _) in changed.items():
            report.loaded[graph] = store.load_file(path, graph)
    except ActorKGError:
        # The file that failed left its graph as it was. Bring the edges in line with what
        # is loaded now, so the next command neither derives them nor needs write access.
        if report.loaded:
            _record_digests(store, {g: changed[g][1] for g in report.loaded})
        if report.loaded or was_stale:
            refresh_derived(store)
        else:
            store.replace_graph(STATUS_GRAPH, [])
        raise
    if changed:
        _record_digests(store, {graph: digest for graph, (_, digest) in changed.items()})
    if changed or derived_is_stale(store):
        report.derived = refresh_derived(store)
    return report


def _in_memory(files: Sequence[tuple[Path, str]]) -> OxigraphStore:
    from . import snapshot as cache

    snapshot = cache.snapshot_path(files)
    if snapshot is not None and snapshot.is_file():
        store = cache.load(snapshot)
        if store is not None:
            return store
    store = OxigraphStore()
    for path, graph in files:
        store.load_file(path, graph)
    refresh_derived(store)
    if snapshot is not None:
        cache.save(store, snapshot)
    return store


def open_graph(data: Sequence[Path] = (), store_path: Path | None = None,
               include_article: bool = True, *, endpoint=None, create: bool = True,
               writable: bool = False) -> Store:
    """Return a store holding the bundled data, ``data`` files and the derived edges.

    In memory by default. With ``store_path``, the on-disk store there (created if missing
    unless ``create=False``, which raises a ``StoreError``), read-only unless it must be
    brought up to date or ``writable`` is set. With ``endpoint`` (a ``remote.Endpoint``),
    that SPARQL endpoint as it is; ``data`` must then be loaded with ``load_graph`` first.
    """
    if endpoint is not None:
        from .remote import RemoteStore

        if data:
            raise UsageError("--data cannot be read into a remote endpoint by a query",
                             "load the files first: actorkg load --endpoint URL --update-endpoint URL --data FILE")
        return RemoteStore(endpoint)
    files = input_files(data, include_article)
    if store_path is None:
        return _in_memory(files)
    store_path = Path(store_path)
    if not writable and (store_path / "CURRENT").is_file():
        store = OxigraphStore(store_path, read_only=True)
        if not store.needs_recovery() and not _changed(store, files) and not derived_is_stale(store):
            return store
        store.close()
    store = OxigraphStore(store_path, create=create)
    recover(store)
    _sync(store, files, LoadReport(str(store_path)))
    store.flush()
    return store


def load_graph(data: Sequence[Path] = (), store_path: Path | None = None, *, endpoint=None,
               include_article: bool = True, after_change: Callable[[Store], None] | None = None) -> LoadReport:
    """Fill a store directory (created if missing) or a remote endpoint with the bundled
    data and ``data`` files, loading only files that changed since the last load, then
    re-derive the edges. This is what ``actorkg load`` does. ``after_change`` is called
    with a store directory whose data changed, before it is closed."""
    files = input_files(data, include_article)
    if endpoint is not None:
        from .remote import RemoteStore

        store = RemoteStore(endpoint)
        try:
            return _sync(store, files, LoadReport(endpoint.query))
        finally:
            store.close()
    if store_path is None:
        raise UsageError("nothing to load into", "give --store PATH or --endpoint URL --update-endpoint URL")
    store = OxigraphStore(Path(store_path))
    try:
        recover(store)
        report = _sync(store, files, LoadReport(str(store_path)))
        if after_change is not None and report.derived is not None:
            after_change(store)
        return report
    finally:
        store.close()


def recover(store: OxigraphStore) -> list[str]:
    """Drop graphs an interrupted write left half-written (see ``store.recover``) and mark
    the derived edges stale, since they may rest on them; returns the graphs' names."""
    dropped = store.recover()
    if dropped:
        mark_derived_stale(store, {})
    return dropped


def mark_derived_stale(store: Store, contents: dict) -> None:
    """Replace graphs and mark the derived edges stale, in one transaction."""
    replace = getattr(store, "replace_graphs", None)
    if replace is None:
        store.replace_graph(STATUS_GRAPH, [STALE])
        for graph, triples in contents.items():
            store.replace_graph(graph, triples)
    else:
        replace({**contents, STATUS_GRAPH: [STALE]})


def refresh_derived(store: Store) -> int:
    """Re-derive the direct edges after a graph changed and clear the stale mark in the
    same transaction. Returns the number of derived triples."""
    from .rules import derive

    derived = derive(store)
    replace = getattr(store, "replace_graphs", None)
    if replace is None:
        store.replace_graph(DERIVED_GRAPH, derived)
        store.replace_graph(STATUS_GRAPH, [])
    else:
        replace({DERIVED_GRAPH: derived, STATUS_GRAPH: []})
    return len(derived)


def _endpoint(url: str | None, auth: str | None, update: str | None = None, graph_store: str | None = None):
    if url is None:
        if update or graph_store:
            raise UsageError("--update-endpoint and --graph-store need --endpoint URL")
        return None
    from .remote import Endpoint

    return Endpoint(url, update=update, graph_store=graph_store, auth=auth)


def default_store_path(store: Path | None, memory: bool = False, persistent: bool = False) -> Path | None:
    """The one store rule: an explicit ``store``, else the default store (``paths.default_store``)
    when it exists or must be written (``persistent``: import), else None (the bundled data
    in memory). ``memory`` asks for the bundled data alone even when the default store exists."""
    if store is not None:
        return Path(store)
    if memory and not persistent:
        return None
    default = paths.default_store()
    return default if persistent or (default / "CURRENT").is_file() else None


def open_where(data: Sequence[Path] = (), store: Path | None = None, endpoint: str | None = None,
               auth: str | None = None, *, memory: bool = False, writable: bool = False,
               persistent: bool = False) -> Store:
    """The graph a command works on, found by the one store rule (``default_store_path``),
    or the SPARQL ``endpoint``. ``persistent`` commands (imports) need a store directory and
    create the default one if there is none yet."""
    if store is not None and endpoint is not None:
        raise UsageError("--store and --endpoint exclude each other (check ACTORKG_STORE and ACTORKG_ENDPOINT)")
    if endpoint is not None:
        if persistent:
            raise UsageError("imports write to a store directory, not to an endpoint",
                             "import into a --store, then 'actorkg load' it to the endpoint")
        return open_graph(data, endpoint=_endpoint(endpoint, auth), writable=writable)
    path = default_store_path(store, memory, persistent)
    if path is None:
        return open_graph(data)
    return open_graph(data, store_path=path, create=persistent, writable=writable)


def load_where(data: Sequence[Path] = (), store: Path | None = None, endpoint: str | None = None,
               auth: str | None = None, update: str | None = None, graph_store: str | None = None,
               after_change: Callable[[Store], None] | None = None) -> LoadReport:
    """``actorkg load``: fill ``store`` (default: the default store) or the ``endpoint``."""
    if store is not None and endpoint is not None:
        raise UsageError("--store and --endpoint exclude each other (check ACTORKG_STORE and ACTORKG_ENDPOINT)")
    remote = _endpoint(endpoint, auth, update, graph_store)
    return load_graph(data, store_path=None if remote else default_store_path(store, persistent=True),
                      endpoint=remote, after_change=after_change)
