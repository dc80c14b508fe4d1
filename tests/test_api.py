"""The Python API (``actorkg.open`` and ``Graph``), and the documented notebook executed by
a real Jupyter kernel (nbclient + ipykernel)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

NOTEBOOK = ROOT / "docs" / "notebook.ipynb"
RUSSIA = "https://w3id.org/actorkg/entity/Russia"


@pytest.fixture(scope="module")
def kg():
    import actorkg

    return actorkg.open()


def test_import_stays_light():
    """``import actorkg`` (what the CLI does first) loads neither the API nor its libraries."""
    code = ("import sys, actorkg; assert 'actorkg.api' not in sys.modules and 'pandas' not in sys.modules; "
            "actorkg.Graph; assert 'actorkg.api' in sys.modules and 'pandas' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_named_query_as_a_dataframe(kg, graph):
    from actorkg.graph.query import library

    frame = kg.query("supporters-of", actor="Baku")
    rows = library.run(graph, "supporters-of", {"actor": "Azerbaijan"})
    assert list(frame.columns) == rows.variables
    assert len(frame) == len(rows) > 0
    assert {"Russia", "Turkey"} <= set(frame["supporterLabel"])
    assert set(kg.query("arms-flows", recipient="Azerbaijan", year=2020)["supplierLabel"]) == {"Russia"}


def test_queries_and_sparql(kg):
    queries = kg.queries()
    assert {"supporters-of", "dual-roles"} <= set(queries["name"])
    assert queries.set_index("name").loc["arms-flows", "parameters"] == "supplier?, recipient?, year?"
    assert kg.sparql("ASK { ?s ?p ?o }") is True
    triples = kg.sparql(f"CONSTRUCT {{ <{RUSSIA}> ?p ?o }} WHERE {{ <{RUSSIA}> ?p ?o }}")
    assert (RUSSIA, "http://www.w3.org/2000/01/rdf-schema#label", "Russia") in triples


def test_updates_are_refused(kg):
    from actorkg.graph.errors import QueryError

    with pytest.raises(QueryError, match="updates are refused"):
        kg.sparql("DROP ALL")


def test_ask_gives_the_cli_answer(kg, cli):
    import json

    answer = kg.ask("Does Russia support Armenia or Azerbaijan?")
    printed = json.loads(cli("ask", "Does Russia support Armenia or Azerbaijan?", "--format", "json").stdout)
    assert answer.verdict == "both"
    assert answer.to_dict() == printed


def test_network_whole_and_around_actors(kg, network):
    whole = kg.network()
    assert sorted(whole.edges(keys=True)) == sorted(network.edges(keys=True))
    around = kg.network(around=["Russia", "Turkey"], depth=1)
    assert RUSSIA in around and "https://w3id.org/actorkg/entity/Turkey" in around
    assert set(around) < set(whole)
    turkey = "https://w3id.org/actorkg/entity/Turkey"
    undirected = whole.to_undirected()
    assert all(n in (RUSSIA, turkey) or undirected.has_edge(n, RUSSIA) or undirected.has_edge(n, turkey)
               for n in around)
    assert list(kg.network(around="Russia", depth=0)) == [RUSSIA]
    assert kg.network(as_of=1990).number_of_edges() < whole.number_of_edges()


def test_unknown_actor_is_the_library_error(kg):
    from actorkg.graph.errors import UnknownActor

    with pytest.raises(UnknownActor):
        kg.network(around="Atlantis")


def test_view_renders_inline_and_saves(kg, tmp_path):
    view = kg.view(around="Russia")
    inline = view._repr_html_()
    assert inline.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in inline
    # The page is escaped into the attribute: no raw tag of it reaches the notebook's DOM.
    assert "<script" not in inline and "&lt;script" in inline
    saved = view.save(tmp_path / "graph.html")
    assert saved.read_text(encoding="utf-8") == view.html
    assert "Content-Security-Policy" in view.html and "Russia" in view.html
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_the_notebook_runs(tmp_path):
    """Execute docs/notebook.ipynb in a fresh kernel; its own asserts check the answers."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    # The supporters DataFrame as a table, and the inline viewer.
    assert any("<table" in h and "Turkey" in h for h in html)
    assert html[-1].startswith("<iframe srcdoc=")
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "Russia" in printed and "nodes," in printed
