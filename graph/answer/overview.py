"""``show``: one screen about an actor.

Who it is (label, type, codes, aliases), then one line per relation it takes part in,
direction ("arms, from", "treaty ally, with") and source, summed over its statements: how
many counterparts and statements, which years, the TIV where there is any, and the largest
counterparts. Sources stay apart: a text's claims are a line of their own, never added to a
dataset's records. On the world data an actor has thousands of statements (2,210 lines of
tables for Azerbaijan); the lines keep the shape of its relations on one screen, and every
statement stays one option away (``show --all``: the named queries' sections).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..network import around, profile, treaties
from ..network.evidence import Statement, incident
from ..network.project import TEXT_SOURCE, Window
from ..query.resolve import ActorIndex
from ..store.core import Store

TOP = 3  # counterparts named per line


@dataclass
class Counterpart:
    label: str
    category: str = "actor"  # 'actor', 'treaty', 'place', ... (the projection's node category)
    statements: int = 0
    tiv: float = 0.0

    def text(self, total_tiv: float) -> str:
        """'Israel 2,805 (48%)' where the line has TIV, else 'Russia 20'."""
        if total_tiv:
            return f"{self.label} {self.tiv:,.0f} ({self.tiv / total_tiv:.0%})"
        return f"{self.label} {self.statements}"


@dataclass
class RelationLine:
    """One relation of the actor in one direction, summed."""

    relation: str
    direction: str  # 'from' (a counterpart is the subject), 'to' (the actor is), 'with' (symmetric)
    polarity: int
    source: str  # short name: 'SIPRI', 'article'
    text: bool  # the source is a text (claims), not a dataset (records)
    statements: int = 0
    undated: int = 0
    first: int | None = None
    last: int | None = None
    tiv: float = 0.0
    counterparts: dict[str, Counterpart] = field(default_factory=dict)

    def add(self, s: Statement, actor: str, names: dict[str, str], category: str) -> None:
        other = s.other(actor)
        part = self.counterparts.setdefault(other, Counterpart(
            names.get(other) or (s.object_label if other == s.object else s.subject_label), category))
        tiv = float(s.data.get("weight") or 0)
        part.statements += 1
        part.tiv += tiv
        self.statements += 1
        self.tiv += tiv
        years = [y for y in (s.start, s.end, self.first, self.last) if y is not None]
        if s.start is None and s.end is None:
            self.undated += 1
        else:
            self.first, self.last = min(years), max(years)

    @property
    def years(self) -> str:
        if self.first is None:
            return "undated"
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    @property
    def noun(self) -> str:
        """What the counterparts are: 'actors', 'treaties', 'entities' when mixed."""
        kinds = {c.category for c in self.counterparts.values()}
        return {frozenset({"treaty"}): "treaties", frozenset({"place"}): "places"}.get(
            frozenset(kinds), "actors" if kinds <= {"actor", "person", "organisation", "state"} else "entities")

    def largest(self) -> list[Counterpart]:
        return sorted(self.counterparts.values(), key=lambda c: (-c.tiv, -c.statements, c.label))[:TOP]

    def to_dict(self) -> dict:
        return {"relation": self.relation, "direction": self.direction, "polarity": self.polarity,
                "source": self.source, "text_source": self.text,
                "counterparts": len(self.counterparts), "statements": self.statements, "undated": self.undated,
                "first_year": self.first, "last_year": self.last, "tiv": round(self.tiv, 2) if self.tiv else None,
                "largest": [{"label": c.label, "statements": c.statements, "tiv": round(c.tiv, 2) if c.tiv else None}
                            for c in self.largest()]}


@dataclass
class Overview:
    id: str
    label: str
    type: str
    identity: list[tuple[str, str]]
    lines: list[RelationLine]

    def to_dict(self) -> dict:
        return {"identity": [{"field": f, "value": v} for f, v in self.identity],
                "relations": [line.to_dict() for line in self.lines]}


def show(store: Store, name: str, window: Window | None, source_names: list[str] | None,
         everything: bool) -> tuple[Overview, tuple | None]:
    """``show``: the overview of ``name`` within the sources named, and with ``everything``
    the named queries' sections (every statement with its evidence)."""
    from ..network.project import select_sources
    from ..query import library

    found = overview(store, name, window, select_sources(store, source_names))
    return found, library.actor_sections(store, name) if everything else None


def overview(store: Store, name: str, window: Window | None = None, sources: set[str] | None = None) -> Overview:
    """The actor ``name``'s identity and its relations summed per kind, direction and source:
    strongest polarity first, then the relations with most statements, datasets before texts."""
    match = ActorIndex.of(store).resolve(name)
    graph = around.graph_for(store, "actors", [match.iri], window, sources)
    found = profile.profile(store, graph, match.iri)
    known = graph.graph.get("sources", {})
    statements = incident(graph, match.iri)
    # Treaties by their names ('ATOP 3740 (defense)'), not their node labels.
    names = treaties.treaty_names(store, {s.other(match.iri) for s in statements
                                          if graph.nodes[s.other(match.iri)].get("category") == "treaty"})
    lines: dict[tuple, RelationLine] = {}
    for s in statements:
        direction = "with" if s.symmetric else ("to" if s.subject == match.iri else "from")
        source = known.get(s.sources[0]) if s.sources else None
        key = (s.relation, direction, source.short if source else "")
        if key not in lines:
            lines[key] = RelationLine(s.relation, direction, s.polarity, key[2], bool(source and source.type == TEXT_SOURCE))
        lines[key].add(s, match.iri, names, graph.nodes[s.other(match.iri)].get("category", "actor"))
    size = Counter()
    for line in lines.values():
        size[line.relation, line.direction] += line.statements
    ordered = sorted(lines.values(), key=lambda line: (-line.polarity, -size[line.relation, line.direction],
                                                       line.relation, line.direction, line.text, line.source))
    return Overview(match.iri, found.label or match.label, found.type_label or match.type or "", found.identity, ordered)
