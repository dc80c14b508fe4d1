"""The cost estimate that sends heavy queries to slots of their own (graph/store/cost.py)."""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql import parser
from rdflib.plugins.sparql.algebra import translateQuery

from actorkg.graph.query import library
from actorkg.graph.store import sparql
from actorkg.graph.store.cost import heavy_reason

P = """PREFIX ak: <https://w3id.org/actorkg/ontology#>
PREFIX kg: <https://w3id.org/actorkg/entity/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def reason(text: str, bound=()) -> str | None:
    return heavy_reason(translateQuery(parser.parseQuery(text)).algebra, bound)


@pytest.mark.parametrize("name", sorted(library.named_queries()))
def test_named_queries_are_light(name):
    # As they run: their parameters bound (a VALUES block opens their WHERE group).
    query = library.get(name)
    assert reason(query.text, [p.name for p in query.params]) is None


LIGHT = [
    "ASK {}",
    P + "SELECT ?label WHERE { kg:Russia rdfs:label ?label }",
    P + """SELECT ?supporterLabel ?kind WHERE {
      ?s ak:recipient kg:Azerbaijan ; a ?k . ?k ak:shortLabel ?kind ; ak:subjectRole ?role .
      ?s ?role ?supporter . ?supporter rdfs:label ?supporterLabel . } ORDER BY ?supporterLabel ?kind""",
    P + "SELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 10",
    # One pass over every triple is linear in the store, not heavy.
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    # An open pattern anchored by a constant, a VALUES block, a BIND or a bound path end.
    P + "SELECT * WHERE { ?s ?p ?o . ?s a ak:State }",
    P + "SELECT * WHERE { VALUES ?x { kg:Russia } ?x ?p ?o . ?o ?q ?r }",
    P + "SELECT * WHERE { BIND(kg:Russia AS ?x) ?x ?p ?o . ?o ?q ?r }",
    P + "SELECT * WHERE { kg:Russia ak:supports+ ?b }",
    P + "SELECT * WHERE { { ?x a ak:State } UNION { ?x a ak:Organisation } ?x ?p ?o }",
    P + "SELECT * WHERE { ?a rdfs:label ?l FILTER NOT EXISTS { ?a ak:supports ?z } }",
    P + "SELECT * WHERE { ?a rdfs:label ?l OPTIONAL { ?a ak:supports ?z } }",
    P + "DESCRIBE kg:Russia",
]


@pytest.mark.parametrize("text", LIGHT)
def test_light_shapes(text):
    assert reason(text) is None


HEAVY = [
    # The load test's never-ending join, and the runaway test's cross products.
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?o ?q ?r }", "every triple"),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "every triple"),
    (P + "SELECT * WHERE { ?a rdfs:label ?l . ?b rdfs:label ?m }", "two scans"),
    (P + "SELECT * WHERE { ?a ak:supports+ ?b }", "path of any length"),
    (P + "SELECT * WHERE { ?a (ak:supports|ak:opposes)* ?b }", "path of any length"),
    (P + "SELECT * WHERE { ?a ^(ak:supports/ak:opposes+) ?b }", "path of any length"),
    # Wherever it hides: OPTIONAL, EXISTS, a sub-SELECT, GRAPH, MINUS, UNION, a LIMIT.
    (P + "SELECT * WHERE { ?a rdfs:label ?l OPTIONAL { ?x ?y ?z } }", "every triple"),
    (P + "ASK { kg:Russia ?p ?o FILTER NOT EXISTS { ?x ?y ?z . ?z ?q ?w } }", "every triple"),
    ("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o . ?o ?q ?r } } }", "every triple"),
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o . ?o ?q ?r } }", "every triple"),
    (P + "SELECT * WHERE { kg:Russia ?p ?o MINUS { ?a ?b ?c . ?d ?e ?f } }", "every triple"),
    (P + "SELECT * WHERE { { kg:Russia ?p ?o } UNION { ?a ak:supports* ?b } }", "path of any length"),
    ("SELECT * WHERE { ?s ?p ?o . ?o ?q ?r } LIMIT 10", "every triple"),
]


@pytest.mark.parametrize("text, why", HEAVY)
def test_heavy_shapes(text, why):
    assert why in (reason(text) or "")


def test_parse_carries_the_estimate():
    assert "every triple (?s ?p ?o)" in sparql.parse("SELECT * WHERE { ?s ?p ?o . ?o ?q ?r }").heavy
    assert sparql.parse("SELECT * WHERE { ?s ?p ?o } LIMIT 5").heavy is None
    assert sparql.parse("DELETE WHERE { ?s ?p ?o . ?o ?q ?r }").heavy is None  # updates go to the writer


def test_a_query_nested_to_slow_the_estimate_is_heavy(monkeypatch):
    # Each group is estimated again for every choice around it, so nesting multiplies the
    # work: 4 unions of 4 unions, 12 parts in the text, take over 50 estimates.
    from actorkg.graph.store import cost

    group = "{ <urn:x> ?p ?o }"
    for _ in range(2):
        group = "{ " + " ".join(f"{{ {group} UNION {group} }}" for _ in range(4)) + " }"
    text = f"SELECT * WHERE {group}"
    assert reason(text) is None
    monkeypatch.setattr(cost, "MAX_ESTIMATES", 50)
    assert "more than 50 nested parts to estimate" in reason(text)
