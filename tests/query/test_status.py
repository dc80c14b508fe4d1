"""'actorkg status': what a store holds, per source, checked against the files themselves."""

from __future__ import annotations

import json

import pytest
import rdflib

from .. import rawfiles
from ..conftest import FIXTURES

DATA = FIXTURES / "datasets"
FIXTURE_FILES = {"cow-states": "cow-states.csv", "mid": "mid.csv", "ucdp": "ucdp.csv", "sipri": "sipri.csv"}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    from actorkg.graph.sources.importers import import_file
    from actorkg.graph.store.load import open_graph

    path = tmp_path_factory.mktemp("status") / "store"
    store = open_graph(store_path=path)
    reports = {kind: import_file(kind, DATA / name, store) for kind, name in FIXTURE_FILES.items()}
    return path, store, reports


def by_name(status):
    return {s.name: s for s in status.sources}


def test_bundled_graph_holds_the_article(graph):
    from actorkg.graph import paths
    from actorkg.graph.query.status import store_status

    status = store_status(graph)
    article = rdflib.Graph().parse(paths.actors_file())
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    ak = rdflib.Namespace("https://w3id.org/actorkg/ontology#")
    source = next(article.subjects(rdflib.RDF.type, ak.TextSource))
    statements = {s for s in article.subjects(prov.wasDerivedFrom, source)
                  if (s, rdflib.RDF.type, ak.Claim) not in article}
    dates = [int(str(o)[:4]) for s in statements for p in (ak.start, ak.end, ak.pointInTime)
             for o in article.objects(s, p)]
    assert status.store == "in memory" and status.quads == len(list(graph.quads()))
    (entry,) = [s for s in status.sources if s.kind == "TextSource"]
    assert entry.source == str(source) and entry.version == "2024-03-01"
    assert entry.statements == len(statements)
    assert (entry.first_year, entry.last_year) == (min(dates), max(dates))


def test_each_dataset_with_its_counts_and_years(imported):
    from actorkg.graph.query.status import store_status

    path, store, reports = imported
    status = store_status(store)
    assert status.store == str(path) and status.quads == len(store)
    sources = by_name(status)
    assert set(FIXTURE_FILES) <= set(sources)
    for kind, name in FIXTURE_FILES.items():
        entry = sources[kind]
        assert entry.kind == "Dataset" and entry.file == name
        assert (entry.first_year, entry.last_year) == rawfiles.years(kind, DATA / name)
        assert entry.statements == reports[kind].statements
        assert entry.unmatched == len(reports[kind].unmatched)
    assert sources["sipri"].statements == len(rawfiles.sipri_rows(DATA / "sipri.csv"))
    assert sources["cow-states"].statements == 0 and sources["cow-states"].records == len(rawfiles.records("cow-states", DATA / "cow-states.csv"))
    assert sources["sipri"].unmatched == 1  # Biafra


def test_status_command(imported, cli):
    path, store, _ = imported
    result = cli("status", "--store", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["store"] == str(path) and data["quads"] == len(store)
    sipri = next(s for s in data["sources"] if s["name"] == "sipri")
    assert [sipri["first_year"], sipri["last_year"]] == list(rawfiles.years("sipri", DATA / "sipri.csv"))
    table = cli("status", "--store", str(path))
    assert f"{len(store):,} quads" in table.output and "sipri" in table.output


def test_status_of_a_missing_store(cli, tmp_path):
    result = cli("status", "--store", str(tmp_path / "nothing"))
    assert result.exit_code == 2 and "no store at" in result.output
