"""The viewer without a browser: what is selected, how it is styled, and the HTML's guarantees."""

from __future__ import annotations

import base64
import hashlib
import re
import time

import pytest
from actorkg.graph.errors import UnknownActor, UsageError
from actorkg.graph.network.project import project
from actorkg.graph.view.render import render_html, render_view
from actorkg.graph.view.select import ViewOptions, select, view_data

from .viewer_helpers import XSS_LABEL, XSS_QUOTE, page_data, write_large_graph, xss_ttl

KG = "https://w3id.org/actorkg/entity/"
STMT = "https://w3id.org/actorkg/statement/"


def scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, re.S)


@pytest.fixture(scope="module")
def article_html(graph):
    html, selection = render_view(graph)
    return html, selection


def test_whole_graph_shows_every_entity_with_a_relation(graph, article_html):
    html, selection = article_html
    full = project(graph)
    connected = {n for n in full if full.degree(n) > 0}
    data = page_data(html)
    assert {n["id"] for n in data["nodes"]} == connected
    assert len(data["edges"]) == full.number_of_edges() == selection.graph.number_of_edges()
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])  # vis-network needs unique ids


def test_russia_azerbaijan_edges_carry_quotes_and_source(article_html):
    data = page_data(article_html[0])
    arms = [e for e in data["edges"] if e["from"] == KG + "Russia" and e["to"] == KG + "Azerbaijan"]
    assert {e["kind"] for e in arms} == {"arms"}
    edge = next(e for e in arms if e["id"] == STMT + "article-russia-arms-azerbaijan")
    assert edge["quotes"] == ["It’s worth noting that Russia serves as one of Azerbaijan’s primary sources of arms."]
    assert edge["sourceLabel"].startswith("article: Russia’s Role")
    assert edge["reliability"] == "F"
    assert edge["polarity"] == 1 and edge["color"]["color"] == "#2e8b57"
    assert edge["arrows"]["to"]["enabled"] is True
    assert edge["dashes"]  # arms transfers are dashed


def test_styles_follow_type_polarity_and_degree(article_html):
    data = page_data(article_html[0])
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[KG + "Russia"]["shape"] == "dot"
    assert nodes[KG + "NikolPashinyan"]["shape"] == "star"
    assert nodes[KG + "NagornoKarabakh"]["shape"] == "square"
    assert nodes[KG + "Russia"]["size"] > nodes[KG + "Iran"]["size"]  # more relations, bigger
    conflict = next(e for e in data["edges"] if e["kind"] == "conflict")
    assert conflict["color"]["color"] == "#d62728" and conflict["arrows"]["to"]["enabled"] is False
    assert {k["label"] for k in data["legend"]["kinds"]} >= {"arms transfer", "support", "military presence"}


def test_focus_and_depth(graph):
    one = select(graph, ViewOptions(focus="Baku", depth=1)).graph
    assert KG + "Azerbaijan" in one and KG + "Russia" in one and KG + "Turkey" in one
    assert KG + "RussianEmpire" not in one  # two steps away
    zero = select(graph, ViewOptions(focus="Azerbaijan", depth=0)).graph
    assert list(zero.nodes) == [KG + "Azerbaijan"] and zero.number_of_edges() == 0
    two = select(graph, ViewOptions(focus="Azerbaijan", depth=2)).graph
    assert KG + "RussianEmpire" in two


def test_relation_filter_by_short_label_family_or_class(graph):
    arms = select(graph, ViewOptions(relations=("arms",))).graph
    assert set(arms.nodes) == {KG + "Russia", KG + "Azerbaijan"} and arms.number_of_edges() == 2
    alliance = select(graph, ViewOptions(relations=("alliance",))).graph
    assert {d["kind"] for *_, d in alliance.edges(data=True)} == {"strategic ally", "treaty ally"}
    by_class = select(graph, ViewOptions(relations=("MilitaryPresence", "support"))).graph
    assert {d["kind"] for *_, d in by_class.edges(data=True)} == {"military presence", "support"}


def test_unknown_relation_kind_lists_the_valid_ones(graph):
    with pytest.raises(UsageError) as e:
        select(graph, ViewOptions(relations=("armz",)))
    assert "no relation kind 'armz'" in e.value.message and "arms" in e.value.hint


def test_as_of_keeps_undated_and_drops_later_statements(graph):
    old = select(graph, ViewOptions(as_of=1990)).graph
    kinds = {d["kind"] for *_, d in old.edges(data=True)}
    assert "military presence" not in kinds  # since 1991
    assert "arms" in kinds  # the undated arms claim stays
    assert all(d["start"] is None or d["start"] <= 1990 for *_, d in old.edges(data=True))


def test_source_filter(graph):
    kept = select(graph, ViewOptions(sources=("article",))).graph
    assert kept.number_of_edges() == project(graph).number_of_edges()
    with pytest.raises(UsageError) as e:
        select(graph, ViewOptions(sources=("sipri",)))
    assert "no source 'sipri'" in e.value.message and "article" in e.value.hint


def test_unknown_focus_suggests(graph):
    with pytest.raises(UnknownActor) as e:
        select(graph, ViewOptions(focus="Azerbajan"))
    assert "Azerbaijan" in e.value.hint


def test_html_is_self_contained_and_locks_itself_down(article_html):
    html = article_html[0]
    # Nothing is referenced from elsewhere: no src/href attributes, CSS imports or url()s
    # other than data: URLs (vis-network's icons).
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)\s*=", html, re.I)
    assert "@import" not in html
    assert all(u.startswith(("data:", '"data:', "'data:")) for u in re.findall(r"url\(\s*([^)]{0,12})", html))
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    csp = csp.replace("&#39;", "'")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    # The policy admits exactly the page's inline scripts, by hash.
    for body in scripts(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert len(scripts(html)) == 2  # vis-network and the page script


def test_output_is_deterministic(graph, article_html):
    again, _ = render_view(graph)
    assert again == article_html[0]


def test_hostile_text_is_escaped(tmp_path):
    from actorkg.graph.store.load import open_graph

    path = tmp_path / "hostile.ttl"
    path.write_text(xss_ttl(), encoding="utf-8")
    html, _ = render_view(open_graph([path]), ViewOptions(focus="Russia"))
    # No data string appears raw: '<' only exists as \u003c inside the JSON.
    for needle in ("<script>window.__xss", "<img src=x", "<img src=y", "<b>hi</b>", "<iframe"):
        assert needle not in html
    data = page_data(html)
    evil = next(n for n in data["nodes"] if n["id"] == KG + "Evil")
    assert evil["label"] == XSS_LABEL
    assert next(e for e in data["edges"] if e["from"] == KG + "Evil")["quotes"] == [XSS_QUOTE]


def test_render_html_escapes_heading():
    html = render_html({"nodes": [], "edges": [], "legend": {"types": [], "kinds": [], "sources": [], "polarities": []},
                        "focus": None, "subtitle": "<i>x</i>"}, heading="<script>bad()</script>")
    assert "<script>bad()" not in html and "&lt;script&gt;bad()" in html and "&lt;i&gt;x" in html


@pytest.fixture(scope="module")
def large_graph(tmp_path_factory):
    from actorkg.graph.store.load import open_graph

    path = write_large_graph(tmp_path_factory.mktemp("large") / "large.ttl")
    return open_graph([path])


def test_large_graph_renders_deterministically(large_graph):
    started = time.perf_counter()
    html, selection = render_view(large_graph)
    seconds = time.perf_counter() - started
    data = page_data(html)
    assert len(data["nodes"]) >= 2000 and len(data["edges"]) >= 4000
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    # Laid out, not piled up: distinct positions for (almost) every node.
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) > 0.99 * len(data["nodes"])
    assert seconds < 60, f"rendering took {seconds:.1f} s"
    widths = {e["width"] for e in data["edges"] if e["kind"] == "arms"}
    assert len(widths) > 10  # arms volumes give different widths
    again = render_html(view_data(selection))
    assert again == html
