"""Shared fixtures: the bundled graph (built once), a CLI runner, the article and datasets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
# The public datasets: ACTORKG_SHARED_DATA, else shared/data beside the checkout (how the
# workplace and CI lay it out; .ci/run exports the folder it found).
SHARED_DATA = Path(os.environ.get("ACTORKG_SHARED_DATA") or ROOT.parent / "shared" / "data").resolve()
SHARED = SHARED_DATA.parent
ARTICLE = SHARED / "sources" / "000_8d98e348b7dc699f.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_data_required() -> bool:
    """In CI (CI=1 or true) or with ACTORKG_REQUIRE_SHARED_DATA=1 a real-data test without
    its data fails instead of skipping: a green run must have read the real files."""
    return any(os.environ.get(name, "").lower() not in ("", "0", "false", "no")
               for name in ("CI", "ACTORKG_REQUIRE_SHARED_DATA"))


def pytest_configure(config):
    config.addinivalue_line("markers", "shared_data: reads the public datasets in SHARED_DATA")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("shared_data") is None:
        return
    from actorkg.graph.sources.importers import FILES

    missing = [name for name in FILES.values() if not (SHARED_DATA / name).is_file()]
    if missing:
        message = (f"the real-data tests need the datasets in {SHARED_DATA}; missing: {', '.join(missing)} "
                   "(put shared/ beside the checkout or set ACTORKG_SHARED_DATA)")
        if shared_data_required():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="session", autouse=True)
def _no_user_default_store(tmp_path_factory):
    """Session and module fixtures too must never read or write the user's default store."""
    import os

    saved = {name: os.environ.pop(name, None) for name in ("ACTORKG_STORE", "ACTORKG_ENDPOINT", "ACTORKG_AUTH",
                                                            "XDG_DATA_HOME")}
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg-data"))
    yield
    for name, value in saved.items():
        os.environ.pop(name, None)
        if value is not None:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _own_default_store(tmp_path, monkeypatch):
    """Each test has its own empty home for the default store: the user's store (and their
    ACTORKG_* settings) must neither change what a test sees nor be written by one."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    for name in ("ACTORKG_STORE", "ACTORKG_ENDPOINT", "ACTORKG_AUTH"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory):
    """Snapshots of the parsed data go to a temporary folder, not the user's cache."""
    import os

    previous = os.environ.get("ACTORKG_CACHE_DIR")
    os.environ["ACTORKG_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("ACTORKG_CACHE_DIR", None)
    else:
        os.environ["ACTORKG_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def graph():
    """The bundled ontology and article graph with derived edges, in memory."""
    from actorkg.graph.store.load import open_graph

    return open_graph()


@pytest.fixture
def runner() -> CliRunner:
    # A pipe's width, whatever terminal runs the tests: tables are laid out for it.
    return CliRunner(env={"COLUMNS": "80"})


@pytest.fixture
def cli(runner):
    """Invoke the CLI in-process: ``cli("query", "supporters-of", ...)`` -> Result."""
    from actorkg.cli import app

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def article_text() -> str:
    if ARTICLE.exists():
        return ARTICLE.read_text(encoding="utf-8")
    return (FIXTURES / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def world():
    """The ontology and a tiny importer-shaped world (datasets, a new kind, a weak blog),
    without the article: analyses must work on it unchanged."""
    from actorkg.graph.store.load import open_graph

    return open_graph([FIXTURES / "world.ttl"], include_article=False)


@pytest.fixture(scope="session")
def full(tmp_path_factory):
    """A store with every public dataset imported (about 40 s), and the import reports by
    kind; for tests marked shared_data only."""
    from actorkg.graph.sources.importers import FILES, ORDER, import_file
    from actorkg.graph.store.load import open_graph

    store = open_graph(store_path=tmp_path_factory.mktemp("full") / "store")
    reports = {kind: import_file(kind, SHARED_DATA / FILES[kind], store) for kind in ORDER}
    return store, reports


@pytest.fixture(scope="session")
def network(graph):
    """The article's signed multigraph, all time, all sources."""
    from actorkg.graph.network.project import project

    return project(graph)


@pytest.fixture(scope="session")
def world_network(world):
    from actorkg.graph.network.project import project

    return project(world)


def quad_strings(store) -> set[str]:
    """Every quad of a store as text, but the derived graph's generation stamp: a cache key
    each derivation renews (graph/rowcache.py), not data."""
    return {str(q) for q in store.quads() if not q.predicate.value.endswith("#generation")}
