"""The viewer in a real browser: Debian's headless Chromium driven by Playwright.

Every page is opened from a file:// path in an offline context whose every request
other than the page itself is aborted and recorded, so "works with no network" and
"asks the network for nothing" are both checked.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from actorkg.graph.view.render import render_view
from actorkg.graph.view.select import ViewOptions

from .viewer_helpers import (
    XSS_LABEL,
    XSS_QUOTE,
    XSS_SOURCE,
    page_data,
    write_large_graph,
    xss_ttl,
)

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium chromium-driver; .ci/run does)")

# Without the background-networking flags Chromium phones home at start-up.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-quic"]
KG = "https://w3id.org/actorkg/entity/"
STMT = "https://w3id.org/actorkg/statement/"
ARMS_QUOTE = "It’s worth noting that Russia serves as one of Azerbaijan’s primary sources of arms."


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@dataclass
class Opened:
    page: object
    url: str
    requests: list = field(default_factory=list)
    blocked: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)
    seconds: float = 0.0

    def assert_clean(self) -> None:
        assert self.blocked == [], f"the page tried to fetch: {self.blocked}"
        assert [u for u in self.requests if not u.startswith("data:")] == [self.url]
        assert self.console_errors == [] and self.page_errors == [] and self.dialogs == []


def open_offline(browser, path: Path) -> Opened:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    url = path.resolve().as_uri()
    opened = Opened(context.new_page(), url)

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            opened.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = opened.page
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.page_errors.append(str(e)))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function("window.actorkg && window.actorkg.ready", timeout=120_000)
    opened.seconds = time.perf_counter() - started
    return opened


def counts(page) -> dict:
    return page.evaluate("""() => ({nodes: window.actorkg.nodes.length, edges: window.actorkg.edges.length,
                                    shownNodes: window.actorkg.nodesView.length, shownEdges: window.actorkg.edgesView.length})""")


def hover_edge(page, edge_id: str) -> dict:
    """Move the mouse onto ``edge_id`` (a point where vis-network itself finds that edge and no node)."""
    point = page.evaluate("""(id) => {
        const net = window.actorkg.network, e = window.actorkg.edges.get(id);
        const pos = net.getPositions([e.from, e.to]);
        const a = net.canvasToDOM(pos[e.from]), b = net.canvasToDOM(pos[e.to]);
        const len = Math.hypot(b.x - a.x, b.y - a.y), nx = -(b.y - a.y) / len, ny = (b.x - a.x) / len;
        for (let k = 0; k <= 80; k++) {
          const t = 0.5 + (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 0.01;
          for (const off of [0, 2, -2, 5, -5, 10, -10, 20, -20, 30, -30]) {
            const p = {x: a.x + (b.x - a.x) * t + nx * off, y: a.y + (b.y - a.y) * t + ny * off};
            if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === id) { return p; }
          }
        }
        return null;
    }""", edge_id)
    assert point, f"no free point on edge {edge_id}"
    box = page.locator("#network").bounding_box()
    x, y = box["x"] + point["x"], box["y"] + point["y"]
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=5)
    return {"x": x, "y": y}


def tooltip_text(page, needle: str) -> str:
    page.wait_for_function("""(needle) => {
        const tip = document.querySelector("div.vis-tooltip");
        return tip && tip.style.visibility !== "hidden" && tip.textContent.includes(needle);
    }""", arg=needle, timeout=10_000)
    return page.locator("div.vis-tooltip").text_content()


@pytest.fixture(scope="module")
def article_page(graph, browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("viewer") / "graph.html"
    html, selection = render_view(graph)
    path.write_text(html, encoding="utf-8")
    opened = open_offline(browser, path)
    yield opened, selection, page_data(html)
    opened.page.context.close()


def test_article_graph_draws_offline(article_page, tmp_path):
    opened, selection, data = article_page
    assert counts(opened.page) == {"nodes": selection.graph.number_of_nodes(),
                                   "edges": selection.graph.number_of_edges(),
                                   "shownNodes": len(data["nodes"]), "shownEdges": len(data["edges"])}
    # vis-network placed every node where the layout put it (nothing moved by physics).
    positions = opened.page.evaluate("window.actorkg.network.getPositions()")
    for node in data["nodes"]:
        assert positions[node["id"]] == {"x": node["x"], "y": node["y"]}
    shot = tmp_path / "viewer.png"
    opened.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    opened.assert_clean()


def test_russia_azerbaijan_tooltip_shows_the_quote(article_page):
    opened, _, _ = article_page
    page = opened.page
    where = hover_edge(page, STMT + "article-russia-arms-azerbaijan")
    text = tooltip_text(page, ARMS_QUOTE)
    assert "Russia → Azerbaijan" in text and "arms transfer" in text
    assert "source: article: Russia’s Role in South Caucasus Tensions" in text and "reliability F" in text
    page.mouse.click(where["x"], where["y"])  # click: the details panel keeps the evidence
    details = page.locator("#details-body").text_content()
    assert ARMS_QUOTE in details and "Russia → Azerbaijan" in details
    opened.assert_clean()


def test_search_focuses_an_actor(article_page):
    opened, selection, _ = article_page
    page = opened.page
    page.fill("#search", "azerbaijan")
    page.press("#search", "Enter")
    assert page.locator("#details-body .title").first.text_content() == "Azerbaijan"
    assert page.evaluate("window.actorkg.network.getSelectedNodes()") == [KG + "Azerbaijan"]
    neighbours = set(selection.graph.to_undirected().neighbors(KG + "Azerbaijan"))
    faded = page.evaluate("window.actorkg.nodes.get({filter: n => n.color === '#e4e4e4'}).length")
    assert faded == selection.graph.number_of_nodes() - 1 - len(neighbours)
    page.fill("#search", "Atlantis")
    page.press("#search", "Enter")
    assert "No node matches" in page.locator("#search-msg").text_content()
    page.click("#clear")
    assert page.evaluate("window.actorkg.nodes.get({filter: n => n.color === '#e4e4e4'}).length") == 0
    opened.assert_clean()


def test_filters_by_kind_and_source(article_page):
    opened, _, data = article_page
    page = opened.page
    before = counts(page)
    arms = page.locator("#kind-filter label", has_text="arms transfer (2)").locator("input")
    arms.uncheck()
    assert counts(page)["shownEdges"] == before["shownEdges"] - 2
    arms.check()
    source = page.locator("#source-filter label").first.locator("input")
    source.uncheck()
    assert counts(page)["shownEdges"] == 0 and counts(page)["shownNodes"] == 0
    source.check()
    assert counts(page) == before
    opened.assert_clean()


def test_hostile_labels_stay_text(browser, tmp_path):
    from actorkg.graph.store.load import open_graph

    ttl = tmp_path / "hostile.ttl"
    ttl.write_text(xss_ttl(), encoding="utf-8")
    html_path = tmp_path / "hostile.html"
    html, _ = render_view(open_graph([ttl]), ViewOptions(focus="Russia"))
    html_path.write_text(html, encoding="utf-8")
    opened = open_offline(browser, html_path)
    page = opened.page
    try:
        edge = page.evaluate(f"window.actorkg.edges.get({{filter: e => e.from === '{KG}Evil'}})[0].id")
        hover_edge(page, edge)
        text = tooltip_text(page, "Hostile source")
        assert XSS_QUOTE in text and XSS_LABEL in text
        assert page.evaluate("document.querySelector('div.vis-tooltip').querySelectorAll('*:not(div):not(blockquote)').length") == 0
        page.fill("#search", "Evil")
        page.press("#search", "Enter")
        assert page.locator("#details-body .title").first.text_content() == XSS_LABEL
        assert XSS_SOURCE in page.locator("#source-filter").text_content()
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.evaluate("document.querySelectorAll('img, iframe, b').length") == 0
        page.screenshot(path=str(tmp_path / "hostile.png"))
        opened.assert_clean()
    finally:
        page.context.close()


def test_large_graph_opens_and_responds(browser, tmp_path):
    from actorkg.graph.store.load import open_graph

    graph = open_graph([write_large_graph(tmp_path / "large.ttl")])
    started = time.perf_counter()
    html, selection = render_view(graph)
    render_seconds = time.perf_counter() - started
    path = tmp_path / "large.html"
    path.write_text(html, encoding="utf-8")
    opened = open_offline(browser, path)
    page = opened.page
    try:
        assert counts(page)["nodes"] == selection.graph.number_of_nodes() >= 2000
        assert counts(page)["edges"] == selection.graph.number_of_edges()
        # Responsive: a zoom and a redraw take well under a second once open.
        started = time.perf_counter()
        page.evaluate("() => { const n = window.actorkg.network; n.moveTo({scale: 0.5}); n.redraw(); }")
        redraw = time.perf_counter() - started
        assert redraw < 5
        assert opened.seconds < 60
        page.screenshot(path=str(tmp_path / "large.png"))
        print(f"2,000-node graph: rendered in {render_seconds:.1f} s, {len(html) / 1e6:.1f} MB, "
              f"opened in {opened.seconds:.1f} s, redraw {redraw * 1000:.0f} ms")
        opened.assert_clean()
    finally:
        page.context.close()
