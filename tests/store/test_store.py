"""The persistent store: created by ``actorkg load``, opened read-only by queries, clear
errors for missing, damaged, foreign or busy stores, and never a half-written graph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from actorkg.graph.errors import DataError, StoreError
from actorkg.graph.namespaces import ARTICLE_GRAPH
from actorkg.graph.store.core import LOAD_INCOMPLETE, META_GRAPH, OxigraphStore
from actorkg.graph.store.load import load_graph, open_graph, stored_digests

T = [ox.Triple(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i))) for i in range(3)]
QUERY = ["query", "supporters-of", "--param", "actor=Azerbaijan", "--format", "json"]


@pytest.fixture
def store_dir(tmp_path) -> Path:
    path = tmp_path / "store"
    load_graph(store_path=path)
    return path


def _content(store, graph: str) -> set[str]:
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    return {f"{r['s']} {r['p']} {r['o']}" for r in rows}


def test_load_creates_the_store_then_queries_read_it(cli, tmp_path):
    path = tmp_path / "store"
    result = cli("load", "--store", str(path))
    assert result.exit_code == 0, result.output
    assert "Loaded 367 triples into graph:article" in result.output
    assert "up to date" in cli("load", "--store", str(path)).output
    result = cli(*QUERY, "--store", str(path))
    assert result.exit_code == 0, result.output
    assert '"supporterLabel": "Russia"' in result.output


def test_queries_open_the_store_read_only(store_dir):
    store = open_graph(store_path=store_dir, create=False)
    assert isinstance(store, OxigraphStore) and store.read_only


def test_a_missing_store_is_a_clear_error(cli, tmp_path):
    result = cli(*QUERY, "--store", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert f"Error: no store at {tmp_path / 'nowhere'}" in result.output
    assert "actorkg load --store" in result.output
    assert not (tmp_path / "nowhere").exists()


def test_a_damaged_store_is_a_clear_error(cli, store_dir):
    (store_dir / "CURRENT").write_text("garbage\n")
    result = cli(*QUERY, "--store", str(store_dir))
    assert result.exit_code == 2
    assert "is damaged" in result.output and "Traceback" not in result.output


def test_a_file_or_a_foreign_folder_is_not_a_store(cli, tmp_path):
    (tmp_path / "file").write_text("x")
    assert "is not a store" in cli("load", "--store", str(tmp_path / "file")).output
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = cli("load", "--store", str(folder))
    assert result.exit_code == 2 and "is not an actorkg store" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_two_processes_read_at_once(store_dir):
    # Several rounds of readers started together: their lock probes once collided (a
    # reader then reported a writer), about one start in ten.
    command = [sys.executable, "-m", "actorkg.cli", *QUERY, "--store", str(store_dir)]
    for _ in range(4):
        readers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
        for reader in readers:
            out, err = reader.communicate(timeout=60)
            assert reader.returncode == 0, err.decode()
            assert b'"supporterLabel": "Russia"' in out


def test_a_reader_is_told_when_another_process_writes(cli, store_dir):
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys, pyoxigraph as ox\n"
        f"store = ox.Store({str(store_dir)!r})\n"
        "print('ready', flush=True)\n"
        "sys.stdin.read()\n")], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert writer.stdout.readline().strip() == b"ready"
        result = cli(*QUERY, "--store", str(store_dir))
        assert result.exit_code == 2
        assert "is being written by another process" in result.output
        result = cli("load", "--store", str(store_dir))
        assert result.exit_code == 2 and "in use by another process" in result.output
    finally:
        writer.communicate(b"", timeout=30)


def test_an_interrupted_rewrite_is_dropped_and_reloaded(store_dir):
    store = OxigraphStore(store_dir)
    complete = _content(store, ARTICLE_GRAPH)
    # What a process killed half-way through rewriting the article graph leaves behind.
    store._store.add(ox.Quad(ox.NamedNode(ARTICLE_GRAPH), ox.NamedNode(LOAD_INCOMPLETE), ox.Literal(True),
                             ox.NamedNode(META_GRAPH)))
    for quad in list(store._store.quads_for_pattern(None, None, None, ox.NamedNode(ARTICLE_GRAPH)))[:100]:
        store._store.remove(quad)
    store.close()

    reopened = open_graph(store_path=store_dir, create=False)
    assert not reopened.read_only  # it had to repair, so it reopened for writing
    assert _content(reopened, ARTICLE_GRAPH) == complete
    assert not reopened.needs_recovery()
    assert ARTICLE_GRAPH in stored_digests(reopened)


@pytest.mark.parametrize("on_disk", [False, True])
def test_a_failing_producer_leaves_the_graph_as_it_was(tmp_path, on_disk):
    store = OxigraphStore(tmp_path / "s" if on_disk else None)
    store.replace_graph("urn:g", T[:1])

    def rows():
        yield T[1]
        raise ValueError("bad row 2")

    with pytest.raises(ValueError):
        store.replace_graph("urn:g", rows())
    assert _content(store, "urn:g") == {f"{T[0].subject} {T[0].predicate} {T[0].object}"}


@pytest.mark.parametrize("on_disk", [False, True])
def test_replacing_with_nothing_empties_the_graph(tmp_path, on_disk):
    store = OxigraphStore(tmp_path / "s" if on_disk else None)
    assert store.replace_graph("urn:g", T) == 3
    assert store.replace_graph("urn:g", []) == 0
    assert _content(store, "urn:g") == set()


@pytest.mark.parametrize("on_disk", [False, True])
def test_a_syntax_error_keeps_the_old_content(tmp_path, on_disk):
    store = OxigraphStore(tmp_path / "s" if on_disk else None)
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    good.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> <urn:d> .\n")
    bad.write_text("<urn:a> <urn:b> <urn:e> .\n<urn:a> <urn:b> .\n")
    assert store.load_file(good, "urn:g") == 2
    with pytest.raises(DataError, match=r"bad.ttl line 2"):
        store.load_file(bad, "urn:g")
    assert _content(store, "urn:g") == {"<urn:a> <urn:b> <urn:c>", "<urn:a> <urn:b> <urn:d>"}
    assert not store.needs_recovery()


def test_a_changed_data_file_is_reloaded(cli, tmp_path, store_dir):
    extra = tmp_path / "extra.ttl"
    extra.write_text('<urn:x> <http://www.w3.org/2000/01/rdf-schema#label> "first" .\n')
    ask = "ASK { <urn:x> ?p \"%s\" }"
    assert open_graph([extra], store_path=store_dir, create=False).query(ask % "first") is True
    extra.write_text('<urn:x> <http://www.w3.org/2000/01/rdf-schema#label> "second" .\n')
    store = open_graph([extra], store_path=store_dir, create=False)
    assert store.query(ask % "second") is True and store.query(ask % "first") is False
    store.close()
    assert open_graph([extra], store_path=store_dir, create=False).read_only


def test_store_and_endpoint_exclude_each_other(cli, store_dir):
    result = cli(*QUERY, "--store", str(store_dir), "--endpoint", "http://127.0.0.1:1/query")
    assert result.exit_code == 2 and "exclude each other" in result.output


def test_one_store_rule_load_then_every_command_reads_the_default_store(cli, tmp_path):
    """With no --store, 'load' and 'import' write the default store, and every reading command
    then reads it (here: a file only the store holds); --memory reads the bundled data alone."""
    from actorkg.graph import paths

    extra = tmp_path / "extra.ttl"
    extra.write_text('@prefix kg: <https://w3id.org/actorkg/id/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                     'kg:Zed a <https://w3id.org/actorkg/ontology#State> ; rdfs:label "Zedland" .\n')
    assert not paths.default_store().exists()
    assert cli("query", "supporters-of", "-p", "actor=Zedland").exit_code == 1
    loaded = cli("--data", str(extra), "load")
    assert loaded.exit_code == 0, loaded.output
    assert (paths.default_store() / "CURRENT").is_file()
    for args in (["actors", "-f", "json"], ["--store", str(paths.default_store()), "actors", "-f", "json"]):
        result = cli(*args)
        assert result.exit_code == 0 and "Zedland" in result.output, result.output
    assert "Zedland" not in cli("--memory", "actors", "-f", "json").output


def test_writes_to_a_read_only_store_are_refused(store_dir):
    with pytest.raises(StoreError, match="read-only"):
        OxigraphStore(store_dir, read_only=True).replace_graph("urn:g", T)


def test_changed_rules_are_applied_to_an_existing_store(store_dir, tmp_path, monkeypatch):
    import shutil

    from actorkg.graph import paths

    ask = ("PREFIX ak: <https://w3id.org/actorkg/ontology#> PREFIX kg: <https://w3id.org/actorkg/entity/> "
           "ASK { kg:Russia ak:supports kg:Azerbaijan }")
    assert open_graph(store_path=store_dir, create=False).query(ask) is True
    queries = tmp_path / "queries"
    shutil.copytree(paths.queries_dir(), queries)
    (queries / "rules" / "supports.rq").unlink()
    monkeypatch.setenv("ACTORKG_QUERIES_DIR", str(queries))
    store = open_graph(store_path=store_dir, create=False)
    assert not store.read_only and store.query(ask) is False
    store.close()
    assert open_graph(store_path=store_dir, create=False).read_only


def test_a_large_bulk_write_compacts_the_store_and_a_small_one_does_not(tmp_path, monkeypatch):
    """The bulk loader leaves its sorted files unmerged, which slows every lookup of a 10M-triple
    store 2.5 times until RocksDB compacts them: a write of COMPACT_MIN triples or more
    compacts; a smaller one does not pay for it."""
    from actorkg.graph.store import core

    monkeypatch.setattr(core, "BULK_MIN", 10)
    monkeypatch.setattr(core, "COMPACT_MIN", 100)
    store = OxigraphStore(tmp_path / "store")
    compactions = []
    engine = store._store

    class Watched:  # pyoxigraph's Store is a native type: its methods cannot be patched
        def __getattr__(self, name):
            return getattr(engine, name)

        def optimize(self):
            compactions.append(True)
            engine.optimize()

    store._store = Watched()
    many = [ox.Triple(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i))) for i in range(150)]
    assert store.replace_graph("urn:g:small", many[:50]) == 50
    assert compactions == []
    assert store.replace_graph("urn:g:large", many) == 150
    assert compactions == [True]
    nt = tmp_path / "large.nt"
    nt.write_text("".join(f"<urn:x{i}> <urn:p> \"{i}\" .\n" for i in range(120)), encoding="utf-8")
    assert store.load_file(nt, "urn:g:file") == 120
    assert compactions == [True, True]
    assert len(_content(store, "urn:g:large")) == 150 and len(_content(store, "urn:g:file")) == 120
    store.close()
