"""Values computed from a store, kept on disk per store generation.

Every change of a store's data re-derives its edges, which stamps the derived graph with
a new generation (``rules.apply_rules``). A value built from the data (query rows, the
network projection, the actor index, the lexicon) is valid as long as that stamp is: it is
kept in the cache directory under the stamp and a key naming what it was built from, and
a later process with the same store reads it back instead of building it again; the first
process after any change misses. In-memory stores are not cached: they are rebuilt each
time anyway. ``ACTORKG_CACHE_DIR`` (or ``XDG_CACHE_HOME``) says where the files go;
``ACTORKG_NO_CACHE=1`` turns caching off.

Each question read around actors adds a file (its rows and built graph), and a file of an
old generation is never read again, so the folder is kept under a size
(``ACTORKG_CACHE_MAX_MB``, default ``MAX_MB``): after a write, the files least recently
used go first. A read marks its file used (its modification time), so what the questions
of the current data read stays.
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
# The cache's size after a write, at most: the built graphs of a few hundred questions about
# hubs of the world data (0.1-1 MB each) and the world data's whole rows (~100 MB) fit.
MAX_MB = 1024


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
            value = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        # Missing, or written by code whose classes have changed since: built again.
        value = build()
        _write(path, value)
        _prune(folder, keep=path)
        return value
    _touch(path)
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


def _touch(path: Path) -> None:
    """Mark ``path`` used now, for ``_prune``: access times are often not kept (noatime)."""
    try:
        os.utime(path)
    except OSError:
        pass


def max_bytes() -> int:
    """The cache's size limit: ``ACTORKG_CACHE_MAX_MB`` megabytes, else ``MAX_MB``."""
    text = os.environ.get("ACTORKG_CACHE_MAX_MB", "").strip()
    try:
        return int(float(text) * 1024 * 1024) if text else MAX_MB * 1024 * 1024
    except ValueError:
        return MAX_MB * 1024 * 1024  # a bad setting only keeps the default


def _prune(folder: Path, keep: Path) -> None:
    """Delete this cache's files least recently used first until the folder's files fit in
    ``max_bytes()``; ``keep`` (just written) stays, even alone over the limit. Files another
    process deletes meanwhile are skipped: a reader that loses one builds it again."""
    files = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".pickle") and entry.is_file():
                    info = entry.stat()
                    files.append((info.st_mtime, info.st_size, Path(entry.path)))
    except OSError:
        return
    total, limit = sum(size for _, size, _ in files), max_bytes()
    for _, size, path in sorted(files, key=lambda f: (f[0], f[2].name)):
        if total <= limit:
            break
        if path == keep:
            continue
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
