"""Write the whole graph out: RDF serializations (via pyoxigraph) or GraphML (via NetworkX)."""

from __future__ import annotations

import io

import pyoxigraph as ox

from ..namespaces import PREFIXES
from ..store.core import Store

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
FORMATS = tuple(RDF_FORMATS) + ("graphml",)


def export(store: Store, fmt: str) -> bytes:
    """The store in ``fmt``. Triple formats merge all named graphs; quad formats keep them."""
    if fmt == "graphml":
        return _graphml(store)
    rdf_format = RDF_FORMATS[fmt]
    if rdf_format.supports_datasets:
        items = list(store.quads())
    else:
        # One triple per (s, p, o) even if several graphs hold it.
        items = list({q.triple: None for q in store.quads()})
    kwargs = {"prefixes": PREFIXES} if fmt in ("turtle", "trig") else {}
    return ox.serialize(items, format=rdf_format, **kwargs)


def _graphml(store: Store) -> bytes:
    import networkx as nx

    from ..network.project import project

    graph = project(store)
    # GraphML holds scalars only: lists become newline-joined text, None is dropped.
    for _, _, data in graph.edges(data=True):
        for key, value in list(data.items()):
            if isinstance(value, list):
                data[key] = "\n".join("" if v is None else str(v) for v in value)
            elif value is None:
                del data[key]
    for _, data in graph.nodes(data=True):
        for key, value in list(data.items()):
            if value is None:
                del data[key]
    out = io.BytesIO()
    nx.write_graphml(graph, out)
    return out.getvalue()
