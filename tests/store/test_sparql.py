"""Parameter binding: a VALUES block plus the term written into the patterns it fixes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from actorkg.graph.query import library
from actorkg.graph.query.compare import canonical
from actorkg.graph.store import sparql
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
