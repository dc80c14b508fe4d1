"""Who supports whom: ranked supporters, the relation between two actors, unmet commitments.

Everything here reads the signed multigraph of ``network.project`` (already restricted to
a time window and to sources), and decides by the edge attributes the ontology gives each
kind (polarity, counts-as-support, direct edge, support type), never by a list of kinds,
so imported datasets with new kinds work unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..namespaces import AK
from .evidence import Statement, between, incident, incident_edges, node_label, statement, unique

if TYPE_CHECKING:
    from .multigraph import StatementGraph
    from .project import Kind

# Vocabulary terms the analyses key on. They name edges, support types and outcomes of
# the ontology; any kind declaring them (today's or an importer's) is picked up.
ALLY_EDGE = AK + "allyOf"
THREAT_EDGE = AK + "threatens"
CONFLICT_EDGE = AK + "inConflictWith"
NON_INTERVENTION_EDGE = AK + "didNotInterveneFor"
OFFICE_EDGE = AK + "holdsOfficeIn"
NOT_HONOURED = AK + "NotHonoured"
WEAPONS = AK + "WeaponsSupport"
TROOPS = AK + "TroopSupport"


@dataclass(frozen=True)
class Aspect:
    """Which ties a question is about: a name, the words answers use, a test on an edge."""

    name: str
    sign: int  # +1 the aspect is a kind of cooperation, -1 of conflict
    verb: str  # "Russia supplies arms to ..."
    one: str  # "1 arms supplier of Azerbaijan"
    many: str  # "arms suppliers of Azerbaijan"
    test: Callable[[dict], bool]
    # Which relation kinds can hold such ties (None: any): a question reads only those. A
    # kind's support type can be a statement's own, so an aspect of support types takes
    # every kind of support.
    may: Callable[[Kind], bool] | None = None
    past: str = ""  # "Russia supplied arms to ..."


ASPECTS: dict[str, Aspect] = {a.name: a for a in (
    Aspect("support", 1, "supports", "supporter of", "supporters of", lambda d: d["supports"],
           lambda k: k.supports, "supported"),
    Aspect("arms", 1, "supplies arms to", "arms supplier of", "arms suppliers of",
           lambda d: d["supports"] and d["support_type"] == WEAPONS, lambda k: k.supports, "supplied arms to"),
    Aspect("ally", 1, "is allied with", "ally of", "allies of", lambda d: d["edge"] == ALLY_EDGE,
           lambda k: k.edge == ALLY_EDGE, "was allied with"),
    # Troops on the ground: a treaty ally's promise of troops is not a deployment.
    Aspect("troops", 1, "has troops in", "actor with troops in", "actors with troops in",
           lambda d: d["supports"] and d["support_type"] == TROOPS and not d["symmetric"],
           lambda k: k.supports and not k.symmetric, "had troops in"),
    Aspect("oppose", -1, "opposes", "opponent of", "opponents of", lambda d: d["polarity"] < 0,
           lambda k: k.polarity < 0, "opposed"),
    Aspect("threat", -1, "threatens", "threat to", "threats to", lambda d: d["edge"] == THREAT_EDGE,
           lambda k: k.edge == THREAT_EDGE, "threatened"),
    Aspect("conflict", -1, "is in conflict with", "actor in conflict with", "actors in conflict with",
           lambda d: d["edge"] == CONFLICT_EDGE or d["implies_conflict"],
           lambda k: k.edge == CONFLICT_EDGE or k.implies_conflict, "was in conflict with"),
)}


def aspect(name: str | Aspect) -> Aspect:
    """The aspect of that name (an Aspect is returned as it is)."""
    from ..errors import UsageError

    if isinstance(name, Aspect):
        return name
    if name not in ASPECTS:
        raise UsageError(f"no relation aspect '{name}'", "use one of: " + ", ".join(ASPECTS))
    return ASPECTS[name]


@dataclass
class Tie:
    """Another actor tied to the one asked about, with every statement behind the tie."""

    actor: str
    label: str
    statements: list[Statement]
    # The actor's degree and betweenness centrality among the others found with it, computed
    # when first read (``supporters``): a terminal answer shows neither, and computing them
    # imports networkx, half the time a question takes on the world store.
    scores: Callable[[], dict[str, tuple[float, float]]] | None = field(default=None, repr=False, compare=False)

    @property
    def centrality(self) -> float | None:
        return self.scores()[self.actor][0] if self.scores else None

    @property
    def betweenness(self) -> float | None:
        return self.scores()[self.actor][1] if self.scores else None

    @property
    def kinds(self) -> list[str]:
        return sorted({s.relation for s in self.statements})

    @property
    def support_types(self) -> list[str]:
        return sorted({s.data["support_type_label"] for s in self.statements if s.data.get("support_type_label")})

    @property
    def sources(self) -> list[str]:
        return sorted({src for s in self.statements for src in s.sources})

    def rank_key(self):
        return (-len(self.kinds), -len(self.sources), -len(self.statements), self.label.casefold())

    def to_dict(self) -> dict:
        return {"actor": {"id": self.actor, "label": self.label}, "kinds": self.kinds,
                "support_types": self.support_types, "sources": self.sources,
                "statements": len(self.statements), "centrality": self.centrality,
                "betweenness": self.betweenness, "results": [s.to_result() for s in self.statements]}


def _tie_edges(graph: StatementGraph, actor: str, test: Callable[[dict], bool],
               incoming: bool) -> Iterator[tuple[str, str, str, str, dict]]:
    """(other actor, subject, object, key, data) of each edge behind ``ties``, without a
    statement built for each: a question that only needs the counterparts (``tied_actors``)
    reads every edge of a hub."""
    for s, o, k, d in incident_edges(graph, actor, test):
        toward = o == actor
        # Symmetric statements (alliances) count both ways.
        if d["symmetric"] or toward == incoming:
            other = s if toward else o
            if graph.nodes[other].get("category") in ("actor", "other"):
                yield other, s, o, k, d


def tied_actors(graph: StatementGraph, actor: str, test: Callable[[dict], bool],
                incoming: bool = True) -> list[str]:
    """The actors ``ties`` would return, without the statements behind them."""
    return list(dict.fromkeys(other for other, *_ in _tie_edges(graph, actor, test, incoming)))


def ties(graph: StatementGraph, actor: str, test: Callable[[dict], bool],
         incoming: bool = True) -> list[Tie]:
    """Actors tied to ``actor`` by statements passing ``test``, most independent kinds first.

    ``incoming``: ties *towards* ``actor`` (its supporters or opponents), else *from* it
    (whom it supports). Symmetric statements (alliances) count both ways. Each statement is
    oriented as read: subject the other actor for incoming ties, ``actor`` for outgoing.
    """
    grouped: dict[str, list[Statement]] = {}
    for other, s, o, k, d in _tie_edges(graph, actor, test, incoming):
        st = statement(graph, s, o, k, d).facing(actor)
        grouped.setdefault(other, []).append(st.flipped() if incoming and st.symmetric else st)
    found = [Tie(other, node_label(graph, other), sorted(st, key=_statement_order)) for other, st in grouped.items()]
    return sorted(found, key=Tie.rank_key)


def _statement_order(s: Statement):
    return (s.relation, s.start if s.start is not None else -10**6, s.id)


def supporters(graph: StatementGraph, actor: str, aspect_name: str | Aspect = "support") -> list[Tie]:
    """Who supports ``actor``, ranked, with each supporter's centrality among the supporters."""
    from functools import cache

    from .signed import centrality

    found = ties(graph, actor, aspect(aspect_name).test, incoming=True)
    members = [t.actor for t in found]
    scores = cache(lambda: centrality(graph, members))
    for tie in found:
        tie.scores = scores
    return found


def supported(graph: StatementGraph, actor: str, aspect_name: str | Aspect = "support") -> list[Tie]:
    """Whom ``actor`` supports, ranked."""
    return ties(graph, actor, aspect(aspect_name).test, incoming=False)


def opponents(graph: StatementGraph, actor: str, aspect_name: str | Aspect = "oppose") -> list[Tie]:
    """Who opposes, threatens or is in conflict with ``actor``, ranked."""
    return ties(graph, actor, aspect(aspect_name).test, incoming=True)


# --- the relation between two actors ------------------------------------------------------

@dataclass
class RelationReport:
    a: str
    b: str
    a_label: str
    b_label: str
    cooperation: list[Statement]
    conflict: list[Statement]
    other: list[Statement]

    @property
    def verdict(self) -> str:
        """supports / opposes / both / none, from the statements' polarity."""
        if self.cooperation and self.conflict:
            return "both"
        return "supports" if self.cooperation else "opposes" if self.conflict else "none"

    @property
    def statements(self) -> list[Statement]:
        return self.cooperation + self.conflict + self.other

    def support(self, giver: str) -> list[Statement]:
        """The statements by which ``giver`` (a or b) supports the other."""
        return [s for s in self.cooperation if s.supports and (s.symmetric or s.subject == giver)]

    def to_dict(self) -> dict:
        return {"a": {"id": self.a, "label": self.a_label}, "b": {"id": self.b, "label": self.b_label},
                "verdict": self.verdict,
                "cooperation": [s.to_result() for s in self.cooperation],
                "conflict": [s.to_result() for s in self.conflict],
                "other": [s.to_result() for s in self.other]}


def relation(graph: StatementGraph, a: str, b: str) -> RelationReport:
    """Every statement between ``a`` and ``b``, both ways, grouped by polarity."""
    found = sorted(between(graph, a, b), key=_statement_order)
    return RelationReport(a, b, node_label(graph, a), node_label(graph, b),
                          cooperation=[s for s in found if s.polarity > 0],
                          conflict=[s for s in found if s.polarity < 0],
                          other=[s for s in found if s.polarity == 0])


# --- unmet commitments ----------------------------------------------------------------------

@dataclass(frozen=True)
class Trigger:
    """Why a commitment was due and not met in a year (the bases of unmet-commitments.rq)."""

    basis: str
    year: int
    statement: Statement
    attacker: str | None = None

    def to_dict(self) -> dict:
        return {"basis": self.basis, "year": self.year, "attacker": self.attacker,
                "statement": self.statement.to_result()}


@dataclass
class Commitment:
    """A defence commitment of ``ally`` towards ``partner`` and the times it went unmet."""

    ally: str
    partner: str
    ally_label: str
    partner_label: str
    commitments: list[Statement]
    triggers: list[Trigger] = field(default_factory=list)

    @property
    def unmet(self) -> bool:
        return bool(self.triggers)

    @property
    def years(self) -> list[int]:
        return sorted({t.year for t in self.triggers})

    @property
    def statements(self) -> list[Statement]:
        return unique(self.commitments + [t.statement for t in self.triggers])

    def to_dict(self) -> dict:
        return {"ally": {"id": self.ally, "label": self.ally_label},
                "partner": {"id": self.partner, "label": self.partner_label},
                "commitment_kinds": sorted({s.relation for s in self.commitments}),
                "years": self.years, "unmet": self.unmet,
                "commitments": [s.to_result() for s in self.commitments],
                "triggers": [t.to_dict() for t in self.triggers]}


def _in_force(s: Statement, year: int) -> bool:
    return (s.start is None or s.start <= year) and (s.end is None or s.end >= year)


def _may_trigger(d: dict) -> bool:
    """A cheap pre-filter on the raw edge data: could this statement trigger a commitment?"""
    return (d["start"] is not None and (d.get("outcome") == NOT_HONOURED or d["edge"] == NON_INTERVENTION_EDGE
                                        or (d["implies_conflict"] and not d["symmetric"])))


def _candidates(graph: StatementGraph) -> Callable[[str], list[Statement]]:
    """The statements that may trigger a commitment towards a partner, read once per partner
    (a partner of many allies was read again for each: tens of seconds on the world data)."""
    read: dict[str, list[Statement]] = {}

    def of(partner: str) -> list[Statement]:
        if partner not in read:
            read[partner] = incident(graph, partner, _may_trigger)
        return read[partner]

    return of


def _triggers(graph: StatementGraph, ally: str, partner: str, commitments: list[Statement],
              candidates: Callable[[str], list[Statement]] | None = None) -> list[Trigger]:
    """Same semantics as queries/unmet-commitments.rq, over the (windowed) projection."""
    found = []
    supported: set[int] | None = None  # read once per pair: per attack it took 100 s at 10M triples
    for s in (candidates or _candidates(graph))(partner):
        year = s.start
        if year is None:
            continue
        if s.data.get("outcome") == NOT_HONOURED and s.subject == partner and s.object == ally:
            found.append(Trigger("invoked, not honoured", year, s))
        elif s.edge == NON_INTERVENTION_EDGE and s.subject == ally and s.object == partner:
            found.append(Trigger("did not intervene", year, s))
        elif s.data.get("implies_conflict") and not s.symmetric and s.object == partner and s.subject != ally:
            if supported is None:
                supported = _years_supported(graph, ally, partner)
            if year not in supported:
                found.append(Trigger("attacked, no support recorded", year, s, attacker=s.subject_label))
    # A trigger counts only while a commitment was in force that year.
    return sorted((t for t in found if any(_in_force(c, t.year) for c in commitments)),
                  key=lambda t: (t.year, t.basis, t.statement.id))


def _years_supported(graph: StatementGraph, ally: str, partner: str) -> set[int]:
    """The years in which dated support (other than the commitment itself) from ``ally`` to
    ``partner`` starts."""
    return {s.start for s in between(graph, ally, partner)
            if s.supports and s.edge != ALLY_EDGE and s.subject == ally and s.start is not None}


def commitment(graph: StatementGraph, ally: str, partner: str,
               candidates: Callable[[str], list[Statement]] | None = None) -> Commitment:
    """The defence commitment of ``ally`` to ``partner`` (possibly none) and when it went unmet
    (``candidates``: a partner's possible triggers, shared between calls on one graph)."""
    alliances = [s.facing(ally) for s in between(graph, ally, partner, lambda d: d["edge"] == ALLY_EDGE)]
    found = Commitment(ally, partner, node_label(graph, ally), node_label(graph, partner),
                       sorted(alliances, key=_statement_order))
    if alliances:
        found.triggers = _triggers(graph, ally, partner, alliances, candidates)
    return found


def unmet_commitments(graph: StatementGraph, ally: str | None = None,
                      partner: str | None = None) -> list[Commitment]:
    """Every commitment that went unmet, optionally of one ally and/or towards one partner."""
    pairs = set()
    for s, o, data in graph.edges(data=True):
        if data["edge"] == ALLY_EDGE:
            pairs |= {(s, o), (o, s)} if data["symmetric"] else {(s, o)}
    candidates = _candidates(graph)
    found = [commitment(graph, a, p, candidates) for a, p in sorted(pairs)
             if (ally is None or a == ally) and (partner is None or p == partner)]
    return sorted((c for c in found if c.unmet), key=lambda c: (c.ally_label, c.partner_label))
