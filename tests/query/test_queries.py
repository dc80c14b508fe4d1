"""The named query library: every .rq file parses, runs and is documented (one case per file)."""

from __future__ import annotations

import re
import shlex

import pytest
from actorkg.graph import paths
from actorkg.graph.errors import UsageError
from actorkg.graph.query import library
from actorkg.graph.query.results import records
from actorkg.graph.store import rules

QUERIES = library.named_queries()
RULES = rules.rules()


def example_params(query) -> dict[str, str]:
    """The --param values of the query's first '#+ example:' line."""
    words = shlex.split(query.examples[0]) if query.examples else []
    return dict(w.split("=", 1) for flag, w in zip(words, words[1:]) if flag in ("--param", "-p"))


def test_library_has_the_required_queries():
    required = {"supporters-of", "supported-by", "arms-flows", "alliances", "relation-between",
                "evidence-for", "actor-profile", "timeline", "dual-roles", "unmet-commitments"}
    assert required <= set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_is_documented_and_self_contained(name):
    query = QUERIES[name]
    assert len(query.summary) > 20, "needs a '#+ summary:' line"
    assert query.examples and query.examples[0].startswith(f"actorkg query {name}")
    # Runs unchanged in any SPARQL tool: declares every prefix it uses.
    declared = set(re.findall(r"^PREFIX\s+(\w*):", query.text, re.M))
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    body = re.sub(r'"[^"\n]*"|<[^>\s]*>', "", body)
    used = set(re.findall(r"(?<![\w?$])([A-Za-z][\w-]*):[A-Za-z_]", body))
    assert used <= declared, f"undeclared prefixes {used - declared}"
    for param in query.params:
        assert re.search(rf"\?{param.name}\b", query.text), f"?{param.name} is not used"
        assert param.description


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_runs_with_its_example(graph, name):
    result = library.run(graph, name, example_params(QUERIES[name]))
    assert result.variables
    assert len(result.rows) >= 1, f"{name} example returns nothing on the article's graph"


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_is_documented_construct(rule):
    assert rule.text.startswith("#+ summary:")
    assert "CONSTRUCT" in rule.text


def test_supporters_of_azerbaijan_are_russia_with_arms_and_turkey_with_quotes(graph):
    rows = records(library.run(graph, "supporters-of", {"actor": "Azerbaijan"}))
    by_supporter = {}
    for row in rows:
        by_supporter.setdefault(row["supporterLabel"], set()).add(row["kind"])
        assert row["quotes"] and row["reliability"] == "F"
    assert by_supporter == {"Russia": {"arms"}, "Turkey": {"support"}}
    turkey = next(r for r in rows if r["supporterLabel"] == "Turkey")
    assert "Turkey has openly supported Azerbaijan in the conflict" in turkey["quotes"]


def test_supporters_of_armenia_has_four_kinds_from_russia(graph):
    rows = records(library.run(graph, "supporters-of", {"actor": "Yerevan"}))
    assert {r["supporterLabel"] for r in rows} == {"Russia"}
    assert {r["kind"] for r in rows} == {"strategic ally", "treaty ally", "military presence", "support"}


def test_year_parameter_restricts_in_time(graph):
    kinds_1990 = {r["kind"] for r in records(library.run(graph, "supporters-of",
                                                         {"actor": "Armenia", "year": "1990"}))}
    assert "military presence" not in kinds_1990  # only since 1991
    arms_2019 = records(library.run(graph, "arms-flows", {"recipient": "Azerbaijan", "year": "2019"}))
    assert [r["start"] for r in arms_2019] == [None]  # the undated claim stays, the 2020 one goes


def test_dual_roles_finds_russia_between_armenia_and_azerbaijan(graph):
    rows = records(library.run(graph, "dual-roles", {}))
    assert [(r["actorLabel"], r["bLabel"], r["cLabel"]) for r in rows] == [("Russia", "Armenia", "Azerbaijan")]
    assert rows[0]["cooperationWithC"] == "arms"
    assert "attack" in rows[0]["conflictBetweenBAndC"]


def test_relation_between_russia_and_armenia_has_both_signs(graph):
    rows = records(library.run(graph, "relation-between", {"a": "Russia", "b": "Armenia"}))
    assert {r["polarity"] for r in rows} == {1, 0, -1}
    assert ("Armenia", "invoked treaty", "Russia") in {(r["subjectLabel"], r["kind"], r["objectLabel"]) for r in rows}


def test_unmet_commitments_russia_armenia_2020(graph):
    rows = records(library.run(graph, "unmet-commitments", {"ally": "Russia"}))
    assert {(r["partnerLabel"], r["year"]) for r in rows} == {("Armenia", 2020)}
    assert {r["basis"] for r in rows} == {"invoked, not honoured", "did not intervene",
                                          "attacked, no support recorded"}


def test_evidence_for_an_edge(graph):
    rows = records(library.run(graph, "evidence-for",
                               {"subject": "Russia", "object": "Azerbaijan", "edge": "ak:armsSupplierOf"}))
    assert len(rows) == 2 and all(r["quotes"] for r in rows)


def test_parameters_are_bound_not_pasted(graph):
    """A hostile value is a literal that matches nothing, not SPARQL."""
    hostile = '2020 } UNION { ?s ?p ?o'
    with pytest.raises(UsageError, match="integer"):
        library.run(graph, "supporters-of", {"actor": "Russia", "year": hostile})
    result = library.run(graph, "claims", {"number": "3"})
    assert {r["number"].value for r in result.rows} == {"3"}


def test_missing_and_unknown_parameters(graph):
    with pytest.raises(UsageError, match="needs --param actor"):
        library.run(graph, "supporters-of", {})
    with pytest.raises(UsageError, match="has no parameter 'colour'"):
        library.run(graph, "supporters-of", {"actor": "Russia", "colour": "red"})


def test_bundled_folders_resolve():
    assert paths.queries_dir().joinpath("supporters-of.rq").is_file()
    assert paths.actors_file().is_file()
