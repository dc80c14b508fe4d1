"""Every export format read back by its own ecosystem's reader: JSON-LD by rdflib and pyld,
GraphML by NetworkX and igraph, GEXF (Gephi's format) by NetworkX."""

from __future__ import annotations

import json

import pytest
import rdflib
from rdflib.compare import isomorphic

KG = "https://w3id.org/actorkg/entity/"
AK = "https://w3id.org/actorkg/ontology#"
RUSSIA, AZERBAIJAN = KG + "Russia", KG + "Azerbaijan"


@pytest.fixture(scope="module")
def exported(cli, tmp_path_factory):
    """Each format exported once through the CLI, as a file."""
    folder = tmp_path_factory.mktemp("export")
    files = {}
    for fmt in ("turtle", "jsonld", "graphml", "gexf"):
        files[fmt] = folder / f"actorkg.{fmt}"
        result = cli("export", "--format", fmt, "-o", str(files[fmt]))
        assert result.exit_code == 0, result.output
    return files


@pytest.fixture(scope="module")
def cli():
    from typer.testing import CliRunner

    from actorkg.cli import app

    return lambda *args: CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def turtle(exported) -> rdflib.Graph:
    return rdflib.Graph().parse(exported["turtle"], format="turtle")


def test_jsonld_is_read_by_rdflib_as_the_same_graph(exported, turtle):
    graph = rdflib.Graph().parse(exported["jsonld"], format="json-ld")
    assert len(graph) == len(turtle) > 1000
    assert isomorphic(graph, turtle)
    assert (rdflib.URIRef(RUSSIA), rdflib.URIRef(AK + "armsSupplierOf"), rdflib.URIRef(AZERBAIJAN)) in graph


def test_jsonld_is_read_by_pyld_as_the_same_graph(exported, turtle):
    from pyld import jsonld

    document = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    graph = rdflib.Graph().parse(data=nquads, format="nt")
    assert isomorphic(graph, turtle)
    # Expanded by pyld, the compact IRIs are the full ones.
    expanded = jsonld.expand(document)
    russia = next(node for node in expanded if node["@id"] == RUSSIA)
    assert {"@value": "Russia", "@language": "en"} in russia["http://www.w3.org/2000/01/rdf-schema#label"] \
        or {"@value": "Russia"} in russia["http://www.w3.org/2000/01/rdf-schema#label"]


def test_jsonld_is_compact(exported):
    document = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert document["@context"]["kg"] == KG and document["@context"]["ak"] == AK
    russia = next(node for node in document["@graph"] if node["@id"] == "kg:Russia")
    assert "ak:State" in russia["@type"]
    assert {"@id": "kg:Azerbaijan"} in russia["ak:armsSupplierOf"]
    assert any(v["@value"] == "Russia" for v in russia["rdfs:label"])
    # One node object per subject.
    ids = [node["@id"] for node in document["@graph"]]
    assert len(ids) == len(set(ids))


def _arms(network) -> list[str]:
    """The statements of the projection by which Russia arms Azerbaijan."""
    return [key for key, d in network.get_edge_data(RUSSIA, AZERBAIJAN).items() if d["kind"] == "arms"]


def test_graphml_is_read_by_igraph(exported, network):
    import igraph

    graph = igraph.Graph.Read_GraphML(str(exported["graphml"]))
    assert graph.is_directed()
    assert (graph.vcount(), graph.ecount()) == (network.number_of_nodes(), network.number_of_edges())
    russia = graph.vs.find(id=RUSSIA)
    assert russia["label"] == "Russia"
    azerbaijan = graph.vs.find(id=AZERBAIJAN)
    arms = [e for e in graph.es.select(_source=russia.index, _target=azerbaijan.index) if e["kind"] == "arms"]
    assert len(arms) == len(_arms(network)) == 2
    assert all(e["polarity"] == 1 for e in arms)


def test_gexf_is_read_by_networkx(exported, network):
    import networkx as nx

    graph = nx.read_gexf(exported["gexf"])
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (network.number_of_nodes(),
                                                                  network.number_of_edges())
    assert graph.nodes[RUSSIA]["label"] == "Russia"
    assert graph.nodes[RUSSIA]["type_label"] == "state"
    arms = {key: d for key, d in graph.get_edge_data(RUSSIA, AZERBAIJAN).items() if d["kind"] == "arms"}
    # Edges are identified by their statement's IRI, as in the projection.
    assert set(arms) == set(_arms(network))
    assert "https://w3id.org/actorkg/statement/article-russia-arms-azerbaijan" in arms
    assert all(d["label"] == "arms" and d["polarity"] == 1 for d in arms.values())
    # Dated statements carry their years as the edge's time interval (Gephi's timeline).
    presence = [d for d in graph.get_edge_data(RUSSIA, KG + "Armenia").values() if d.get("start")]
    assert presence and all(int(d["start"]) >= 1991 for d in presence)
