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
from .namespaces import AK, ARTICLE_GRAPH, GRAPH, ONTOLOGY_GRAPH
from .rules import apply_rules
from .store import OxigraphStore, Store

META_GRAPH = GRAPH + "meta"
CONTENT_HASH = ox.NamedNode(AK + "contentHash")


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
    changed = {}
    for path, graph in files:
        digest = _digest(path)
        if _stored_digest(store, graph) != digest:
            store.load_file(path, graph)
            changed[graph] = digest
    if changed:
        apply_rules(store)
        _record_digests(store, changed)
        store.flush()
    return store


def refresh_derived(store: Store) -> int:
    """Re-derive the direct edges after a graph changed (used by importers)."""
    return apply_rules(store)
