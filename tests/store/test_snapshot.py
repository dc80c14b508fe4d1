"""The in-memory graph is cached as an N-Quads snapshot keyed by what it was built from."""

from __future__ import annotations

import shutil

import pytest
from actorkg.graph import paths
from actorkg.graph.store.core import OxigraphStore
from actorkg.graph.store.load import open_graph

ASK_RUSSIA_ARMS = ("PREFIX ak: <https://w3id.org/actorkg/ontology#> PREFIX kg: <https://w3id.org/actorkg/entity/> "
                   "ASK { kg:Russia ak:armsSupplierOf kg:Azerbaijan }")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ACTORKG_CACHE_DIR", str(folder))
    return folder


def _snapshots(folder):
    return sorted(folder.glob("graph-*.nq")) if folder.exists() else []


def test_second_open_reads_the_snapshot(cache, monkeypatch):
    first = open_graph()
    [snapshot] = _snapshots(cache)

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed although a snapshot exists")

    monkeypatch.setattr(OxigraphStore, "load_file", no_parsing)
    second = open_graph()
    assert sorted(map(str, second.quads())) == sorted(map(str, first.quads()))
    assert second.query(ASK_RUSSIA_ARMS) is True
    assert _snapshots(cache) == [snapshot]


def test_a_changed_file_builds_a_new_snapshot(cache, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data)
    monkeypatch.setenv("ACTORKG_DATA_DIR", str(data))
    assert open_graph().query(ASK_RUSSIA_ARMS) is True
    actors = data / "actors.ttl"
    actors.write_text(actors.read_text(encoding="utf-8").replace("ak:supplier kg:Russia", "ak:supplier kg:Iran"),
                      encoding="utf-8")
    assert open_graph().query(ASK_RUSSIA_ARMS) is False
    assert len(_snapshots(cache)) == 2


def test_a_damaged_snapshot_is_rebuilt(cache):
    open_graph()
    [snapshot] = _snapshots(cache)
    snapshot.write_text("this is not N-Quads\n")
    assert open_graph().query(ASK_RUSSIA_ARMS) is True


def test_no_cache_when_switched_off(cache, monkeypatch):
    monkeypatch.setenv("ACTORKG_NO_CACHE", "1")
    assert open_graph().query(ASK_RUSSIA_ARMS) is True
    assert _snapshots(cache) == []


def test_an_unwritable_cache_does_not_break_anything(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("ACTORKG_CACHE_DIR", str(blocker / "cache"))
    assert open_graph().query(ASK_RUSSIA_ARMS) is True
