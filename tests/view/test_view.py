"""The viewer without a browser: what is selected, how ties total, and the HTML's guarantees."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
import time

import pytest
from actorkg.graph.errors import UnknownActor, UsageError
from actorkg.graph.network.project import project
from actorkg.graph.query import library
from actorkg.graph.view.render import PALETTES, page_data, render_html, render_view
from actorkg.graph.view.select import ViewOptions, select
from actorkg.graph.view.ties import ties_of

from ..conftest import SHARED_DATA
from .viewer_helpers import XSS_LABEL, XSS_QUOTE, page_data as data_of, write_large_graph, xss_ttl

KG = "https://w3id.org/actorkg/entity/"
AK = "https://w3id.org/actorkg/ontology#"
STMT = "https://w3id.org/actorkg/statement/"
ENTITIES = {"actor", "place", "treaty", "event"}


def scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, re.S)


@pytest.fixture(scope="module")
def article_html(graph):
    return render_view(graph)


def test_whole_graph_holds_every_statement_between_entities(graph, article_html):
    html, selection = article_html
    full = project(graph)
    entity = {n for n, d in full.nodes(data=True) if d["category"] in ENTITIES}
    between = {(k, u, v) for u, v, k in full.edges(keys=True) if u in entity and v in entity}
    assert {(link.statement, link.subject, link.object) for link in selection.links} == between
    assert set(selection.nodes) == {end for _, u, v in between for end in (u, v)}
    # The one statement with a non-entity end (the treaty's defence obligation) is a fact.
    assert [(f.subject, f.values["other"]) for f in selection.facts] == [(KG + "CollectiveSecurityTreaty", "defense")]
    data = data_of(html)
    assert len(data["links"]["tie"]) == len(between) and len(data["nodes"]) == len(selection.nodes)


def test_one_tie_per_pair_and_family(article_html):
    _, selection = article_html
    ties = ties_of(selection)
    arms = ties[(KG + "Russia", KG + "Azerbaijan", AK + "armsSupplierOf")]
    assert arms.totals()["statements"] == 2 and arms.totals()["undated"] == 1
    # Strategic and treaty alliance are one family, ak:allyOf, drawn once.
    allies = ties[(KG + "Armenia", KG + "Russia", AK + "allyOf")]
    assert sorted(link.kind.split("#")[1] for link in allies.links) == ["StrategicAlliance", "TreatyAlliance"]
    assert len(ties) == len({(t.source, t.target, t.family.iri) for t in ties.values()})
    assert len(ties) < len(selection.links)


def test_page_data_carries_evidence_and_colours_by_polarity(article_html):
    data = data_of(article_html[0])
    nodes = [n["iri"] for n in data["nodes"]]
    families = {f["iri"]: f for f in data["families"]}
    links = data["links"]
    arms = [i for i, t in enumerate(links["tie"])
            if nodes[data["ties"]["source"][t]] == KG + "Russia" and nodes[data["ties"]["target"][t]] == KG + "Azerbaijan"
            and data["families"][data["ties"]["family"][t]]["iri"] == AK + "armsSupplierOf"]
    quotes = [q for i in arms for q in links["quotes"][i] or []]
    assert "It’s worth noting that Russia serves as one of Azerbaijan’s primary sources of arms." in quotes
    source = data["sources"][links["sources"][arms[0]]]
    assert source["label"].startswith("article: Russia’s Role") and source["grade"] == "F"
    assert families[AK + "armsSupplierOf"]["color"] in PALETTES[1] and families[AK + "armsSupplierOf"]["directed"]
    assert families[AK + "hostileTo"]["color"] in PALETTES[-1] and not families[AK + "allyOf"]["directed"]
    treaty = next(n for n in data["nodes"] if n["iri"] == KG + "CollectiveSecurityTreaty")
    assert treaty["label"] == "Collective Security Treaty" and treaty["shape"] == "triangleDown"
    assert treaty["treaty"]["obligations"] == "defense" and len(treaty["treaty"]["members"]) == 2


def test_focus_and_depth(graph):
    one = select(graph, ViewOptions(focus="Baku", depth=1)).nodes
    assert KG + "Azerbaijan" in one and KG + "Russia" in one and KG + "Turkey" in one
    assert KG + "RussianEmpire" not in one  # two steps away
    zero = select(graph, ViewOptions(focus="Azerbaijan", depth=0))
    assert list(zero.nodes) == [KG + "Azerbaijan"] and zero.links == []
    two = select(graph, ViewOptions(focus="Azerbaijan", depth=2))
    assert KG + "RussianEmpire" in two.nodes and two.rings[KG + "RussianEmpire"] == 2


def test_relation_filter_by_short_label_family_or_class(graph):
    arms = select(graph, ViewOptions(relations=("arms",)))
    assert set(arms.nodes) == {KG + "Russia", KG + "Azerbaijan"} and len(arms.links) == 2
    alliance = select(graph, ViewOptions(relations=("alliance",)))
    assert {link.kind for link in alliance.links} == {AK + "StrategicAlliance", AK + "TreatyAlliance"}
    with pytest.raises(UsageError) as e:
        select(graph, ViewOptions(relations=("armz",)))
    assert "no relation kind 'armz'" in e.value.message and "arms" in e.value.hint


def test_as_of_keeps_undated_and_drops_later_statements(graph):
    old = select(graph, ViewOptions(as_of=1990))
    assert AK + "MilitaryPresence" not in {link.kind for link in old.links}  # since 1991
    assert AK + "ArmsTransfer" in {link.kind for link in old.links}  # the undated arms claim stays
    assert all(link.start is None or link.start <= 1990 for link in old.links)


def test_source_filter_and_unknown_focus(graph):
    kept = select(graph, ViewOptions(sources=("article",)))
    assert len(kept.links) == len(select(graph, ViewOptions()).links)
    with pytest.raises(UsageError) as e:
        select(graph, ViewOptions(sources=("sipri",)))
    assert "no source 'sipri'" in e.value.message and "article" in e.value.hint
    with pytest.raises(UnknownActor) as e:
        select(graph, ViewOptions(focus="Azerbajan"))
    assert "Azerbaijan" in e.value.hint


def test_html_is_self_contained_and_locks_itself_down(article_html):
    html = article_html[0]
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)\s*=", html, re.I)
    assert "@import" not in html and not re.search(r"https?://[^\"'\s]*\.(js|css)\b", html)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1).replace("&#39;", "'")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    for body in scripts(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert len(scripts(html)) == 2  # the bundled renderer and the page script


def test_output_is_deterministic(graph, article_html):
    assert render_view(graph)[0] == article_html[0]


def test_hostile_text_is_escaped(tmp_path):
    from actorkg.graph.store.load import open_graph

    path = tmp_path / "hostile.ttl"
    path.write_text(xss_ttl(), encoding="utf-8")
    html, _ = render_view(open_graph([path]), ViewOptions(focus="Russia"))
    for needle in ("<script>window.__xss", "<img src=x", "<img src=y", "<b>hi</b>", "<iframe"):
        assert needle not in html
    data = data_of(html)
    evil = next(n for n in data["nodes"] if n["iri"] == KG + "Evil")
    assert evil["label"] == XSS_LABEL
    assert XSS_QUOTE in [q for qs in data["links"]["quotes"] if qs for q in qs]


def test_render_html_escapes_heading(article_html):
    data = dict(data_of(article_html[0]), subtitle="<i>x</i>")
    html = render_html(data, heading="<script>bad()</script>")
    assert "<script>bad()" not in html and "&lt;script&gt;bad()" in html and "&lt;i&gt;x" in html


def test_large_graph_renders_deterministically(tmp_path):
    from actorkg.graph.store.load import open_graph

    store = open_graph([write_large_graph(tmp_path / "large.ttl")])
    started = time.perf_counter()
    html, selection = render_view(store)
    seconds = time.perf_counter() - started
    data = data_of(html)
    assert len(data["nodes"]) >= 2000 and len(data["links"]["tie"]) >= 4000
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) > 0.99 * len(data["nodes"])
    assert seconds < 120, f"rendering took {seconds:.1f} s"
    assert render_html(page_data(selection)) == html


def centre_share(data: dict) -> tuple[float, float]:
    """Where the focus sits across the picture's width and height (0 an edge, 0.5 the middle)."""
    xs, ys = [n["x"] for n in data["nodes"]], [n["y"] for n in data["nodes"]]
    focus = data["nodes"][data["meta"]["focus"]]
    return (focus["x"] - min(xs)) / (max(xs) - min(xs)), (focus["y"] - min(ys)) / (max(ys) - min(ys))


@pytest.mark.parametrize("focus, depth", [("Actor 0001", 2), ("Actor 1500", 2), ("Actor 1500", 3)])
def test_a_focused_view_is_laid_out_around_its_focus(tmp_path, focus, depth):
    from actorkg.graph.store.load import open_graph

    store = open_graph([write_large_graph(tmp_path / "large.ttl")])
    data = page_data(select(store, ViewOptions(focus=focus, depth=depth)))
    assert len({n["community"] for n in data["nodes"]}) >= 3
    assert all(0.35 < share < 0.65 for share in centre_share(data)), centre_share(data)


# --- the real world store -----------------------------------------------------------------

def sipri_deals(supplier: str, recipient: str) -> tuple[int, float]:
    """Deals and delivered TIV from the raw SIPRI CSV, read with the csv module."""
    text = (SHARED_DATA / "sipri-trade-register-1950-2024.csv").read_text(encoding="latin-1")
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Recipient,Supplier,"))
    rows = [r for r in csv.reader(io.StringIO("\n".join(lines[header + 1:])))
            if len(r) == 16 and r[0].strip() == recipient and r[1].strip() == supplier]
    return len(rows), sum(float(r[15]) for r in rows if r[15].strip())


@pytest.fixture(scope="module")
def azerbaijan(world_store):
    return select(world_store, ViewOptions(focus="Azerbaijan"))


@pytest.mark.shared_data
def test_world_tie_totals_equal_sparql_and_the_sipri_file(world_store, azerbaijan):
    ties = ties_of(azerbaijan)
    tie = ties[(KG + "Russia", KG + "Azerbaijan", AK + "armsSupplierOf")].totals()
    rows = library.run(world_store, "ties", {"actor": "Azerbaijan"}).rows
    expected = next(r for r in rows if r["subject"].value == KG + "Russia" and r["family"].value == AK + "armsSupplierOf"
                    and r["object"].value == KG + "Azerbaijan")
    assert tie["statements"] == int(expected["statements"].value)
    assert tie["tiv"] == pytest.approx(float(expected["totalTiv"].value))
    deals, tiv = sipri_deals("Russia", "Azerbaijan")
    article = [link for link in ties[(KG + "Russia", KG + "Azerbaijan", AK + "armsSupplierOf")].links
               if link.statement.startswith(STMT + "article-")]
    assert tie["statements"] == deals + len(article) and len(article) == 2
    assert tie["tiv"] == pytest.approx(tiv)
    # Every tie of the focus matches the aggregated query, not just this one.
    by_key = {(r["subject"].value, r["object"].value, r["family"].value): r for r in rows}
    mine = {k: t.totals() for k, t in ties.items() if KG + "Azerbaijan" in k[:2]}
    assert set(mine) == {k for k in by_key if k[0] in azerbaijan.nodes and k[1] in azerbaijan.nodes}
    for key, totals in mine.items():
        assert totals["statements"] == int(by_key[key]["statements"].value), key


@pytest.mark.shared_data
def test_world_as_of_equals_the_aggregated_query(world_store):
    selection = select(world_store, ViewOptions(focus="Azerbaijan", as_of=2015))
    rows = library.run(world_store, "ties", {"actor": "Azerbaijan", "year": "2015"}).rows
    expected = {(r["subject"].value, r["object"].value, r["family"].value): int(r["statements"].value) for r in rows}
    mine = {k: t.totals()["statements"] for k, t in ties_of(selection).items() if KG + "Azerbaijan" in k[:2]}
    assert mine == {k: n for k, n in expected.items() if k[0] in selection.nodes and k[1] in selection.nodes}


@pytest.mark.shared_data
def test_world_treaties_are_named_from_the_store(azerbaijan):
    data = page_data(azerbaijan)
    labels = {n["iri"]: n["label"] for n in data["nodes"]}
    assert labels[KG + "ATOP-4220"] == "Collective Security Treaty (ATOP 4220)"
    atop = [label for iri, label in labels.items() if iri.startswith(KG + "ATOP-") and iri != KG + "ATOP-4220"]
    assert atop and all(re.fullmatch(r"ATOP \d+: .+", label) for label in atop)
    assert not any(label.startswith("ATOP alliance") for label in labels.values())
