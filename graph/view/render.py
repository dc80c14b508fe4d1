"""Render a view as ONE self-contained HTML file that works with no network at all.

The page inlines its renderer (sigma.js and graphology, bundled into
``assets/viewer-lib.min.js`` by ``assets/build.sh``), its script and the data, and
nothing else. All data travels as one JSON document (``<``, ``>`` and ``&`` escaped by
Jinja's ``tojson``) read with ``JSON.parse``; the page script puts data into the DOM
only as text. A Content-Security-Policy forbids every fetch and allows only the page's
own two scripts (by hash), so even an escaping mistake could not run code or reach the
network.

The data is laid out in columns to stay small at world scale: one entry per statement
(its tie, kind, years, sources, TIV, values, quotes, records), strings the statements
share (weapon categories, support types) once in a table; pack.py packs the columns
further for the page (texts as templates and numbers, sparse columns as gaps), and the
JSON is written without spaces.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections import Counter
from pathlib import Path

from ..store.core import Store
from .layout import layout
from .pack import pack
from .select import COUNTED, SUMMED, Selection, ViewOptions, local_name, select
from .ties import measure_of, ties_of, volume

LIB = Path(__file__).resolve().parent / "assets" / "viewer-lib.min.js"

# Actor types and other entities: (shape, colour); the page's node program draws the shapes.
TYPE_STYLES = {
    "State": ("circle", "#4e79a7"),
    "InternationalOrganization": ("hexagon", "#f28e2b"),
    "AllianceOrganization": ("hexagon", "#e15759"),
    "NonStateActor": ("triangle", "#76b7b2"),
    "UnidentifiedActor": ("circle", "#b0b0b0"),
    "UnresolvedActor": ("circle", "#b0b0b0"),
    "Person": ("star", "#edc948"),
    "EthnicGroup": ("diamond", "#b07aa1"),
    "Territory": ("square", "#59a14f"),
    "Region": ("square", "#a0cb8b"),
    "Treaty": ("triangleDown", "#9c755f"),
}
CATEGORY_STYLES = {
    "actor": ("circle", "#8cb0d9"),
    "place": ("square", "#8cd17d"),
    "treaty": ("triangleDown", "#c7a98b"),
    "event": ("diamond", "#ff9da7"),
}
# Family colours by polarity, handed out in order of how many ties a family has.
PALETTES = {
    1: ["#2e8b57", "#1f77b4", "#17becf", "#6b8e23", "#1b5e20", "#5e9fd0", "#4daf4a", "#00897b"],
    -1: ["#d62728", "#ff7f0e", "#8c1d18", "#e377c2", "#b8860b", "#f4a582", "#9e0142", "#c51b7d"],
    0: ["#7f7f7f", "#9467bd", "#8c6d31", "#bcbd22", "#636363", "#a55194"],
}
# How the page names and totals the values of view-statements (labels from the ontology
# where it has one: ak:weaponDescription is "weapon description").
QUALIFIER_LABELS = {"weapon": ("weapon", ""), "weaponDescription": ("weapon description", ""),
                    "hostilityLevel": ("hostility level", "hostility"), "battleDeaths": ("battle-related deaths", "deaths"),
                    "supportType": ("support type", ""), "outcome": ("outcome", "")}


def node_style(data: dict) -> tuple[str, str]:
    return TYPE_STYLES.get(local_name(data.get("type") or ""),
                           CATEGORY_STYLES.get(data.get("category"), CATEGORY_STYLES["actor"]))


def _treaty_label(info: dict, shown: dict[str, int]) -> str:
    """A treaty's name from what the store knows: its own label when it is a name, the
    label of the curated treaty it matches, else its ATOP id with its parties ('ATOP 4725:
    Azerbaijan, Georgia, Turkey'). Nothing invented: ATOP's alliance file has no names."""
    if not info.get("atopId"):
        return info["label"]
    own = f"ATOP {info['atopId']}"
    if info.get("match"):
        return f"{info['match']} ({own})"
    members = sorted(info["members"].items(), key=lambda kv: (shown.get(kv[0], 99), kv[1]["label"]))
    names = [m["label"] for _, m in members]
    if not names:
        return info["label"]
    if len(names) <= 3:
        return f"{own}: {', '.join(names)}"
    return f"{own}: {', '.join(names[:2])} +{len(names) - 2}"


def _years(start, end) -> str:
    if start is None and end is None:
        return ""
    if start == end or end is None:
        return str(start)
    return f"{'' if start is None else start}–{end}"


def page_data(selection: Selection) -> dict:
    """The JSON document the page reads (see page.py for how it is used)."""
    ties = ties_of(selection)
    measures = measure_of(selection)
    nodes_order = sorted(selection.nodes)
    node_index = {iri: i for i, iri in enumerate(nodes_order)}
    weights = [(t.source, t.target, volume(t, measures[t.family.iri])) for t in ties.values()]
    positions, communities = layout(nodes_order, [(u, v, max(w, 1.0)) for u, v, w in weights],
                                    centre=selection.focus)

    used_families = Counter(t.family.iri for t in ties.values())
    families = sorted(selection.families.values(), key=lambda f: (-f.polarity, -used_families[f.iri], f.label))
    family_index = {f.iri: i for i, f in enumerate(families)}
    colours = {}
    for polarity, palette in PALETTES.items():
        members = [f for f in families if f.polarity == polarity]
        for n, f in enumerate(members):
            colours[f.iri] = palette[n % len(palette)]
    kinds = sorted(selection.kinds.items(), key=lambda kv: (family_index.get(kv[1]["family"], 99), kv[1]["label"]))
    kind_index = {iri: i for i, (iri, _) in enumerate(kinds)}
    sources = list(selection.sources.items())
    source_index = {iri: i for i, (iri, _) in enumerate(sources)}

    treaty_refs: dict[str, object] = {}
    treaties_out: dict[str, dict] = {}
    for iri, info in selection.treaties.items():
        entry = {"name": _treaty_label(info, selection.rings), "obligations": ", ".join(sorted(info["obligations"])) or None,
                 "match": info.get("match"),
                 "members": [f"{m['label']} ({', '.join(_years(*s) or 'undated' for s in m['spans'])})"
                             for _, m in sorted(info["members"].items(), key=lambda kv: kv[1]["label"])]}
        treaties_out[iri] = entry
        treaty_refs[iri] = node_index.get(iri, iri)

    facts: dict[str, list[dict]] = {}
    for link in selection.facts:
        owner = link.subject if link.subject in selection.nodes else link.object
        family = selection.families.get(link.family)
        facts.setdefault(owner, []).append({"label": family.label if family else local_name(link.family),
                                            "other": link.values.get("other"), "years": _years(link.start, link.end)})

    nodes = []
    for iri in nodes_order:
        info = selection.nodes[iri]
        shape, colour = node_style(info)
        node = {"iri": iri, "name": info["label"], "label": info["label"], "typeLabel": info["typeLabel"],
                "category": info["category"], "shape": shape, "color": colour,
                "x": positions[iri][0], "y": positions[iri][1], "community": communities[iri],
                "ring": selection.rings.get(iri, 0), "wikidata": info.get("wikidata"), "cowCode": info.get("cowCode")}
        if iri in treaties_out:
            node["label"] = treaties_out[iri]["name"]
            node["treaty"] = {k: treaties_out[iri][k] for k in ("obligations", "match", "members")}
        if iri in facts:
            node["facts"] = sorted(facts[iri], key=lambda f: (f["label"], f["other"] or ""))
        nodes.append(node)

    qualifiers = [name for name in ("weapon", *COUNTED, *SUMMED) if name != "tiv"]
    qualifier_index = {name: i for i, name in enumerate(qualifiers)}
    strings: list[str] = []
    string_index: dict[str, int] = {}

    def intern(text: str) -> int:
        if text not in string_index:
            string_index[text] = len(strings)
            strings.append(text)
        return string_index[text]

    tie_index = {key: i for i, key in enumerate(ties)}
    columns: dict[str, list] = {name: [] for name in (
        "tie", "kind", "start", "end", "sources", "tiv", "values", "quotes", "records", "treaty", "statement")}
    for key, tie in ties.items():
        for link in tie.links:
            columns["tie"].append(tie_index[key])
            columns["kind"].append(kind_index[link.kind])
            columns["start"].append(link.start)
            columns["end"].append(link.end)
            ids = [source_index[s] for s in link.sources]
            columns["sources"].append(ids[0] if len(ids) == 1 else ids)
            tiv = link.values.get("tiv")
            columns["tiv"].append(None if tiv is None else _number(tiv))
            values = [[qualifier_index[name], intern(_text(link.values[name]))]
                      for name in qualifiers if name in link.values]
            columns["values"].append(values or None)
            columns["quotes"].append(link.quotes or None)
            columns["records"].append(link.records or None)
            columns["treaty"].append(treaty_refs.get(link.treaty) if link.treaty else None)
            columns["statement"].append(link.statement)

    years = [y for link in selection.links for y in (link.start, link.end) if y is not None]
    legend_types = sorted({(n["typeLabel"] or n["category"], n["shape"], n["color"]) for n in nodes})
    return {
        "meta": {"focus": node_index.get(selection.focus) if selection.focus else None,
                 "depth": selection.options.depth if selection.focus else 1,
                 "years": [min(years), max(years)] if years else [0, 0],
                 "asOf": selection.options.as_of},
        "subtitle": selection.options.describe(selection.focus_label),
        "families": [{"iri": f.iri, "label": f.label, "polarity": f.polarity, "directed": f.directed,
                      "measure": measures[f.iri], "color": colours[f.iri]} for f in families],
        "kinds": [{"iri": iri, "label": k["label"], "short": k["short"],
                   "family": family_index.get(k["family"])} for iri, k in kinds],
        "sources": [{"iri": iri, "label": s["label"], "grade": s["grade"], "gradeLabel": s["gradeLabel"]}
                    for iri, s in sources],
        "qualifiers": [{"name": name, "label": QUALIFIER_LABELS[name][0], "short": QUALIFIER_LABELS[name][1],
                        "total": "sum" if name in SUMMED else "count"} for name in qualifiers],
        "nodes": nodes,
        "ties": {"source": [node_index[t.source] for t in ties.values()],
                 "target": [node_index[t.target] for t in ties.values()],
                 "family": [family_index[t.family.iri] for t in ties.values()]},
        "links": columns, "strings": strings,
        "treaties": {iri: t for iri, t in treaties_out.items() if iri not in node_index},
        "legend": {"types": [{"label": t, "shape": s, "color": c} for t, s, c in legend_types]},
    }


def _number(value) -> int | float:
    value = float(value)
    return int(value) if value.is_integer() else round(value, 6)


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(scripts: list[str]) -> str:
    """No fetches of any kind; only the given inline scripts run; images only from data: URLs."""
    return ("default-src 'none'; script-src " + " ".join(_sha256(s) for s in scripts) +
            "; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'")


def _library() -> str:
    js = LIB.read_text(encoding="utf-8")
    # Inlined verbatim: a closing tag inside would end the element early.
    if "</script" in js.lower():
        raise RuntimeError(f"{LIB} contains a closing script tag; cannot inline it")
    return js


@functools.lru_cache(maxsize=1)
def viewer_policy() -> str:
    """The Content-Security-Policy of every viewer page (its scripts are the same on each)."""
    from .page import SCRIPT

    return content_security_policy([_library(), SCRIPT])


def render_html(data: dict, heading: str = "actorkg: who supports whom") -> str:
    """The page for ``data`` (from ``page_data``) as a string."""
    from jinja2 import DictLoader, Environment
    from markupsafe import Markup

    from actorkg import __version__

    from .page import CSS, PAGE, SCRIPT

    # Escape everything that is not explicitly Markup.
    env = Environment(loader=DictLoader({"viewer.html": PAGE}), autoescape=True)
    # tojson still escapes < > & ' (htmlsafe_json_dumps); no spaces, and UTF-8 rather than
    # \u escapes: a tenth of a world view's size.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
    js = _library()
    return env.get_template("viewer.html").render(
        data=pack(data), heading=heading, subtitle=data.get("subtitle", ""), version=__version__,
        lib_js=Markup(js), page_js=Markup(SCRIPT), page_css=Markup(CSS), csp=content_security_policy([js, SCRIPT]))


def render_view(store: Store, options: ViewOptions = ViewOptions(),
                heading: str = "actorkg: who supports whom") -> tuple[str, Selection]:
    """Select, lay out and render: the HTML and the selection it shows."""
    selection = select(store, options)
    return render_html(page_data(selection), heading), selection


def describe(selection: Selection) -> str:
    """'52 actors, 502 ties (4,250 statements)' for the CLI's message."""
    ties = ties_of(selection)
    statements = len({link.statement for link in selection.links})
    return f"{len(selection.nodes)} actors, {len(ties)} ties ({statements:,} statements)"



def write_view(store: Store, options: ViewOptions, path: Path) -> str:
    """Render the view into ``path`` (atomically) and say what was written."""
    from ..files import write_atomically

    html, selection = render_view(store, options)
    payload = html.encode("utf-8")
    write_atomically(path, payload)
    return f"Wrote {path}: {describe(selection)} ({len(payload) / 1024:,.0f} KiB)"
