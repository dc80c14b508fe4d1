"""Values computed from a store, kept on disk per store generation.

Every change of a store's data re-derives its edges, which stamps the derived graph with
a new generation (``rules.apply_rules``). A value built from the data (query rows, the
network projection, the actor index, the lexicon) is valid as long as that stamp is: it is
kept in the cache directory under the stamp and a key naming what it was built from, and
a later process with the same store reads it back instead of building it again; the first
process after any change misses. In-memory stores are not cached: they are rebuilt each
time anyway. ``ACTORKG_CACHE_DIR`` (or ``XDG_CACHE_HOME``) says where the files go;
``ACTORKG_NO_CACHE=1`` turns caching off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .. import paths
from ..namespaces import AK, DERIVED_GRAPH
from .core import Store

GENERATION = AK + "generation"
_GENERATION_QUERY = f"SELECT ?g WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ <{DERIVED_GRAPH}> <{GENERATION}> ?g }} }}"
# Bump when the cached form changes, so old files are never misread.
_FORMAT = "1"
T = TypeVar("T")


def generation(store: Store) -> str | None:
    """The stamp of the store's current derived graph, or None for stores not worth caching."""
    if getattr(store, "path", None) is None and not getattr(store, "endpoint", None):
        return None
    rows = store.query(_GENERATION_QUERY).rows
    return rows[0]["g"].value if rows else None


def cached(store: Store, name: str, key: str, build: Callable[[], T]) -> T:
    """``build()``'s value for this store generation and ``key``, read back from the cache
    directory when a process has built it before, else built and written there (for stores
    not worth caching, just built)."""
    folder = paths.cache_dir()
    stamp = None if folder is None else generation(store)
    if stamp is None:
        return build()
    digest = hashlib.sha256(f"{_FORMAT}\n{stamp}\n{key}".encode()).hexdigest()[:32]
    path = folder / f"{name}-{digest}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        # Missing, or written by code whose classes have changed since: built again.
        value = build()
        _write(path, value)
        return value


def _write(path: Path, value: object) -> None:
    """Write atomically; a cache that cannot be written is only slower, never an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
