"""What an entity is (actor, territory, treaty) and what a treaty entails, from the graph."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from ..query import library
from ..query.results import to_python
from ..store.core import Store
from . import overlap
from .analysis import ALLY_EDGE
from .evidence import Statement, all_statements, incident, node_label, unique

if TYPE_CHECKING:  # networkx is imported where it is used: it is slow to import
    from .multigraph import StatementGraph
    from .project import Window

# actor-identity fields shown as identity (label and type are the profile's head).
_IDENTITY_FIELDS = ("alternative label", "same as", "COW code", "COW abbreviation", "ISO alpha-3", "note")


@dataclass(frozen=True)
class Term:
    iri: str
    label: str
    type_label: str | None
    definition: str | None


def term(store: Store, iri: str) -> Term:
    """Label, type and definition of a vocabulary term or entity (``term`` query)."""
    rows = library.run(store, "term", {"term": iri}).rows
    value = {k: to_python(v) for k, v in rows[0].items()} if rows else {}
    return Term(iri, value.get("label") or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1],
                value.get("typeLabel"), value.get("definition") or value.get("note"))


# An entity with more statements than a terminal table shows (40 rows: a hub of the world
# data) is profiled from its ties (``ties``: its statements' years and sources, counted
# without their evidence) and the few statements its answer names, not from every
# statement with its evidence: the United States' 10,200 took 5.8 s to read after an import.
TALLY_OVER = 40


# The year a tie's latest statement ("END START IRI") gives for no year, as
# ``queries/actor-ties.rq`` writes it.
UNDATED_LAST = -9999


@dataclass(frozen=True)
class Tie:
    """The statements of one relation between an entity and one other (or, for a statement
    about the entity, between its two ends): how many, over which years, from which sources."""

    relation: str
    kind_class: str
    subject: str
    object: str
    statements: int
    first: int | None
    last: int | None
    sources: tuple[str, ...]
    subject_label: str = ""
    object_label: str = ""
    object_category: str = ""  # "actor", "place", "treaty", ...: whom a dual role counts as a partner
    # The statement that ends last, then starts last, as "END START IRI" (years of four
    # digits, -9999 for none): comparing two ties' strings compares their latest statements.
    latest: str | None = None
    # The years its statements hold (``overlap``): when a dual role's three ties hold together.
    years: overlap.Held | None = None

    @property
    def latest_statement(self) -> str | None:
        return self.latest.rsplit(" ", 1)[1] if self.latest else None

    def others(self, entity: str) -> set[str]:
        """The other end (both ends, for a statement about ``entity``)."""
        if entity == self.subject:
            return {self.object}
        return {self.subject} if entity == self.object else {self.subject, self.object}

    def to_dict(self) -> dict:
        return {"relation": self.relation, "kind": self.kind_class,
                "subject": {"id": self.subject, "label": self.subject_label or self.subject},
                "object": {"id": self.object, "label": self.object_label or self.object},
                "statements": self.statements, "first": self.first, "last": self.last,
                "sources": list(self.sources)}


def ties(store: Store, entity: str) -> list[Tie]:
    """``entity``'s ties over every statement (``ties_in`` with no window or source filter:
    the statements' rows are shared with dated questions), kept per store generation.
    Russia's 5,500 statements on the world data: 0.5 s, the United States' 10,200: 0.9 s,
    as fast as counting them in the engine (``queries/actor-ties.rq``, the same ties; at 10M
    1.0 s against 1.3), where reading them with their evidence took 1.9 and 3.6 s."""
    from ..store.cached import cached

    # The fields are in the key: ties kept by code with other fields are read again, not misread.
    fields_key = " ".join(f.name for f in fields(Tie))
    return cached(store, "around", "\n".join([library.get("actor-statement-years").text, fields_key, entity]),
                  lambda: ties_in(store, entity, None, None).ties)


@dataclass(frozen=True)
class InWindow:
    """An entity's ties in a time window or from some sources (``ties_in``)."""

    ties: list[Tie]
    admitted: frozenset[str]  # the statements counted
    undated: frozenset[str]  # the undated statements a dated question sets apart
    read: int  # how many statements the entity has in all


def ties_in(store: Store, entity: str, window: Window | None, sources: set[str] | None) -> InWindow:
    """``entity``'s ties among its statements in ``window`` from ``sources``, the rules of
    ``project``'s graph applied to each (``queries/actor-statement-years.rq``: one row a
    statement and source, without the evidence; kept per store generation, for any window):
    a statement counts when one of its sources admits it, an open end running to that
    source's last year; an undated one is set apart. The United States' 10,200 statements
    took 3.1 s to read with their evidence for a profile in 2000."""
    return _in_window(store, "actor-statement-years", [entity], window, sources,
                      lambda: library.run(store, "actor-statement-years", {"actor": entity}).rows)


def statement_ties_in(store: Store, statements: Iterable[str], window: Window | None,
                      sources: set[str] | None) -> InWindow:
    """The ties of ``statements`` (IRIs) in ``window`` from ``sources``, as ``ties_in`` counts
    an entity's (``queries/statement-years.rq``, bound in chunks). The 17,000 conflicts
    between the hubs of a dual role's pairs on the generated 10M world: 1.85 s, where
    counting them in the engine took 1.75 and reading them with their evidence 3.9."""
    wanted = sorted(set(statements))
    return _in_window(store, "statement-years", wanted, window, sources, lambda: library.rows_for_each(
        store, library.get("statement-years").text, "statement", wanted))


def _in_window(store: Store, query: str, bound: list[str], window: Window | None, sources: set[str] | None,
               rows_of: Callable[[], list[dict]]) -> InWindow:
    """The ties of the named ``query``'s rows (statement, kind, ends, start, end, source) in
    ``window`` from ``sources``; the rows kept per store generation."""
    from ..store.cached import cached
    from .project import kinds, names_of, source_index, year_of

    rows = cached(store, "around", "\n".join([library.get(query).text, *bound]), lambda: [
        (r["statement"].value, r["kindClass"].value, r["subject"].value, r["object"].value,
         year_of(r.get("start")), year_of(r.get("end")), r["source"].value) for r in rows_of()])
    info = source_index(store)
    admitted: dict[tuple[str, str, str], dict[str, tuple[int | None, int | None, set[str]]]] = {}
    undated: set[str] = set()
    for statement, kind_class, subject, obj, start, end, source in rows:
        if sources is not None and source not in sources:
            continue
        if window is not None:
            if start is None and end is None:
                undated.add(statement)
                continue
            if not window.admits(start, end, getattr(info.get(source), "last_year", None)):
                continue
        held = admitted.setdefault((kind_class, subject, obj), {})
        held.setdefault(statement, (start, end, set()))[2].add(source)
    known = kinds(store)
    last = {iri: source.last_year for iri, source in info.items()}
    entities, labels = names_of(store, {end for key in admitted for end in key[1:]})
    found = []
    for (kind_class, subject, obj), held in admitted.items():
        if subject not in labels or obj not in labels:
            continue  # not between two named things, as in ``project``'s graph
        years = [y for start, end, _ in held.values() for y in (start, end) if y is not None]
        # "END START IRI", as actor-ties.rq builds it, so the latest compares the same way.
        latest = max(f"{_year_text(end if end is not None else start)} {_year_text(start)} {statement}"
                     for statement, (start, end, _) in held.items())
        kind = known.get(kind_class)
        # An open end runs to the last year its sources cover, as in ``Window.admits``.
        spans = [overlap.span(start, end, max((last[src] for src in srcs if last.get(src) is not None), default=None))
                 for start, end, srcs in held.values()]
        found.append(Tie(kind.short if kind else kind_class, kind_class, subject, obj, len(held),
                         min(years, default=None), max(years, default=None),
                         tuple(sorted({src for _, _, srcs in held.values() for src in srcs})),
                         labels.get(subject, ""), labels.get(obj, ""), entities.get(obj, {}).get("category", ""),
                         latest, overlap.held(spans)))
    return InWindow(found, frozenset(s for held in admitted.values() for s in held), frozenset(undated),
                    len({row[0] for row in rows}))


def _year_text(year: int | None) -> str:
    return str(UNDATED_LAST if year is None else year)


def counted(ties: list[Tie]) -> int:
    """How many statements ``ties`` hold."""
    return sum(t.statements for t in ties)


def is_hub(ties: list[Tie]) -> bool:
    """Whether ``ties`` hold more statements than a terminal table shows (``TALLY_OVER``)."""
    return counted(ties) > TALLY_OVER


def ties_of(statements: list[Statement]) -> list[Tie]:
    """The ties of ``statements``, by relation kind and ends (a symmetric one's ends as given)."""
    groups: dict[tuple[str, str, str], list[Statement]] = {}
    for s in statements:
        groups.setdefault((s.kind, s.subject, s.object), []).append(s)
    found = []
    for (relation, subject, obj), group in groups.items():
        years = [y for s in group for y in (s.start, s.end) if y is not None]
        found.append(Tie(relation, group[0].kind_class, subject, obj, len(group), min(years, default=None),
                         max(years, default=None), tuple(sorted({src for s in group for src in s.sources})),
                         group[0].subject_label, group[0].object_label))
    return sorted(found, key=lambda t: (-t.statements, t.relation, t.subject, t.object))


@dataclass
class Profile:
    entity: str
    label: str
    type_label: str
    category: str
    identity: list[tuple[str, str]]
    statements: list[Statement]
    about: list[Statement] = field(default_factory=list)
    definition: str | None = None
    # Every tie, its own statements' and those about it. A hub's statements are only those
    # its answer names (its quoted ones, the latest of each relation); its ties count them all.
    ties: list[Tie] = field(default_factory=list)

    @property
    def all_statements(self) -> list[Statement]:
        return unique(self.statements + self.about)

    @property
    def total(self) -> int:
        """How many statements it takes part in or that are about it or under it."""
        return counted(self.ties)

    def to_dict(self) -> dict:
        return {"id": self.entity, "label": self.label, "type": self.type_label, "category": self.category,
                "definition": self.definition,
                "identity": [{"field": f, "value": v} for f, v in self.identity],
                "statements": self.total,
                "ties": [t.to_dict() for t in self.ties],
                "results": [s.to_result() for s in self.all_statements]}


def profile(store: Store, graph: StatementGraph, entity: str) -> Profile:
    """Identity, ties and the statements about ``entity``: as a participant, or what a
    statement is about (the conflict over a territory) or under (a treaty invoked). A hub's
    graph (``around.entity``) holds only some of its statements and carries its ties."""
    node = graph.nodes[entity] if entity in graph else {}
    identity = [(to_python(r["field"]), str(to_python(r["value"])))
                for r in library.run(store, "actor-identity", {"actor": entity}).rows
                if to_python(r["field"]) in _IDENTITY_FIELDS]
    described = term(store, entity)
    own = sorted(incident(graph, entity), key=lambda s: (-abs(s.polarity), s.relation, s.id))
    about = [s for s in all_statements(graph, lambda d: entity in (d.get("about"), d.get("treaty")))
             if not s.involves(entity)]
    counted = graph.graph.get("ties")
    found = (counted + ties_of(about)) if counted is not None else ties_of(own + about)
    found = sorted(found, key=lambda t: (-t.statements, t.relation, t.subject, t.object))
    return Profile(entity, node.get("label", described.label), node.get("type_label") or described.type_label or "",
                   node.get("category", "other"), identity, own, about, described.definition, found)


@dataclass
class TreatyReport:
    """What a treaty obliges, who is party to it, and what happened when it was invoked."""

    treaty: str
    label: str
    obligations: list[tuple[Statement, Term]]
    parties: list[Statement]
    alliances: list[Statement]
    invocations: list[tuple[Statement, Term | None]]

    @property
    def statements(self) -> list[Statement]:
        return unique([s for s, _ in self.obligations] + self.parties + self.alliances
                      + [s for s, _ in self.invocations])

    @property
    def party_labels(self) -> list[str]:
        return sorted({s.subject_label for s in self.parties})

    def to_dict(self) -> dict:
        return {"treaty": {"id": self.treaty, "label": self.label},
                "obligations": [{"id": t.iri, "label": t.label, "definition": t.definition}
                                for _, t in self.obligations],
                "parties": self.party_labels,
                "invocations": [{"statement": s.to_result(), "outcome": t.label if t else None}
                                for s, t in self.invocations]}


def treaty(store: Store, graph: StatementGraph, treaty_iri: str) -> TreatyReport:
    """The obligations (statements with the treaty as subject), parties (as object), the
    alliances derived from it and the statements made under it (invocations)."""
    own = incident(graph, treaty_iri)
    obligations = [(s, term(store, s.object)) for s in own if s.subject == treaty_iri]
    parties = [s for s in own if s.object == treaty_iri]
    under = [s for s in all_statements(graph, lambda d: d.get("treaty") == treaty_iri) if not s.involves(treaty_iri)]
    alliances = [s for s in under if s.edge == ALLY_EDGE]
    invocations = [(s, term(store, s.data["outcome"]) if s.data.get("outcome") else None)
                   for s in under if s.edge != ALLY_EDGE]
    return TreatyReport(treaty_iri, node_label(graph, treaty_iri), obligations,
                        sorted(parties, key=lambda s: s.subject_label), alliances, invocations)
