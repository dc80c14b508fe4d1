"""Helpers for viewer tests: generated Turtle (hostile labels, 2,000 actors), page parsing and
the frames drawn while panning and zooming (also used by benchmarks/viewer.py)."""

from __future__ import annotations

import json
import random
import re
import statistics
from pathlib import Path

PREFIXES = """@prefix ak:   <https://w3id.org/actorkg/ontology#> .
@prefix kg:   <https://w3id.org/actorkg/entity/> .
@prefix stmt: <https://w3id.org/actorkg/statement/> .
@prefix src:  <https://w3id.org/actorkg/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

# Text a scraped web page could contain. None of it may run or load anything.
XSS_LABEL = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">Evil & Co'
XSS_QUOTE = 'They said "<b>hi</b>" </script><script>window.__xss = 3</script><img src=y onerror=alert(1)>'
XSS_SOURCE = "<iframe src=http://example.invalid/></iframe>Hostile source"


def xss_ttl() -> str:
    """The hostile fixture as Turtle (long-quoted strings, so quotes inside need no escaping)."""
    def lit(text: str) -> str:
        return '"""' + text.replace("\\", "\\\\").replace('"', '\\"') + '"""'

    return PREFIXES + f"""
kg:Evil a ak:NonStateActor ; rdfs:label {lit(XSS_LABEL)} .
src:hostile a ak:TextSource ; rdfs:label {lit(XSS_SOURCE)} ; dcterms:title "hostile page" ;
    ak:reliability ak:ReliabilityF .
stmt:evil-supports-russia a ak:Support ; ak:supporter kg:Evil ; ak:recipient kg:Russia ;
    ak:supportType ak:UnspecifiedSupport ; ak:quote {lit(XSS_QUOTE)} ;
    prov:wasDerivedFrom src:hostile .
"""


def write_large_graph(path: Path, actors: int = 2000, extra_edges: int = 2000, seed: int = 4) -> Path:
    """``actors`` actors, each linked to an earlier one (so none is isolated), plus random
    extra relations of several kinds, some with arms volumes."""
    rng = random.Random(seed)
    types = ["ak:State"] * 6 + ["ak:NonStateActor", "ak:Person", "ak:InternationalOrganization"]
    lines = [PREFIXES, 'src:synthetic a ak:Dataset ; rdfs:label "synthetic test data" ; '
                       'ak:reliability ak:ReliabilityC .']
    for i in range(actors):
        lines.append(f'kg:X{i:04d} a {rng.choice(types)} ; rdfs:label "Actor {i:04d}" .')
    pairs = [(i, rng.randrange(i)) for i in range(1, actors)]
    pairs += [tuple(rng.sample(range(actors), 2)) for _ in range(extra_edges)]
    for n, (a, b) in enumerate(pairs):
        kind = rng.choice(["support", "arms", "hostility", "presence"])
        year = 1990 + rng.randrange(35)
        head = f"stmt:syn-{n:05d}"
        tail = f' ; ak:start "{year}"^^xsd:gYear ; ak:quote "Synthetic claim {n}." ; prov:wasDerivedFrom src:synthetic .'
        if kind == "support":
            body = f"a ak:Support ; ak:supporter kg:X{a:04d} ; ak:recipient kg:X{b:04d} ; ak:supportType ak:UnspecifiedSupport"
        elif kind == "arms":
            body = (f"a ak:ArmsTransfer ; ak:supplier kg:X{a:04d} ; ak:recipient kg:X{b:04d} ; "
                    f'ak:tiv "{rng.randrange(1, 5000)}"^^xsd:decimal')
        elif kind == "hostility":
            body = f"a ak:Hostility ; ak:party kg:X{a:04d}, kg:X{b:04d}"
        else:
            body = f"a ak:MilitaryPresence ; ak:deployer kg:X{a:04d} ; ak:host kg:X{b:04d}"
        lines.append(f"{head} {body}{tail}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def page_data(html: str) -> dict:
    """The JSON document a viewer page carries, its statement table unpacked (pack.py)."""
    from actorkg.graph.view.pack import unpack

    m = re.search(r'<script type="application/json" id="actorkg-data">(.*?)</script>', html, re.S)
    return unpack(json.loads(m.group(1)))


# Panning (a drag) or zooming (the wheel) the graph for ``ms`` milliseconds, as a user does:
# mouse events on sigma's mouse layer at 125 Hz (a mouse's usual report rate; the wheel one
# notch every 60 ms, so that each zoom animation runs into the next), sent from a timer in
# the page, so that the driver's round trips (Playwright waits a frame per mouse.move) set
# no pace of their own. Returns the time between consecutive frames sigma drew during the
# gesture, in ms: what the user sees, including the WebGL work and compositing that delay
# the next frame, and each frame's own script time.
_PAN_ZOOM = """async ({kind, ms}) => {
  const r = window.actorkg.renderer, target = r.getMouseCaptor().container;
  const box = target.getBoundingClientRect(), cx = box.left + box.width / 2, cy = box.top + box.height / 2;
  const frames = [], script = [];
  let began = 0;
  const before = () => { began = performance.now(); };
  const after = () => { const t = performance.now(); frames.push(t); script.push(t - began); };
  r.on("beforeRender", before); r.on("afterRender", after);
  const mouse = (type, x, y) => target.dispatchEvent(new MouseEvent(type,
    {clientX: x, clientY: y, button: 0, buttons: 1, bubbles: true, cancelable: true}));
  const t0 = performance.now();
  if (kind === "pan") { mouse("mousedown", cx, cy); }
  await new Promise(done => {
    let notch = -1e9;
    const timer = setInterval(() => {
      const t = performance.now() - t0;
      if (t > ms) { clearInterval(timer); done(); return; }
      if (kind === "pan") { mouse("mousemove", cx + 150 * Math.sin(t / 250), cy + 100 * Math.cos(t / 250) - 100); }
      else if (t - notch >= 60) {
        notch = t;
        target.dispatchEvent(new WheelEvent("wheel", {deltaY: Math.floor(t / 600) % 2 ? 100 : -100,
          clientX: cx, clientY: cy, bubbles: true, cancelable: true}));
      }
    }, 8);
  });
  const end = performance.now();
  if (kind === "pan") { mouse("mouseup", cx, cy); }
  await new Promise(done => setTimeout(done, 800));
  r.removeListener("beforeRender", before); r.removeListener("afterRender", after);
  const during = frames.filter(t => t <= end);
  return {gaps: during.slice(1).map((t, i) => t - during[i]), script: script.slice(0, during.length)};
}"""


def pan_zoom_frames(page, kind: str, ms: int = 3000) -> dict:
    """Frames drawn while panning (``kind="pan"``) or zooming (``"zoom"``): their number
    and the median and 90th percentile of the ms between them and of their script time."""
    got = page.evaluate(_PAN_ZOOM, {"kind": kind, "ms": ms})

    def summary(xs):
        xs = sorted(xs)
        return (statistics.median(xs), xs[int(0.9 * (len(xs) - 1))]) if xs else (float("nan"), float("nan"))

    (median, p90), (script, _) = summary(got["gaps"]), summary(got["script"])
    return {"frames": len(got["gaps"]) + 1 if got["gaps"] else 0, "median": median, "p90": p90, "script": script}
