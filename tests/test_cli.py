"""The CLI: results in every format and a clear error (never a traceback) for each mistake."""

from __future__ import annotations

import csv
import io
import os
import json

import networkx as nx
import pytest
import rdflib


def test_queries_lists_the_library(cli):
    result = cli("queries", "--format", "json")
    assert result.exit_code == 0
    names = {q["name"]: q for q in json.loads(result.stdout)}
    assert "supporters-of" in names and names["supporters-of"]["params"][0]["name"] == "actor"


def test_query_table_json_and_csv(cli):
    table = cli("query", "supporters-of", "--param", "actor=Azerbaijan")
    assert table.exit_code == 0
    assert "Russia" in table.stdout and "Turkey" in table.stdout and "3 rows" in table.stdout
    rows = json.loads(cli("query", "supporters-of", "-p", "actor=Azerbaijan", "-f", "json").stdout)
    assert {r["supporter"] for r in rows} == {"https://w3id.org/actorkg/entity/Russia",
                                              "https://w3id.org/actorkg/entity/Turkey"}
    parsed = list(csv.DictReader(io.StringIO(cli("query", "dual-roles", "-f", "csv").stdout)))
    assert [(r["actorLabel"], r["bLabel"], r["cLabel"]) for r in parsed] == [("Russia", "Armenia", "Azerbaijan")]


def test_sparql_select_ask_construct_from_stdin_and_file(cli, tmp_path):
    select = "PREFIX ak: <https://w3id.org/actorkg/ontology#>\nSELECT ?s WHERE { ?s ak:armsSupplierOf ?o }"
    result = cli("sparql", "-", "-f", "json", input=select)
    assert json.loads(result.stdout) == [{"s": "https://w3id.org/actorkg/entity/Russia"}]
    ask = cli("sparql", "-", input="ASK { <https://w3id.org/actorkg/entity/Turkey> "
                                    "<https://w3id.org/actorkg/ontology#supports> ?x }")
    assert ask.stdout.strip() == "true"
    query = tmp_path / "c.rq"
    query.write_text("PREFIX ak: <https://w3id.org/actorkg/ontology#>\n"
                     "CONSTRUCT { ?s ak:supports ?o } WHERE { ?s ak:supports ?o }")
    turtle = cli("sparql", str(query)).stdout
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert len(graph) == 4
    nt = cli("sparql", str(query), "-f", "nt").stdout
    assert len(rdflib.Graph().parse(data=nt, format="nt")) == 4


def test_sparql_syntax_error_shows_position(cli):
    result = cli("sparql", "-", input="SELECT ?x WHERE { ?x ?y }")
    assert result.exit_code == 2
    assert "Error: SPARQL syntax error at line 1, column" in result.stderr
    assert "Traceback" not in result.output


def test_sparql_refuses_updates(cli):
    result = cli("sparql", "-", input="INSERT DATA { <http://a> <http://b> <http://c> }")
    assert result.exit_code == 2 and "updates are not allowed" in result.stderr


def _actorkg(*args: str, input: str, timeout: float = 120):
    """``actorkg`` in a process of its own: a crash (segfault) must not take pytest down."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "actorkg"
    return subprocess.run([str(script), *args], input=input, capture_output=True, text=True, timeout=timeout)


def test_sparql_deep_nesting_is_an_error_not_a_crash():
    result = _actorkg("sparql", "-", input="SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }")
    assert result.returncode == 2, result.returncode
    assert result.stderr.startswith("Error: the query is nested more than 100 levels deep")


def test_sparql_non_ascii_names(cli):
    query = ("PREFIX é: <https://w3id.org/actorkg/entity/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
             "SELECT ?név WHERE { é:Russia rdfs:label ?név } ")
    result = cli("sparql", "-", "-f", "json", input=query)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"név": "Russia"}]



def test_actor_parameter_in_angle_brackets(cli):
    bound = cli("query", "supporters-of", "-p", "actor=<https://w3id.org/actorkg/entity/Azerbaijan>", "-f", "json")
    assert bound.exit_code == 0, bound.output
    assert json.loads(bound.stdout) == json.loads(cli("query", "supporters-of", "-p", "actor=Azerbaijan",
                                                      "-f", "json").stdout)


def test_sparql_timeout_stops_a_runaway_query():
    import time

    started = time.monotonic()
    result = _actorkg("sparql", "-", "--timeout", "1",
                      input="SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert result.returncode == 2
    assert result.stderr.startswith("Error: the query did not finish within 1 s")
    assert "--timeout" in result.stderr
    assert time.monotonic() - started < 15


def test_malformed_turtle_names_file_and_line(cli, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n')
    result = cli("query", "supporters-of", "-p", "actor=Russia", "--data", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {bad} line 3:")
    assert "Traceback" not in result.output


def test_missing_data_file(cli, tmp_path):
    result = cli("actors", "--data", str(tmp_path / "nope.ttl"))
    assert result.exit_code == 2 and "no such file" in result.stderr


@pytest.mark.parametrize("question", ["How are Armenia and Armenia related?", "Does Russia support the Russian Federation?",
                                      "What role does Russia play between Russia and Azerbaijan?"])
def test_a_question_naming_one_actor_twice_is_refused(cli, question):
    """Not an answer about Armenia's relation with itself: the same actor in two places is
    a mistake in the question (an alias too)."""
    result = cli("ask", question)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith("Error: the question names ") and " twice" in result.stderr
    assert "name different actors in each place" in result.stderr


def test_unknown_query_lists_valid_names(cli):
    result = cli("query", "who-knows")
    assert result.exit_code == 2
    assert "no query named 'who-knows'" in result.stderr and "supporters-of" in result.stderr


def test_missing_param_names_it(cli):
    result = cli("query", "relation-between", "-p", "a=Russia")
    assert result.exit_code == 2 and "needs --param b=" in result.stderr


def test_malformed_param(cli):
    result = cli("query", "supporters-of", "-p", "Azerbaijan")
    assert result.exit_code == 2 and "write --param NAME=VALUE" in result.stderr


def test_unknown_actor_suggests(cli):
    result = cli("query", "supporters-of", "-p", "actor=Azerbajan")
    assert result.exit_code == 1
    assert "Error: no actor 'Azerbajan'" in result.stderr and "did you mean: Azerbaijan" in result.stderr
    assert cli("show", "Atlantis").exit_code == 1


def test_actor_names_are_case_and_accent_insensitive(cli):
    for name in ("TÜRKIYE", "turkiye", "Ankara", "kg:Turkey", "https://w3id.org/actorkg/entity/Turkey"):
        result = cli("show", name, "-f", "json")
        assert result.exit_code == 0, name
        assert json.loads(result.stdout)["label"] == "Turkey"


def test_actors_lists_types_and_identifiers(cli):
    rows = json.loads(cli("actors", "-f", "json").stdout)
    russia = next(r for r in rows if r["label"] == "Russia")
    assert russia["typeLabel"] == "state" and russia["cowCode"] == 365
    assert russia["wikidata"] == "http://www.wikidata.org/entity/Q159"
    assert "Nagorno-Karabakh" not in {r["label"] for r in rows}
    everything = json.loads(cli("actors", "--all", "-f", "json").stdout)
    assert {"Nagorno-Karabakh", "Collective Security Treaty"} <= {r["label"] for r in everything}


def test_show_gives_everything_with_evidence(cli):
    shown = json.loads(cli("show", "Moscow", "-f", "json").stdout)
    assert shown["label"] == "Russia"
    assert {r["recipientLabel"] for r in shown["supports"]} == {"Armenia", "Azerbaijan"}
    assert all(r["quotes"] for r in shown["supports"])
    relations = {(r["relation"], r["direction"], r["source"]): r for r in shown["overview"]["relations"]}
    assert relations["arms", "to", "article"]["largest"] == [{"label": "Azerbaijan", "statements": 2, "tiv": None}]
    assert relations["treaty party", "to", "article"]["largest"][0]["label"] == "Collective Security Treaty (defense)"
    table = cli("show", "Russia").stdout
    assert "arms, to Azerbaijan (article): 2 claims 2020, 1 undated" in table and "Every statement" in table
    assert len(table.splitlines()) < 40 and "Russia: supports" not in table
    everything = cli("show", "Russia", "--all").stdout
    assert "arms, to Azerbaijan" in everything and "Russia: supports" in everything and "opposed by" in everything
    assert cli("show", "Russia", "--as-of", "2024").exit_code == 0


def test_validate_ok_and_failing(cli, tmp_path):
    ok = cli("validate")
    assert ok.exit_code == 0 and "conforms" in ok.stdout
    bad = tmp_path / "claims.ttl"
    bad.write_text("""@prefix ak: <https://w3id.org/actorkg/ontology#> .
        @prefix kg: <https://w3id.org/actorkg/entity/> .
        <https://w3id.org/actorkg/statement/x> a ak:ArmsTransfer ; ak:supplier kg:Iran .""")
    result = cli("validate", str(bad), "-f", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    messages = {v["message"] for v in report["violations"]}
    assert any("needs a source" in m for m in messages)
    assert any("lacks its participant ak:recipient" in m or "lacks its participant" in m for m in messages)


def test_export_formats_round_trip(cli, tmp_path):
    # Triple formats merge the named graphs; JSON-LD keeps them (read as a union).
    for fmt, parser in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        out = tmp_path / f"g.{fmt}"
        assert cli("export", "-f", fmt, "-o", str(out)).exit_code == 0
        graph = rdflib.Dataset(default_union=True)
        graph.parse(out, format=parser)
        assert (rdflib.URIRef("https://w3id.org/actorkg/entity/Russia"),
                rdflib.URIRef("https://w3id.org/actorkg/ontology#armsSupplierOf"),
                rdflib.URIRef("https://w3id.org/actorkg/entity/Azerbaijan")) in graph
    quads = rdflib.Dataset()
    quads.parse(data=cli("export", "-f", "nquads").stdout, format="nquads")
    assert len(list(quads.graphs())) >= 4
    out = tmp_path / "g.graphml"
    cli("export", "-f", "graphml", "-o", str(out))
    network = nx.read_graphml(out)
    russia, azerbaijan = ("https://w3id.org/actorkg/entity/" + n for n in ("Russia", "Azerbaijan"))
    assert network.nodes[russia]["label"] == "Russia"
    kinds = {d["kind"] for _, _, d in network.edges(data=True) if (_, _) != () and d}
    assert "arms" in kinds
    assert any(d["kind"] == "arms" and d["polarity"] == 1
               for _, _, d in network.edges(russia, data=True))
    assert network.has_edge(russia, azerbaijan)


def test_failed_export_leaves_existing_file_untouched(cli, tmp_path):
    out = tmp_path / "graph.ttl"
    out.write_text("previous")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    result = cli("export", "-o", str(out), "--data", str(bad))
    assert result.exit_code == 2
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".graph")] == []


# --- Output files ---------------------------------------------------------------------------
def test_output_files_get_the_umask_mode_and_keep_their_own(tmp_path):
    import stat

    new = tmp_path / "graph.ttl"
    old_mask = os.umask(0o027)
    try:
        result = _actorkg("export", "-o", str(new), input="")
    finally:
        os.umask(old_mask)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(new.stat().st_mode) == 0o640  # 0666 less the umask, not 0600
    new.chmod(0o604)
    assert _actorkg("export", "-o", str(new), input="").returncode == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o604  # replacing a file keeps its mode
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # no temporary file left


def test_output_to_a_directory_or_unwritable_place_is_an_error(cli, tmp_path):
    for command in (["view", "-o"], ["export", "-o"]):
        folder = cli(*command, str(tmp_path))
        assert folder.exit_code == 2 and folder.stderr.startswith(f"Error: {tmp_path} is a directory")
        unwritable = cli(*command, "/proc/actorkg-test/out.html")
        assert unwritable.exit_code == 2 and unwritable.stderr.startswith("Error: cannot write /proc/actorkg-test/out.html")
        assert "Traceback" not in unwritable.output
