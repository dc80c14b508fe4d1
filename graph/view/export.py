"""Write the whole graph out: RDF (Turtle, N-Triples, N-Quads, TriG, JSON-LD) or the
signed network for graph tools (GraphML for NetworkX, igraph, Cytoscape and yEd; GEXF
for Gephi).

Only actorkg's own graphs are written: a remote store's ``quads`` leave out a SPARQL
server's system graphs (see ``remote.RemoteStore.graphs``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import PREFIXES, RDF, XSD, compact
from ..store.core import Store

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
NETWORK_FORMATS = ("graphml", "gexf")
FORMATS = tuple(RDF_FORMATS) + ("jsonld",) + NETWORK_FORMATS


def export(store: Store, fmt: str) -> bytes:
    """The store in ``fmt``. Triple formats (and JSON-LD) merge the named graphs; quad
    formats keep them."""
    if fmt in NETWORK_FORMATS:
        return _network(store, fmt)
    quads = list(store.quads())
    if fmt == "jsonld":
        return jsonld(_triples(quads))
    rdf_format = RDF_FORMATS[fmt]
    items = list(quads) if rdf_format.supports_datasets else _triples(quads)
    kwargs = {"prefixes": PREFIXES} if fmt in ("turtle", "trig") else {}
    return ox.serialize(items, format=rdf_format, **kwargs)


def _triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    # One triple per (s, p, o) even if several graphs hold it.
    return list({q.triple: None for q in quads})


# -- JSON-LD -------------------------------------------------------------------------------
def jsonld(triples: Iterable[ox.Triple]) -> bytes:
    """Compacted JSON-LD: one node object per subject under ``@graph``, the project's
    prefixes as the ``@context`` and compact IRIs (``kg:Russia``, ``rdfs:label``).

    Written here rather than compacted by pyld or rdflib: both take about 8 s per 20,000
    triples (half an hour for the world data), and with a prefix-only context the compact
    form is just this: every IRI that starts with a prefix's namespace written as a
    compact IRI, ``rdf:type`` as ``@type``, literals as value objects (no native numbers,
    so no lexical form is lost). ``compact`` shortens only IRIs whose local part is plain
(letters, digits, -_.), so no compact IRI starts with "//" or holds characters a reader
would take apart. Read back by rdflib and pyld (tests/view/test_export.py).
    """
    nodes: dict[str, dict] = {}
    for t in triples:
        node = nodes.setdefault(_id(t.subject), {"@id": _id(t.subject)})
        if t.predicate.value == RDF + "type" and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact(t.object.value))
        else:
            node.setdefault(compact(t.predicate.value), []).append(_value(t.object))
    document = {"@context": dict(PREFIXES), "@graph": [nodes[key] for key in sorted(nodes)]}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _id(term) -> str:
    return "_:" + term.value if isinstance(term, ox.BlankNode) else compact(term.value)


def _value(term) -> dict:
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return {"@id": _id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD + "string":
        return {"@value": term.value}
    return {"@value": term.value, "@type": compact(term.datatype.value)}


# -- GraphML and GEXF ------------------------------------------------------------------------
def _network(store: Store, fmt: str) -> bytes:
    import networkx as nx

    from ..network.project import project

    graph = project(store).to_networkx()
    graph.graph.clear()  # what the analyses keep beside the edges (undated statements, sources)
    # Both formats hold scalars only: lists become newline-joined text, None is dropped.
    for _, _, key, data in graph.edges(keys=True, data=True):
        for name, value in list(data.items()):
            if isinstance(value, list):
                data[name] = "\n".join("" if v is None else str(v) for v in value)
            elif value is None:
                del data[name]
        if fmt == "gexf":
            # Gephi shows an edge's label and identifies it by id: the kind and the statement.
            data["label"] = data["relation"]
            data["id"] = key
    for _, data in graph.nodes(data=True):
        for name, value in list(data.items()):
            if value is None:
                del data[name]
    out = io.BytesIO()
    if fmt == "gexf":
        # start/end (years) become GEXF time intervals: Gephi's timeline filters by them.
        nx.write_gexf(graph, out)
    else:
        nx.write_graphml(graph, out)
    return out.getvalue()


def write_export(store: Store, fmt: str, path=None, say=None) -> None:
    """``export``: the serialization to ``path`` (atomically) or to standard output."""
    import sys

    from ..files import write_atomically

    payload = export(store, fmt)
    if path is None:
        sys.stdout.buffer.write(payload)
        return
    write_atomically(path, payload)
    if say:
        say(f"Wrote {path} ({len(payload):,} bytes)")
