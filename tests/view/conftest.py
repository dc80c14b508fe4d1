"""The real world store for viewer tests: every dataset in SHARED_DATA imported once per
test session into a temporary on-disk store (about 40 s on 2 cores)."""

from __future__ import annotations

import pytest

from ..conftest import SHARED_DATA


@pytest.fixture(scope="session")
def world_store(tmp_path_factory):
    from actorkg.graph.sources.importers import FILES, ORDER, import_file
    from actorkg.graph.store.load import open_graph

    missing = [name for name in FILES.values() if not (SHARED_DATA / name).is_file()]
    if missing:
        pytest.skip(f"the world store needs the datasets in {SHARED_DATA}; missing: {', '.join(missing)}")
    store = open_graph(store_path=tmp_path_factory.mktemp("world") / "store")
    for kind in ORDER:
        import_file(kind, SHARED_DATA / FILES[kind], store)
    return store
