"""The remote store against a real SPARQL server: ``oxigraph serve`` on a free loopback port.

The bundled data is loaded through the tool (SPARQL Update on one server, the Graph Store
Protocol on the other), then every named query, the NetworkX projection and the CLI must
give the embedded store's answers. One server runs with ``--union-default-graph``, the
other without, so both ways of seeing all graphs are exercised.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from actorkg.graph.query import library
from actorkg.graph.query.compare import canonical
from actorkg.graph.store.load import load_graph, open_graph
from actorkg.graph.store.remote import Endpoint, RemoteStore

from .. import servers
from .test_engines import CASE_IDS, CASES

pytestmark = pytest.mark.skipif(not Path(servers.tool("oxigraph")).exists(), reason="oxigraph server not installed")


@pytest.fixture(scope="module", params=["update", "graph-store"])
def server(request, tmp_path_factory):
    """A loaded server: via SPARQL Update without a union default graph, or via the Graph
    Store Protocol with one."""
    union = request.param == "graph-store"
    with servers.oxigraph(tmp_path_factory.mktemp("oxigraph"), union) as base:
        endpoint = Endpoint(f"{base}/query", update=f"{base}/update",
                            graph_store=f"{base}/store" if union else None)
        report = load_graph(endpoint=endpoint)
        assert set(report.loaded) == {"https://w3id.org/actorkg/graph/ontology",
                                      "https://w3id.org/actorkg/graph/article"}
        yield endpoint


@pytest.fixture(scope="module")
def remote(server):
    store = open_graph(endpoint=Endpoint(server.query))
    yield store
    store.close()


@pytest.mark.parametrize("name, values", CASES, ids=CASE_IDS)
def test_every_named_query_answers_as_embedded(name, values, remote, graph):
    query = library.get(name)
    assert canonical(query.text, library.run(remote, name, values)) == canonical(query.text, library.run(graph, name, values))


def test_supporters_of_azerbaijan_over_the_endpoint(remote):
    rows = library.run(remote, "supporters-of", {"actor": "Baku"}).rows
    assert {(r["supporterLabel"].value, r["kind"].value) for r in rows} >= {("Russia", "arms"), ("Turkey", "support")}


def test_network_projection_is_the_same(remote, graph):
    from actorkg.graph.network.project import project

    here, there = project(graph), project(remote)
    assert sorted(there.nodes(data=True)) == sorted(here.nodes(data=True))
    assert sorted(there.edges(keys=True)) == sorted(here.edges(keys=True))


def test_rules_ran_on_the_server(remote, graph):
    ask = "PREFIX ak: <https://w3id.org/actorkg/ontology#> PREFIX kg: <https://w3id.org/actorkg/entity/> " \
          "ASK { kg:Russia ak:armsSupplierOf kg:Azerbaijan ; ak:allyOf kg:Armenia }"
    assert remote.query(ask) is True


def test_loading_again_changes_nothing(server):
    report = load_graph(endpoint=server)
    assert report.loaded == {} and len(report.unchanged) == 2


def test_cli_query_and_sparql_over_the_endpoint(cli, server):
    result = cli("query", "dual-roles", "--endpoint", server.query, "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"actorLabel": "Russia"' in result.output and '"cLabel": "Azerbaijan"' in result.output
    result = cli("sparql", "-", "--endpoint", server.query, input="SELECT * WHERE { ?s ?p }")
    assert result.exit_code == 2
    assert "SPARQL syntax error at line 1" in result.output


def test_ask_over_the_endpoint_answers_as_embedded(cli, server):
    question = "Does Russia support Armenia or Azerbaijan?"
    remote = cli("ask", question, "--endpoint", server.query, "--format", "json")
    embedded = cli("ask", question, "--format", "json")
    assert remote.exit_code == 0, remote.output
    answer = json.loads(remote.output)
    assert answer["verdict"] == "both"
    assert answer == json.loads(embedded.output)


def test_a_query_command_never_writes_to_the_endpoint(cli, server, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text("<urn:a> <urn:b> <urn:c> .\n")
    result = cli("query", "entities", "--endpoint", server.query, "--data", str(extra))
    assert result.exit_code == 2
    assert "actorkg load --endpoint" in result.output


def test_updates_need_an_update_endpoint(server):
    from actorkg.graph.errors import StoreError

    with pytest.raises(StoreError, match="update-endpoint"):
        RemoteStore(Endpoint(server.query)).update("CLEAR ALL")


def test_unreachable_and_wrong_endpoints_are_clear_errors(cli, server):
    result = cli("query", "entities", "--endpoint", f"http://127.0.0.1:{servers.free_port()}/query")
    assert result.exit_code == 2
    assert "Error: cannot reach SPARQL endpoint" in result.output
    result = cli("query", "entities", "--endpoint", server.query.replace("/query", "/nothing"))
    assert result.exit_code == 2
    assert "no SPARQL service at" in result.output
    assert "Traceback" not in result.output
