"""Parameter binding: a VALUES block plus the term written into the patterns it fixes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from actorkg.graph.query import library
from actorkg.graph.query.compare import canonical
from actorkg.graph.store import sparql
from actorkg.graph.errors import QueryError
from actorkg.graph.store.sparql import bind, push_down

X = "<urn:X>"


def test_values_block_opens_the_where_group():
    text = bind("SELECT ?s WHERE { ?s ?p ?actor }", {"actor": ox.NamedNode("urn:X")})
    assert text == "SELECT ?s WHERE { VALUES (?actor) { (<urn:X>) }  ?s ?p <urn:X> }"


@pytest.mark.parametrize("pattern, expected", [
    # The outer group, its OPTIONALs and EXISTS see the VALUES binding.
    ("?s ?p ?actor . FILTER(?s != ?actor)", f"?s ?p {X} . FILTER(?s != {X})"),
    ("OPTIONAL { ?s ?p ?actor }", f"OPTIONAL {{ ?s ?p {X} }}"),
    ("FILTER NOT EXISTS { ?s ?p ?actor }", f"FILTER NOT EXISTS {{ ?s ?p {X} }}"),
    # BOUND and AS keep the variable; so do MINUS, SERVICE and VALUES blocks.
    ("FILTER(!BOUND(?actor))", "FILTER(!BOUND(?actor))"),
    ("MINUS { ?s ?p ?actor }", "MINUS { ?s ?p ?actor }"),
    ("VALUES ?actor { <urn:Y> }", "VALUES ?actor { <urn:Y> }"),
    # A UNION branch that binds it in a pattern gets the term and its own VALUES block...
    ("{ ?s ?p ?actor BIND(?actor AS ?o) } UNION { ?s ?p ?o }",
     f"{{ VALUES ?actor {{ {X} }}  ?s ?p {X} BIND({X} AS ?o) }} UNION {{ ?s ?p ?o }}"),
    # ...one that only filters on it would see it unbound, so it is left alone.
    ("{ ?s ?p ?o FILTER(?o = ?actor) }", "{ ?s ?p ?o FILTER(?o = ?actor) }"),
    # A sub-SELECT is joined on what it projects.
    ("{ SELECT ?actor (COUNT(*) AS ?n) WHERE { ?s ?p ?actor } GROUP BY ?actor }",
     f"{{ SELECT ?actor (COUNT(*) AS ?n) WHERE {{ VALUES ?actor {{ {X} }}  ?s ?p {X} }} GROUP BY ?actor }}"),
    ("{ SELECT ?s WHERE { ?s ?p ?actor } }", "{ SELECT ?s WHERE { ?s ?p ?actor } }"),
    # Strings, IRIs and comments are not code.
    ('?s ?p "?actor" . # ?actor\n?s <urn:p?actor> ?o', '?s ?p "?actor" . # ?actor\n?s <urn:p?actor> ?o'),
])
def test_push_down_only_where_values_fixes_the_variable(pattern, expected):
    assert push_down(f"SELECT * WHERE {{ {pattern} }}", {"actor": X}) == f"SELECT * WHERE {{ {expected} }}"


def test_blank_nodes_are_not_written_into_patterns():
    text = bind("SELECT * WHERE { ?s ?p ?o }", {"o": ox.BlankNode("b1")})
    assert text == "SELECT * WHERE { VALUES (?o) { (_:b1) }  ?s ?p ?o }"


@pytest.mark.parametrize("name", sorted(library.named_queries()))
def test_push_down_never_changes_an_answer(name, graph, monkeypatch):
    query = library.get(name)
    for example in query.examples or [f"actorkg query {name}"]:
        words = example.split()
        values = dict(w.split("=", 1) for w in words[words.index(name) + 1:] if "=" in w)
        bindings = library.bindings_for(query, graph, values)
        pushed = graph.query(query.text, bindings)
        monkeypatch.setattr(sparql, "push_down", lambda text, terms: text)
        plain = graph.query(query.text, bindings)
        monkeypatch.undo()
        assert canonical(query.text, pushed) == canonical(query.text, plain)


# --- Decisions on the parse tree --------------------------------------------------------------
ESCAPED_SERVICE = r"SELECT * WHERE { BIND(<http://e/\u0041#x> AS ?z) SERVICE <http://127.0.0.1:9/x> { ?x ?p ?o } }"


@pytest.mark.parametrize("text, form, dataset, network", [
    ("ASK {}", "ASK", False, ()),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False, ()),
    ("DESCRIBE <urn:x>", "DESCRIBE", False, ()),
    ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", "SELECT", True, ()),
    ("SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }", "SELECT", True, ()),
    # SERVICE wherever it hides: sub-SELECT, EXISTS, a variable as the service, lower case.
    ("SELECT * WHERE { { SELECT ?x WHERE { SERVICE <http://h/> { ?x ?p ?o } } } }", "SELECT", False, ("SERVICE",)),
    ("ASK { FILTER EXISTS { service ?endpoint { ?x ?p ?o } } }", "ASK", False, ("SERVICE",)),
    # "SERVICE" as text only: in a string, a comment, an IRI, a prefixed name.
    ('SELECT * WHERE { ?s ?p "SERVICE <http://h/> {}" } # SERVICE <http://h/>', "SELECT", False, ()),
    ("PREFIX SERVICE: <http://h/> SELECT * WHERE { ?s SERVICE:p <http://h/SERVICE> }", "SELECT", False, ()),
    ("DROP ALL", "UPDATE", False, ()),
    ("LOAD <http://h/x.ttl> INTO GRAPH <urn:g>", "UPDATE", False, ("LOAD",)),
    ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://h/> { ?s ?p ?o } }", "UPDATE", False, ("SERVICE",)),
    # Non-ASCII prefixes, variables and local names are SPARQL 1.1.
    ("PREFIX é: <http://e/> PREFIX kg: <http://k/> SELECT ?név WHERE { ?név é:x kg:Türkiye }", "SELECT", False, ()),
])
def test_parse_reports_form_dataset_and_network(text, form, dataset, network):
    assert sparql.parse(text) == sparql.Parsed(form, dataset, network)


def test_an_escaped_iri_does_not_hide_service():
    # The old text scanner took "\u0041#x>..." for a comment and let this query through.
    with pytest.raises(QueryError):
        parsed = sparql.parse(ESCAPED_SERVICE)
        sparql.refuse_network(parsed)
    with pytest.raises(sparql.NetworkAccess, match="LOAD is not allowed"):
        sparql.refuse_network(sparql.parse(r"LOAD <http://e/\u0041#x> ; LOAD <http://127.0.0.1:9/x>"))


@pytest.mark.parametrize("text", ["SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
                                  "SELECT * WHERE " + "{ " * 5_000 + "}" * 5_000])
def test_deep_nesting_is_refused_before_parsing(text):
    with pytest.raises(QueryError, match="nested more than 100 levels"):
        sparql.parse(text)


def test_nesting_up_to_the_limit_parses():
    depth = sparql.MAX_DEPTH - 3
    assert sparql.parse("SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") }").form == "SELECT"


def test_syntax_errors_show_the_position():
    with pytest.raises(QueryError) as e:
        sparql.parse("SELECT * WHERE {\n  ?s ?p }")
    assert e.value.message.startswith("SPARQL syntax error at line 2, column 3, near '?s'")
    with pytest.raises(QueryError, match="syntax error"):
        sparql.parse(r'SELECT * WHERE { ?s ?p "\uZZZZ" }')
