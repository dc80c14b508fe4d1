"""What an entity is (actor, territory, treaty) and what a treaty entails, from the graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..query import library
from ..query.results import to_python
from ..store.core import Store
from .analysis import ALLY_EDGE
from .evidence import Statement, all_statements, incident, node_label, unique

if TYPE_CHECKING:  # networkx is imported where it is used: it is slow to import
    from .multigraph import StatementGraph

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

    @property
    def all_statements(self) -> list[Statement]:
        return unique(self.statements + self.about)

    def to_dict(self) -> dict:
        return {"id": self.entity, "label": self.label, "type": self.type_label, "category": self.category,
                "definition": self.definition,
                "identity": [{"field": f, "value": v} for f, v in self.identity],
                "results": [s.to_result() for s in self.all_statements]}


def profile(store: Store, graph: StatementGraph, entity: str) -> Profile:
    """Identity and every statement about ``entity``: as a participant, or what a statement
    is about (the conflict over a territory) or under (a treaty invoked)."""
    node = graph.nodes[entity] if entity in graph else {}
    identity = [(to_python(r["field"]), str(to_python(r["value"])))
                for r in library.run(store, "actor-identity", {"actor": entity}).rows
                if to_python(r["field"]) in _IDENTITY_FIELDS]
    described = term(store, entity)
    own = sorted(incident(graph, entity), key=lambda s: (-abs(s.polarity), s.relation, s.id))
    about = [s for s in all_statements(graph, lambda d: entity in (d.get("about"), d.get("treaty")))
             if not s.involves(entity)]
    return Profile(entity, node.get("label", described.label), node.get("type_label") or described.type_label or "",
                   node.get("category", "other"), identity, own, about, described.definition)


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
