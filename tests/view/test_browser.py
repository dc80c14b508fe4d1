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
from actorkg.graph.view.render import page_data, render_html, render_view
from actorkg.graph.view.select import ViewOptions, rewalk, select
from actorkg.graph.view.ties import ties_of

from .. import rawfiles
from ..conftest import SHARED_DATA
from .viewer_helpers import XSS_LABEL, XSS_QUOTE, XSS_SOURCE, pan_zoom_frames, write_large_graph, xss_ttl

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium chromium-driver; .ci/run does)")

# Without the background-networking flags Chromium phones home at start-up.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-quic"]
KG = "https://w3id.org/actorkg/entity/"
AK = "https://w3id.org/actorkg/ontology#"
ARMS_QUOTE = "It’s worth noting that Russia serves as one of Azerbaijan’s primary sources of arms."
# How long the 2,000-actor page may take to open, in ms (about three times what it takes).
OPEN_MS = 7_500
# Largest share of drawn labels that may overlap another drawn label.
LABEL_OVERLAP_SHARE = 0.0


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


def wait_until(page, expression: str, timeout: float = 30_000) -> None:
    """Poll ``expression`` in the page until it is true. Not ``page.wait_for_function``: newer
    Playwright builds its predicate with eval-like code, which the viewer's Content Security
    Policy refuses ("unsafe-eval" is not allowed) while ``evaluate`` is not subject to it."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"the page did not reach {expression!r} in {timeout / 1000:.0f} s")
        page.wait_for_timeout(50)


def open_offline(browser, path: Path, fragment: str = "") -> Opened:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    url = path.resolve().as_uri()
    opened = Opened(context.new_page(), url)

    def route(r):
        if r.request.url.split("#")[0] == url:
            r.continue_()
        else:
            opened.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = opened.page
    page.on("request", lambda r: opened.requests.append(r.url.split("#")[0]))
    page.on("console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.page_errors.append(str(e)))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    started = time.perf_counter()
    page.goto(url + fragment)
    wait_until(page, "window.actorkg && window.actorkg.ready", 120_000)
    opened.seconds = time.perf_counter() - started
    return opened


def write_page(tmp_path_factory, name: str, html: str) -> Path:
    path = tmp_path_factory.mktemp("viewer") / name
    path.write_text(html, encoding="utf-8")
    return path


def shown(page) -> tuple[set, set]:
    ties = page.evaluate("window.actorkg.shownTies()")
    return ({(t["from"], t["to"], t["family"], t["statements"], round(t["tiv"], 3)) for t in ties},
            set(page.evaluate("window.actorkg.shownNodes()")))


def expected(selection) -> tuple[set, set]:
    ties = {(t.source, t.target, t.family.iri, t.totals()["statements"], round(t.totals().get("tiv", 0.0), 3))
            for t in ties_of(selection).values()}
    return ties, set(selection.nodes)


def viewport_point(page, iri: str) -> dict:
    """Where ``iri`` is drawn, in page coordinates."""
    point = page.evaluate("""(iri) => {
        const a = window.actorkg, key = String(a.graph.nodes().find(k => a.nodeIri(k) === iri));
        return a.renderer.framedGraphToViewport(a.renderer.getNodeDisplayData(key));
    }""", iri)
    box = page.locator("#network").bounding_box()
    return {"x": box["x"] + point["x"], "y": box["y"] + point["y"]}


@pytest.fixture(scope="module")
def article_page(graph, browser, tmp_path_factory):
    html, selection = render_view(graph)
    opened = open_offline(browser, write_page(tmp_path_factory, "graph.html", html))
    yield opened, selection
    opened.page.context.close()


def test_article_draws_offline_one_tie_per_pair_and_family(article_page):
    opened, selection = article_page
    assert shown(opened.page) == expected(selection)
    assert opened.page.locator("#summary").text_content() == "11 actors, 26 ties"
    assert opened.page.evaluate("window.actorkg.graph.order") == len(selection.nodes)
    opened.assert_clean()


def test_hover_and_click_show_totals_and_evidence(article_page):
    opened, _ = article_page
    page = opened.page
    where = viewport_point(page, KG + "Azerbaijan")
    page.mouse.move(where["x"] - 40, where["y"] - 40)
    page.mouse.move(where["x"], where["y"], steps=4)
    wait_until(page, "!document.getElementById('tooltip').hidden")
    assert page.locator("#tooltip .title").text_content() == "Azerbaijan"
    tie = page.evaluate(f"window.actorkg.tieIndex('{KG}Russia', '{KG}Azerbaijan', '{AK}armsSupplierOf')")
    page.evaluate(f"window.actorkg.selectTie({tie})")
    details = page.locator("#details-body").text_content()
    assert "Russia → Azerbaijan" in details and "arms supplier of" in details and "2 statements" in details
    assert ARMS_QUOTE in details and "1 undated" in details
    page.locator("#details-body .evidence button").first.click()  # one statement, one click away
    statement = page.locator("#details-body").text_content()
    assert "arms transfer" in statement and "https://w3id.org/actorkg/statement/article-russia-arms-azerbaijan" in statement
    assert "#" in page.url and "sel=tie" in page.url
    opened.assert_clean()


# The WebGL canvas (ties and actors share one) and how its last frame was drawn.
CANVAS = """(() => {
  const a = window.actorkg, c = a.renderer.elements.edges;
  return Object.assign({width: c.width, cssWidth: a.renderer.getDimensions().width,
                        shared: a.renderer.elements.nodes === c,
                        webgl: document.querySelectorAll("#network canvas.sigma-edges, #network canvas.sigma-nodes").length},
                       a.lastFrame());
})()"""


def test_hover_and_labels_after_a_pan_held_still(browser, graph, tmp_path_factory):
    # While the camera moves the page draws at half resolution, without the picking pass
    # (what hovering reads) or the curved ties, and shifts the labels instead of placing
    # them; a drag held still before the button is up ends without a last camera change,
    # so sigma draws no still frame of its own: the page's is at full resolution, curves
    # and picking included.
    html, _ = render_view(graph)
    opened = open_offline(browser, write_page(tmp_path_factory, "pan.html", html))
    page = opened.page
    try:
        opening = page.evaluate(CANVAS)
        assert opening["shared"] and opening["webgl"] == 1
        assert opening["width"] == opening["cssWidth"] > 0 and opening["pixelRatio"] == 1
        box = page.locator("#network").bounding_box()
        before = page.evaluate("window.actorkg.renderer.getCamera().getState()")
        page.mouse.move(box["x"] + 15, box["y"] + 15)  # the stage's padding: no actor there
        page.mouse.down()
        page.mouse.move(box["x"] + 115, box["y"] + 75, steps=8)
        page.wait_for_timeout(400)  # held still: no inertia, no last move
        held = page.evaluate(CANVAS)
        assert held["pixelRatio"] == 0.5 and held["width"] == round(held["cssWidth"] / 2), held
        assert not held["curves"] and not held["picking"], held
        page.mouse.up()
        page.wait_for_timeout(400)
        still = page.evaluate(CANVAS)
        # The article's graph has parallel ties, drawn as curves when still.
        assert still["pixelRatio"] == 1 and still["width"] == still["cssWidth"], still
        assert still["curves"] and still["picking"], still
        after = page.evaluate("window.actorkg.renderer.getCamera().getState()")
        assert (after["x"], after["y"]) != (before["x"], before["y"])
        assert page.evaluate("document.getElementById('labels').style.transform") == ""
        assert KG + "Azerbaijan" in {b["node"] for b in page.evaluate("window.actorkg.labels()")}
        where = viewport_point(page, KG + "Azerbaijan")
        page.mouse.move(where["x"] - 40, where["y"] - 40)
        page.mouse.move(where["x"], where["y"], steps=4)
        wait_until(page, "!document.getElementById('tooltip').hidden", 5_000)
        assert page.locator("#tooltip .title").text_content() == "Azerbaijan"
        opened.assert_clean()
    finally:
        page.context.close()


def test_search_focuses_an_actor_and_depth_walks(article_page, graph):
    opened, selection = article_page
    page = opened.page
    page.fill("#search", "azerbaijan")
    page.press("#search", "Enter")
    assert page.locator("#focus-name").text_content() == "Azerbaijan"
    one = rewalk(selection.links, KG + "Azerbaijan", 1)
    assert set(page.evaluate("window.actorkg.shownNodes()")) == set(one)
    assert shown(page) == expected(select(graph, ViewOptions(focus="Azerbaijan", depth=1)))
    page.select_option("#depth", "2")
    assert shown(page) == expected(select(graph, ViewOptions(focus="Azerbaijan", depth=2)))
    page.select_option("#depth", "0")
    assert shown(page)[1] == {KG + "Azerbaijan"}
    assert "focus=https" in page.url and "depth=0" in page.url
    page.fill("#search", "Atlantis")
    page.press("#search", "Enter")
    assert "No actor matches" in page.locator("#search-msg").text_content()
    page.click("#clear")
    assert shown(page) == expected(selection)
    opened.assert_clean()


def test_filters_by_kind_source_and_weight(article_page):
    opened, selection = article_page
    page = opened.page
    before = shown(page)[0]
    page.locator("#kind-filter label", has_text="arms transfer (2)").locator("input").uncheck()
    after = shown(page)[0]
    assert before - after == {t for t in before if t[2] == AK + "armsSupplierOf"}
    page.locator("#kind-filter label", has_text="arms transfer (2)").locator("input").check()
    page.locator("#source-filter label").first.locator("input").uncheck()
    assert shown(page) == (set(), set())
    page.locator("#source-filter label").first.locator("input").check()
    page.evaluate("window.actorkg.setMinWeight(2)")
    assert {t[:3] for t in shown(page)[0]} == {t[:3] for t in before if t[3] >= 2}
    page.evaluate("window.actorkg.setMinWeight(0)")
    assert shown(page)[0] == before
    opened.assert_clean()


def test_the_slider_shows_the_network_as_of_a_year(article_page, graph):
    opened, _ = article_page
    page = opened.page
    page.evaluate("window.actorkg.setYear(1995)")
    assert shown(page) == expected(select(graph, ViewOptions(as_of=1995)))
    assert "as of 1995" in page.locator("#summary").text_content() and "undated" in page.locator("#undated").text_content()
    page.evaluate("window.actorkg.setYear(null)")
    opened.assert_clean()


def test_hostile_labels_stay_text(browser, tmp_path_factory):
    from actorkg.graph.store.load import open_graph

    ttl = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    ttl.write_text(xss_ttl(), encoding="utf-8")
    html, _ = render_view(open_graph([ttl]), ViewOptions(focus="Russia"))
    opened = open_offline(browser, write_page(tmp_path_factory, "hostile.html", html))
    page = opened.page
    try:
        tie = page.evaluate(f"window.actorkg.tieIndex('{KG}Evil', '{KG}Russia', '{AK}supports')")
        page.evaluate(f"window.actorkg.selectTie({tie})")
        details = page.locator("#details-body").text_content()
        assert XSS_QUOTE in details and XSS_LABEL in details and XSS_SOURCE in details
        assert XSS_SOURCE in page.locator("#source-filter").text_content()
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.evaluate("document.querySelectorAll('img, iframe, b').length") == 0
        opened.assert_clean()
    finally:
        page.context.close()


def test_large_graph_opens_and_pans_fast(browser, tmp_path_factory):
    from actorkg.graph.store.load import open_graph

    graph = open_graph([write_large_graph(tmp_path_factory.mktemp("large") / "large.ttl")])
    html, selection = render_view(graph)
    opened = open_offline(browser, write_page(tmp_path_factory, "large.html", html))
    page = opened.page
    try:
        assert len(shown(page)[1]) == len(selection.nodes) >= 2000
        # Frames drawn while panning and zooming with the mouse (benchmarks/viewer.py prints
        # the figures, docs/viewer.md has them; here only a floor a loaded CI machine meets:
        # on 2 cores shared with other work they vary two- to threefold with the load).
        for kind in ("pan", "zoom"):
            frames = pan_zoom_frames(page, kind, 2000)
            assert frames["frames"] >= 3 and frames["median"] < 1000, (kind, frames)
        # Opening, measured by the page itself (ms since navigation began, up to its first
        # frame composited): about 2.3 s in headless Chromium on 2 loaded cores, 4 to 11 s
        # before the page dropped pictogram textures and its second full render.
        timings = opened.page.evaluate("window.actorkg.timings")
        steps = ["script", "parsed", "unpacked", "graph", "renderer", "controls", "drawn", "ready"]
        assert [timings[s] for s in steps] == sorted(timings[s] for s in steps)
        assert timings["ready"] < OPEN_MS, timings
        opened.assert_clean()
    finally:
        page.context.close()


# --- the real world store -----------------------------------------------------------------

@pytest.fixture(scope="module")
def world_page(world_store, browser, tmp_path_factory):
    selection = select(world_store, ViewOptions(focus="Azerbaijan"))
    html = render_html(page_data(selection))
    assert len(html.encode("utf-8")) < 1_000_000
    opened = open_offline(browser, write_page(tmp_path_factory, "azerbaijan.html", html))
    yield opened, selection
    opened.page.context.close()


@pytest.mark.shared_data
def test_world_view_shows_the_aggregated_ties(world_page):
    opened, selection = world_page
    page = opened.page
    ties, nodes = shown(page)
    assert (ties, nodes) == expected(selection)
    russia = next(t for t in ties if t[:3] == (KG + "Russia", KG + "Azerbaijan", AK + "armsSupplierOf"))
    totals = ties_of(selection)[russia[:3]].totals()
    assert russia[3:] == (totals["statements"], round(totals["tiv"], 3)) and totals["statements"] > 20
    opened.assert_clean()


def sipri_deals(supplier: str, recipient: str) -> tuple[int, float]:
    """Deals and delivered TIV from the raw SIPRI CSV (the csv module, split deals rejoined)."""
    rows = [r for r in rawfiles.sipri_rows(SHARED_DATA / "sipri-trade-register-1950-2024.csv")
            if r[0].strip() == recipient and r[1].strip() == supplier]
    return len(rows), sum(float(r[15]) for r in rows if r[15].strip())


@pytest.mark.shared_data
@pytest.mark.parametrize("supplier", ["Russia", "Israel"])
def test_world_arms_ties_equal_the_sipri_file(world_page, supplier):
    """With only SIPRI's statements let through (the page's source filter), the arms tie
    into Azerbaijan counts the file's deals and adds up their delivered TIV; the panel says so."""
    opened, _ = world_page
    page = opened.page
    deals, tiv = sipri_deals(supplier, "Azerbaijan")
    assert deals >= 20  # both are among Azerbaijan's main suppliers in the file
    key = (KG + supplier, KG + "Azerbaijan", AK + "armsSupplierOf")
    labels = page.locator("#source-filter label")
    others = [n for n in range(labels.count()) if "SIPRI" not in labels.nth(n).text_content()]
    assert len(others) < labels.count()
    try:
        for n in others:
            labels.nth(n).locator("input").uncheck()
        tie = next(t for t in shown(page)[0] if t[:3] == key)
        assert tie[3] == deals and tie[4] == pytest.approx(tiv, abs=1e-3)
        page.evaluate(f"window.actorkg.selectTie(window.actorkg.tieIndex('{key[0]}', '{key[1]}', '{key[2]}'))")
        details = page.locator("#details-body").text_content()
        assert f"{supplier} → Azerbaijan" in details and f"{deals} statements" in details
    finally:
        for n in others:
            labels.nth(n).locator("input").check()
    # With every source the tie holds more than SIPRI's deals only where another source
    # (the article) has statements of it too.
    assert next(t for t in shown(page)[0] if t[:3] == key)[3] >= deals
    opened.assert_clean()


@pytest.mark.shared_data
def test_world_view_opens_centred_on_its_focus(world_page):
    opened, _ = world_page
    where, box = viewport_point(opened.page, KG + "Azerbaijan"), opened.page.locator("#network").bounding_box()
    assert abs(where["x"] - (box["x"] + box["width"] / 2)) < box["width"] / 6
    assert abs(where["y"] - (box["y"] + box["height"] / 2)) < box["height"] / 6
    opened.assert_clean()


@pytest.mark.shared_data
def test_world_slider_equals_as_of(world_page, world_store):
    opened, _ = world_page
    page = opened.page
    page.evaluate("window.actorkg.setYear(2015)")
    assert shown(page) == expected(select(world_store, ViewOptions(focus="Azerbaijan", as_of=2015)))
    page.evaluate("window.actorkg.setYear(null)")
    opened.assert_clean()


@pytest.mark.shared_data
def test_world_refocus_within_the_file(world_page):
    opened, selection = world_page
    page = opened.page
    page.evaluate(f"window.actorkg.focus('{KG}Armenia')")
    assert set(page.evaluate("window.actorkg.shownNodes()")) == set(rewalk(selection.links, KG + "Armenia", 1))
    assert not page.locator("#scope").is_hidden()  # Armenia's own neighbours are not all in the file
    page.select_option("#depth", "0")
    assert set(page.evaluate("window.actorkg.shownNodes()")) == {KG + "Armenia"} and "depth=0" in page.url
    # A depth-1 file offers no deeper walk: depths 0 and 1 only.
    assert page.locator("#depth option").all_text_contents() == ["0", "1"]
    page.click("#clear")
    assert shown(page) == expected(selection)
    opened.assert_clean()


@pytest.mark.shared_data
def test_world_labels_do_not_overlap(world_page):
    opened, selection = world_page
    page = opened.page
    # The page is shared with the tests before, whose last click ("Clear") animates the
    # camera back: the labels are placed in the still frame after it (while the camera moves
    # they are only shifted), which a loaded machine may not have drawn yet.
    wait_until(page, "!window.actorkg.renderer.getCamera().isAnimated() && window.actorkg.lastFrame().picking")
    # Boxes measured here, independently of the page's own placement: the text's width
    # at the font the label was drawn with, at the position the page says it drew it.
    boxes = page.evaluate("""() => {
        const c = document.createElement("canvas").getContext("2d");
        return window.actorkg.labels().map(b => {
          c.font = b.font; const w = c.measureText(b.text).width;
          return {node: b.node, x: b.x, y: b.y, w: w, h: b.h};
        });
    }""")
    overlapping = {a["node"] for a in boxes for b in boxes
                   if a is not b and a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
                   and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]}
    assert len(overlapping) <= LABEL_OVERLAP_SHARE * len(boxes)
    labelled = {b["node"] for b in boxes}
    assert KG + "Azerbaijan" in labelled and KG + "Russia" in labelled
    assert len(labelled) >= 0.5 * len(selection.nodes)
    opened.assert_clean()
