"""Open a store and fill it: the ontology, the article's graph, extra files, derived edges.

This is the first stage of the flow. Every command goes through ``open_graph``, which
finds the graph where it lives:

- **in memory** (the default): built from the files, or read back from a snapshot in the
  user's cache directory when the files have not changed (``cache``);
- **a store directory** (``store_path``): opened read-only, so several commands can read
  at once; only when a file changed since it was loaded (its digest is kept in the meta
  graph) is it reopened for writing to reload that file and re-derive the edges;
- **a remote endpoint**: queried as it is. Only ``load_graph`` (``actorkg load``) writes
  to an endpoint, so a query never changes a server's data behind its owner's back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import DataError, UsageError
from .namespaces import AK, ARTICLE_GRAPH, DERIVED_GRAPH, ONTOLOGY_GRAPH
from .rules import apply_rules, rules
from .store import META_GRAPH, OxigraphStore, Store

CONTENT_HASH = AK + "contentHash"


def bundled_files() -> list[tuple[Path, str]]:
    """The files every graph starts from, with the named graph each goes into."""
    return [(paths.ontology_file(), ONTOLOGY_GRAPH), (paths.actors_file(), ARTICLE_GRAPH)]


def graph_for_file(path: Path) -> str:
    """The named graph a user file is loaded into: its own file: IRI."""
    return path.resolve().as_uri()


def check_files(files: Sequence[Path]) -> None:
    for path in files:
        if not path.is_file():
            raise DataError(f"{path}: no such file", "check the --data path")


def input_files(data: Sequence[Path] = (), include_bundled: bool = True) -> list[tuple[Path, str]]:
    """(file, named graph) for the bundled data (unless excluded) and each ``data`` file."""
    extra = [Path(p) for p in data]
    check_files(extra)
    return (bundled_files() if include_bundled else []) + [(p, graph_for_file(p)) for p in extra]


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


def rules_digest() -> str:
    """The digest recorded for the derived graph: of the rules that made it."""
    digest = hashlib.sha256()
    for rule in rules():
        digest.update(f"{rule.name}\n{rule.text}\n".encode())
    return digest.hexdigest()


def _changed(store: Store, files: Sequence[tuple[Path, str]]) -> dict[str, tuple[Path, str]]:
    """Graph -> (file, new digest) for each file whose content is not what the store holds,
    and the derived graph -> (None, digest) when it is missing or other rules made it."""
    stored = stored_digests(store)
    changed = {}
    for path, graph in files:
        digest = _digest(path)
        if stored.get(graph) != digest:
            changed[graph] = (path, digest)
    if stored.get(DERIVED_GRAPH) != rules_digest():
        changed[DERIVED_GRAPH] = (None, rules_digest())
    return changed


def derive(store: Store) -> int:
    """Re-derive the direct edges and record which rules made them."""
    if isinstance(store, OxigraphStore) and store.path is not None:
        # On disk the old edges go first (a rewrite on disk is not atomic anyway): the
        # rules then read the union of all graphs, which is 3x faster than a list of them.
        # Their digest goes with them, so a crash before the end derives them again.
        store.drop_graph(DERIVED_GRAPH)
    count = apply_rules(store)
    _record_digests(store, {DERIVED_GRAPH: rules_digest()})
    return count


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
    loaded = {g: digest for g, (path, digest) in changed.items() if path is not None}
    for graph in loaded:
        report.loaded[graph] = store.load_file(changed[graph][0], graph)
    if changed:
        report.derived = derive(store)
    if loaded:
        _record_digests(store, loaded)
    return report


def _in_memory(files: Sequence[tuple[Path, str]]) -> OxigraphStore:
    from . import cache

    snapshot = cache.snapshot_path(files)
    if snapshot is not None and snapshot.is_file():
        store = cache.load(snapshot)
        if store is not None:
            return store
    store = OxigraphStore()
    for path, graph in files:
        store.load_file(path, graph)
    apply_rules(store)
    if snapshot is not None:
        cache.save(store, snapshot)
    return store


def open_graph(data: Sequence[Path] = (), store_path: Path | None = None,
               include_bundled: bool = True, *, endpoint=None, create: bool = True) -> Store:
    """Return a store holding the bundled data, ``data`` files and the derived edges.

    In memory by default. With ``store_path``, the on-disk store there (created if missing
    unless ``create=False``, which raises a ``StoreError``). With ``endpoint`` (a
    ``remote.Endpoint``), that SPARQL endpoint as it is; ``data`` must then be loaded with
    ``load_graph`` first.
    """
    if endpoint is not None:
        from .remote import RemoteStore

        if data:
            raise UsageError("--data cannot be read into a remote endpoint by a query",
                             "load the files first: actorkg load --endpoint URL --update-endpoint URL --data FILE")
        return RemoteStore(endpoint)
    files = input_files(data, include_bundled)
    if store_path is None:
        return _in_memory(files)
    store_path = Path(store_path)
    if (store_path / "CURRENT").is_file():
        store = OxigraphStore(store_path, read_only=True)
        if not store.needs_recovery() and not _changed(store, files):
            return store
        store.close()
    store = OxigraphStore(store_path, create=create)
    store.recover()
    _sync(store, files, LoadReport(str(store_path)))
    return store


def load_graph(data: Sequence[Path] = (), store_path: Path | None = None, *, endpoint=None,
               include_bundled: bool = True) -> LoadReport:
    """Fill a store directory (created if missing) or a remote endpoint with the bundled
    data and ``data`` files, loading only files that changed since the last load, then
    re-derive the edges. This is what ``actorkg load`` does."""
    files = input_files(data, include_bundled)
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
        store.recover()
        return _sync(store, files, LoadReport(str(store_path)))
    finally:
        store.close()


def refresh_derived(store: Store) -> int:
    """Re-derive the direct edges after a graph changed (used by importers)."""
    return derive(store)
