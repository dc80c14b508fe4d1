"""Project the RDF graph into a signed NetworkX multigraph.

Nodes are named entities (actors, places, treaties, events) with label, type and
category. Each statement becomes one edge keyed by its IRI, carrying its kind, polarity
(read from the ontology: +1 cooperation, -1 conflict, 0 neither), years, source and
evidence. Symmetric kinds (alliances, conflicts) are one edge with ``symmetric=True``.
Both come from two named queries (``entities`` and ``edges``), loaded in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import library
from .results import to_python
from .store import Store


@dataclass(frozen=True)
class Window:
    """A time restriction: statements in force at some point between ``start`` and ``end``.

    Undated statements are kept: the source did not say when, so they are not excluded.
    """

    start: int | None = None
    end: int | None = None

    @classmethod
    def as_of(cls, year: int) -> "Window":
        return cls(year, year)

    def admits(self, start: int | None, end: int | None) -> bool:
        if self.end is not None and start is not None and start > self.end:
            return False
        if self.start is not None and end is not None and end < self.start:
            return False
        return True


def year_of(value) -> int | None:
    text = None if value is None else str(to_python(value))
    if not text:
        return None
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("-")[:4]
    return sign * int(digits) if digits.isdigit() else None


def project(store: Store, window: Window | None = None, sources: set[str] | None = None):
    """The signed multigraph of ``store``, restricted to ``window`` and ``sources`` if given."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for row in library.run(store, "entities").rows:
        graph.add_node(row["entity"].value, label=row["label"].value, type=row["type"].value,
                       type_label=row["typeLabel"].value, category=row["category"].value,
                       wikidata=to_python(row.get("wikidata")), cow_code=to_python(row.get("cowCode")))
    edges = []
    for row in library.run(store, "edges").rows:
        source = row["source"].value
        if sources is not None and source not in sources:
            continue
        start, end = year_of(row.get("start")), year_of(row.get("end"))
        if window is not None and not window.admits(start, end):
            continue
        quotes = to_python(row.get("quotes")) or ""
        records = to_python(row.get("records")) or ""
        edges.append((row["subject"].value, row["object"].value, row["statement"].value, {
            "kind": row["kind"].value,
            "kind_class": row["kindClass"].value,
            "polarity": int(to_python(row["polarity"])),
            "symmetric": bool(to_python(row["symmetric"])),
            "start": start,
            "end": end,
            "source": source,
            "reliability": to_python(row.get("reliability")),
            "quotes": [q for q in str(quotes).split("\n") if q],
            "records": [r for r in str(records).split(" ") if r],
            "weight": to_python(row.get("weight")),
        }))
    graph.add_edges_from(edges)
    return graph
