"""Statements of the projected network as plain records, with the evidence behind them.

Every analysis returns ``Statement`` records rather than raw NetworkX edge dicts, so the
CLI, ``ask`` and JSON output share one shape: subject, relation, object, polarity, years
and the quotes or dataset records with their source and its reliability.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx is imported where it is used: it is slow to import
    from .multigraph import StatementGraph


@dataclass(frozen=True)
class Evidence:
    """One quote (text sources) or record id (datasets) and the source it comes from."""

    source: str
    source_label: str
    reliability: str | None
    low_reliability: bool
    quote: str | None = None
    record: str | None = None

    def to_dict(self) -> dict:
        return {"source": self.source_label, "source_id": self.source, "quote": self.quote,
                "record": self.record, "reliability": self.reliability,
                "low_reliability": self.low_reliability}


@dataclass(frozen=True)
class Statement:
    """One statement as an edge between two entities, oriented as the analysis needs it."""

    id: str
    subject: str
    subject_label: str
    object: str
    object_label: str
    kind: str
    relation: str
    kind_class: str
    polarity: int
    symmetric: bool
    supports: bool
    edge: str | None
    edge_label: str | None
    start: int | None
    end: int | None
    qualifier: str | None
    sources: tuple[str, ...]
    evidence: tuple[Evidence, ...] = field(default=())
    data: dict = field(default_factory=dict, compare=False, repr=False)

    def involves(self, node: str) -> bool:
        return node in (self.subject, self.object)

    def other(self, node: str) -> str:
        return self.object if node == self.subject else self.subject

    def facing(self, node: str) -> "Statement":
        """The same statement with ``node`` as subject, if its kind is symmetric."""
        return self.flipped() if self.object == node else self

    def years(self) -> str:
        """'2020', '1991-', '-2005', '1991-2005' or '' when undated."""
        if self.start is None and self.end is None:
            return ""
        if self.start == self.end:
            return str(self.start)
        return f"{'' if self.start is None else self.start}-{'' if self.end is None else self.end}"

    def phrase(self) -> str:
        """'Russia arms supplier of Azerbaijan (2020)', 'Armenia and Turkey: strained relations'."""
        notes = ", ".join(n for n in (self.qualifier, self.years()) if n)
        notes = f" ({notes})" if notes else ""
        if self.symmetric:
            return f"{self.subject_label} and {self.object_label}: {self.relation}{notes}"
        return f"{self.subject_label} {self.edge_label or self.relation} {self.object_label}{notes}"

    def flipped(self) -> "Statement":
        """A symmetric statement with its parties swapped (directed ones stay as they are)."""
        if not self.symmetric:
            return self
        return replace(self, subject=self.object, subject_label=self.object_label,
                       object=self.subject, object_label=self.subject_label)

    def to_result(self) -> dict:
        """The ``results`` item of ``ask --format json`` (other keys may be added)."""
        return {
            "subject": {"id": self.subject, "label": self.subject_label},
            "relation": self.relation,
            "object": {"id": self.object, "label": self.object_label},
            "polarity": self.polarity,
            "start": None if self.start is None else str(self.start),
            "end": None if self.end is None else str(self.end),
            "statement": self.id,
            "kind": self.kind,
            "qualifier": self.qualifier,
            "evidence": [e.to_dict() for e in self.evidence],
        }


def node_label(graph: StatementGraph, node: str) -> str:
    return graph.nodes[node].get("label", node) if node in graph else node


def statement(graph: StatementGraph, subject: str, obj: str, key: str, data: dict) -> Statement:
    """The record of one edge of ``network.project``'s graph."""
    sources = {iri: (label, grade, low) for iri, label, grade, low in zip(
        data["sources"], data["source_labels"], data["reliabilities"], data["low_reliabilities"])}

    def cite(source: str, **kw) -> Evidence:
        label, grade, low = sources[source]
        return Evidence(source, label, grade, low, **kw)

    evidence = [cite(s, quote=q) for q, s in zip(data["quotes"], data["quote_sources"])]
    evidence += [cite(s, record=r) for r, s in zip(data["records"], data["record_sources"])]
    return Statement(
        id=key, subject=subject, subject_label=node_label(graph, subject),
        object=obj, object_label=node_label(graph, obj), kind=data["kind"],
        relation=data["relation"], kind_class=data["kind_class"], polarity=data["polarity"],
        symmetric=data["symmetric"], supports=data["supports"], edge=data["edge"],
        edge_label=data.get("edge_label"),
        start=data["start"], end=data["end"], qualifier=data["qualifier"],
        sources=tuple(data["sources"]), evidence=tuple(evidence), data=data)


def all_statements(graph: StatementGraph, where: Callable[[dict], bool] | None = None) -> Iterator[Statement]:
    for subject, obj, key, data in graph.edges(keys=True, data=True):
        if where is None or where(data):
            yield statement(graph, subject, obj, key, data)


def incident_edges(graph: StatementGraph, node: str,
                   where: Callable[[dict], bool] | None = None) -> Iterator[tuple[str, str, str, dict]]:
    """(subject, object, key, data) of every edge with ``node`` as subject, then as object,
    passing ``where``: a caller that needs only some of them builds no statement for the rest."""
    if node not in graph:
        return
    for edges in (graph.out_edges(node, keys=True, data=True), graph.in_edges(node, keys=True, data=True)):
        yield from ((s, o, k, d) for s, o, k, d in edges if where is None or where(d))


def incident(graph: StatementGraph, node: str, where: Callable[[dict], bool] | None = None) -> list[Statement]:
    """Every statement with ``node`` as subject or object, facing ``node``."""
    return [statement(graph, s, o, k, d).facing(node) for s, o, k, d in incident_edges(graph, node, where)]


def between(graph: StatementGraph, a: str, b: str, where: Callable[[dict], bool] | None = None) -> list[Statement]:
    """Every statement linking ``a`` and ``b`` in either direction, facing ``a``."""
    out = []
    for s, o in ((a, b), (b, a)):
        for key, data in (graph.get_edge_data(s, o) or {}).items():
            if where is None or where(data):
                out.append(statement(graph, s, o, key, data).facing(a))
    return out


def by_id(graph: StatementGraph) -> dict[str, Statement]:
    return {s.id: s for s in all_statements(graph)}


def unique(statements: Iterable[Statement]) -> list[Statement]:
    """``statements`` without repeats (by id), in first-seen order."""
    seen, out = set(), []
    for s in statements:
        if s.id not in seen:
            seen.add(s.id)
            out.append(s)
    return out


@dataclass(frozen=True)
class Reliance:
    """Which sources a set of statements rests on, and whether they are weak."""

    sources: tuple[tuple[str, str, str | None, bool], ...]  # (iri, label, grade, low)

    @property
    def single_low(self) -> bool:
        return len(self.sources) == 1 and self.sources[0][3]

    @property
    def all_low(self) -> bool:
        return bool(self.sources) and all(s[3] for s in self.sources)

    def note(self) -> str:
        """The caveat an answer must carry, or '' when its sources are not all weak."""
        if self.single_low:
            _, label, grade, _ = self.sources[0]
            return (f"this rests on a single low-reliability source ({label}"
                    f"{', grade ' + grade if grade else ''})")
        if self.all_low:
            return f"this rests only on low-reliability sources ({len(self.sources)})"
        return ""

    def to_list(self) -> list[dict]:
        return [{"id": iri, "label": label, "reliability": grade, "low_reliability": low}
                for iri, label, grade, low in self.sources]


def reliance(statements: Iterable[Statement]) -> Reliance:
    seen: dict[str, tuple[str, str, str | None, bool]] = {}
    for s in statements:
        data = s.data
        for item in zip(data.get("sources", ()), data.get("source_labels", ()),
                        data.get("reliabilities", ()), data.get("low_reliabilities", ())):
            seen.setdefault(item[0], item)
    return Reliance(tuple(sorted(seen.values(), key=lambda s: s[1])))
