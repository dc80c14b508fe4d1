"""The analyses as ready-to-print reports: one call per CLI command.

Each function opens the scope (time window, sources, the actors named), runs one
analysis and returns a ``Report``: a summary sentence, a summary table, the statements
behind it (for the evidence list) and a JSON-ready dict. ``terminal`` prints any report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..network import analysis, around, signed
from ..network.evidence import Statement, reliance, unique
from ..network.project import Window, select_sources
from ..query.resolve import ActorIndex, Match, taken_as, taking
from ..store.core import Store


@dataclass
class Report:
    summary: str
    columns: list[str]
    rows: list[list[str]]
    statements: list[Statement]
    data: dict = field(default_factory=dict)
    window: Window | None = None
    taken: list[Match] = field(default_factory=list)  # names taken by a fuzzy match

    def to_dict(self) -> dict:
        sources = reliance(self.statements)
        return {"summary": self.summary, "time": self.window.to_dict() if self.window else None, **self.data,
                "sources": sources.to_list(), "single_low_reliability_source": sources.single_low,
                "taken_as": taken_as(self.taken)}


@dataclass
class Scope:
    """The store, the projected network for a window and sources, and name resolution."""

    store: Store
    window: Window | None
    graph: object
    taken: list[Match] = field(default_factory=list)

    def actor(self, name: str) -> Match:
        return ActorIndex.of(self.store).find(name)

    def when(self) -> str:
        return f" {self.window.describe()}" if self.window else ""


def scope(store: Store, window: Window | None = None, sources: list[str] | None = None, need: str = "network",
          names: tuple[str | None, ...] = (), aspect: str = "support") -> tuple[Scope, list[Match | None]]:
    """The scope of one report: the actors ``names`` resolved (None stays None) and the graph
    its analysis needs around them (``around.graph_for``)."""
    index = ActorIndex.of(store)
    found = [index.find(n) if n else None for n in names]
    ids = [m.iri for m in found if m is not None]
    graph = around.graph_for(store, need, ids, window, select_sources(store, sources), aspect)
    return Scope(store, window, graph, [m for m in found if m is not None and m.asked]), found


def _with_note(sc: Scope, summary: str, statements: list[Statement]) -> str:
    note = reliance(statements).note()
    return taking(sc.taken) + (f"{summary}; {note}" if note else summary)


def _years(values: list[int]) -> str:
    return ", ".join(str(v) for v in values)


def supporters(store: Store, actor: str, window: Window | None = None, sources: list[str] | None = None,
               supported: bool = False, aspect: str = "support") -> Report:
    """Who supports ACTOR (or, with ``supported``, whom it supports), ranked."""
    sc, (x,) = scope(store, window, sources, "actors" if supported else "supporters", (actor,), aspect)
    found = (analysis.supported if supported else analysis.supporters)(sc.graph, x.iri, aspect)
    statements = [s for t in found for s in t.statements]
    if supported:
        verb = analysis.ASPECTS[aspect].verb
        summary = f"{x.label} {verb} {len(found)} actor{'s' if len(found) != 1 else ''}{sc.when()}"
    else:
        words = analysis.ASPECTS[aspect]
        summary = f"{len(found)} {words.one if len(found) == 1 else words.many} {x.label}{sc.when()}"
    rows = [[str(i), t.label, ", ".join(t.kinds), ", ".join(t.support_types), str(len(t.sources)),
             str(len(t.statements)), "" if t.centrality is None else f"{t.centrality:.2f}"]
            for i, t in enumerate(found, 1)]
    return Report(_with_note(sc, summary, statements),
                  ["rank", "actor", "kinds", "support types", "sources", "statements", "centrality"], rows,
                  statements, {"actor": {"id": x.iri, "label": x.label},
                               "direction": "supported" if supported else "supporters",
                               "ties": [t.to_dict() for t in found]}, window, sc.taken)


def relation(store: Store, a: str, b: str, window: Window | None = None, sources: list[str] | None = None) -> Report:
    """Every statement between A and B, grouped into cooperation, conflict and other, with a verdict."""
    sc, (first, second) = scope(store, window, sources, "between", (a, b))
    report = analysis.relation(sc.graph, first.iri, second.iri)
    summary = (f"{first.label} and {second.label}{sc.when()}: {report.verdict} "
               f"({len(report.cooperation)} cooperation, {len(report.conflict)} conflict, "
               f"{len(report.other)} other statements)")
    rows = [[group, s.subject_label, s.relation, s.object_label, s.years()]
            for group, items in (("cooperation", report.cooperation), ("conflict", report.conflict),
                                 ("other", report.other)) for s in items]
    return Report(_with_note(sc, summary, report.statements), ["group", "subject", "relation", "object", "years"],
                  rows, report.statements, report.to_dict(), window, sc.taken)


def dual_roles(store: Store, actor: str | None = None, window: Window | None = None,
               sources: list[str] | None = None) -> Report:
    """Unbalanced dual-role triads, and the share of balanced triangles in the network (with
    ``actor``, of the triangles it is a corner of: its own role, read from its ties alone)."""
    sc, (x,) = scope(store, window, sources, "triangles", (actor,))
    triads = signed.dual_roles(sc.graph, x.iri if x else None)
    summary_balance = signed.balance(sc.graph, x.iri if x else None)
    share = (f"{len(summary_balance.balanced)} of {summary_balance.triangles} triangles"
             f"{' through ' + x.label if x else ''} balanced "
             f"({summary_balance.share:.0%})" if summary_balance.triangles else "no signed triangles")
    statements = unique(s for t in triads for s in t.statements)
    summary = f"{len(triads)} dual role{'s' if len(triads) != 1 else ''}{sc.when()}; {share}"
    rows = [[*t.labels, ", ".join(sorted({s.relation for s in t.with_b})),
             ", ".join(sorted({s.relation for s in t.with_c})), ", ".join(sorted({s.relation for s in t.conflict})),
             t.years.brief() or "undated", str(t.total)] for t in triads]
    return Report(_with_note(sc, summary, statements),
                  ["A", "cooperates with B", "and with C", "A-B ties", "A-C ties", "B-C conflict", "together",
                   "statements"],
                  rows, statements,
                  {"triads": signed.triad_dicts(triads), "balance": summary_balance.to_dict()}, window, sc.taken)


def commitments(store: Store, ally: str | None = None, partner: str | None = None, window: Window | None = None,
                sources: list[str] | None = None) -> Report:
    """Defence commitments that went unmet (same semantics as the unmet-commitments query)."""
    sc, (a, p) = scope(store, window, sources, "commitments", (ally, partner))
    found = analysis.unmet_commitments(sc.graph, a.iri if a else None, p.iri if p else None)
    statements = unique(s for c in found for s in c.statements)
    summary = f"{len(found)} unmet commitment{'s' if len(found) != 1 else ''}{sc.when()}"
    rows = [[c.ally_label, c.partner_label, ", ".join(sorted({s.relation for s in c.commitments})),
             _years(c.years), "; ".join(sorted({t.basis for t in c.triggers}))] for c in found]
    return Report(_with_note(sc, summary, statements), ["ally", "partner", "commitment", "years", "unmet because"],
                  rows, statements, {"commitments": [c.to_dict() for c in found]}, window, sc.taken)


def paths(store: Store, a: str, b: str, limit: int = 5, window: Window | None = None,
          sources: list[str] | None = None) -> Report:
    """The shortest signed paths between A and B."""
    sc, (first, second) = scope(store, window, sources, "paths", (a, b))
    found = signed.paths(sc.graph, first.iri, second.iri, limit)
    statements = unique(s for p in found for step in p.steps for s in step)
    summary = (f"{len(found)} path{'s' if len(found) != 1 else ''} between {first.label} and {second.label}{sc.when()}"
               if found else f"{first.label} and {second.label} are not connected{sc.when()}")
    rows = [[str(i), p.text(), f"{p.sign:+d}" if p.sign else "0", p.reading, str(len(p.signs))]
            for i, p in enumerate(found, 1)]
    return Report(_with_note(sc, summary, statements), ["#", "path", "sign", "reading", "steps"], rows, statements,
                  {"a": {"id": first.iri, "label": first.label}, "b": {"id": second.iri, "label": second.label},
                   "paths": [p.to_dict() for p in found]}, window, sc.taken)
