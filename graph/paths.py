"""Where the bundled data and queries live, resolved in one place.

Works from a source checkout (editable install) and from a wheel, because the project
root is installed as the ``actorkg`` package with ``data/`` and ``queries/`` inside it.
``ACTORKG_DATA_DIR`` and ``ACTORKG_QUERIES_DIR`` override the bundled folders;
``ACTORKG_CACHE_DIR`` (or ``ACTORKG_NO_CACHE``) the cache of parsed data.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("ACTORKG_DATA_DIR") or PACKAGE_ROOT / "data")


def queries_dir() -> Path:
    return Path(os.environ.get("ACTORKG_QUERIES_DIR") or PACKAGE_ROOT / "queries")


def rules_dir() -> Path:
    return queries_dir() / "rules"


def ontology_file() -> Path:
    return data_dir() / "ontology.ttl"


def actors_file() -> Path:
    return data_dir() / "actors.ttl"


def shapes_file() -> Path:
    return data_dir() / "shapes.ttl"


def registry_dir() -> Path:
    """Curated tables of the actor registry (name aliases, Mondial crosswalk)."""
    return data_dir() / "registry"


def default_store() -> Path:
    """Where imported datasets persist when no --store is given.

    ``ACTORKG_STORE`` wins; otherwise ``store`` in the platform's user data directory
    (``$XDG_DATA_HOME/actorkg``, ``~/.local/share/actorkg`` on Linux).
    """
    if os.environ.get("ACTORKG_STORE"):
        return Path(os.environ["ACTORKG_STORE"])
    from platformdirs import user_data_dir

    return Path(user_data_dir("actorkg", appauthor=False)) / "store"


def cache_dir() -> Path | None:
    """Where snapshots of the parsed bundled data and cached query results go; None when
    caching is switched off (``ACTORKG_NO_CACHE=1``). ``ACTORKG_CACHE_DIR`` overrides the
    platform's user cache directory (``$XDG_CACHE_HOME/actorkg``, ``~/.cache/actorkg`` on
    Linux, ``~/Library/Caches/actorkg`` on macOS, ``%LOCALAPPDATA%\\actorkg\\Cache`` on Windows)."""
    if os.environ.get("ACTORKG_NO_CACHE"):
        return None
    if os.environ.get("ACTORKG_CACHE_DIR"):
        return Path(os.environ["ACTORKG_CACHE_DIR"])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("actorkg", appauthor=False))
