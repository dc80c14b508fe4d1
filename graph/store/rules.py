"""Derive the direct edges from statement nodes by running the CONSTRUCT files in
``queries/rules/``. Their output replaces the ``derived`` named graph, so the edges are
always exactly what the statements imply: nobody writes a direct edge by hand.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import paths
from ..errors import QueryError
from ..namespaces import AK, DERIVED_GRAPH
from .core import Store, Triples


@dataclass(frozen=True)
class Rule:
    name: str
    path: Path
    text: str


def rules(folder: Path | None = None) -> list[Rule]:
    folder = folder or paths.rules_dir()
    return [Rule(p.stem, p, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))]


RULES_DIGEST = ox.NamedNode(AK + "rulesDigest")


def rules_digest(found: list[Rule] | None = None) -> str:
    """A digest of the rule files (``found``, else read from the rules folder): the derived
    graph records it, so edges made by other rules (an upgrade, an edited rule) are
    derived again, and the in-memory snapshot is keyed by it."""
    digest = hashlib.sha256()
    for rule in found if found is not None else rules():
        digest.update(f"{rule.name}\n{rule.text}\n".encode())
    return digest.hexdigest()


def derive(store: Store, folder: Path | None = None) -> list:
    """The triples every rule derives from the store.

    Rules read source statements only (never each other's output), so one pass is enough
    and the order does not matter. They run over the union of all graphs: naming every
    graph but the derived one made on-disk queries 3-4x slower, and reading the derived
    graph changes nothing because the only statements there are of kinds marked
    ``ak:derivedKind``, which the generic rules skip.
    """
    derived = {}
    found = rules(folder)
    for rule in found:
        try:
            result = store.query(rule.text)
        except QueryError as e:
            raise QueryError(f"rule {rule.path}: {e.message}") from None
        if not isinstance(result, Triples):
            raise QueryError(f"rule {rule.path} is not a CONSTRUCT query")
        for triple in result.triples:
            derived[triple] = None
    # A fresh generation stamp with every derivation: caches of query results key on it
    # (see rowcache.py), and every change of the data is followed by a derivation.
    derived[ox.Triple(ox.NamedNode(DERIVED_GRAPH), ox.NamedNode(AK + "generation"),
                      ox.Literal(uuid.uuid4().hex))] = None
    derived[ox.Triple(ox.NamedNode(DERIVED_GRAPH), RULES_DIGEST, ox.Literal(rules_digest(found)))] = None
    return list(derived)


def apply_rules(store: Store, folder: Path | None = None) -> int:
    """Run every rule over the store and replace the derived graph with their union.

    The derived graph is replaced as a whole, so an edge never outlives the statement it
    came from. Returns the number of derived triples.
    """
    return store.replace_graph(DERIVED_GRAPH, derive(store, folder))
