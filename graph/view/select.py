"""What a view shows: the statements around a focus, read with targeted SPARQL.

No view projects the whole store. With ``--focus`` the selection walks the direct edges
of every relation family out to ``--depth`` (``view-neighbours``, one query per ring),
finds the statements linking two entities of that neighbourhood (``view-among``) and
reads just those: their ends (``view-statements``), then all their years, sources,
values, quotes and records in one pass (``view-statement-facts``, a lookup by subject per
statement); without a focus it reads every statement. The
walk over direct edges may reach a little further than the statements that pass the
filters (edges carry no years or sources), so the exact neighbourhood is walked again
over the statements that do. ``--as-of``, ``--source`` and ``--relations`` only narrow
what the page is given; the page itself filters further and re-walks (see page.py).

A *relation family* is a relation kind's direct edge (``ak:edge`` in the ontology):
strategic and treaty alliances share ``ak:allyOf``, arms transfers have
``ak:armsSupplierOf``. The page draws one tie per pair and family (ties.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from ..errors import UsageError
from ..namespaces import AK, XSD, compact
from ..network.project import Window, kinds as ontology_kinds, year_of
from ..query import library
from ..store.core import Store
from ..store.sparql import with_values

INTEGER = ox.NamedNode(XSD + "integer")

_SOURCES_QUERY = """
PREFIX ak:      <https://w3id.org/actorkg/ontology#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?source (SAMPLE(?name) AS ?label) (SAMPLE(?t) AS ?title) (SAMPLE(?g) AS ?grade)
       (SAMPLE(?gl) AS ?gradeLabel) WHERE {
  ?source a ?type . ?type rdfs:subClassOf* ak:Source .
  OPTIONAL { ?source rdfs:label ?name }
  OPTIONAL { ?source dcterms:title ?t }
  OPTIONAL { ?source ak:reliability ?r . ?r ak:grade ?g . OPTIONAL { ?r rdfs:label ?gl } }
}
GROUP BY ?source
"""

# A name that is an entity's label or alias, looked up as a literal (one index lookup).
_EXACT_NAME = """
PREFIX ak:   <https://w3id.org/actorkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity ?label WHERE {
  { ?entity rdfs:label ?name } UNION { ?entity skos:altLabel ?name }
  ?entity rdfs:label ?label ; a ?type . ?type rdfs:subClassOf* ?top .
  VALUES ?top { ak:Actor ak:Place ak:Treaty ak:Event }
}
"""

TOP_CLASSES = {AK + name for name in ("Actor", "Place", "Treaty", "Event")}

# Statement values the page totals per tie: facts of view-statement-facts -> how.
SUMMED = ("tiv", "battleDeaths")
COUNTED = ("weaponDescription", "hostilityLevel", "supportType", "outcome")
# Of those, the ones the query gives as IRIs, shown by their labels.
NAMED = ("supportType", "outcome")


@dataclass(frozen=True)
class ViewOptions:
    """The viewer's filters, as given on the command line or in the server's URL."""

    focus: str | None = None
    depth: int = 1
    relations: tuple[str, ...] = ()
    as_of: int | None = None
    sources: tuple[str, ...] = ()

    @classmethod
    def from_cli(cls, focus: str | None, depth: int, relations: str | None, window, sources) -> "ViewOptions":
        """The options as the ``view`` command takes them (kinds comma-separated, a time window)."""
        if focus is None and depth != 1:
            raise UsageError("--depth needs --focus", "e.g. --focus Russia --depth 2")
        if window is not None and window.start != window.end:
            raise UsageError("the viewer shows the graph as of one year", "give --as-of YEAR instead of --between")
        kinds = tuple(k.strip() for k in (relations or "").split(",") if k.strip())
        return cls(focus=focus, depth=depth, relations=kinds, as_of=window.start if window else None,
                   sources=tuple(sources or ()))

    def describe(self, focus_label: str | None = None) -> str:
        parts = []
        if self.focus:
            parts.append(f"around {focus_label or self.focus}, depth {self.depth}")
        if self.relations:
            parts.append("relations: " + ", ".join(self.relations))
        if self.as_of is not None:
            parts.append(f"as of {self.as_of}")
        if self.sources:
            parts.append("sources: " + ", ".join(self.sources))
        return "; ".join(parts) or "whole graph"


@dataclass(frozen=True)
class Family:
    """A relation family: the direct edge a group of relation kinds yields."""

    iri: str
    label: str
    polarity: int
    directed: bool
    kinds: tuple[str, ...]


@dataclass
class Link:
    """One statement between two ends (a statement with three parties is three links)."""

    statement: str
    kind: str
    family: str
    subject: str
    object: str
    sources: list[str]
    start: int | None
    end: int | None
    values: dict[str, object]
    quotes: list[str]
    records: list[str]
    treaty: str | None = None

    @property
    def pair(self) -> tuple[str, str]:
        return self.subject, self.object


@dataclass
class Selection:
    """What a view shows and what the names in its options resolved to."""

    options: ViewOptions
    focus: str | None
    focus_label: str | None
    nodes: dict[str, dict]
    links: list[Link]
    families: dict[str, Family]
    kinds: dict[str, dict]
    sources: dict[str, dict]
    # Steps from the focus (all 0 without one); the walk's last ring may have more ties in
    # the store than the file holds.
    rings: dict[str, int] = field(default_factory=dict)
    # Statements between an entity and something that is not one (a treaty's obligation
    # type): shown with the entity, not drawn.
    facts: list[Link] = field(default_factory=list)
    treaties: dict[str, dict] = field(default_factory=dict)


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


def relation_kinds(store: Store) -> dict[str, dict]:
    """Every relation kind of the ontology: IRI -> label, short label, polarity, family."""
    return {iri: {"label": k.label, "short": k.short, "polarity": k.polarity, "family": k.edge}
            for iri, k in sorted(ontology_kinds(store).items())}


def families_of(kinds: dict[str, dict], store: Store) -> dict[str, Family]:
    """The relation families: each kind's direct edge, named by the edge's label."""
    info = ontology_kinds(store)
    grouped: dict[str, list[str]] = {}
    for iri, k in kinds.items():
        if k["family"]:
            grouped.setdefault(k["family"], []).append(iri)
    out = {}
    for edge, members in sorted(grouped.items()):
        first = info[members[0]]
        polarities = {kinds[m]["polarity"] for m in members}
        out[edge] = Family(edge, first.edge_label or compact(edge),
                           polarities.pop() if len(polarities) == 1 else 0,
                           not all(info[m].symmetric for m in members), tuple(sorted(members)))
    return out


def sources_of(store: Store) -> dict[str, dict]:
    """Every source node: IRI -> label (its label, else title, else compact IRI) and grade."""
    out = {}
    for row in store.query(_SOURCES_QUERY).rows:
        iri = row["source"].value
        label = row.get("label") or row.get("title")
        out[iri] = {"label": label.value if label else compact(iri),
                    "title": row["title"].value if row.get("title") else None,
                    "grade": row["grade"].value if row.get("grade") else None,
                    "gradeLabel": row["gradeLabel"].value if row.get("gradeLabel") else None}
    return dict(sorted(out.items()))


def resolve_kinds(kinds: dict[str, dict], names: tuple[str, ...]) -> set[str]:
    """Kind IRIs for names such as 'arms', 'military presence', 'ArmsTransfer' or 'alliance'.

    An exact match on the short label, label or class name wins; otherwise every kind
    whose label contains the name as a word ('alliance' -> strategic and treaty alliance).
    """
    chosen: set[str] = set()
    for name in names:
        wanted = _norm(name)
        exact = {iri for iri, k in kinds.items()
                 if wanted in (_norm(k["short"]), _norm(k["label"]), _norm(local_name(iri)))}
        loose = {iri for iri, k in kinds.items()
                 if re.search(rf"\b{re.escape(wanted)}\b", f"{_norm(k['short'])} {_norm(k['label'])}")}
        found = exact or loose
        if not wanted or not found:
            valid = sorted({k["short"] for k in kinds.values()})
            raise UsageError(f"no relation kind '{name}'", "valid kinds: " + ", ".join(valid))
        chosen |= found
    return chosen


def resolve_sources(sources: dict[str, dict], names: tuple[str, ...]) -> set[str]:
    """Source IRIs whose IRI, compact IRI, label or title matches (or contains) each name."""
    chosen: set[str] = set()
    for name in names:
        wanted = _norm(name)

        def keys(iri: str, s: dict) -> list[str]:
            return [_norm(x) for x in (iri, compact(iri), local_name(iri), s["label"], s["title"] or "")]

        exact = {iri for iri, s in sources.items() if wanted in keys(iri, s)}
        loose = {iri for iri, s in sources.items() if any(wanted in k for k in keys(iri, s))}
        found = exact or loose
        if not wanted or not found:
            listed = "; ".join(f"{s['label']} ({compact(iri)})" for iri, s in sources.items())
            raise UsageError(f"no source '{name}'", f"sources: {listed or 'none loaded'}")
        chosen |= found
    return chosen


def find_focus(store: Store, name: str) -> tuple[str, str]:
    """The entity ``name`` denotes: (IRI, label).

    An exact label or alias is one index lookup; anything else (other spellings, IRIs,
    near misses with suggestions) goes through the actor index, which reads every name.
    """
    rows = store.query(_EXACT_NAME, {"name": ox.Literal(name.strip())}).rows
    if len({r["entity"].value for r in rows}) == 1:
        return rows[0]["entity"].value, rows[0]["label"].value
    from ..query.resolve import ActorIndex

    match = ActorIndex.of(store).resolve(name)
    return match.iri, match.label


def walk(store: Store, focus: str, depth: int) -> dict[str, int]:
    """Every entity at most ``depth`` direct edges from ``focus``, with its distance."""
    rings = {focus: 0}
    frontier = [focus]
    query = library.get("view-neighbours").text
    for ring in range(1, depth + 1):
        found = {r["neighbour"].value for r in library.rows_for_each(store, query, "actor", frontier)}
        frontier = sorted(found - rings.keys())
        if not frontier:
            break
        rings.update((node, ring) for node in frontier)
    return rings


def _statement_rows(store: Store, among: set[str] | None) -> tuple[list[dict], dict[str, dict[str, list]]]:
    """The ends of the statements among ``among`` (all statements without it) and their facts."""
    query = library.get("view-statements").text
    if among is None:
        rows = store.query(query).rows
    else:
        # Every entity in one query: a statement's ends could fall into different chunks.
        text = with_values(library.get("view-among").text, "entity", [ox.NamedNode(i) for i in sorted(among)])
        candidates = [r["statement"].value
                      for r in store.query(text, {"atLeast": ox.Literal("2", datatype=INTEGER)}).rows]
        rows = library.rows_for_each(store, query, "statement", candidates)
    return rows, _facts(store, {row["statement"].value for row in rows})


def _facts(store: Store, statements: set[str]) -> dict[str, dict[str, list]]:
    """Each statement's facts (view-statement-facts): statement -> fact's local name -> terms."""
    facts: dict[str, dict[str, list]] = {}
    names: dict[str, str] = {}  # a dozen predicates, named once each (not per row)
    for row in library.rows_for_each(store, library.get("view-statement-facts").text, "statement", statements):
        fact = row["fact"].value
        if fact not in names:
            names[fact] = local_name(fact)
        name = names[fact]
        facts.setdefault(row["statement"].value, {}).setdefault(name, []).append(row["value"])
    return facts


def _value(term):
    """A literal as a Python value (decimals as floats, for JSON), an IRI as its text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        from ..query.results import to_python

        value = to_python(term)
        return float(value) if isinstance(value, Decimal) else value
    return term.value


def _one(facts: dict[str, list], name: str):
    """The statement's one value of ``name`` (the least, should the data hold several, so
    the same data always gives the same file)."""
    terms = facts.get(name)
    return min(terms, key=lambda t: t.value) if terms else None


def _links(rows: list[dict], facts: dict[str, dict[str, list]]) -> list[Link]:
    """One link per statement and pair of ends, with the statement's facts; a statement
    with no source is left out (every imported or extracted statement has one)."""
    links: dict[tuple[str, str, str], Link] = {}
    for row in rows:
        key = (row["statement"].value, row["subject"].value, row["object"].value)
        mine = facts.get(key[0], {})
        if key in links or not mine.get("wasDerivedFrom"):
            continue
        values = {name: _value(_one(mine, name)) for name in SUMMED + COUNTED if name in mine}
        if "weapon" in mine:
            values["weapon"] = _one(mine, "weapon").value
        point = _one(mine, "pointInTime")
        links[key] = Link(
            statement=key[0], kind=row["kindClass"].value, family=row["family"].value,
            subject=key[1], object=key[2], sources=sorted({t.value for t in mine["wasDerivedFrom"]}),
            start=year_of(_one(mine, "start") or point), end=year_of(_one(mine, "end") or point), values=values,
            quotes=sorted({t.value for t in mine.get("quote", ())}),
            records=sorted({t.value for t in mine.get("recordId", ())}),
            treaty=_one(mine, "treaty").value if "treaty" in mine else None)
    return sorted(links.values(), key=lambda link: (link.statement, link.subject, link.object))


def _entities(store: Store, iris: set[str]) -> dict[str, dict]:
    """Label, most specific type, category and identifiers of the entities among ``iris``."""
    out: dict[str, dict] = {}
    for row in library.rows_for_each(store, library.get("entities").text, "entity", iris):
        iri = row["entity"].value
        entry = {"label": row["label"].value, "type": row["type"].value, "typeLabel": row["typeLabel"].value,
                 "category": row["category"].value,
                 "wikidata": row["wikidata"].value if row.get("wikidata") else None,
                 "cowCode": int(row["cowCode"].value) if row.get("cowCode") else None}
        # An entity typed with a top class and a subclass (ak:Actor and ak:State) comes
        # twice: the subclass names it better.
        if iri not in out or out[iri]["type"] in TOP_CLASSES:
            out[iri] = entry
    return out


def _labels(store: Store, iris: set[str]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for row in library.rows_for_each(store, library.get("labels").text, "resource", iris):
        labels.setdefault(row["resource"].value, row["label"].value)
    return labels


def treaty_info(store: Store, iris: set[str]) -> dict[str, dict]:
    """What names each treaty: label, curated match, ATOP id, obligations and parties."""
    out: dict[str, dict] = {}
    for row in library.rows_for_each(store, library.get("view-treaties").text, "treaty", iris):
        iri = row["treaty"].value
        entry = out.setdefault(iri, {
            "label": row["label"].value, "match": None, "atopId": None, "obligations": [], "members": {}})
        # Rows come in no set order: the least of several matches, so a file is reproducible.
        if row.get("matchLabel") and (entry["match"] is None or row["matchLabel"].value < entry["match"]):
            entry["match"] = row["matchLabel"].value
        if row.get("atopId"):
            entry["atopId"] = row["atopId"].value
        if row.get("obligation") and row["obligation"].value not in entry["obligations"]:
            entry["obligations"].append(row["obligation"].value)
        if row.get("member"):
            spans = entry["members"].setdefault(row["member"].value, {"label": row["memberLabel"].value, "spans": []})
            span = (year_of(row.get("start")), year_of(row.get("end")))
            if span not in spans["spans"]:
                spans["spans"].append(span)
    for entry in out.values():
        for member in entry["members"].values():
            member["spans"].sort(key=lambda span: tuple(-10_000 if y is None else y for y in span))
    return out


def admitted(link: Link, window: Window | None, sources: set[str] | None, kinds: set[str] | None) -> bool:
    """Whether the options let ``link`` through (one of its sources is enough)."""
    if kinds is not None and link.kind not in kinds:
        return False
    if sources is not None and not sources.intersection(link.sources):
        return False
    return window is None or window.admits(link.start, link.end)


def rewalk(links: list[Link], focus: str, depth: int) -> dict[str, int]:
    """Distances from ``focus`` over ``links`` (either direction), up to ``depth``."""
    neighbours: dict[str, set[str]] = {}
    for link in links:
        neighbours.setdefault(link.subject, set()).add(link.object)
        neighbours.setdefault(link.object, set()).add(link.subject)
    rings, frontier = {focus: 0}, [focus]
    for ring in range(1, depth + 1):
        frontier = sorted({n for node in frontier for n in neighbours.get(node, ())} - rings.keys())
        rings.update((node, ring) for node in frontier)
    return rings


def select(store: Store, options: ViewOptions) -> Selection:
    """The statements the options ask for, between named entities, and those entities.

    Time, source and kind filters come first; the focus then takes everything within
    ``depth`` steps (either direction) over the statements left, and every statement
    between two of those entities. Entities with no statement left are dropped, except
    the focus, so a filter shows only what it kept.
    """
    if options.depth < 0:
        raise UsageError("--depth must be 0 or more")
    kinds = relation_kinds(store)
    sources = sources_of(store)
    wanted_sources = resolve_sources(sources, options.sources) if options.sources else None
    wanted_kinds = resolve_kinds(kinds, options.relations) if options.relations else None
    window = Window.as_of(options.as_of) if options.as_of is not None else None

    focus = focus_label = None
    among = None
    if options.focus:
        focus, focus_label = find_focus(store, options.focus)
        among = set(walk(store, focus, options.depth))
    rows, known = _statement_rows(store, among) if among is None or len(among) > 1 else ([], {})
    links = [link for link in _links(rows, known) if admitted(link, window, wanted_sources, wanted_kinds)]

    ends = {end for link in links for end in link.pair} | ({focus} if focus else set())
    entities = _entities(store, ends)
    drawn = [link for link in links if link.subject in entities and link.object in entities]
    facts = [link for link in links if (link.subject in entities) != (link.object in entities)]
    if focus is not None:
        rings = rewalk(drawn, focus, options.depth)
        drawn = [link for link in drawn if link.subject in rings and link.object in rings]
        facts = [link for link in facts if link.subject in rings or link.object in rings]
    else:
        rings = {end: 0 for link in drawn for end in link.pair}
    names = {iri: entities[iri] for iri in sorted(rings)}
    others = {end for link in facts for end in link.pair if end not in entities}
    named = {str(link.values[v]) for link in drawn + facts for v in NAMED if v in link.values}
    labels = _labels(store, others | named)
    for link in drawn + facts:
        for v in NAMED:
            if v in link.values:
                link.values[v] = labels.get(link.values[v], compact(link.values[v]))
    for link in facts:
        link.values.setdefault("other", labels.get(link.object if link.subject in entities else link.subject,
                                                   compact(link.object)))
    treaty_iris = {iri for iri, n in names.items() if n["category"] == "treaty"}
    treaty_iris |= {link.treaty for link in drawn if link.treaty}
    return Selection(options, focus, focus_label, names, drawn, families_of(kinds, store), kinds, sources,
                     rings, facts, treaty_info(store, treaty_iris) if treaty_iris else {})
