"""What to load for a question about named actors: their statements and, where an analysis
needs it, the statements between their neighbours, never the whole store.

Each function returns ``project``'s multigraph cut down to what one analysis reads, found by
small bound queries: the actors' own statements (``project_around``), the signed direct edges
(``queries/signed-ties.rq``, kept per store generation) to pick the pairs worth reading, and
the ends of statements about an entity or named as a cause. The analyses run on it unchanged, so their
answers are those of the whole projection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..query import library
from ..store.core import Store
from .project import Window, project_around

if TYPE_CHECKING:
    from .multigraph import StatementGraph
    from .profile import Tie

    from .analysis import Aspect

# Pairs of an actor's partners whose statements a dual-role question reads at most: each
# pair of large actors costs a query of their statements.
MOST_PAIRS = 20


# Reading a member's ties costs per tie read; checking a pair of members (both ways, every
# edge property: ``queries/ties-among.rq`` bound to the pair) costs about as much as reading
# two ties (on the generated 10M world 72 us a pair against 25-43 us a tie). A few members
# are read before the rest is costed.
PAIR_COST = 2.0
FIRST_READ = 8


def _pairs_among(store: Store, members: Iterable[str], polarity: int) -> set[tuple[str, str]]:
    """Pairs of ``members`` tied by a direct edge of ``polarity``'s sign (0: either sign), kept
    per store generation. The members' own ties are read (``queries/ties-among.rq``, in
    growing chunks): Russia's 314 partners' conflicts take 0.3 s on the world data, where the
    whole store's signed topology took 0.8 s. When what is left to read would cost more than
    checking every pair of the members left (the same query bound to both ends), the pairs
    are checked: on the generated 10M world the 393 supporters of one actor hold 350,000 ties (46 s
    to read) and 77,000 pairs. A tie of a member already read was found with its ties."""
    import pyoxigraph as ox

    from ..namespaces import XSD
    from .rowcache import cached

    wanted = sorted(set(members))
    if not wanted:
        return set()
    text = library.get("ties-among").text
    bindings = {"polarity": ox.Literal(str(polarity), datatype=ox.NamedNode(XSD + "integer"))} if polarity else None

    def pair(row: dict) -> tuple[str, str]:
        return tuple(sorted((row["a"].value, row["b"].value)))

    def read() -> list[tuple[str, str]]:
        among = set(wanted)  # the query gives each member's ties with anyone
        found: set[tuple[str, str]] = set()
        done, rows_read, step = 0, 0, FIRST_READ
        while done < len(wanted):
            left = len(wanted) - done
            if done >= FIRST_READ and rows_read > PAIR_COST * done * (left - 1) / 2:
                rest = wanted[done:]
                pairs = [(a, b) for i, a in enumerate(rest) for b in rest[i + 1:]]
                # The sign is kept here, not bound: bound, it made Oxigraph's plan a thousand
                # times slower (780 pairs: 74 s against 0.08 s).
                rows = library.rows_for_each(store, text, ("a", "b"), pairs)
                found |= {pair(r) for r in rows if _of_sign(int(r["polarity"].value), polarity)}
                break
            rows = library.rows_for_each(store, text, "a", wanted[done:done + step], bindings)
            found |= {pair(r) for r in rows if r["b"].value in among}
            done, rows_read, step = done + step, rows_read + len(rows), step * 2
        return sorted(found)

    return set(cached(store, "around", "\n".join([text, f"polarity={polarity}", *wanted]), read))


def _of_sign(value: int, polarity: int) -> bool:
    """Whether a tie or kind of polarity ``value`` has ``polarity``'s sign (0: any but neutral)."""
    return value != 0 and (polarity == 0 or (value > 0) == (polarity > 0))


def _merge(graph: StatementGraph, more: StatementGraph) -> StatementGraph:
    """Both graphs' statements, and both sets of undated statements set apart."""
    merged = graph.compose(more)
    undated = {key: (s, o, key, d) for g in (graph, more) for s, o, key, d in g.graph.get("undated", ())}
    merged.graph["undated"] = [undated[k] for k in sorted(undated)]
    return merged


def actors(store: Store, ids: Iterable[str], window: Window | None = None,
           sources: set[str] | None = None, incoming: bool | None = None,
           aspect: Aspect | None = None) -> StatementGraph:
    """The statements of ``ids`` (``incoming``: only those towards them, or from them, and
    the symmetric ones; ``aspect``: only those of the kinds that can hold its ties;
    ``project_around``): enough for supporters, opponents, whom an actor supports, and the
    combinations of those. Whom the United States opposes is in its 600 conflict
    statements, not its 9,800 as subject, most of them arms deals (2.2 s to read)."""
    return project_around(store, ids, window, sources, incoming=incoming, of_kinds=_kinds_of(store, aspect))


def _kinds_of(store: Store, aspect: Aspect | None) -> list[str] | None:
    """The relation kinds that can hold ``aspect``'s ties (None: every kind)."""
    if aspect is None or aspect.may is None:
        return None
    from .project import kinds

    return sorted(iri for iri, k in kinds(store).items() if aspect.may(k))


def between_each_other(store: Store, ids: Iterable[str], window: Window | None = None,
                       sources: set[str] | None = None) -> StatementGraph:
    """The statements between every two of ``ids``, and no others: a check, a choice or a
    relation between named actors looks at nothing else, and a hub's own statements (Russia:
    5,700 on the world data) cost more to read than the question."""
    ids = list(dict.fromkeys(ids))
    return project_around(store, [], window, sources, pairs=[(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]])


def with_cooperation_among(store: Store, actor: str, window: Window | None, sources: set[str] | None,
                           members: Callable[[StatementGraph], Iterable[str]],
                           aspect: Aspect | None = None) -> StatementGraph:
    """``actor``'s statements (towards it, of the kinds that can hold ``aspect``'s ties),
    carrying (as a function) the pairs of ``members`` (picked from them) that cooperate, read
    from the direct edges (``signed.centrality`` ranks supporters by them): one query, where
    reading the statements of every pair took seconds per pair of large actors."""
    graph = project_around(store, [actor], window, sources, incoming=True, of_kinds=_kinds_of(store, aspect))
    # Read when the centrality is (``signed.centrality``: JSON, never a terminal answer): the
    # signed topology of the whole store is the costliest read of a first question after an
    # import (a minute on the generated 10M-triple world).
    graph.graph["cooperation_pairs"] = lambda: _pairs_among(store, set(members(graph)) - {actor}, +1)
    return graph


def with_ties_among(store: Store, actor: str, window: Window | None, sources: set[str] | None,
                    polarity: int, members: Callable[[StatementGraph], Iterable[str]],
                    widest: int = MOST_PAIRS, enough: Callable[[StatementGraph], bool] | None = None) -> StatementGraph:
    """``actor``'s statements, plus those between the ``members`` (picked from that graph)
    that are tied with ``polarity``'s sign (0: either): conflict between partners (for dual
    roles), every signed tie (for triangles). ``widest`` pairs are read, those with the most
    statements of ``actor`` behind them, and ``widest`` more while the graph is not
    ``enough`` (a dual role: until a triad holds together); the graph says how many there
    were in ``graph.graph["pairs_found"]`` and ``["pairs_read"]``. Of each pair only the
    statements of that sign are read (any sign but neutral, for 0): between two arms partners
    of Russia their arms deals decide nothing here, and reading them was most of a dual role's cost."""
    from .project import kinds

    graph = project_around(store, [actor], window, sources)
    pairs = _pairs_among(store, set(members(graph)) - {actor}, polarity)
    weight = {n: graph.number_of_edges(actor, n) + graph.number_of_edges(n, actor) for n in graph}
    ordered = sorted(pairs, key=lambda p: (-(weight.get(p[0], 0) + weight.get(p[1], 0)), p))
    signed = [iri for iri, k in kinds(store).items() if _of_sign(k.polarity, polarity)]
    read = 0
    while read < len(ordered):
        graph = _merge(graph, project_around(store, [], window, sources, pairs=ordered[read:read + widest],
                                             of_kinds=signed))
        read = min(read + widest, len(ordered))
        if enough is None or enough(graph):
            break
    graph.graph.update(pairs_found=len(pairs), pairs_read=read)
    return graph


def partners_in_conflict(store: Store, actor: str, widest: int = MOST_PAIRS, window: Window | None = None,
                         sources: set[str] | None = None) -> StatementGraph:
    """``with_ties_among``'s graph for a dual role (conflict between the actor's cooperation
    partners), for a hub (more than ``profile.TALLY_OVER`` statements) read from its ties
    (``profile.ties``, counted in the engine) instead of its every statement: the partners
    and their weights (statements with the actor) come from the ties; of the actor's
    cooperation with the partners of the pairs chosen only the latest statement of each
    relation is read, and ``graph.graph["cooperation_counts"]`` counts them all; so are the
    chosen pairs' conflicts (``["conflict_counts"]``). The same triads, the same pairs; the
    United States' 10,200 statements took 3.6 s to read, its ties take 1.1 s. In a time
    window or from some sources the ties, the actor's and the pairs', are those of the
    statements there (``profile.ties_in``), and the actor's undated statements, which a dated
    answer lists apart, are read too."""
    from collections import Counter

    from . import overlap, signed
    from .profile import TALLY_OVER, counted, is_hub, statement_ties_in, ties, ties_in
    from .project import kinds, pair_statements, project_statements

    if window is None and sources is None:
        found, undated = ties(store, actor), frozenset()
        hub = is_hub(found)
    else:
        within = ties_in(store, actor, window, sources)
        found, undated, hub = within.ties, within.undated, within.read > TALLY_OVER
    if not hub:
        return with_ties_among(store, actor, window, sources, -1, lambda g: signed.cooperation_partners(g, actor),
                               widest, lambda g: bool(signed.dual_roles(g, actor)))
    known = kinds(store)
    weight: Counter[str] = Counter()
    for t in found:
        for n in t.others(actor):
            weight[n] += t.statements
    # Cooperation from the actor: as subject of a kind of positive polarity (a symmetric
    # statement's ties have the actor as subject), with an actor at the other end.
    cooperation = [t for t in found if t.subject == actor and t.object != actor
                   and t.kind_class in known and known[t.kind_class].polarity > 0]
    partners = {t.object for t in cooperation if t.object_category == "actor"}
    pairs = _pairs_among(store, partners, -1)
    ordered = sorted(pairs, key=lambda p: (-(weight[p[0]] + weight[p[1]]), p))
    with_partner: dict[str, list[Tie]] = {}
    for t in cooperation:
        with_partner.setdefault(t.object, []).append(t)
    cooperation_years = {n: overlap.union(t.years for t in with_partner[n]) for n in partners}
    period = [window_years] if (window_years := overlap.in_window(window)) else []
    # The pairs' conflicts, counted from their years and sources: between hubs they are
    # thousands (17,000 for a state of the generated 10M world), and the triads name the
    # latest of each relation. A pair with a statement that has no IRI is read in full.
    # ``widest`` pairs are read, the heaviest first, and ``widest`` more until a triad's
    # three ties hold together (or a pair is read in full, which the triads then decide).
    negative = [iri for iri, k in known.items() if _of_sign(k.polarity, -1)]
    chosen: list[tuple[str, str]] = []
    blank: set[tuple[str, str]] = set()
    fighting: dict[tuple[str, str], list[Tie]] = {}  # each pair read (but those read in full): its conflicts
    while len(chosen) < len(ordered):
        batch = ordered[len(chosen):len(chosen) + widest]
        found_between, blank_here = pair_statements(store, batch, negative)
        chosen, blank = chosen + batch, blank | blank_here
        # Only this batch's pairs: a statement found for one may be a tie of a pair read before.
        here = {pair: [] for pair in batch if pair not in blank_here}
        for t in statement_ties_in(store, found_between, window, sources).ties:
            pair = tuple(sorted((t.subject, t.object)))
            if t.kind_class in negative and pair in here:
                here[pair].append(t)
        fighting.update(here)
        if blank or any(overlap.together(cooperation_years[b], cooperation_years[c],
                                         overlap.union(t.years for t in held), *period)
                        for (b, c), held in here.items()):
            break
    ends = {n for pair in chosen for n in pair}
    cooperating = {(actor, n): with_partner.get(n, []) for n in ends}
    latest = [t.latest_statement for held in (cooperating | fighting).values() for t in held if t.latest]
    graph = project_statements(store, latest + sorted(undated), [actor, *ends], window, sources)
    if blank:
        graph = _merge(graph, project_around(store, [], window, sources, pairs=sorted(blank), of_kinds=negative))
    graph.graph.update(pairs_found=len(pairs), pairs_read=len(chosen),
                       cooperation_counts={pair: counted(held) for pair, held in cooperating.items()},
                       conflict_counts={pair: counted(held) for pair, held in fighting.items()},
                       cooperation_years={(actor, n): cooperation_years[n] for n in ends},
                       conflict_years={pair: overlap.union(t.years for t in held) for pair, held in fighting.items()},
                       # What a triad rests on: the sources of every statement it counts.
                       tie_sources={pair: {src for t in held for src in t.sources}
                                    for pair, held in (cooperating | fighting).items()})
    return graph


def commitments(store: Store, actor: str, partner: str | None = None, window: Window | None = None,
                sources: set[str] | None = None) -> StatementGraph:
    """What decides whether defence commitments were met (``analysis.unmet_commitments``):
    with ``partner``, ``actor``'s towards it; without, ``actor``'s towards each of its allies
    and theirs towards it. That is what lies between each ally and partner (the alliances,
    invocations, non-interventions, and where the partner was attacked, support: read as
    ``actor``'s own statements but its support, and its support of the partners attacked;
    with ``partner``, everything between the two), the attacks on each partner (conflict
    kinds that are not symmetric, towards it) and its office holders, and the statements
    between those office holders and the ally (their doubts). Not the allies' other
    statements: Russia's 5,500 and its 68 allies' took 20 s to read on the world data and
    decide nothing about a commitment."""
    from .analysis import ALLY_EDGE, OFFICE_EDGE
    from .evidence import incident
    from .project import kinds

    known = kinds(store)
    attack_kinds = [iri for iri, k in known.items() if (k.implies_conflict and not k.symmetric) or k.edge == OFFICE_EDGE]
    if partner is not None:
        # Everything between the two: an answer that finds no alliance lists it all.
        attacked = project_around(store, [partner], window, sources, incoming=True, of_kinds=attack_kinds)
        return _merge(attacked, project_around(store, [], window, sources,
                                               pairs=[(actor, partner), *_voices(attacked, actor, [partner])]))
    # The actor's own statements but its support: the alliances that name its allies, what
    # it was asked or chose not to do, the conflicts its allies' doubts are. Its support
    # (Russia's arms deals with its allies: 2,500) matters only in the year a partner was
    # attacked, so it is read only for the pairs whose partner was.
    support = [iri for iri, k in known.items() if k.supports and k.edge != ALLY_EDGE]  # _years_supported's
    own = project_around(store, [actor], window, sources, of_kinds=[iri for iri in known if iri not in support])
    allies = sorted({s.other(actor) for s in incident(own, actor, lambda d: d["edge"] == ALLY_EDGE)} - {actor})
    # The actor is a partner too, of each of its allies.
    attacked = project_around(store, [*allies, actor], window, sources, incoming=True, of_kinds=attack_kinds)
    hit = {o for _, o, d in attacked.edges(data=True)
           if d["implies_conflict"] and not d["symmetric"] and d["start"] is not None}
    supported = [(actor, p) for p in allies if actor in hit or p in hit]
    graph = _merge(own, attacked)
    if 2 * len(supported) > len(allies):
        # Most allies were attacked (356 of the 357 of a state of the generated 10M world):
        # the actor's support, read once (3,440 statements, 1.9 s), holds theirs, which found
        # pair by pair walked each ally's statements (34 s).
        read = project_around(store, [actor], window, sources, of_kinds=support)
        graph = _merge(graph, _between_pairs(read, supported))
    elif supported:
        graph = _merge(graph, project_around(store, [], window, sources, pairs=supported, of_kinds=support))
    voices = _voices(attacked, actor, allies)
    return _merge(graph, project_around(store, [], window, sources, pairs=voices)) if voices else graph


def _between_pairs(graph: StatementGraph, pairs: Iterable[tuple[str, str]]) -> StatementGraph:
    """``graph`` cut to the statements between each of ``pairs`` (either way round), dated
    and undated, and their ends: what ``project_around`` reads of those pairs."""
    from .multigraph import StatementGraph

    wanted = {frozenset(pair) for pair in pairs}
    edges = [(s, o, k, d) for s, o, k, d in graph.edges(keys=True, data=True) if frozenset((s, o)) in wanted]
    ends = {n for pair in wanted for n in pair} | {n for s, o, _, _ in edges for n in (s, o)}
    cut = StatementGraph()
    cut.add_nodes_from((n, graph.nodes[n]) for n in graph if n in ends)
    cut.add_edges_from(edges)
    cut.graph.update(graph.graph)
    cut.graph["undated"] = [u for u in graph.graph.get("undated", ()) if frozenset(u[:2]) in wanted]
    return cut


def _voices(attacked: StatementGraph, actor: str, partners: list[str]) -> list[tuple[str, str]]:
    """The pairs of each partner's office holders (in ``attacked``) and ``actor``: their doubts."""
    from .analysis import OFFICE_EDGE
    from .evidence import incident

    return sorted({(v, actor) for p in partners for s in incident(attacked, p, lambda d: d["edge"] == OFFICE_EDGE)
                   if s.object == p and (v := s.subject) not in (actor, p)})


def entity(store: Store, iri: str, window: Window | None = None, sources: set[str] | None = None) -> StatementGraph:
    """An entity's statements and those about it or under it (a territory, a treaty).

    A hub's (more than ``profile.TALLY_OVER`` statements, counted in the engine by
    ``profile.ties``) are not all read: only those quoted from a text and the latest of each
    relation, which its profile names, and the statements about it; the graph carries the
    ties (``graph.graph["ties"]``) that count the rest. In a time window or from some
    sources a hub's ties are those of its statements there (``profile.ties_in``), and what
    is read is the same, among those statements, and its undated ones, which a dated
    answer lists apart; when it has no more than ``TALLY_OVER`` there, all of them."""
    from .profile import TALLY_OVER, is_hub, ties, ties_in

    rows = library.run(store, "statements-about", {"entity": iri}).rows
    pairs = {(r["subject"].value, r["object"].value) for r in rows}
    if window is None and sources is None:
        found = ties(store, iri)
        if not is_hub(found):
            return project_around(store, [iri], window, sources, pairs=pairs)
        admitted, undated = None, frozenset()
    else:
        within = ties_in(store, iri, window, sources)
        if within.read <= TALLY_OVER:
            return project_around(store, [iri], window, sources, pairs=pairs)
        found, admitted, undated = within.ties, within.admitted, within.undated
    from .project import project_statements

    if admitted is not None and not is_hub(found):
        named = sorted(admitted)  # few in the window: all of them, as an entity that is no hub
    else:
        latest: dict[str, Tie] = {}
        for t in found:
            if t.latest and (t.relation not in latest or t.latest > latest[t.relation].latest):
                latest[t.relation] = t
        quoted = [s for s in _quoted(store, iri) if admitted is None or s in admitted][:MOST_QUOTED]
        named = quoted + [t.latest_statement for t in latest.values()]
    graph = project_statements(store, named + sorted(undated), [iri], window, sources)
    if pairs:
        graph = _merge(graph, project_around(store, [], window, sources, pairs=pairs))
    graph.graph["ties"] = found
    return graph


# A hub's profile names at most eight statements, quoted ones first; a generated world
# quotes thousands of a hub's (3,759 of one), which took seconds to read with their evidence.
MOST_QUOTED = 8


def _quoted(store: Store, iri: str) -> list[str]:
    """The statements of ``iri`` quoted from a text, in the order a profile lists them: those
    it is the subject of, the strongest cooperation or conflict, by kind, then IRI
    (``ask._profile``'s order); kept per store generation."""
    import pyoxigraph as ox

    from .project import kinds
    from .rowcache import cached

    known = kinds(store)

    def order(row: dict) -> tuple:
        kind = known.get(row["kindClass"].value)
        if kind is None:
            return (True, 0, "", row["statement"].value)
        return (row["role"].value != kind.subject_role, -abs(kind.polarity), kind.short, row["statement"].value)

    def read() -> list[str]:
        rows = [r for r in library.run(store, "quoted-statements", {"actor": iri}).rows
                if isinstance(r["statement"], ox.NamedNode)]
        return list(dict.fromkeys(r["statement"].value for r in sorted(rows, key=order)))

    return cached(store, "around", "\n".join([library.get("quoted-statements").text, iri, "ordered"]), read)


def with_causes(store: Store, ids: list[str], window: Window | None = None, sources: set[str] | None = None,
                depth: int = 8) -> StatementGraph:
    """The statements between every two of ``ids`` and, up to ``depth`` steps back, the
    statements they name as causes: what ``causes.impact`` walks from the links between the
    last two back to a statement of the first, and the first's direct ties to them. Not the
    actors' other statements: Russia's 5,500 took 3 s to read on the world data, where the
    causes that reach them are read by their ends."""
    graph = between_each_other(store, ids, window, sources)
    seen: set[str] = set()
    for _ in range(depth):
        wanted = {c for _, _, d in graph.edges(data=True) for c in d.get("caused_by", ())} - seen
        wanted -= {k for _, _, k in graph.edges(keys=True)}
        if not wanted:
            break
        seen |= wanted
        pairs = {(r["subject"].value, r["object"].value)
                 for c in sorted(wanted) for r in library.run(store, "statement-ends", {"statement": c}).rows}
        graph = _merge(graph, project_around(store, [], window, sources, pairs=pairs))
    return graph


def along_paths(store: Store, a: str, b: str, window: Window | None = None, sources: set[str] | None = None,
                candidates: int = 20) -> StatementGraph:
    """The statements of every pair on the ``candidates`` shortest paths between ``a`` and
    ``b`` over the direct edges, for ``signed.paths`` to rank by the statements' signs. Under a
    time window or source filter a pair on a path may have no statement left, so the candidates
    are many more than the paths shown.

    The candidates come from the two actors' own signed neighbours when they give enough
    (``_near_paths``: the direct tie and the common neighbours, two small queries); only
    actors further apart than that walk the whole store's signed topology
    (``queries/signed-ties.rq``, read once per store generation). Neither reads the two
    actors' other statements: a hub's took seconds and lie on no path shown."""
    from .rowcache import cached_rows
    from .signed import neighbours_of, shortest_paths

    found = _near_paths(store, a, b, candidates)
    if found is None:
        topology = neighbours_of((row["a"], row["b"]) for row in cached_rows(store, "signed-ties"))
        found = shortest_paths(topology, a, b, candidates)
    # The two actors' own pair too: its undated statements are what a dated answer sets apart.
    pairs = {tuple(sorted((a, b)))} | {tuple(sorted(p)) for nodes in found for p in zip(nodes, nodes[1:])}
    return project_around(store, [], window, sources, pairs=pairs)


def _near_paths(store: Store, a: str, b: str, candidates: int) -> list[list[str]] | None:
    """The ``candidates`` shortest paths of at most two steps between ``a`` and ``b``, from
    their signed neighbours (``queries/neighbours.rq``), or None when there are fewer. The
    edges of both actors hold every path of one or two steps, so these are the shortest."""
    from .signed import shortest_paths

    neighbours: dict[str, set[str]] = {a: set(), b: set()}
    for row in library.rows_for_each(store, library.get("neighbours").text, "actor", [a, b]):
        if int(row["polarity"].value) != 0:
            neighbours[row["actor"].value].add(row["neighbour"].value)
    found = shortest_paths(neighbours, a, b, candidates, longest=2)
    return found if len(found) >= candidates else None


def graph_for(store: Store, need: str, ids: list[str], window: Window | None = None,
              sources: set[str] | None = None, aspect: str | Aspect | None = "support") -> StatementGraph:
    """The graph one analysis reads about the actors ``ids``:

    ``actors`` their statements; ``incoming`` (``outgoing``) only those towards them (from
    them) and the symmetric ones; ``between`` only those between them; ``supporters`` the
    statements towards the actor and cooperation among the supporters (for centrality);
    ``dual-role`` the actor's statements and conflict between its partners; ``triangles``
    and every signed tie among the counterparts; ``commitments`` what decides whether the
    actor's commitments (to the second actor) were met; ``paths`` along the shortest paths
    between two; ``causes`` those between them and the statements those name as causes; ``entity`` and the
    statements about it; without actors, or ``network``, the whole network."""
    from . import analysis
    from .project import project

    if need == "network" or not ids:
        return project(store, window, sources)
    if need == "supporters":
        chosen = analysis.aspect(aspect or "support")
        return with_cooperation_among(store, ids[0], window, sources,
                                      lambda g: analysis.tied_actors(g, ids[0], chosen.test), chosen)
    if need == "dual-role":
        return partners_in_conflict(store, ids[0], window=window, sources=sources)
    if need == "triangles":  # every signed triangle through the actor
        return with_ties_among(store, ids[0], window, sources, 0, lambda g: set(g))
    if need == "commitments":
        return commitments(store, ids[0], ids[1] if len(ids) > 1 else None, window, sources)
    if need == "paths":
        return along_paths(store, ids[0], ids[1], window, sources)
    if need == "causes":
        return with_causes(store, ids, window, sources)
    if need in ("incoming", "outgoing"):
        return actors(store, ids, window, sources, incoming=need == "incoming",
                      aspect=analysis.aspect(aspect or "support"))
    if need == "between":
        return between_each_other(store, ids, window, sources)
    if need == "entity":
        return entity(store, ids[0], window, sources)
    return actors(store, ids, window, sources)
