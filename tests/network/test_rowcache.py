"""The projection's query results are cached per data generation for on-disk stores."""

from __future__ import annotations

from actorkg.graph.network import rowcache as cache
from actorkg.graph.network.project import project
from actorkg.graph.store.load import open_graph

EXTRA = """
@prefix ak: <https://w3id.org/actorkg/ontology#> . @prefix kg: <https://w3id.org/actorkg/entity/> .
@prefix src: <https://w3id.org/actorkg/source/> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
src:note a ak:TextSource ; rdfs:label "a note" ; ak:reliability ak:ReliabilityC .
<https://w3id.org/actorkg/statement/iran-arms> a ak:ArmsTransfer ; ak:supplier kg:Iran ;
    ak:recipient kg:Armenia ; ak:quote "q" ; prov:wasDerivedFrom src:note .
"""


def test_cache_hits_for_the_same_data_and_misses_after_a_change(cached_store, tmp_path, monkeypatch):
    extra, store_dir = cached_store

    first = open_graph([extra], store_path=store_dir)
    stamp = cache.generation(first)
    assert stamp and project(first).number_of_edges() == 29
    files = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert any(name.startswith("edges-") for name in files)
    del first

    # Same data, new process-like store object: the cached rows are read, not re-queried.
    again = open_graph([extra], store_path=store_dir)
    assert cache.generation(again) == stamp
    monkeypatch.setattr(cache, "_plain", lambda *a: (_ for _ in ()).throw(AssertionError("re-queried")))
    assert project(again).number_of_edges() == 29
    monkeypatch.undo()
    monkeypatch.setenv("ACTORKG_CACHE_DIR", str(tmp_path / "cache"))
    del again

    # Changed data: a new derivation, a new generation, the new statement shows.
    extra.write_text(EXTRA)
    changed = open_graph([extra], store_path=store_dir)
    assert cache.generation(changed) != stamp
    graph = project(changed)
    assert graph.has_edge("https://w3id.org/actorkg/entity/Iran", "https://w3id.org/actorkg/entity/Armenia")


def test_in_memory_stores_are_not_cached(graph, tmp_path, monkeypatch):
    monkeypatch.setenv("ACTORKG_CACHE_DIR", str(tmp_path / "cache"))
    assert cache.generation(graph) is None
    project(graph)
    assert not (tmp_path / "cache").exists()


def test_actor_index_and_lexicon_are_kept_per_generation(cached_store, monkeypatch):
    """Resolving names and parsing questions read the actor index and the lexicon back in a
    later process on the same data, and build them again once the data changed."""
    from actorkg.graph.query import lexicon as lexicon_module
    from actorkg.graph.query.resolve import ActorIndex

    extra, store_dir = cached_store
    first = open_graph([extra], store_path=store_dir)
    assert ActorIndex.of(first).resolve("Armenia").iri.endswith("/Armenia")
    kinds = set(lexicon_module.lexicon(first).kinds)
    del first

    def fail(*args):
        raise AssertionError("built again")

    again = open_graph([extra], store_path=store_dir)
    with monkeypatch.context() as m:
        m.setattr(ActorIndex, "__init__", fail)
        m.setattr(lexicon_module, "_build", fail)
        assert ActorIndex.of(again).resolve("Armenia").iri.endswith("/Armenia")
        assert set(lexicon_module.lexicon(again).kinds) == kinds
    del again

    extra.write_text(EXTRA + '<https://w3id.org/actorkg/entity/Ruritania> a ak:State ; rdfs:label "Ruritania" .\n')
    changed = open_graph([extra], store_path=store_dir)
    assert ActorIndex.of(changed).resolve("Ruritania").label == "Ruritania"


def _nothing_is_built_again(monkeypatch):
    """Make building the actor index, the lexicon or a parameterless query's rows fail."""
    from actorkg.graph.query import lexicon as lexicon_module
    from actorkg.graph.query.resolve import ActorIndex

    def fail(*args):
        raise AssertionError("built again after the write")

    monkeypatch.setattr(ActorIndex, "__init__", fail)
    monkeypatch.setattr(lexicon_module, "_build", fail)
    monkeypatch.setattr(cache, "_plain", fail)


def test_an_import_prepares_what_the_first_question_reads(cli, cached_store, monkeypatch):
    """The import builds the actor index, the lexicon, the relation kinds and the sources for
    its new data, so the first question after it reads them back (at 10M triples the index
    alone took ~4 s); one that changes nothing builds nothing."""
    from actorkg.graph.answer.ask import ask
    from actorkg.graph.store.core import OxigraphStore
    from tests.conftest import FIXTURES

    _, store_dir = cached_store
    sipri = str(FIXTURES / "datasets" / "sipri.csv")
    assert cli("--store", str(store_dir), "import", "sipri", sipri, "-q").exit_code == 0
    cache_dir = store_dir.parent / "cache"
    prepared = {p.name.split("-")[0] for p in cache_dir.iterdir()}
    assert {"actor", "lexicon", "relation", "source"} <= prepared

    with monkeypatch.context() as m:
        _nothing_is_built_again(m)
        store = OxigraphStore(store_dir, read_only=True)
        answer = ask(store, "Who arms Azerbaijan?")
        store.close()
    assert "Russia" in answer.answer and answer.results

    before = sorted(p.name for p in cache_dir.iterdir())
    assert cli("--store", str(store_dir), "import", "sipri", sipri, "-q").exit_code == 0
    assert sorted(p.name for p in cache_dir.iterdir()) == before


def test_a_load_that_changes_the_data_prepares_the_first_question(cli, cached_store, monkeypatch):
    from actorkg.graph.answer.ask import ask
    from actorkg.graph.store.core import OxigraphStore

    extra, store_dir = cached_store
    extra.write_text(EXTRA)
    assert cli("--store", str(store_dir), "--data", str(extra), "load").exit_code == 0
    with monkeypatch.context() as m:
        _nothing_is_built_again(m)
        store = OxigraphStore(store_dir, read_only=True)
        answer = ask(store, "Who arms Armenia?")
        store.close()
    assert "Iran" in answer.answer


def test_the_cache_is_kept_under_its_size_least_recently_used_first(cached_store, tmp_path, monkeypatch):
    """Every question read around actors adds a file; the folder stays under
    ACTORKG_CACHE_MAX_MB, dropping what was used longest ago, never what was just read."""
    import os

    from actorkg.graph.store.cached import cached

    extra, store_dir = cached_store
    store = open_graph([extra], store_path=store_dir)
    folder = tmp_path / "cache"
    monkeypatch.setenv("ACTORKG_CACHE_MAX_MB", str(2.5 * 100_000 / 2**20))  # room for two of the files below
    value = lambda tag: lambda: tag * 100_000  # noqa: E731  (a ~100 kB pickle)

    def files() -> set[str]:
        return {p.name for p in folder.glob("test-*.pickle")}

    assert cached(store, "test", "a", value("a")) == "a" * 100_000
    first = files()
    cached(store, "test", "b", value("b"))
    (a_file,) = first
    (b_file,) = files() - first
    # b was used after a: make the order plain whatever the file system's clock resolution.
    os.utime(folder / a_file, (1, 1))
    os.utime(folder / b_file, (2, 2))
    assert cached(store, "test", "a", lambda: (_ for _ in ()).throw(AssertionError("rebuilt"))) == "a" * 100_000
    # Reading a marked it used: adding c drops b, the least recently used.
    cached(store, "test", "c", value("c"))
    assert a_file in files() and b_file not in files() and len(files()) == 2
    assert cached(store, "test", "b", value("B")) == "B" * 100_000  # gone, so built again

    # A file larger than the whole limit is still kept when written: the next question needs it.
    monkeypatch.setenv("ACTORKG_CACHE_MAX_MB", "0.01")
    cached(store, "test", "d", value("d"))
    assert len(files()) == 1 and cached(store, "test", "d", value("x")) == "d" * 100_000
