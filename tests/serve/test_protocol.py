"""SPARQL result formats (checked by parsing them back with pyoxigraph and rdflib), negotiation,
the dataset of a request and the service description."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
import rdflib
from actorkg.graph.serve import protocol
from actorkg.graph.store.core import Solutions, Triples

XSD = "http://www.w3.org/2001/XMLSchema#"

TRICKY = [
    ox.NamedNode("http://example.org/a?b=1&c=%3C2%3E"),
    ox.Literal('quote " and <tag> & amp'),
    ox.Literal("tab\there\nnewline", language="en"),
    ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")),
    ox.BlankNode("b0"),
    ox.Literal("Türkiye, Azərbaycan"),
]


def tricky_solutions() -> Solutions:
    rows = [{"x": t} for t in TRICKY] + [{}]  # the last row leaves ?x unbound
    return Solutions(["x"], rows)


def parsed(data: bytes, fmt) -> list:
    return [s["x"] for s in ox.parse_query_results(data, format=fmt)]


@pytest.mark.parametrize("name,ox_format", [("json", ox.QueryResultsFormat.JSON),
                                            ("xml", ox.QueryResultsFormat.XML),
                                            ("tsv", ox.QueryResultsFormat.TSV)])
def test_solutions_round_trip(name, ox_format):
    data = protocol.write(tricky_solutions(), protocol.SOLUTION_FORMATS[name])
    back = parsed(data, ox_format)
    # Blank node labels are scoped to one document; compare the rest exactly.
    assert [t for t in back if not isinstance(t, ox.BlankNode)] == \
        [t for t in TRICKY if not isinstance(t, ox.BlankNode)] + [None]
    assert sum(isinstance(t, ox.BlankNode) for t in back) == 1


@pytest.mark.parametrize("name,ox_format", [("json", ox.QueryResultsFormat.JSON),
                                            ("xml", ox.QueryResultsFormat.XML),
                                            ("tsv", ox.QueryResultsFormat.TSV)])
@pytest.mark.parametrize("answer", [True, False])
def test_boolean_round_trip(name, ox_format, answer):
    data = protocol.write(answer, protocol.SOLUTION_FORMATS[name])
    assert bool(ox.parse_query_results(data, format=ox_format)) is answer


def test_csv_is_plain_values_with_crlf():
    text = protocol.write(tricky_solutions(), protocol.SOLUTION_FORMATS["csv"]).decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["x"]
    assert rows[1] == ["http://example.org/a?b=1&c=%3C2%3E"] and rows[2] == ['quote " and <tag> & amp']
    assert rows[4] == ["42"] and rows[5][0].startswith("_:") and rows[-1] == []  # unbound: an empty field
    assert text.startswith("x\r\n")


def test_tsv_rows_end_in_newline_and_rdflib_reads_them():
    from rdflib.plugins.sparql.results.tsvresults import TSVResultParser

    data = protocol.write(tricky_solutions(), protocol.SOLUTION_FORMATS["tsv"])
    assert b"\r" not in data.replace(b"\\r", b"")  # rdflib's TSV parser rejects CR line ends
    parsed = TSVResultParser().parse(io.StringIO(data.decode("utf-8")))
    values = [row.get(rdflib.Variable("x")) for row in parsed.bindings]
    assert [str(v) for v in values[:2]] == ["http://example.org/a?b=1&c=%3C2%3E", 'quote " and <tag> & amp']
    assert str(values[5]) == "Türkiye, Azərbaycan"  # (rdflib skips the empty line of the unbound row)


def test_json_shape():
    doc = json.loads(protocol.write(tricky_solutions(), protocol.SOLUTION_FORMATS["json"]))
    assert doc["head"]["vars"] == ["x"]
    lang = doc["results"]["bindings"][2]["x"]
    assert lang == {"type": "literal", "value": "tab\there\nnewline", "xml:lang": "en"}
    assert doc["results"]["bindings"][3]["x"]["datatype"] == XSD + "integer"
    assert "datatype" not in doc["results"]["bindings"][1]["x"]  # plain strings stay plain


@pytest.mark.parametrize("name,rdf_format", [("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                                             ("rdfxml", ox.RdfFormat.RDF_XML), ("jsonld", ox.RdfFormat.JSON_LD)])
def test_triples_round_trip(name, rdf_format):
    triples = [ox.Triple(ox.NamedNode("https://w3id.org/actorkg/entity/Russia"),
                         ox.NamedNode("https://w3id.org/actorkg/ontology#armsSupplierOf"),
                         ox.NamedNode("https://w3id.org/actorkg/entity/Azerbaijan")),
               ox.Triple(ox.NamedNode("https://w3id.org/actorkg/entity/Russia"),
                         ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal('R "<&>"'))]
    data = protocol.write(Triples(triples), protocol.GRAPH_FORMATS[name])
    back = {q.triple for q in ox.parse(data, format=rdf_format)}
    assert back == set(triples)


@pytest.mark.parametrize("accept,params,form,expected", [
    (None, {}, "SELECT", "json"),
    ("*/*", {}, "SELECT", "json"),
    ("application/sparql-results+xml", {}, "SELECT", "xml"),
    ("text/csv;q=0.5, text/tab-separated-values", {}, "SELECT", "tsv"),
    ("text/html, */*;q=0.1", {}, "ASK", "json"),
    ("application/sparql-results+json", {"format": ["xml"], "output": ["xml"]}, "SELECT", "xml"),
    (None, {"format": ["tsv", "text/tab-separated-values"]}, "SELECT", "tsv"),
    (None, {"format": ["nonsense"]}, "SELECT", "json"),  # unknown values are ignored
    ("application/rdf+xml", {}, "CONSTRUCT", "rdfxml"),
    (None, {"format": ["xml"], "output": ["xml"], "results": ["xml"]}, "CONSTRUCT", "rdfxml"),
    ("text/turtle, application/n-triples;q=0.9", {}, "DESCRIBE", "turtle"),
    ("application/n-triples", {}, "CONSTRUCT", "nt"),
    (None, {}, "CONSTRUCT", "turtle"),
    ("text/*", {}, "CONSTRUCT", "turtle"),
])
def test_negotiation(accept, params, form, expected):
    assert protocol.negotiate(form, accept, params).name == expected


def test_not_acceptable_lists_what_is_offered():
    with pytest.raises(protocol.NotAcceptable) as e:
        protocol.negotiate("SELECT", "image/png", {})
    assert "application/sparql-results+json" in str(e.value)


@pytest.mark.parametrize("params, default, named", [
    ({}, None, None),
    ({"default-graph-uri": ["urn:a", "urn:b"]}, ["urn:a", "urn:b"], None),
    ({"named-graph-uri": ["urn:n"]}, [], ["urn:n"]),  # named alone: an empty default graph
    ({"default-graph-uri": ["urn:a"], "named-graph-uri": ["urn:n"]}, ["urn:a"], ["urn:n"]),
])
def test_dataset_from_the_protocol(params, default, named):
    assert protocol.dataset(params) == protocol.Dataset(default, named)


def test_dataset_graphs_must_be_iris():
    from actorkg.graph.errors import QueryError

    with pytest.raises(QueryError, match="'not an iri' is not an IRI"):
        protocol.dataset({"named-graph-uri": ["not an iri"]})


def test_service_description_is_turtle_rdflib_reads():
    triples = protocol.service_description("http://127.0.0.1:1/sparql", ["urn:g1", "urn:g2"], updates=False)
    turtle = protocol.write(Triples(triples), protocol.GRAPH_FORMATS["turtle"])
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    sd = rdflib.Namespace(protocol.SD)
    service = rdflib.URIRef("http://127.0.0.1:1/sparql")
    assert (service, rdflib.RDF.type, sd.Service) in graph
    assert set(graph.objects(service, sd.supportedLanguage)) == {sd.SPARQL11Query}
    names = {str(n) for n in graph.objects(None, sd.name)}
    assert names == {"urn:g1", "urn:g2"}
    assert rdflib.URIRef(protocol.FORMATS_NS + "SPARQL_Results_TSV") in set(graph.objects(service, sd.resultFormat))
