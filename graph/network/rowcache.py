"""Rows of the parameterless queries behind the network projection, cached on disk per
store generation (``store.cached``): on the imported world data the ``edges`` query takes
seconds, and every ``ask`` needs it. Rows are kept as plain Python values (str, int,
float, bool), which unpickle much faster than RDF terms.
"""

from __future__ import annotations

from ..query import library
from ..query.results import to_python
from ..store.cached import cached, generation  # noqa: F401  (generation: re-exported for callers)
from ..store.core import Store


def _plain(store: Store, name: str) -> list[dict]:
    return [{k: to_python(v) for k, v in row.items()} for row in library.run(store, name).rows]


def cached_rows(store: Store, name: str) -> list[dict]:
    """The rows of the parameterless named query ``name`` as dicts of plain values."""
    memo = store.__dict__.setdefault("_cached_rows", {}) if hasattr(store, "__dict__") else {}
    if name not in memo:
        memo[name] = cached(store, name, library.get(name).text, lambda: _plain(store, name))
    return memo[name]


