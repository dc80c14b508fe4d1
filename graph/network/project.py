"""Project the RDF graph into a signed multigraph of statements (``multigraph.StatementGraph``).

Nodes are named entities (actors, places, treaties, events) with label, type and
category. Each statement becomes one edge keyed by its IRI, carrying its kind, polarity
(read from the ontology: +1 cooperation, -1 conflict, 0 neither), years, source and
evidence. Symmetric kinds (alliances, conflicts) are one edge with ``symmetric=True``.
What a kind means (its direct edge, whether it counts as support or implies conflict,
its default support type) is read from the ontology too (``relation-kinds``), so a kind
added to the ontology flows through every analysis without new Python.

The edges come from one named query (``edges``) loaded in bulk; ``entities``, ``labels``,
``relation-kinds`` and ``sources`` are lookups beside it. Only statements between two
labelled resources become edges.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..namespaces import AK
from ..query import library
from ..query.results import to_python
from ..store.core import Store
from .multigraph import StatementGraph
from .rowcache import cached, cached_rows

# The projection's own code is part of a cached projection's key: a graph built by other
# code (an upgrade, a checkout) is never read back.
_CODE = hashlib.sha256(b"".join(Path(__file__).parent.joinpath(f).read_bytes()
                                for f in ("project.py", "rowcache.py", "multigraph.py"))).hexdigest()


TEXT_SOURCE = AK + "TextSource"
DATASET = AK + "Dataset"


@dataclass(frozen=True)
class Window:
    """A time restriction: statements in force at some point between ``start`` and ``end``.

    Either bound may be open (None). Undated statements are kept: the source did not say
    when, so they are not excluded.
    """

    start: int | None = None
    end: int | None = None

    def __post_init__(self):
        if self.start is not None and self.end is not None and self.start > self.end:
            raise UsageError(f"the period {self.start}-{self.end} ends before it starts",
                             "give the earlier year first, e.g. --between 1991 2020")

    @classmethod
    def as_of(cls, year: int) -> "Window":
        return cls(year, year)

    @classmethod
    def since(cls, year: int) -> "Window":
        return cls(year, None)

    def admits(self, start: int | None, end: int | None, last: int | None = None) -> bool:
        """Whether a statement of ``start``-``end`` is in force at some point of the window. An
        open end runs to ``last``, the last year its source covers (a pact ATOP records as in
        force in 2018 is not evidence for 2020), or on when the source says nothing of it."""
        if end is None and start is not None:
            end = last
        if self.end is not None and start is not None and start > self.end:
            return False
        if self.start is not None and end is not None and end < self.start:
            return False
        return True

    def describe(self) -> str:
        """'in 2020', 'since 1991', 'until 2000', 'between 1991 and 2020' or ''."""
        if self.start is not None and self.start == self.end:
            return f"in {self.start}"
        if self.start is not None and self.end is not None:
            return f"between {self.start} and {self.end}"
        if self.start is not None:
            return f"since {self.start}"
        if self.end is not None:
            return f"until {self.end}"
        return ""

    def to_dict(self) -> dict[str, int | None]:
        return {"start": self.start, "end": self.end}


def window_from_options(as_of: int | None = None, between: tuple[int, int] | None = None) -> Window | None:
    """The window the CLI options ``--as-of YEAR`` / ``--between Y1 Y2`` ask for, if any."""
    if as_of is not None and between is not None:
        raise UsageError("give either --as-of or --between, not both")
    if as_of is not None:
        return Window.as_of(as_of)
    if between is not None:
        return Window(*between)
    return None


_YEAR = re.compile(r"(-?)(\d{1,4})")


def year_of(value) -> int | None:
    text = None if value is None else value if isinstance(value, str) else str(to_python(value))
    if not text:
        return None
    m = _YEAR.match(text)
    return (-1 if m.group(1) else 1) * int(m.group(2)) if m else None


@dataclass(frozen=True)
class Kind:
    """A relation kind as the ontology declares it."""

    iri: str
    label: str
    short: str
    polarity: int
    edge: str | None
    edge_label: str | None
    symmetric: bool
    supports: bool
    implies_conflict: bool
    support_type: str | None
    support_type_label: str | None
    subject_role: str | None = None
    object_role: str | None = None


def kinds(store: Store) -> dict[str, Kind]:
    """Every relation kind of the ontology, by class IRI."""
    out = {}
    for value in cached_rows(store, "relation-kinds"):
        out.setdefault(value["kindClass"], Kind(
            iri=value["kindClass"], label=value.get("label") or value["kind"], short=value["kind"],
            polarity=int(value["polarity"]), edge=value.get("edge"), edge_label=value.get("edgeLabel"),
            symmetric=bool(value["symmetric"]), supports=bool(value.get("countsAsSupport")),
            implies_conflict=bool(value.get("impliesConflict")),
            support_type=value.get("supportType"), support_type_label=value.get("supportTypeLabel"),
            subject_role=value["subjectRole"], object_role=value["objectRole"]))
    return out


@dataclass(frozen=True)
class SourceInfo:
    """A source node: what it is and how far it can be trusted."""

    iri: str
    label: str
    title: str | None
    type: str
    grade: str | None
    low_reliability: bool
    first_year: int | None = None  # a dataset's coverage, a text's date
    last_year: int | None = None

    def describe(self) -> str:
        grade = f", grade {self.grade}" if self.grade else ""
        return f"{self.label}{grade}"

    @property
    def short(self) -> str:
        """'SIPRI', 'ATOP', 'article': a short name for answers (the IRI's last part)."""
        if self.type == TEXT_SOURCE:  # 'article: Russia's Role ...' -> 'article'
            return self.label.split(":")[0] if ":" in self.label else self.label
        name = self.iri.rstrip("/").rsplit("/", 1)[-1]
        return name.split("-")[0].upper() if len(name) <= 14 else name

    def covers(self) -> str:
        """'1950-2024' or '2024' (a text's date), '' when unknown."""
        if self.first_year is None:
            return "" if self.last_year is None else str(self.last_year)
        return f"{self.first_year}-{self.last_year}" if self.last_year != self.first_year else str(self.first_year)


def source_index(store: Store) -> dict[str, SourceInfo]:
    """Every source of the store, by IRI."""
    from ..namespaces import compact

    out = {}
    for value in cached_rows(store, "source-index"):
        iri = value["source"]
        dated = year_of(value.get("date"))
        out.setdefault(iri, SourceInfo(
            iri=iri, label=value.get("label") or value.get("title") or compact(iri), title=value.get("title"),
            type=value["type"], grade=value.get("grade"), low_reliability=bool(value.get("lowReliability")),
            first_year=year_of(value.get("coverageStart")) or dated, last_year=year_of(value.get("coverageEnd")) or dated))
    return out


def select_sources(store: Store, names: list[str] | None) -> set[str] | None:
    """The source IRIs ``names`` denote (IRI, prefixed name, or a word of the label or file).

    None when no names are given (no restriction). Raises UsageError listing the sources
    when a name matches none.
    """
    if not names:
        return None
    from ..namespaces import compact, expand

    known = source_index(store)
    chosen = set()
    for name in names:
        wanted = name.strip().casefold()
        hits = {iri for iri, s in known.items()
                if expand(name.strip()) == iri or wanted == compact(iri).casefold()
                or wanted in s.label.casefold() or wanted in (s.title or "").casefold()
                or wanted in iri.rsplit("/", 1)[-1].casefold()}
        if not hits:
            listing = "; ".join(f"{compact(iri)} ({s.label})" for iri, s in known.items())
            raise UsageError(f"no source matches '{name}'", f"known sources: {listing}")
        chosen |= hits
    return chosen


def project(store: Store, window: Window | None = None,
            sources: set[str] | None = None) -> StatementGraph:
    """The signed multigraph of ``store``, restricted to ``window`` and ``sources`` if given.

    Edge attributes: kind (short label), kind_class, relation (the kind, or the
    statement's own support type where it states one), polarity, symmetric, edge (the
    direct property) and edge_label, supports, implies_conflict, support_type(_label),
    start, end, source, source_label and reliability (grade) of the first source
    (sources, source_labels, reliabilities and low_reliabilities list them all),
    low_reliability (true when every source is of low reliability), quotes, records (with
    quote_sources and record_sources beside them), weight, qualifier, about, treaty,
    outcome, caused_by.

    This reads every statement of the store: whole-network analyses need it, questions
    about named actors use ``project_around``. It is built once per store generation, window
    and sources and kept in the cache directory (``rowcache.cached``): whole-network questions
    read it back rather than build it again (seconds on the world data).
    """
    key = "\n".join([repr(window), repr(sorted(sources) if sources is not None else None),
                     library.get("edges").text, _CODE])
    return cached(store, "projection", key, lambda: _graph(
        store, cached_rows(store, "edges"), window, sources, nodes=None,
        names=_names(cached_rows(store, "entities"), cached_rows(store, "labels"))))


def project_around(store: Store, nodes: Iterable[str], window: Window | None = None,
                   sources: set[str] | None = None, pairs: Iterable[tuple[str, str]] = (),
                   incoming: bool | None = None, of_kinds: Iterable[str] | None = None) -> StatementGraph:
    """The part of ``project``'s graph that a question about ``nodes`` needs: every statement
    with one of them as subject or object (and the statements between each of ``pairs``),
    read with the ``edges`` query bound to those actors, so the cost grows with what the
    actors did, not with the store. Edges and their attributes are exactly ``project``'s.

    ``incoming`` True reads only the statements towards ``nodes`` (with them as object) and
    their symmetric ones (alliances, conflicts: one edge either way round), what their
    supporters and opponents stand on; False only those from them, and the symmetric ones.
    ``of_kinds`` (relation kind IRIs) reads only the statements of those kinds, the ``nodes``'
    and the ``pairs``'.

    The rows read are kept per store generation, and so is the graph built from them (with
    this code in its key, like ``project``'s): Russia's 5,500 statements took 0.2 s to build
    into a graph from their cached rows, 0.06 s to read back built."""
    nodes = list(dict.fromkeys(nodes))
    pairs = sorted({tuple(sorted(pair)) for pair in pairs})
    wanted = None if of_kinds is None else sorted(set(of_kinds))
    key = "\n".join([library.get("edges").text, _CODE, repr(window), repr(sorted(sources) if sources is not None else None),
                     f"incoming={incoming}", *_kinds_key(wanted), "nodes", *nodes, "pairs", *map(" ".join, pairs)])
    return cached(store, "around-graph", key, lambda: _around(store, nodes, window, sources, pairs, incoming, wanted))


def _around(store: Store, nodes: list[str], window: Window | None, sources: set[str] | None,
            pairs: list[tuple[str, str]], incoming: bool | None, wanted: list[str] | None) -> StatementGraph:
    """``project_around``'s graph, read (each read kept per store generation) and built."""
    import pyoxigraph as ox

    text = library.get("edges").text

    def read(role: str, node: str, only: list[str] | None) -> list[dict]:
        # Kept per store generation like the whole projection: a hub's statements take
        # seconds to query on the world data, and a later question about it reads them back.
        key = "\n".join([text, f"{role}={node}", *_kinds_key(only)])
        if only is None:
            return cached(store, "around", key, lambda: _plain_rows(store.query(text, {role: ox.NamedNode(node)}).rows))
        return cached(store, "around", key, lambda: _plain_rows(
            library.rows_for_each(store, text, "kindClass", only, {role: ox.NamedNode(node)})))

    known = kinds(store) if incoming is not None else {}
    symmetric = sorted(k for k in (known if wanted is None else wanted) if k in known and known[k].symmetric)
    rows: list[dict] = []
    for node in nodes:
        for role in ("subject", "object"):
            # Who supports Russia reads its 515 statements as object and 218 symmetric ones
            # as subject (0.5 s on the world data), not its 5,000 arms deals (1.9 s).
            other_way = incoming is not None and (role == "object") != incoming
            rows += read(role, node, symmetric if other_way else wanted)
    between = [pair for pair in pairs if pair[0] != pair[1]]
    if between:
        key = "\n".join([text, "pairs", *(" ".join(pair) for pair in between), *_kinds_key(wanted)])
        rows += cached(store, "around", key, lambda: _pair_rows(store, text, between, wanted))
    return _built(store, rows, window, sources, set(nodes) | {n for pair in pairs for n in pair})


def project_statements(store: Store, statements: Iterable[str], nodes: Iterable[str] = (),
                       window: Window | None = None, sources: set[str] | None = None) -> StatementGraph:
    """``project``'s graph of ``statements`` (IRIs) alone, and ``nodes``: what an answer
    names of a hub, read by IRI (kept per store generation); in ``window`` from ``sources``
    as ``project_around``'s (an undated statement set apart)."""
    wanted, asked = sorted(set(statements)), set(nodes)
    text = library.get("edges").text
    key = "\n".join([text, _CODE, repr(window), repr(sorted(sources) if sources is not None else None),
                     "statements", *wanted, "nodes", *sorted(asked)])
    return cached(store, "around-graph", key, lambda: _built(
        store, _plain_rows(library.rows_for_each(store, text, "statement", wanted)), window, sources, asked))


def _built(store: Store, rows: list[dict], window: Window | None, sources: set[str] | None,
           asked: set[str]) -> StatementGraph:
    """The graph of ``rows`` and the ``asked`` nodes, named."""
    # Only the names this graph shows: the whole store's tables took half a minute to read
    # on the generated 10M-triple world, for a question about one actor.
    shown = sorted(asked | {row[end] for row in rows for end in ("subject", "object")})
    return _graph(store, rows, window, sources, nodes=asked, names=names_of(store, shown))


def names_of(store: Store, resources: Iterable[str]) -> tuple[dict[str, dict], dict[str, str]]:
    """``_names`` of ``resources`` only (their entity rows and labels)."""
    shown = sorted(set(resources))
    return _names(_rows_about(store, "entities", "entity", shown), _rows_about(store, "labels", "resource", shown))


def _kinds_key(kinds: list[str] | None) -> list[str]:
    """The part of a cached read's key that says which kinds it read (none: all)."""
    return [] if kinds is None else ["kinds", *kinds]


def _plain_rows(rows: list[dict]) -> list[dict]:
    return [{k: to_python(v) for k, v in row.items()} for row in rows]


def _pair_rows(store: Store, text: str, pairs: list[tuple[str, str]],
               of_kinds: list[str] | None = None) -> list[dict]:
    """The ``edges`` rows (``text``) of the statements between each of ``pairs``, either way
    round (only those of ``of_kinds``, when given): the statements naming both ends are found
    first, with their types (``pair-statements``), then read by IRI. Bound to both ends, the
    edges query read every statement of one end (0.13 s a pair on the world data, where
    finding and reading a pair's statements takes a few ms); and what is read costs ~0.25 ms
    a statement, so the conflicts between two arms partners are not read with their arms
    deals (``pair_statements`` finds them)."""
    import pyoxigraph as ox

    found, blank = pair_statements(store, pairs, of_kinds)
    wanted = set(pairs) - blank
    rows = [row for row in _plain_rows(library.rows_for_each(store, text, "statement", found))
            if tuple(sorted((row["subject"], row["object"]))) in wanted]
    for a, b in sorted(blank):
        for ends in ({"subject": a, "object": b}, {"subject": b, "object": a}):
            rows += _plain_rows(store.query(text, {role: ox.NamedNode(n) for role, n in ends.items()}).rows)
    # A statement of several types is found by any of them; only its rows of the kinds asked stay.
    return rows if of_kinds is None else [row for row in rows if row["kindClass"] in set(of_kinds)]


def pair_statements(store: Store, pairs: list[tuple[str, str]],
                    of_kinds: list[str] | None = None) -> tuple[set[str], set[tuple[str, str]]]:
    """The IRIs of the statements naming both ends of each of ``pairs`` (only those of
    ``of_kinds``, when given; a statement naming both may be between one of them and a third),
    and the pairs (ends sorted) with such a statement that has no IRI, which VALUES cannot
    bind (``_pair_rows`` reads those by their ends). Kept per store generation.

    Conflicts are found among what the two name in conflict roles (party, attacker,
    target...), not among everything: between hubs of the generated 10M world a dual role's
    20 pairs of partners name each other in 102,000 statements, 17,000 of them conflicts,
    found in 31 s among everything and in 3.1 s in those roles. Cooperation kinds share their
    roles with the bulk of what actors name (arms: supplier, recipient), and bound to theirs
    a commitment's 356 pairs of support took twice as long (65 s against 34)."""
    import pyoxigraph as ox

    from ..store.sparql import with_values

    query = library.get("pair-statements").text
    types = None if of_kinds is None else set(of_kinds)
    known = kinds(store)
    if types and all(k in known and known[k].polarity < 0 for k in types):
        roles = [ox.NamedNode(r) for r in sorted({role for k in types for role in (known[k].subject_role, known[k].object_role)})]
        # Each block opens the WHERE group, so the last added comes first: the text reads
        # pairs, roleOfA, roleOfB, the order Oxigraph joins them in. roleOfB before roleOfA
        # made it walk the hub's end of each pair: a 10M dual role's 20 pairs 9.5 s against 3.1.
        query = with_values(with_values(query, "roleOfB", roles), "roleOfA", roles)
    key = "\n".join([query, *_kinds_key(None if types is None else sorted(types)), *map(" ".join, sorted(pairs))])
    return cached(store, "around", key, lambda: _found_between(store, query, pairs, types))


def _found_between(store: Store, query: str, pairs: list[tuple[str, str]],
                   types: set[str] | None) -> tuple[set[str], set[tuple[str, str]]]:
    """``pair_statements``, read with ``query`` (``pair-statements``, its roles bound)."""
    import pyoxigraph as ox

    found: set[str] = set()
    blank: set[tuple[str, str]] = set()  # a statement with no IRI cannot be bound by VALUES
    # Oxigraph walks the statements of the pair's first end, then checks the second: the
    # end named by fewer triples goes first (``mentions``, counted in the engine: 0.1 s for
    # a hub of the generated 10M world named by 200,000). Russia's pairs with its allies
    # took 2.9 s to find with Russia first, 0.7 s with each ally first; a 10M path's 40
    # pairs, each of a mid-sized actor and a hub, 15.8 s with the hub first (the actor was
    # in more pairs, which is how the end to walk was picked before).
    named = {row["resource"].value: int(row["triples"].value) for row in library.rows_for_each(
        store, library.get("mentions").text, "resource", {end for pair in pairs for end in pair})}
    ordered = [tuple(sorted(pair, key=lambda end: (named.get(end, 0), end))) for pair in pairs]
    for row in library.rows_for_each(store, query, ("a", "b"), ordered):
        if not isinstance(row["statement"], ox.NamedNode):
            blank.add(tuple(sorted((row["a"].value, row["b"].value))))
        elif types is None or ("type" in row and row["type"].value in types):
            found.add(row["statement"].value)
    return found, blank


def _rows_about(store: Store, query: str, variable: str, resources: list[str]) -> list[dict]:
    """The named ``query``'s rows for ``resources`` only (a VALUES block on ``variable``)."""
    return _plain_rows(library.rows_for_each(store, library.get(query).text, variable, resources))


def _graph(store: Store, rows: Iterable[dict], window: Window | None, sources: set[str] | None,
           nodes: set[str] | None, names: tuple[dict[str, dict], dict[str, str]]) -> StatementGraph:
    """The multigraph of ``edges`` rows, its nodes named from ``names`` (``_names``: the
    entities and labels): every entity there (``nodes`` None), or ``nodes`` and the ends of
    the edges."""
    kind_info = kinds(store)
    source_info = source_index(store)
    entities, labels = names
    graph = StatementGraph()
    edges: dict[str, tuple[str, str, dict]] = {}
    # In a dated question an undated statement is not evidence for the period: it is kept
    # apart (graph.graph["undated"]) for the answer to show as undated, never counted.
    undated: dict[str, tuple[str, str, dict]] = {}
    # In statement and source order: engines return the rows in orders of their own, and
    # the order of edges and of each edge's sources shows in every report.
    for row in sorted(rows, key=lambda r: (r["statement"], r["source"])):
        source = row["source"]
        if sources is not None and source not in sources:
            continue
        start, end = year_of(row.get("start")), year_of(row.get("end"))
        held = edges
        if window is not None:
            if start is None and end is None:
                held = undated
            elif not window.admits(start, end, getattr(source_info.get(source), "last_year", None)):
                continue
        statement = row["statement"]
        if statement in held:
            if source not in held[statement][2]["sources"]:
                _add_source(held[statement][2], source, row, source_info)
            continue
        subject, obj = row["subject"], row["object"]
        if subject not in labels or obj not in labels:
            continue  # not between two named things (e.g. a blank node)
        data = _edge_data(row, kind_info.get(row["kindClass"]), start, end)
        _add_source(data, source, row, source_info)
        held[statement] = (subject, obj, data)
    if nodes is None:
        shown = dict.fromkeys(entities)
    else:
        shown = dict.fromkeys(n for n in nodes if n in labels or n in entities)
    shown.update(dict.fromkeys(n for held in (edges, undated) for s, o, _ in held.values() for n in (s, o)))
    # Sorted, so a graph read around a few actors lists their statements in the same order
    # as the whole projection does (analyses list them in graph order).
    graph.add_nodes_from(_node(n, entities.get(n), labels.get(n, n)) for n in sorted(shown))
    graph.add_edges_from((s, o, key, data) for key, (s, o, data) in sorted(edges.items()))
    graph.graph["undated"] = [(s, o, key, data) for key, (s, o, data) in sorted(undated.items())]
    graph.graph["sources"] = source_info
    graph.graph["window"] = window
    return graph


def _names(entities: Iterable[dict], labels: Iterable[dict]) -> tuple[dict[str, dict], dict[str, str]]:
    """The ``entities`` rows by entity, and each resource's first label of the ``labels`` rows."""
    named: dict[str, str] = {}
    for row in labels:
        named.setdefault(row["resource"], row["label"])
    return {row["entity"]: row for row in entities}, named


def _node(node: str, entity: dict | None, label: str) -> tuple[str, dict]:
    if entity is None:  # an endpoint that is not an entity (e.g. an obligation type)
        return node, {"label": label, "type": None, "type_label": None, "category": "other",
                      "wikidata": None, "cow_code": None}
    return node, {"label": entity["label"], "type": entity["type"], "type_label": entity["typeLabel"],
                  "category": entity["category"], "wikidata": entity.get("wikidata"), "cow_code": entity.get("cowCode")}


def _text(row: dict, name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value)


def _edge_data(row: dict, kind: Kind | None, start: int | None, end: int | None) -> dict:
    """The attributes of one statement's edge, before its sources are added."""
    own_type = row.get("supportType")
    kind_type = kind.support_type if kind else None
    own_type_label = row.get("supportTypeLabel")
    return {
        "kind": row["kind"],
        "kind_class": row["kindClass"],
        # A statement's own support type names it better than its kind when they differ
        # (a UCDP "support" statement with troops reads "troops").
        "relation": (own_type_label or row["kind"]) if own_type and own_type != kind_type else row["kind"],
        "polarity": int(row["polarity"]),
        "symmetric": bool(row["symmetric"]),
        "edge": kind.edge if kind else None,
        "edge_label": kind.edge_label if kind else None,
        "supports": bool(kind and kind.supports),
        "implies_conflict": bool(kind and kind.implies_conflict),
        "support_type": own_type or kind_type,
        "support_type_label": own_type_label or (kind.support_type_label if kind else None),
        "start": start,
        "end": end,
        "sources": [], "source_labels": [], "reliabilities": [], "low_reliabilities": [],
        # Sorted: GROUP_CONCAT's order varies between runs, output should not.
        "quotes": sorted(q for q in _text(row, "quotes").split("\n") if q),
        "records": sorted(r for r in _text(row, "records").split("\n") if r),
        "quote_sources": [], "record_sources": [],
        "weight": row.get("weight"),
        "weapon": row.get("weapon"),
        "hostility_level": row.get("hostilityLevel"),
        "deaths": row.get("deaths"),
        "qualifier": _text(row, "qualifier") or None,
        "about": row.get("about"),
        "treaty": row.get("treaty"),
        "outcome": row.get("outcome"),
        "caused_by": [c for c in _text(row, "causes").split(" ") if c],
    }


def _add_source(data: dict, source: str, row: dict, source_info: dict[str, SourceInfo]) -> None:
    """Record one more source of a statement (a statement on several sources, such as a
    treaty alliance derived from memberships recorded by different sources, comes once per
    source). Its quotes and records are the same on every row and the RDF does not say
    which source holds which, so quotes go to a text source and records to a dataset."""
    info = source_info.get(source)
    low = bool(info and info.low_reliability)
    data["sources"].append(source)
    data["source_labels"].append(info.label if info else source)
    data["reliabilities"].append(row.get("reliability"))
    data["low_reliabilities"].append(low)
    data["source"], data["source_label"], data["reliability"] = (
        data["sources"][0], data["source_labels"][0], data["reliabilities"][0])
    data["low_reliability"] = all(data["low_reliabilities"])
    several = len(data["sources"]) > 1
    data["quote_sources"] = [_holder(source_info, data["sources"], TEXT_SOURCE) if several else source] * len(
        data["quotes"])
    data["record_sources"] = [_holder(source_info, data["sources"], DATASET) if several else source] * len(
        data["records"])


def _holder(source_info: dict[str, SourceInfo], candidates: list[str], kind: str) -> str:
    """The first of ``candidates`` of source type ``kind`` (else the first at all)."""
    return next((c for c in candidates if c in source_info and source_info[c].type == kind), candidates[0])
