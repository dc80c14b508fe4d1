"""A snapshot of the in-memory graph in the user's cache directory, so a command does not
parse the data files and run the rules on every call.

The snapshot is the finished dataset (every named graph, derived edges included) as one
N-Quads file, named by a hash of everything it was built from: the content of each input
file and the graph it went into, the rule files, and the pyoxigraph version. Editing any
of them builds a new snapshot; only the most recent few are kept. An N-Quads file rather than an
on-disk store because it is quicker to open (README, "In memory", has the timings).
The cache is an optimization only: when the directory cannot be written, nothing breaks.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from .. import paths
from .core import OxigraphStore
from .rules import rules_digest

PREFIX = "graph-"
SUFFIX = ".nq"
# Snapshots kept, so switching between a few --data sets does not rebuild every time.
KEEP = 8


def key(files: Sequence[tuple[Path, str]]) -> str:
    digest = hashlib.sha256(f"pyoxigraph {ox.__version__}\n".encode())
    for path, graph in files:
        digest.update(f"{graph}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(f"rules {rules_digest()}\n".encode())
    return digest.hexdigest()[:32]


def snapshot_path(files: Sequence[tuple[Path, str]]) -> Path | None:
    folder = paths.cache_dir()
    return None if folder is None else folder / f"{PREFIX}{key(files)}{SUFFIX}"


def load(snapshot: Path) -> OxigraphStore | None:
    """The in-memory store held by ``snapshot``, or None when there is none (or it is unreadable)."""
    store = OxigraphStore()
    try:
        store._store.load(path=str(snapshot), format=ox.RdfFormat.N_QUADS)
    except (OSError, SyntaxError):
        return None
    return store


def save(store: OxigraphStore, snapshot: Path) -> None:
    """Write ``store`` to ``snapshot`` atomically and prune old snapshots; errors are ignored."""
    try:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=snapshot.parent, prefix=".tmp-", suffix=SUFFIX)
        try:
            with os.fdopen(fd, "wb") as out:
                store._store.dump(out, format=ox.RdfFormat.N_QUADS)
            os.replace(tmp, snapshot)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        snapshots = sorted(snapshot.parent.glob(f"{PREFIX}*{SUFFIX}"), key=lambda p: p.stat().st_mtime)
        for old in snapshots[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
