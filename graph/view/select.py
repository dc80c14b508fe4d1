"""What the viewer shows: the signed network cut down by the user's options, with styles.

``select`` applies ``--as-of``, ``--source``, ``--relations`` and then ``--focus/--depth``
to the NetworkX projection; ``view_data`` turns the result into plain, sorted,
JSON-ready node and edge records (vis-network attributes plus the evidence the page
shows on hover). Styles are looked up by the class's local name with a fallback per
category or polarity, so a new actor type or relation kind shows up without new code.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import UsageError
from ..namespaces import compact
from ..network.project import Window, project
from ..store.core import Store

# Actor types and other entities: (vis-network shape, colour). Shapes that draw their
# label below the node keep sizes comparable across types.
TYPE_STYLES = {
    "State": ("dot", "#4e79a7"),
    "InternationalOrganization": ("hexagon", "#f28e2b"),
    "AllianceOrganization": ("hexagon", "#e15759"),
    "NonStateActor": ("triangle", "#76b7b2"),
    "Person": ("star", "#edc948"),
    "EthnicGroup": ("diamond", "#b07aa1"),
    "Territory": ("square", "#59a14f"),
    "Region": ("square", "#a0cb8b"),
    "Treaty": ("triangleDown", "#9c755f"),
}
CATEGORY_STYLES = {
    "actor": ("dot", "#8cb0d9"),
    "place": ("square", "#8cd17d"),
    "treaty": ("triangleDown", "#c7a98b"),
    "event": ("diamond", "#ff9da7"),
    "term": ("box", "#dddddd"),
}
POLARITY_COLORS = {1: "#2e8b57", -1: "#d62728", 0: "#8c8c8c"}
POLARITY_NAMES = {1: "cooperation", -1: "conflict", 0: "neither"}
# Line style per relation kind (vis-network ``dashes``); other kinds are solid.
KIND_DASHES = {
    "ArmsTransfer": [10, 6],
    "MilitaryPresence": [2, 5],
    "Threat": [5, 5],
    "StrainedRelations": [14, 5],
    "MutualAccusation": [14, 5, 2, 5],
    "Criticism": [2, 4, 8, 4],
    "TreatyInvocation": [4, 4],
    "NonIntervention": [1, 5],
}
BASE_WIDTH = 1.5

_KINDS_QUERY = """
PREFIX ak:   <https://w3id.org/actorkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?kind ?label ?short ?polarity WHERE {
  ?kind a ak:RelationKind ; rdfs:label ?label ; ak:shortLabel ?short ; ak:polarity ?polarity .
}
"""

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


@dataclass(frozen=True)
class ViewOptions:
    """The viewer's filters, as given on the command line or in the server's URL."""

    focus: str | None = None
    depth: int = 1
    relations: tuple[str, ...] = ()
    as_of: int | None = None
    sources: tuple[str, ...] = ()

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


@dataclass
class Selection:
    """The selected multigraph and what the names in the options resolved to."""

    graph: object
    options: ViewOptions
    focus: str | None = None
    focus_label: str | None = None
    kinds: dict[str, dict] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


def relation_kinds(store: Store) -> dict[str, dict]:
    """Every relation kind of the ontology: IRI -> label, short label, polarity."""
    kinds = {}
    for row in store.query(_KINDS_QUERY).rows:
        kinds[row["kind"].value] = {"label": row["label"].value, "short": row["short"].value,
                                    "polarity": int(row["polarity"].value)}
    return dict(sorted(kinds.items()))


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


def _label_terms(store: Store, graph) -> None:
    """Give edge ends that are not named entities (e.g. an obligation type) a label."""
    bare = sorted(n for n, d in graph.nodes(data=True) if "label" not in d)
    if not bare:
        return
    # The IRIs come from the store; pyoxigraph serializes them, nothing is pasted by hand.
    values = " ".join(str(ox.NamedNode(n)) for n in bare)
    rows = store.query("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                       "SELECT ?x (SAMPLE(?l) AS ?label) WHERE { VALUES ?x { " + values + " } "
                       "OPTIONAL { ?x rdfs:label ?l } } GROUP BY ?x").rows
    labels = {r["x"].value: r["label"].value for r in rows if r.get("label")}
    for node in bare:
        graph.nodes[node].update(label=labels.get(node, compact(node)), type="", type_label="term",
                                 category="term")


def select(store: Store, options: ViewOptions) -> Selection:
    """The part of the graph the options ask for.

    Time, source and kind filters come first; the focus then takes everything within
    ``depth`` steps (either direction) over the edges left. Nodes with no edge left are
    dropped, except the focus, so a filter shows only what it kept.
    """
    import networkx as nx

    if options.depth < 0:
        raise UsageError("--depth must be 0 or more")
    kinds = relation_kinds(store)
    sources = sources_of(store)
    wanted_sources = resolve_sources(sources, options.sources) if options.sources else None
    wanted_kinds = resolve_kinds(kinds, options.relations) if options.relations else None
    window = Window.as_of(options.as_of) if options.as_of is not None else None

    focus = focus_label = None
    if options.focus:
        from ..query.resolve import ActorIndex

        match = ActorIndex.of(store).resolve(options.focus)
        focus, focus_label = match.iri, match.label

    graph = project(store, window, wanted_sources)
    _label_terms(store, graph)
    if wanted_kinds is not None:
        graph.remove_edges_from([(u, v, k) for u, v, k, kind in graph.edges(keys=True, data="kind_class")
                                 if kind not in wanted_kinds])
    keep = {n for n in graph if graph.degree(n) > 0}
    if focus is not None:
        keep.add(focus)
    graph = graph.subgraph(keep)
    if focus is not None:
        ball = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), focus,
                                                     cutoff=options.depth)
        graph = graph.subgraph(ball)
    return Selection(nx.MultiDiGraph(graph), options, focus, focus_label, kinds, sources)


def node_style(data: dict) -> tuple[str, str]:
    return TYPE_STYLES.get(local_name(data.get("type") or ""),
                           CATEGORY_STYLES.get(data.get("category"), CATEGORY_STYLES["term"]))


def _years(start: int | None, end: int | None) -> str:
    if start is None and end is None:
        return ""
    if start == end:
        return str(start)
    return f"{'' if start is None else start}–{'' if end is None else end}"


def _smooth(index: int, reverse: bool):
    """Parallel edges between one pair: the first straight, the others bowed alternately."""
    if index == 0:
        return False
    clockwise = (index % 2 == 1) != reverse
    return {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW",
            "roundness": round(0.2 * math.ceil(index / 2), 2)}


def view_data(selection: Selection) -> dict:
    """Sorted, JSON-ready records for the page: nodes, edges, legend and filter lists."""
    from .layout import layout

    graph = selection.graph
    positions = layout(graph.nodes, [(u, v) for u, v in graph.edges()])
    nodes = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        shape, color = node_style(data)
        degree = graph.degree(node)
        nodes.append({
            "id": node, "label": data.get("label", compact(node)), "iri": node,
            "typeLabel": data.get("type_label", ""), "category": data.get("category", "term"),
            "wikidata": data.get("wikidata"), "cowCode": data.get("cow_code"),
            "degree": degree, "shape": shape, "color": color,
            "size": round(min(45.0, 9 + 4 * math.sqrt(degree)), 1),
            "x": positions[node][0], "y": positions[node][1],
            "borderWidth": 3 if node == selection.focus else 1,
        })

    weights = [d["weight"] for *_, d in graph.edges(data=True) if isinstance(d.get("weight"), (int, float))]
    top = max(weights, default=0)
    edges, seen_pairs, seen_keys = [], {}, {}
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1])):
        pair = (u, v) if u <= v else (v, u)
        index = seen_pairs.get(pair, 0)
        seen_pairs[pair] = index + 1
        # A statement with three or more parties is several edges: vis-network ids must differ.
        repeat = seen_keys.get(key, 0)
        seen_keys[key] = repeat + 1
        weight = data.get("weight")
        width = BASE_WIDTH
        if isinstance(weight, (int, float)) and weight > 0 and top > 0:
            width = round(BASE_WIDTH + 6 * math.log1p(weight) / math.log1p(top), 2)
        kind = selection.kinds.get(data["kind_class"], {})
        color = POLARITY_COLORS.get(data["polarity"], POLARITY_COLORS[0])
        source = selection.sources.get(data["source"], {})
        edges.append({
            "id": key if not repeat else f"{key}#{repeat}", "statement": key, "from": u, "to": v,
            "kind": data["kind"], "kindClass": data["kind_class"], "kindLabel": kind.get("label", data["kind"]),
            "polarity": data["polarity"], "symmetric": data["symmetric"],
            "start": data["start"], "end": data["end"], "years": _years(data["start"], data["end"]),
            "source": data["source"], "sourceLabel": source.get("label", compact(data["source"])),
            "reliability": data.get("reliability"), "reliabilityLabel": source.get("gradeLabel"),
            # GROUP_CONCAT has no defined order: sort so the same data gives the same file.
            "quotes": sorted(data["quotes"]), "records": sorted(data["records"]), "weight": weight,
            "color": {"color": color, "highlight": color, "hover": color, "opacity": 0.85},
            "dashes": KIND_DASHES.get(local_name(data["kind_class"]), False),
            "width": width,
            "arrows": {"to": {"enabled": not data["symmetric"], "scaleFactor": 0.6}},
            "smooth": _smooth(index, u > v),
        })
    return {"nodes": nodes, "edges": edges, "legend": _legend(nodes, edges, selection),
            "focus": selection.focus,
            "subtitle": selection.options.describe(selection.focus_label)}


def _legend(nodes: list[dict], edges: list[dict], selection: Selection) -> dict:
    types = sorted({(n["typeLabel"] or n["category"], n["shape"], n["color"]) for n in nodes})
    kinds: dict[str, dict] = {}
    for e in edges:
        entry = kinds.setdefault(e["kindClass"], {
            "kindClass": e["kindClass"], "kind": e["kind"], "label": e["kindLabel"],
            "polarity": e["polarity"], "color": e["color"]["color"], "dashes": e["dashes"],
            "directed": not e["symmetric"], "count": 0})
        entry["count"] += 1
    sources: dict[str, dict] = {}
    for e in edges:
        entry = sources.setdefault(e["source"], {"source": e["source"], "label": e["sourceLabel"],
                                                 "reliability": e["reliability"], "count": 0})
        entry["count"] += 1
    return {
        "types": [{"label": t, "shape": s, "color": c} for t, s, c in types],
        "kinds": sorted(kinds.values(), key=lambda k: (-k["polarity"], k["label"])),
        "sources": sorted(sources.values(), key=lambda s: s["label"]),
        "polarities": [{"polarity": p, "label": POLARITY_NAMES[p], "color": POLARITY_COLORS[p]}
                       for p in (1, -1, 0)],
    }
