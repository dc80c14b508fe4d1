"""Portable SPARQL: every named query, every rule and every command gives the embedded
store's answer on two independent engines behind the SPARQL 1.1 Protocol.

- ``oxigraph serve``: Oxigraph's engine as a server (loaded through the Graph Store Protocol);
- ``rdflib-endpoint``: rdflib's own SPARQL evaluator, which shares no code with Oxigraph
  (loaded through SPARQL Update).

actorkg loads each server itself, so the rules run on the server's engine too. The queries
are found by globbing ``queries/``, so a new ``.rq`` file is compared without a new test.
"""

from __future__ import annotations

import json

import pytest
from actorkg.graph.namespaces import DERIVED_GRAPH
from actorkg.graph.query import library
from actorkg.graph.query.compare import canonical
from actorkg.graph.store.core import META_GRAPH
from actorkg.graph.store.load import load_graph, open_graph
from actorkg.graph.store.remote import Endpoint
from actorkg.graph.store.remote import RemoteStore
from actorkg.graph.store.rules import rules

from .. import servers

ENGINES = ("oxigraph", "rdflib")


def _examples(query) -> list[dict[str, str]]:
    """The parameters of each of the query's examples (``--param k=v``), or no parameters."""
    out = []
    for example in query.examples:
        parts = example.split()
        out.append(dict(parts[i + 1].split("=", 1) for i, part in enumerate(parts) if part in ("--param", "-p")))
    return out or [{}]


CASES = [(name, values) for name, query in sorted(library.named_queries().items()) for values in _examples(query)]
CASE_IDS = [f"{name}{'-' if values else ''}{'-'.join(values.values())}" for name, values in CASES]


# A graph of the server's own beside actorkg's, as Virtuoso keeps its system graphs. On
# Oxigraph (which honours default-graph-uri) it names another "Russia" that would make
# every lookup of Russia ambiguous if actorkg read it. rdflib-endpoint ignores
# default-graph-uri, so there it holds triples no query matches: only the export sees it.
SYSTEM_GRAPH = "http://www.openlinksw.com/schemas/virtrdf#"
SYSTEM_DATA = {
    "oxigraph": '<urn:system:russia> a <https://w3id.org/actorkg/ontology#State> ; '
                '<http://www.w3.org/2000/01/rdf-schema#label> "Russia"@en .',
    "rdflib": '<urn:system:mapping> <urn:system:column> "qmf" .',
}


@pytest.fixture(scope="module", params=ENGINES)
def endpoint(request, tmp_path_factory):
    """A server of each engine with a system graph, loaded by ``actorkg load``'s library call."""
    if request.param == "oxigraph":
        with servers.oxigraph(tmp_path_factory.mktemp("oxigraph")) as base:
            writer = Endpoint(f"{base}/query", update=f"{base}/update", graph_store=f"{base}/store")
            yield _loaded(writer, SYSTEM_DATA["oxigraph"])
    else:
        with servers.rdflib_endpoint() as url:
            yield _loaded(Endpoint(url, update=url, timeout=300), SYSTEM_DATA["rdflib"])


def _loaded(writer: Endpoint, system_data: str) -> Endpoint:
    store = RemoteStore(writer)
    store.update(f"INSERT DATA {{ GRAPH <{SYSTEM_GRAPH}> {{ {system_data} }} }}")
    store.close()
    report = load_graph(endpoint=writer)
    assert len(report.loaded) == 2 and report.derived > 40
    return Endpoint(writer.query, timeout=writer.timeout)


@pytest.fixture(scope="module")
def remote(endpoint):
    store = open_graph(endpoint=endpoint)
    yield store
    store.close()


@pytest.mark.parametrize("name, values", CASES, ids=CASE_IDS)
def test_every_named_query_answers_as_embedded(name, values, remote, graph):
    query = library.get(name)
    expected = library.run(graph, name, values)
    assert len(expected) > 0, f"{name} {values}: the example finds nothing on the bundled data"
    assert canonical(query.text, library.run(remote, name, values)) == canonical(query.text, expected)


@pytest.mark.parametrize("rule", [r.name for r in rules()])
def test_every_rule_derives_as_embedded(rule, remote, graph):
    text = next(r for r in rules() if r.name == rule).text
    expected = graph.query(text)
    assert len(expected) > 0
    assert canonical(text, remote.query(text)) == canonical(text, expected)


def test_the_derived_graph_is_the_same(remote, graph):
    text = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s ?p ?o }} FILTER(!STRENDS(STR(?p), '#generation')) }}"
    assert canonical(text, remote.query(text)) == canonical(text, graph.query(text))


# Every command that reads the graph, with arguments that find something in the bundled data.
COMMANDS = [
    ["actors", "--all"],
    ["show", "Russia"],
    ["show", "Baku"],
    ["ask", "Does Russia support Armenia or Azerbaijan?"],
    ["ask", "Who supports Azerbaijan?"],
    ["ask", "Who arms Azerbaijan?"],
    ["ask", "Whom does Russia support?"],
    ["ask", "How are Russia and Armenia related?"],
    ["ask", "Who plays a dual role?"],
    ["ask", "Is Russia a reliable ally of Armenia?"],
    ["ask", "What does the Collective Security Treaty entail?"],
    ["ask", "What is Nagorno-Karabakh?"],
    ["ask", "Who supports Armenia in 2020?"],
    ["supporters", "Azerbaijan"],
    ["supporters", "Russia", "--supported"],
    ["supporters", "Armenia", "--aspect", "arms"],
    ["relation", "Russia", "Armenia"],
    ["relation", "Turkey", "Azerbaijan"],
    ["dual-roles"],
    ["dual-roles", "--actor", "Russia"],
    ["commitments"],
    ["path", "Armenia", "Turkey"],
    ["corroborate"],
    ["world-dual-roles"],
]


@pytest.fixture(scope="module")
def embedded_json(runner_module):
    """Each command's JSON on the embedded store, computed once."""
    return {tuple(args): _run(runner_module, args, {}) for args in COMMANDS}


@pytest.fixture(scope="module")
def runner_module():
    from typer.testing import CliRunner

    return CliRunner()


def _run(runner, args: list[str], env: dict[str, str]):
    from actorkg.cli import app

    result = runner.invoke(app, [*args, "--format", "json"], env={"ACTORKG_ENDPOINT": None, "ACTORKG_STORE": None,
                                                                  **env}, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_every_command_answers_as_embedded(args, endpoint, runner_module, embedded_json):
    expected = embedded_json[tuple(args)]
    answer = _run(runner_module, args, {"ACTORKG_ENDPOINT": endpoint.query})
    assert answer == expected


def _quads(nquads: str) -> set:
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=nquads, format="nquads")
    return set(dataset.quads())


def test_export_and_status_read_only_actorkgs_graphs(endpoint, remote, graph, runner_module):
    """A server that holds a system graph too: actorkg lists, exports and counts its own
    graphs and nothing else."""
    from actorkg.cli import app

    assert SYSTEM_GRAPH not in remote.graphs()
    # The remote store also keeps the digests of the files it loaded (the meta graph).
    assert set(remote.graphs()) == set(graph.graphs()) | {META_GRAPH}
    embedded = runner_module.invoke(app, ["export", "--format", "nquads"], env={"ACTORKG_ENDPOINT": None})
    exported = runner_module.invoke(app, ["export", "--format", "nquads"], env={"ACTORKG_ENDPOINT": endpoint.query})
    assert exported.exit_code == 0, exported.output
    quads = _quads(exported.stdout)
    assert {str(q[3]) for q in quads} == set(remote.graphs())

    def data(found):
        return {q for q in found if str(q[3]) != META_GRAPH and not str(q[1]).endswith("#generation")}

    assert data(quads) == data(_quads(embedded.stdout))
    status = runner_module.invoke(app, ["status", "--format", "json"], env={"ACTORKG_ENDPOINT": endpoint.query})
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout)["quads"] == len(quads) > 1000
