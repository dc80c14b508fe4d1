"""Open a store and fill it: the ontology, the article's graph, extra files, derived edges.

This is the first stage of the flow. Every command goes through ``open_graph``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from . import paths
from .errors import DataError
from .namespaces import AK, ARTICLE_GRAPH, DERIVED_GRAPH, GRAPH, ONTOLOGY_GRAPH
from .rules import apply_rules
from .store import OxigraphStore, Store

META_GRAPH = GRAPH + "meta"
CONTENT_HASH = ox.NamedNode(AK + "contentHash")
# Holds one triple while a graph changed and the derived edges are not yet re-derived.
STATUS_GRAPH = GRAPH + "derived-status"
STALE = ox.Triple(ox.NamedNode(GRAPH + "derived"), ox.NamedNode(AK + "derivedStale"),
                  ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")))


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


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stored_digest(store: OxigraphStore, graph: str) -> str | None:
    result = store.query(
        "SELECT ?h WHERE { ?g <%s> ?h }" % CONTENT_HASH.value, {"g": ox.NamedNode(graph)})
    return result.rows[0]["h"].value if result.rows else None


def _record_digests(store: OxigraphStore, digests: dict[str, str]) -> None:
    current = {}
    for row in store.query("SELECT ?g ?h WHERE { ?g <%s> ?h }" % CONTENT_HASH.value).rows:
        current[row["g"].value] = row["h"].value
    current.update(digests)
    store.replace_graph(META_GRAPH, [
        ox.Triple(ox.NamedNode(g), CONTENT_HASH, ox.Literal(h)) for g, h in sorted(current.items())])


def open_graph(data: Sequence[Path] = (), store_path: Path | None = None,
               include_article: bool = True) -> Store:
    """Return a store holding the bundled data, ``data`` files and the derived edges.

    In memory by default. With ``store_path``, an on-disk store is opened (created if
    missing) and a file is parsed only when its content changed since it was loaded there.
    """
    files = bundled_files(include_article)
    extra = [Path(p) for p in data]
    check_files(extra)
    files += [(p, graph_for_file(p)) for p in extra]

    store = OxigraphStore(store_path)
    if store_path is None:
        for path, graph in files:
            store.load_file(path, graph)
        apply_rules(store)
        return store

    store.drop_staging()
    recover(store)
    changed = {}
    for path, graph in files:
        digest = _digest(path)
        if _stored_digest(store, graph) != digest:
            store.load_file(path, graph)
            changed[graph] = digest
    stale = bool(store.query("ASK { GRAPH <%s> { ?s ?p ?o } }" % STATUS_GRAPH))
    if changed or stale:
        refresh_derived(store)
        _record_digests(store, changed)
        store.flush()
    return store


IMPORTING = ox.NamedNode(AK + "importing")


def mark_importing(store: Store, graph: str) -> None:
    """Record, in one transaction, that ``graph`` (empty until now) is being bulk-written
    and that the derived edges are stale; ``recover`` undoes an interrupted write."""
    store.replace_graph(STATUS_GRAPH, [STALE, ox.Triple(ox.NamedNode(graph), IMPORTING, STALE.object)])


def recover(store: Store) -> list[str]:
    """Drop graphs an interrupted bulk import left half-written; returns their names."""
    rows = store.query("SELECT ?g WHERE { GRAPH <%s> { ?g <%s> ?x } }" % (STATUS_GRAPH, IMPORTING.value)).rows
    dropped = [row["g"].value for row in rows]
    for graph in dropped:
        store.drop_graph(graph)
    if dropped:
        store.replace_graph(STATUS_GRAPH, [STALE])
    return dropped


def mark_derived_stale(store: Store, contents: dict) -> None:
    """Replace graphs and mark the derived edges stale, in one transaction."""
    replace = getattr(store, "replace_graphs", None)
    if replace is None:
        for graph, triples in contents.items():
            store.replace_graph(graph, triples)
        store.replace_graph(STATUS_GRAPH, [STALE])
    else:
        replace({**contents, STATUS_GRAPH: [STALE]})


def refresh_derived(store: Store) -> int:
    """Re-derive the direct edges after a graph changed (used by importers) and clear the
    stale mark in the same transaction."""
    from .rules import derive

    derived = derive(store)
    replace = getattr(store, "replace_graphs", None)
    if replace is None:
        store.replace_graph(DERIVED_GRAPH, derived)
        store.replace_graph(STATUS_GRAPH, [])
    else:
        replace({DERIVED_GRAPH: derived, STATUS_GRAPH: []})
    return len(derived)
