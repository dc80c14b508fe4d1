"""SPARQL 1.1 Protocol pieces that need no web framework: result formats, negotiation,
the dataset a request describes and the service description.

Results are written by pyoxigraph's own serializers: SELECT and ASK results as SPARQL
JSON, XML, CSV or TSV (W3C result formats), CONSTRUCT and DESCRIBE results as Turtle,
N-Triples, RDF/XML or JSON-LD. The format comes from a ``format``/``output``/``results``
URL parameter if it names one we know (SPARQLWrapper sends all three), else from the
Accept header.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import ActorKGError, QueryError
from ..namespaces import PREFIXES
from ..store.core import QueryResult, Solutions, Triples


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    content_type: str


SOLUTION_FORMATS = {
    "json": Format("json", "application/sparql-results+json", "application/sparql-results+json"),
    "xml": Format("xml", "application/sparql-results+xml", "application/sparql-results+xml; charset=utf-8"),
    "csv": Format("csv", "text/csv", "text/csv; charset=utf-8"),
    "tsv": Format("tsv", "text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
}
GRAPH_FORMATS = {
    "turtle": Format("turtle", "text/turtle", "text/turtle; charset=utf-8"),
    "nt": Format("nt", "application/n-triples", "application/n-triples; charset=utf-8"),
    "rdfxml": Format("rdfxml", "application/rdf+xml", "application/rdf+xml; charset=utf-8"),
    "jsonld": Format("jsonld", "application/ld+json", "application/ld+json"),
}
# Media types (and aliases clients use) -> format name.
SOLUTION_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
    "text/n3": "turtle", "text/rdf+n3": "turtle", "application/n3": "turtle",  # Turtle is valid N3
    "application/n-triples": "nt", "text/plain": "nt",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml",
    "application/ld+json": "jsonld", "application/x-json+ld": "jsonld", "application/json": "jsonld",
}
# Short names in format=/output=/results= parameters.
SOLUTION_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "srj": "json", "srx": "xml"}
GRAPH_NAMES = {"turtle": "turtle", "ttl": "turtle", "n3": "turtle", "nt": "nt", "ntriples": "nt",
               "n-triples": "nt", "xml": "rdfxml", "rdf+xml": "rdfxml", "rdfxml": "rdfxml", "rdf": "rdfxml",
               "json-ld": "jsonld", "jsonld": "jsonld", "json": "jsonld"}
FORMAT_PARAMS = ("format", "output", "results")


class NotAcceptable(ActorKGError):
    """No format both the client accepts and we write (HTTP 406)."""

    def __init__(self, offered: list[str]):
        super().__init__("none of the requested result formats is available; this query can return: "
                         + ", ".join(offered), "ask for one of these in the Accept header or the format parameter")


def _accept_entries(header: str) -> list[tuple[float, int, str]]:
    entries = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            key, _, value = f.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        entries.append((q, position, media))
    return sorted(entries, key=lambda e: (-e[0], e[1]))


def negotiate(form: str, accept: str | None, params: dict[str, list[str]]) -> Format:
    """The result format for a query of ``form`` (SELECT/ASK/CONSTRUCT/DESCRIBE)."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    formats, types, names = ((GRAPH_FORMATS, GRAPH_TYPES, GRAPH_NAMES) if graph
                             else (SOLUTION_FORMATS, SOLUTION_TYPES, SOLUTION_NAMES))
    default = formats["turtle" if graph else "json"]
    for key in FORMAT_PARAMS:
        for value in params.get(key, []):
            value = value.strip().lower()
            name = names.get(value) or types.get(value.split(";")[0].strip())
            if name:
                return formats[name]
    if not accept or not accept.strip():
        return default
    for q, _, media in _accept_entries(accept):
        if q <= 0:
            continue
        if media in types:
            return formats[types[media]]
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            if default.media_type.startswith(major):
                return default
            for fmt in formats.values():
                if fmt.media_type.startswith(major):
                    return fmt
    raise NotAcceptable([f.media_type for f in formats.values()])


# --- Writing results ------------------------------------------------------------------------
_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}


def _as_results(result: Solutions | bool):
    """The result as pyoxigraph's own QuerySolutions / QueryBoolean, so its serializers write it.

    pyoxigraph cannot build those from Python rows; it reads them from a results document.
    TSV is the cheapest such document: each term in its N-Triples form (pyoxigraph's
    ``str``, which escapes tabs and newlines), tab-separated, an empty field when unbound."""
    if isinstance(result, bool):
        return ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if result else b"false"),
                                      ox.QueryResultsFormat.JSON)
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join(str(row[v]) if v in row else "" for v in result.variables) for row in result.rows]
    return ox.parse_query_results(("\n".join(lines) + "\n").encode("utf-8"), ox.QueryResultsFormat.TSV)


def write(result: QueryResult, fmt: Format) -> bytes:
    if isinstance(result, Triples):
        kwargs = {"prefixes": PREFIXES} if fmt.name in ("turtle", "rdfxml") else {}
        return ox.serialize(result.triples, format=_RDF_FORMATS[fmt.name], **kwargs)
    return _as_results(result).serialize(format=_RESULT_FORMATS[fmt.name])


# --- The dataset of a request -------------------------------------------------------------
@dataclass(frozen=True)
class Dataset:
    """Graphs named by ``default-graph-uri`` / ``named-graph-uri`` (None: not given)."""

    default: list[str] | None
    named: list[str] | None


def dataset(params: dict[str, list[str]]) -> Dataset:
    """The protocol's dataset description; it overrides FROM / FROM NAMED in the query.

    Named graphs alone leave the default graph empty, as FROM NAMED alone does in a query."""
    default, named = params.get("default-graph-uri") or None, params.get("named-graph-uri") or None
    for iri in (default or []) + (named or []):
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise QueryError(f"'{iri}' is not an IRI",
                             "default-graph-uri and named-graph-uri take absolute IRIs") from None
    if named is not None and default is None:
        default = []
    return Dataset(default, named)


# --- Service description ------------------------------------------------------------------
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
_FORMAT_IRIS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "RDF_XML", "JSON-LD"]


def service_description(endpoint: str, graphs: list[str], updates: bool) -> list[ox.Triple]:
    """A SPARQL 1.1 Service Description of this endpoint (https://www.w3.org/TR/sparql11-service-description/)."""
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service, default_dataset, default_graph = ox.NamedNode(endpoint), ox.BlankNode("dataset"), ox.BlankNode("default")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [ox.Triple(service, rdf_type, sd("Service")),
               ox.Triple(service, sd("endpoint"), service),
               ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
               ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
               ox.Triple(service, sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
               ox.Triple(service, sd("defaultDataset"), default_dataset),
               ox.Triple(default_dataset, rdf_type, sd("Dataset")),
               ox.Triple(default_dataset, sd("defaultGraph"), default_graph),
               ox.Triple(default_graph, rdf_type, sd("Graph"))]
    if updates:
        triples.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    triples += [ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + name)) for name in _FORMAT_IRIS]
    for number, graph in enumerate(graphs):
        named = ox.BlankNode(f"graph{number}")
        triples += [ox.Triple(default_dataset, sd("namedGraph"), named),
                    ox.Triple(named, rdf_type, sd("NamedGraph")),
                    ox.Triple(named, sd("name"), ox.NamedNode(graph))]
    return triples
