"""SPARQL 1.1 Protocol pieces that need no web framework: result formats and negotiation.

SELECT and ASK results are written as SPARQL JSON, XML, CSV or TSV (W3C result formats);
CONSTRUCT and DESCRIBE results as Turtle, N-Triples, RDF/XML or JSON-LD (pyoxigraph's
serializers). The format comes from a ``format``/``output``/``results`` URL parameter if
it names one we know (SPARQLWrapper sends all three), else from the Accept header.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..namespaces import PREFIXES, XSD
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


class NotAcceptable(Exception):
    """No format both the client accepts and we write."""

    def __init__(self, offered: list[str]):
        super().__init__("none of the requested result formats is available; this query can return: "
                         + ", ".join(offered))


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


# --- SELECT / ASK ---------------------------------------------------------------------------
def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    # RDF-star quoted triple.
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != XSD + "string":
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>")


def _xml_text(text: str) -> str:
    # XML 1.0 cannot carry most control characters, even escaped: show them as U+FFFD.
    cleaned = "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else "\ufffd" for c in text)
    return escape(cleaned)


def _plain(term) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _tsv_term(term) -> str:
    # N-Triples syntax; a raw tab or newline would break the row, so escape them (valid Turtle escapes).
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def write_solutions(result: Solutions | bool, fmt: Format) -> bytes:
    if fmt.name == "json":
        if isinstance(result, bool):
            return json.dumps({"head": {}, "boolean": result}).encode("utf-8")
        return json.dumps({
            "head": {"vars": result.variables},
            "results": {"bindings": [{v: _json_term(t) for v, t in row.items()} for row in result.rows]},
        }, ensure_ascii=False).encode("utf-8")
    if fmt.name == "xml":
        head = '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        if isinstance(result, bool):
            return f"{head}<head/><boolean>{'true' if result else 'false'}</boolean></sparql>\n".encode("utf-8")
        parts = [head, "<head>"]
        parts += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
        parts.append("</head><results>")
        for row in result.rows:
            parts.append("<result>")
            parts += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in row.items()]
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode("utf-8")
    if isinstance(result, bool):
        # CSV/TSV define no boolean form; this is what Jena and others write.
        header = "_askResult" if fmt.name == "csv" else "?_askResult"
        return f"{header}\r\n{'true' if result else 'false'}\r\n".encode("utf-8")
    if fmt.name == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_plain(row[v]) if v in row else "" for v in result.variables])
        return out.getvalue().encode("utf-8")
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(_tsv_term(row[v]) if v in row else "" for v in result.variables))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


# --- CONSTRUCT / DESCRIBE -------------------------------------------------------------------
def write_triples(result: Triples, fmt: Format) -> bytes:
    rdf_format = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                  "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}[fmt.name]
    kwargs = {"prefixes": PREFIXES} if fmt.name in ("turtle", "rdfxml") else {}
    return ox.serialize(result.triples, format=rdf_format, **kwargs)


def write(result: QueryResult, fmt: Format) -> bytes:
    if isinstance(result, Triples):
        return write_triples(result, fmt)
    return write_solutions(result, fmt)
