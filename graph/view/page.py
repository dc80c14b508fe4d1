"""The viewer page: its Jinja template, stylesheet and script.

They live here as text (not as separate files) so they ship with the package like any
module. The script never builds HTML from strings: every piece of data reaches the page
through ``textContent`` or DOM attributes.

What the script does with the data (see render.py for its shape): it keeps the whole
statement table and, whenever a control changes (year, filters, minimum weight, focus,
depth), recomputes each tie's totals from the statements let through, walks the
neighbourhood of the focus again and hands sigma.js the ties and actors left. Labels are
placed by the script too, on a canvas of its own, so that they never overlap: the most
connected actors are labelled first and a label that would cover another is left out
until zooming in makes room.
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="actorkg {{ version }} with sigma.js (bundled)">
<title>{{ heading }}</title>
<style>{{ page_css }}</style>
</head>
<body>
<aside id="panel">
  <header>
    <h1>{{ heading }}</h1>
    <p id="subtitle" class="muted">{{ subtitle }}</p>
    <p id="summary"></p>
    <p id="scope" class="note" hidden></p>
  </header>
  <section class="box">
    <label for="search">Find an actor</label>
    <div class="row">
      <input id="search" list="actor-list" autocomplete="off" placeholder="type a name, press Enter">
      <button id="clear" type="button">Clear</button>
    </div>
    <datalist id="actor-list"></datalist>
    <p id="search-msg" class="muted"></p>
  </section>
  <section class="box">
    <h2>Focus</h2>
    <div class="row"><span id="focus-name" class="grow">whole graph</span>
      <label>depth <select id="depth"></select></label></div>
    <p class="muted">Click an actor to focus on it.</p>
  </section>
  <section class="box">
    <h2>Time</h2>
    <div class="row"><button id="play" type="button">Play</button>
      <input id="year" type="range" class="grow" aria-label="year">
      <output id="year-label"></output></div>
    <label class="check"><input id="all-years" type="checkbox" checked> all years</label>
    <p id="undated" class="muted"></p>
  </section>
  <section class="box" id="details">
    <h2>Details</h2>
    <div id="details-body"><p class="muted">Hover over an actor or a tie for a summary; click a tie for its evidence.</p></div>
  </section>
  <section class="box">
    <h2>Minimum weight</h2>
    <div class="row"><input id="min-weight" type="range" class="grow" min="0" value="0" aria-label="minimum weight">
      <output id="min-weight-label"></output></div>
    <p class="muted">Weight: SIPRI TIV (millions) where the statements have one, else the number of statements.</p>
  </section>
  <section class="box">
    <h2>Relations</h2>
    <div id="kind-filter" class="filter"></div>
  </section>
  <section class="box">
    <h2>Sources</h2>
    <div id="source-filter" class="filter"></div>
  </section>
  <section class="box">
    <h2>Legend</h2>
    <div id="legend"></div>
  </section>
</aside>
<main id="network" aria-label="graph of actors and relations"><canvas id="labels"></canvas><div id="tooltip" hidden></div></main>
<script type="application/json" id="actorkg-data">{{ data|tojson }}</script>
<script>{{ lib_js }}</script>
<script>{{ page_js }}</script>
</body>
</html>
"""

CSS = """
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
body { display: flex; }
#panel { width: 360px; flex: none; height: 100vh; overflow-y: auto; box-sizing: border-box;
         padding: 10px 12px; border-right: 1px solid #ddd; background: #fafafa; }
#network { flex: 1; height: 100vh; position: relative; overflow: hidden; }
#labels { position: absolute; inset: 0; pointer-events: none; z-index: 2; }
/* sigma's own label, hover and hovered-node layers: the page draws its labels itself and no
   hover box, and the hovered node is raised in the nodes' layer; hidden, they are not
   composited (in software compositing, ~12 ms of each frame on the 2,000-actor graph). */
#network .sigma-edgeLabels, #network .sigma-labels, #network .sigma-hovers, #network .sigma-hoverNodes { display: none; }
#tooltip { position: absolute; z-index: 3; max-width: 380px; pointer-events: none; font-size: 13px; line-height: 1.35;
           background: #fff; border: 1px solid #bbb; box-shadow: 0 2px 6px rgba(0,0,0,.2); padding: 6px 8px; }
h1 { font-size: 17px; margin: 0 0 4px; }
h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #555; margin: 0 0 6px; }
.box { border-top: 1px solid #e3e3e3; padding: 8px 0; }
.row { display: flex; gap: 6px; align-items: center; }
.row input[type=text], .row input:not([type]) { flex: 1; min-width: 0; padding: 4px 6px; }
.grow { flex: 1; min-width: 0; }
.muted { color: #777; font-size: 12px; margin: 4px 0; }
.note { background: #fff4d6; border: 1px solid #e8cf8a; padding: 4px 6px; font-size: 12px; }
.filter label, .check { display: flex; align-items: center; gap: 6px; cursor: pointer; margin: 2px 0; }
.filter .family { font-weight: 600; margin-top: 6px; }
.swatch { display: inline-block; width: 22px; height: 4px; border-radius: 2px; flex: none; }
.legend-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.glyph { width: 18px; text-align: center; font-size: 16px; }
.card .title { font-weight: 600; }
.card .kind { color: #333; }
.card .source { color: #555; font-size: 12px; margin-top: 2px; }
.card blockquote { margin: 6px 0 0; padding: 2px 0 2px 8px; border-left: 3px solid #ccc; font-style: italic; }
.card .records { font-size: 12px; color: #555; }
.card .totals { margin: 4px 0; }
.card .totals div { margin: 1px 0; }
.card code { font-size: 11px; word-break: break-all; }
.evidence { list-style: none; padding: 0; margin: 6px 0; }
.evidence li { border-top: 1px solid #eee; padding: 3px 0; }
.pager { display: flex; gap: 6px; align-items: center; font-size: 12px; }
.rel { display: block; width: 100%; text-align: left; background: none; border: 0; padding: 2px 0;
       cursor: pointer; color: #1a5fb4; font: inherit; }
.rel:hover { text-decoration: underline; }
.undated { color: #8a5a00; }
"""

SCRIPT = r"""
(function () {
  "use strict";
  var L = window.actorkgLib;
  // How long each step of opening took, in ms since navigation began (the tests and
  // benchmarks/viewer.py read them as window.actorkg.timings).
  var timings = {script: Math.round(performance.now())};
  function mark(step) { timings[step] = Math.round(performance.now()); }
  var data = JSON.parse(document.getElementById("actorkg-data").textContent);
  var POLARITY = {"1": "cooperation", "-1": "conflict", "0": "neither"};
  var GLYPH = {circle: "\u25CF", hexagon: "\u2B22", triangle: "\u25B2", star: "\u2605", diamond: "\u25C6",
               square: "\u25A0", triangleDown: "\u25BC"};
  // Node shapes, drawn by the node program below; the numbers are the shader's.
  var SHAPES = {circle: 0, square: 1, diamond: 2, triangle: 3, triangleDown: 4, hexagon: 5, star: 6};
  var FADED = "#e6e6e6", PAGE = 20, STEPS = [0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

  // Every data string goes through textContent: nothing from the data is parsed as HTML.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function fmt(x) { return Math.round(x * 10) / 10 === Math.round(x) ? Math.round(x).toLocaleString("en") :
                             (Math.round(x * 10) / 10).toLocaleString("en"); }
  function span(a, b) {
    if (a === null && b === null) { return "undated"; }
    if (a === b || b === null) { return String(a); }
    if (a === null) { return "\u2013" + b; }
    return a + "\u2013" + b;
  }

  // --- the data, decoded -------------------------------------------------------------
  // The statement table comes packed (pack.py): texts as templates and numbers, the tie
  // column as statements per tie, mostly empty columns as gaps and entries, values as an
  // index into the distinct lists of them. Undone once, here.
  function unpack(L) {
    var pieces = data.templates.map(function (t) { return t.split("\u0000"); });
    function text(x) {
      if (typeof x === "string") { return x; }
      var p = pieces[x[0]], out = p[0];
      for (var k = 1; k < p.length; k++) { out += String(x[k]) + p[k]; }
      return out;
    }
    function dense(c) {
      if (Array.isArray(c)) { return c; }
      var out = new Array(c.n).fill(null), at = -1;
      for (var k = 0; k < c.gaps.length; k++) { at += c.gaps[k]; out[at] = c.values[k]; }
      return out;
    }
    var tie = [];
    L.ties.forEach(function (n, t) { for (var k = 0; k < n; k++) { tie.push(t); } });
    return {tie: tie, kind: dense(L.kind), start: dense(L.start), end: dense(L.end), sources: dense(L.sources),
            tiv: dense(L.tiv), quotes: dense(L.quotes), treaty: dense(L.treaty),
            values: dense(L.values).map(function (v) { return v === null ? null : data.combos[v]; }),
            records: dense(L.records).map(function (r) { return r === null ? null : r.map(text); }),
            statement: L.statement.map(text)};
  }
  var nodes = data.nodes, families = data.families, kinds = data.kinds, sources = data.sources;
  mark("parsed");
  var S = unpack(data.links), T = data.ties, strings = data.strings, meta = data.meta;
  var nLinks = S.tie.length, nTies = T.source.length, nNodes = nodes.length;
  var tieLinks = [], nodeTies = [], byIri = {};
  for (var t = 0; t < nTies; t++) { tieLinks.push([]); }
  for (var v = 0; v < nNodes; v++) { nodeTies.push([]); byIri[nodes[v].iri] = v; }
  for (var i = 0; i < nLinks; i++) { tieLinks[S.tie[i]].push(i); }
  for (t = 0; t < nTies; t++) { nodeTies[T.source[t]].push(t); nodeTies[T.target[t]].push(t); }
  function linkSources(i) { var s = S.sources[i]; return typeof s === "number" ? [s] : s; }
  function statementIri(i) { return S.statement[i]; }

  // --- state, kept in the URL fragment -------------------------------------------------
  var state = {focus: meta.focus, depth: meta.depth, year: null, hiddenKinds: {}, hiddenSources: {},
               minWeight: 0, selected: null};
  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    if (p.has("focus")) { var f = p.get("focus"); state.focus = f === "" ? null : (byIri[f] !== undefined ? byIri[f] : state.focus); }
    if (p.has("depth") && /^\d+$/.test(p.get("depth"))) { state.depth = Math.min(parseInt(p.get("depth"), 10), maxDepth()); }
    if (p.has("year") && /^-?\d+$/.test(p.get("year"))) { state.year = parseInt(p.get("year"), 10); }
    if (p.has("min") && /^\d+$/.test(p.get("min"))) { state.minWeight = parseInt(p.get("min"), 10); }
    (p.get("hide") || "").split(" ").forEach(function (k) {
      kinds.forEach(function (kind, n) { if (kind.iri === k) { state.hiddenKinds[n] = true; } }); });
    (p.get("hideSources") || "").split(" ").forEach(function (k) {
      sources.forEach(function (s, n) { if (s.iri === k) { state.hiddenSources[n] = true; } }); });
    var sel = p.get("sel") || "";
    if (/^tie:\d+$/.test(sel) && +sel.slice(4) < nTies) { state.selected = {tie: +sel.slice(4)}; }
  }
  function writeHash() {
    var p = new URLSearchParams();
    p.set("focus", state.focus === null ? "" : nodes[state.focus].iri);
    p.set("depth", String(state.depth));
    if (state.year !== null) { p.set("year", String(state.year)); }
    if (state.minWeight) { p.set("min", String(state.minWeight)); }
    var hk = Object.keys(state.hiddenKinds).map(function (k) { return kinds[k].iri; });
    if (hk.length) { p.set("hide", hk.join(" ")); }
    var hs = Object.keys(state.hiddenSources).map(function (k) { return sources[k].iri; });
    if (hs.length) { p.set("hideSources", hs.join(" ")); }
    if (state.selected && state.selected.tie !== undefined) { p.set("sel", "tie:" + state.selected.tie); }
    history.replaceState(null, "", "#" + p.toString());
  }
  // Without a focus in the file everything is in it, so any depth can be walked.
  function maxDepth() { return meta.focus === null ? 6 : meta.depth; }

  // --- the network as the controls ask for it -------------------------------------------
  function admits(i) {
    if (state.hiddenKinds[S.kind[i]]) { return false; }
    var ss = linkSources(i), any = false;
    for (var k = 0; k < ss.length; k++) { if (!state.hiddenSources[ss[k]]) { any = true; break; } }
    if (!any) { return false; }
    if (state.year === null) { return true; }
    var a = S.start[i], b = S.end[i];
    return !(a !== null && a > state.year) && !(b !== null && b < state.year);
  }
  var view = null;
  function compute() {
    var count = new Float64Array(nTies), tiv = new Float64Array(nTies), undated = 0;
    for (var i = 0; i < nLinks; i++) {
      if (!admits(i)) { continue; }
      count[S.tie[i]] += 1;
      if (S.tiv[i] !== null) { tiv[S.tie[i]] += S.tiv[i]; }
      if (S.start[i] === null && S.end[i] === null) { undated += 1; }
    }
    var weight = new Float64Array(nTies), passes = new Uint8Array(nTies);
    for (var t = 0; t < nTies; t++) {
      weight[t] = families[T.family[t]].measure === "tiv" ? tiv[t] : count[t];
      passes[t] = count[t] > 0 && (state.minWeight === 0 || weight[t] >= state.minWeight) ? 1 : 0;
    }
    var ring = new Int32Array(nNodes).fill(-1);
    if (state.focus !== null) {
      ring[state.focus] = 0;
      var frontier = [state.focus];
      for (var d = 1; d <= state.depth && frontier.length; d++) {
        var next = [];
        frontier.forEach(function (n) {
          nodeTies[n].forEach(function (t) {
            if (!passes[t]) { return; }
            var o = T.source[t] === n ? T.target[t] : T.source[t];
            if (ring[o] < 0) { ring[o] = d; next.push(o); }
          });
        });
        frontier = next;
      }
    }
    var shownTie = new Uint8Array(nTies), degree = new Int32Array(nNodes), shownNode = new Uint8Array(nNodes);
    var maxWeight = {};
    for (t = 0; t < nTies; t++) {
      if (!passes[t]) { continue; }
      if (state.focus !== null && (ring[T.source[t]] < 0 || ring[T.target[t]] < 0)) { continue; }
      shownTie[t] = 1;
      degree[T.source[t]] += 1; degree[T.target[t]] += 1;
      shownNode[T.source[t]] = 1; shownNode[T.target[t]] = 1;
      maxWeight[T.family[t]] = Math.max(maxWeight[T.family[t]] || 0, weight[t]);
    }
    if (state.focus !== null) { shownNode[state.focus] = 1; }
    view = {count: count, tiv: tiv, weight: weight, shownTie: shownTie, shownNode: shownNode, degree: degree,
            ring: ring, maxWeight: maxWeight, undated: undated};
    var nShown = 0, tShown = 0;
    for (v = 0; v < nNodes; v++) { nShown += shownNode[v]; }
    for (t = 0; t < nTies; t++) { tShown += shownTie[t]; }
    view.nodeCount = nShown; view.tieCount = tShown;
    view.maxDegree = 0;
    for (v = 0; v < nNodes; v++) { view.maxDegree = Math.max(view.maxDegree, degree[v]); }
  }
  // Width grows with the log of the weight, relative to the family's strongest tie shown;
  // the floor keeps a graph of single statements from drawing them all at full width.
  var pale = {};
  function paleColour(f) {
    if (pale[f] === undefined) {
      var c = families[f].color, mix = function (k) { return Math.round(parseInt(c.substr(k, 2), 16) * 0.35 + 255 * 0.65); };
      pale[f] = "rgb(" + mix(1) + "," + mix(3) + "," + mix(5) + ")";
    }
    return pale[f];
  }
  function tieWidth(t) {
    var f = families[T.family[t]], w = view.weight[t];
    var top = Math.max(view.maxWeight[T.family[t]] || 0, f.measure === "tiv" ? 1000 : 20);
    return 0.8 + 6 * Math.log(1 + Math.max(w, 0)) / Math.log(1 + top);
  }

  // --- sigma.js -----------------------------------------------------------------------
  // Every shape in one WebGL program: sigma's disc program with a shape number per node
  // and a distance function per shape in the fragment shader. Pictogram textures
  // (@sigma/node-image, no longer bundled) cost an asynchronous image load, a second full
  // render once the atlas arrives and, in software WebGL, seconds of shader and texture
  // work on opening.
  var SHAPE_FRAGMENT = [
    "precision highp float;",
    "varying vec4 v_color; varying vec2 v_diffVector; varying float v_radius; varying float v_shape;",
    "uniform float u_correctionRatio;",
    // Signed distance to the shape, in units of the node's radius (negative inside); every
    // shape fits the disc, so the triangle the program draws covers it. Every shape is
    // computed and the node's picked by step(), without branches or trigonometry:
    // software WebGL shades all the branches of an if for every pixel, and the star's
    // atan, mod, cos and sin made nodes cost 2.5 times what plain discs do.
    "float shape(vec2 p, float s) {",
    "  vec2 q = abs(p);",
    "  float d = length(p) - 1.0;",
    "  d = mix(d, max(q.x, q.y) - 0.72, step(0.5, s));",
    "  d = mix(d, (q.x + q.y - 1.0) * 0.7071, step(1.5, s));",
    // Shape 4 is the triangle upside down.
    "  float y = p.y * (1.0 - 2.0 * step(3.5, s) * step(s, 4.5));",
    "  d = mix(d, max(-y - 0.5, 0.8660 * q.x + 0.5 * y - 0.5), step(2.5, s));",
    "  d = mix(d, max(q.x, 0.5 * q.x + 0.8660 * q.y) - 0.8660, step(4.5, s));",
    // A five-pointed star, point up (a regular pentagram): a, b, c, e, f are the distances
    // to the five lines through every second point, positive on the far side from the
    // centre; the star is where at most one of them is positive, so its distance is the
    // second largest of the five.
    "  float a = p.y - 0.3090, b = dot(p, vec2(0.9511, 0.3090)) - 0.3090, c = dot(p, vec2(0.5878, -0.8090)) - 0.3090;",
    "  float e = dot(p, vec2(-0.5878, -0.8090)) - 0.3090, f = dot(p, vec2(-0.9511, 0.3090)) - 0.3090;",
    "  float star = max(max(max(min(a, b), min(a, c)), max(min(a, e), min(a, f))),",
    "                   max(max(min(b, c), min(b, e)), max(max(min(b, f), min(c, e)), max(min(c, f), min(e, f)))));",
    "  return mix(d, star, step(5.5, s));",
    "}",
    "void main(void) {",
    "  float border = u_correctionRatio * 2.0;",
    "  float dist = shape(v_diffVector / v_radius, v_shape) * v_radius + border;",
    "  #ifdef PICKING_MODE",
    "  gl_FragColor = v_color * (1.0 - step(border, dist));",
    "  #else",
    "  gl_FragColor = mix(v_color, vec4(0.0), clamp(dist / border, 0.0, 1.0));",
    "  #endif",
    "}"].join("\n");
  var SHAPE_VERTEX = [
    "attribute vec4 a_id; attribute vec4 a_color; attribute vec2 a_position; attribute float a_size;",
    "attribute float a_angle; attribute float a_shape;",
    "uniform mat3 u_matrix; uniform float u_sizeRatio; uniform float u_correctionRatio;",
    "varying vec4 v_color; varying vec2 v_diffVector; varying float v_radius; varying float v_shape;",
    "void main() {",
    "  float size = a_size * u_correctionRatio / u_sizeRatio * 4.0;",
    "  vec2 diffVector = size * vec2(cos(a_angle), sin(a_angle));",
    "  gl_Position = vec4((u_matrix * vec3(a_position + diffVector, 1)).xy, 0, 1);",
    "  v_diffVector = diffVector; v_radius = size / 2.0; v_shape = a_shape;",
    "  #ifdef PICKING_MODE",
    "  v_color = a_id;",
    "  #else",
    "  v_color = a_color;",
    "  #endif",
    "  v_color.a *= 255.0 / 254.0;",
    "}"].join("\n");
  // Every program the page uses goes through fast(), for two reasons.
  // Drawn without instancing: sigma 3 draws every node and tie as an instance of a few
  // constant vertices (drawArraysInstanced). Software WebGL (SwiftShader: headless
  // Chromium, machines without a usable GPU) runs an instanced draw as one draw per
  // instance, so the 2,000-actor graph's 3,000 arrows took ~280 ms to draw. The same
  // program with the constant vertices written out for every item is one plain drawArrays,
  // about as fast on a GPU and four times faster in software.
  // Picking only when still: sigma draws every item a second time, in its id colour, into
  // an offscreen buffer that hovering and clicking read; while the camera moves nothing
  // reads it, so that pass waits for the frame the camera stops in (see settle below).
  // Curved ties (``curved``) only when still: the curve programs shade a quad around each
  // curve with a distance to a Bezier curve per pixel, the costliest drawing sigma has
  // (110 to 145 ms a frame each on the Azerbaijan view in software WebGL); while moving,
  // each pair of actors keeps its first tie, which is straight.
  var frameMoving = false, frame = {pixelRatio: null, curves: false, picking: false};
  function fast(Base, curved) {
    return class extends Base {
      getDefinition() {
        var d = super.getDefinition();
        if (!("CONSTANT_ATTRIBUTES" in d)) { return d; }
        var out = Object.assign({}, d, {ATTRIBUTES: d.ATTRIBUTES.concat(d.CONSTANT_ATTRIBUTES)});
        delete out.CONSTANT_ATTRIBUTES; delete out.CONSTANT_DATA;
        return out;
      }
      // The base writes the item's own values at the start of its first vertex; they are
      // copied to every vertex, each followed by that vertex's constant values.
      processVisibleItem(index, start) {
        super.processVisibleItem.apply(this, arguments);
        if (this.perItem === undefined) {
          var d = super.getDefinition();
          this.constants = d.CONSTANT_DATA || null;
          this.perItem = d.ATTRIBUTES.reduce(function (n, a) { return n + (a.normalized ? 1 : a.size); }, 0);
        }
        if (!this.constants) { return; }
        var a = this.array, k = this.perItem, n = this.ATTRIBUTES_ITEMS_COUNT, rows = this.constants;
        for (var v = rows.length - 1; v >= 0; v--) {
          var at = start + v * n, row = rows[v];
          for (var j = 0; j < k; j++) { a[at + j] = a[start + j]; }
          for (j = 0; j < row.length; j++) { a[at + k + j] = row[j]; }
        }
      }
      render(params) {
        if (curved && frameMoving) { return; }
        var pick = this.pickProgram;
        if (frameMoving) { this.pickProgram = null; }
        super.render(params);
        this.pickProgram = pick;
        if (curved && !this.hasNothingToRender()) { frame.curves = true; }
      }
    };
  }
  // Ties and actors on one WebGL canvas: sigma gives each its own, and in software
  // compositing (headless Chromium, no GPU) every WebGL canvas is read back and blended
  // into the page at every frame (~6 ms each for a 1040x900 canvas, plus the read-back,
  // which waits for the drawing). Sigma draws the actors before the ties, so on the shared
  // canvas the actors' program waits for the end of the frame (drawNodes below).
  var deferredNodes = [], drawingNodes = false;
  class OneCanvasSigma extends L.Sigma {
    createWebGLContext(id, options) {
      if (id !== "nodes" || !this.webGLContexts.edges) { return super.createWebGLContext(id, options); }
      var gl = this.webGLContexts.edges;
      this.webGLContexts.nodes = gl; this.elements.nodes = this.elements.edges;
      this.pickingLayers.add("nodes"); this.frameBuffers.nodes = gl.createFramebuffer();
      return gl;
    }
  }
  class ShapeProgram extends L.NodeCircleProgram {
    render(params) {
      if (drawingNodes) { super.render(params); } else { deferredNodes.push([this, params]); }
    }
    getDefinition() {
      var d = super.getDefinition();
      return Object.assign({}, d, {VERTEX_SHADER_SOURCE: SHAPE_VERTEX, FRAGMENT_SHADER_SOURCE: SHAPE_FRAGMENT,
        ATTRIBUTES: d.ATTRIBUTES.concat([{name: "a_shape", size: 1, type: WebGLRenderingContext.FLOAT}])});
    }
    processVisibleItem(nodeIndex, startIndex, data) {
      super.processVisibleItem(nodeIndex, startIndex, data);  // position, size, colour, id
      this.array[startIndex + 5] = data.shape;
    }
  }
  mark("unpacked");
  var graph = new L.Graph({multi: true, type: "mixed", allowSelfLoops: false});
  nodes.forEach(function (n, k) {
    graph.addNode(String(k), {x: n.x, y: n.y, size: 4, color: n.color, label: n.label, shape: SHAPES[n.shape] || 0});
  });
  // Ties between the same two actors are bowed apart, alternately to either side.
  var pairIndex = {}, curvature = new Float64Array(nTies);
  for (t = 0; t < nTies; t++) {
    var a = Math.min(T.source[t], T.target[t]), b = Math.max(T.source[t], T.target[t]), key = a + " " + b;
    var n = pairIndex[key] = (pairIndex[key] || 0) + 1;
    curvature[t] = n === 1 ? 0 : (n % 2 ? -1 : 1) * 0.22 * Math.ceil((n - 1) / 2) * (T.source[t] < T.target[t] ? 1 : -1);
    var family = families[T.family[t]], attrs = {color: family.color, size: 1, curvature: curvature[t]};
    attrs.type = family.directed ? (curvature[t] ? "curvedArrow" : "arrow") : (curvature[t] ? "curved" : "line");
    if (family.directed) { graph.addDirectedEdgeWithKey(String(t), String(T.source[t]), String(T.target[t]), attrs); }
    else { graph.addUndirectedEdgeWithKey(String(t), String(T.source[t]), String(T.target[t]), attrs); }
  }

  // Only the programs some tie uses: each one is compiled (twice, with picking) on opening.
  var edgePrograms = {arrow: L.createEdgeCompoundProgram([fast(L.EdgeClampedProgram), fast(L.EdgeArrowHeadProgram)]),
                      line: fast(L.EdgeLineProgram)};
  graph.forEachEdge(function (key, attrs) {
    if (attrs.type === "curved") { edgePrograms.curved = fast(L.EdgeCurveProgram, true); }
    if (attrs.type === "curvedArrow") { edgePrograms.curvedArrow = fast(L.EdgeCurvedArrowProgram, true); }
  });
  var hovered = null, searchHit = null;
  function neighboursOf(v) {
    var near = {};
    near[v] = true;
    nodeTies[v].forEach(function (t) { if (view.shownTie[t]) { near[T.source[t]] = true; near[T.target[t]] = true; } });
    return near;
  }
  var near = null;
  var container = document.getElementById("network");
  var big = nTies > 3000;
  readHash();
  compute();
  mark("graph");
  var renderer = new OneCanvasSigma(graph, container, {
    renderLabels: false, renderEdgeLabels: false, enableEdgeEvents: true, zIndex: true,
    hideEdgesOnMove: big, defaultDrawNodeHover: function () {}, minCameraRatio: 0.02, maxCameraRatio: 4,
    stagePadding: 60,
    // Under sigma's default name, so that its own disc program is not compiled as well.
    nodeProgramClasses: {circle: fast(ShapeProgram)},
    edgeProgramClasses: edgePrograms,
    nodeReducer: function (key, attrs) {
      var v = +key;
      if (!view.shownNode[v]) { return Object.assign({}, attrs, {hidden: true}); }
      var out = Object.assign({}, attrs, {size: 3 + 9 * Math.sqrt(view.degree[v] / Math.max(1, view.maxDegree)), zIndex: 1});
      if (v === state.focus) { out.size += 3; out.zIndex = 3; }
      if (v === hovered) { out.zIndex = 3; }
      if (near && !near[v]) { out.color = FADED; out.zIndex = 0; }
      return out;
    },
    edgeReducer: function (key, attrs) {
      var t = +key;
      if (!view.shownTie[t]) { return Object.assign({}, attrs, {hidden: true}); }
      var out = Object.assign({}, attrs, {size: tieWidth(t), zIndex: 1});
      // Around a focus its own ties carry the picture; the ties among its neighbours stay
      // visible but pale and thin, or they bury it (Azerbaijan: 65 of 502 ties are its own).
      if (!near && state.focus !== null && T.source[t] !== state.focus && T.target[t] !== state.focus) {
        out.color = paleColour(T.family[t]); out.size = Math.max(0.5, out.size * 0.4); out.zIndex = 0;
      }
      if (near && !(near[T.source[t]] && near[T.target[t]] && (near.center === T.source[t] || near.center === T.target[t]))) {
        out.color = FADED; out.zIndex = 0;
      }
      if (state.selected && state.selected.tie === t) { out.size += 2; out.zIndex = 2; }
      return out;
    }
  });
  function drawNodes() {
    var queued = deferredNodes;
    deferredNodes = []; drawingNodes = true;
    queued.forEach(function (q) { q[0].render(q[1]); });
    drawingNodes = false;
  }
  drawNodes();  // sigma's first frame, drawn as it was created
  frame.pixelRatio = renderer.pixelRatio; frame.picking = true;
  renderer.on("afterRender", drawNodes);  // before any other handler: the frame ends here
  mark("renderer");
  var camera = renderer.getCamera(), captor = renderer.getMouseCaptor();
  // What sigma itself counts as moving (in its render, for hideEdgesOnMove).
  function moving() {
    return camera.isAnimated() || captor.isMoving || captor.draggedEvents > 0 || !!captor.currentWheelDirection;
  }
  // After a frame drawn while moving, one more once the camera is still: the frame that
  // draws the picking buffers and places the labels again (sigma draws nothing when the
  // camera stops without a last change, e.g. a drag held still before the button is up).
  var settling = null;
  renderer.on("beforeRender", function () {
    frameMoving = moving();
    frame = {pixelRatio: null, curves: false, picking: !frameMoving};
  });
  // A lower resolution while moving, as map viewers do: the canvas is drawn at half the
  // pixel ratio (a quarter of the pixels to shade, read back and blend) and scaled up by
  // the browser; the frame the camera stops in is drawn at full resolution again. sigma
  // sizes its layers at the device's pixel ratio; the shared WebGL canvas is resized after.
  var MOVING_RATIO = 0.5, sigmaResize = renderer.resize;
  renderer.resize = function (force) {
    sigmaResize.call(renderer, force);
    var ratio = (frameMoving ? MOVING_RATIO : 1) * (window.devicePixelRatio || 1);
    var canvas = renderer.elements.edges, w = Math.round(renderer.width * ratio), h = Math.round(renderer.height * ratio);
    renderer.pixelRatio = frame.pixelRatio = ratio;
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    renderer.webGLContexts.edges.viewport(0, 0, w, h);
    return renderer;
  };
  // sigma allocates new picking buffers at every frame; a frame drawn while moving draws no
  // picking, so it keeps the last ones, which are stale then: nothing is picked from them
  // until the camera is still (as when they were blank).
  var sigmaResetTexture = renderer.resetWebGLTexture, sigmaNodeAt = renderer.getNodeAtPosition;
  var sigmaEdgeAt = renderer.getEdgeAtPoint, pickingStale = false;
  renderer.resetWebGLTexture = function (id) {
    pickingStale = frameMoving;
    return frameMoving ? renderer : sigmaResetTexture.call(renderer, id);
  };
  renderer.getNodeAtPosition = function (p) { return pickingStale ? null : sigmaNodeAt.call(renderer, p); };
  renderer.getEdgeAtPoint = function (x, y) { return pickingStale ? null : sigmaEdgeAt.call(renderer, x, y); };
  // Hovering reads a pixel of each picking buffer at every mouse move, a read that waits
  // for the WebGL work queued so far; while the stage is dragged nothing is hovered (and
  // the buffers are not drawn), so sigma's hover handler runs only with the button up.
  var hoverMove = renderer.activeListeners.handleMove;
  captor.removeListener("mousemove", hoverMove);
  captor.on("mousemove", function (e) { if (!captor.isMouseDown) { hoverMove(e); } });
  renderer.on("afterRender", function () {
    if (!frameMoving || settling !== null) { return; }
    settling = setTimeout(function settle() {
      if (moving()) { settling = setTimeout(settle, 100); return; }
      settling = null;
      renderer.scheduleRender();
    }, 100);
  });
  function highlight(v) {
    if (v === null) { near = null; } else { near = neighboursOf(v); near.center = v; }
  }

  // --- labels that do not overlap -----------------------------------------------------
  var canvas = document.getElementById("labels"), ctx = canvas.getContext("2d"), widths = {};
  var placed = [];
  function textWidth(text, size) {
    var key = size + "|" + text;
    if (widths[key] === undefined) { ctx.font = size + "px system-ui, sans-serif"; widths[key] = ctx.measureText(text).width; }
    return widths[key];
  }
  function drawLabels() {
    var dims = renderer.getDimensions(), ratio = window.devicePixelRatio || 1;
    if (canvas.width !== dims.width * ratio || canvas.height !== dims.height * ratio) {
      canvas.width = dims.width * ratio; canvas.height = dims.height * ratio;
      canvas.style.width = dims.width + "px"; canvas.style.height = dims.height + "px";
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, dims.width, dims.height);
    var order = [];
    for (var v = 0; v < nNodes; v++) { if (view.shownNode[v]) { order.push(v); } }
    function forced(v) { return v === state.focus || v === hovered || v === searchHit; }
    order.sort(function (a, b) {
      return (forced(b) - forced(a)) || (view.degree[b] - view.degree[a]) || (a - b);
    });
    var cell = 80, grid = {};
    placed = [];
    function hits(box) {
      var x0 = Math.floor(box.x / cell), x1 = Math.floor((box.x + box.w) / cell);
      var y0 = Math.floor(box.y / cell), y1 = Math.floor((box.y + box.h) / cell);
      for (var gx = x0; gx <= x1; gx++) {
        for (var gy = y0; gy <= y1; gy++) {
          var list = grid[gx + "," + gy];
          if (!list) { continue; }
          for (var k = 0; k < list.length; k++) {
            var o = list[k];
            if (o.disc === box.node || (o.disc !== undefined && box.overDiscs)) { continue; }
            if (box.x < o.x + o.w && o.x < box.x + box.w && box.y < o.y + o.h && o.y < box.y + box.h) { return true; }
          }
        }
      }
      return false;
    }
    function add(box) {
      if (box.node !== undefined) { placed.push(box); }
      for (var gx = Math.floor(box.x / cell); gx <= Math.floor((box.x + box.w) / cell); gx++) {
        for (var gy = Math.floor(box.y / cell); gy <= Math.floor((box.y + box.h) / cell); gy++) {
          (grid[gx + "," + gy] = grid[gx + "," + gy] || []).push(box);
        }
      }
    }
    // Node discs are obstacles too: a label must not hide another actor.
    var discs = [];
    order.forEach(function (v) {
      var d = renderer.getNodeDisplayData(String(v));
      if (!d || d.hidden) { return; }
      var p = renderer.framedGraphToViewport(d), r = renderer.scaleSize(d.size);
      discs[v] = {p: p, r: r};
      add({x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r, disc: v});
    });
    placed = [];
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    order.forEach(function (v, rank) {
      if (!discs[v]) { return; }
      var p = discs[v].p, r = discs[v].r;
      if (p.x < -50 || p.y < -20 || p.x > dims.width + 50 || p.y > dims.height + 20) { return; }
      // Small (little connected) actors get a label once zooming in makes them bigger.
      if (!forced(v) && r < 4) { return; }
      var size = forced(v) ? 14 : rank < 12 ? 13 : 12, text = nodes[v].label;
      var w = textWidth(text, size) + 4, h = size + 4;
      // Right, left, above, below; above and below slide along to stay on the canvas.
      var centred = Math.min(Math.max(p.x - w / 2, 0), dims.width - w);
      var spots = [{x: p.x + r + 2, y: p.y - h / 2}, {x: p.x - r - 2 - w, y: p.y - h / 2},
                   {x: centred, y: p.y - r - 1 - h}, {x: centred, y: p.y + r + 1}];
      for (var k = 0; k < spots.length; k++) {
        // The best connected few may cover other actors' discs (never other labels).
        var box = {x: spots[k].x, y: spots[k].y, w: w, h: h, node: v, overDiscs: rank < 10,
                   text: text, font: (forced(v) ? "600 " : "") + size + "px system-ui, sans-serif"};
        var inside = box.x >= 0 && box.y >= 0 && box.x + w <= dims.width && box.y + h <= dims.height;
        if ((inside || k === spots.length - 1 && forced(v)) && (forced(v) || !hits(box))) {
          add(box);
          ctx.font = box.font;
          ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.92)";
          ctx.strokeText(text, box.x + 2, box.y + h / 2);
          ctx.fillStyle = near && !near[v] ? "#aaa" : "#222";
          ctx.fillText(text, box.x + 2, box.y + h / 2);
          return;
        }
      }
    });
  }
  // While the camera moves, the labels placed when it was last still move with it: a pan
  // shifts the label canvas (no placing, no text drawn); a zoom places them again, or, in
  // a big graph, hides them until the camera is still (as sigma's hideLabelsOnMove does).
  var placedAt = null;
  function labelsOnMove() {
    var st = camera.getState();
    if (placedAt && st.ratio === placedAt.ratio && st.angle === placedAt.angle) {
      var p = renderer.framedGraphToViewport(placedAt.origin);
      canvas.style.transform = "translate(" + p.x + "px," + p.y + "px)";
      return true;
    }
    if (big) { canvas.style.visibility = "hidden"; return true; }
    return false;
  }
  function placeLabels() {
    canvas.style.transform = ""; canvas.style.visibility = "";
    drawLabels();
    var st = camera.getState();
    placedAt = {ratio: st.ratio, angle: st.angle, origin: renderer.viewportToFramedGraph({x: 0, y: 0})};
  }
  renderer.on("afterRender", function () { if (!(frameMoving && labelsOnMove())) { placeLabels(); } });

  // --- tooltips and the details panel -------------------------------------------------
  var tooltip = document.getElementById("tooltip"), details = document.getElementById("details-body");
  function shownLinks(t) { return tieLinks[t].filter(admits); }
  function tieTitle(t) {
    var f = families[T.family[t]];
    return nodes[T.source[t]].label + (f.directed ? " \u2192 " : " \u2014 ") + nodes[T.target[t]].label;
  }
  function totalsOf(list) {
    var out = {statements: 0, tiv: 0, hasTiv: false, first: null, last: null, undated: 0, counts: {}, treaties: {},
               sources: {}, sums: {}};
    var seen = {};
    list.forEach(function (i) {
      var id = S.statement[i];
      if (seen[id]) { return; }
      seen[id] = true;
      out.statements += 1;
      if (S.tiv[i] !== null) { out.tiv += S.tiv[i]; out.hasTiv = true; }
      [S.start[i], S.end[i]].forEach(function (y) {
        if (y === null) { return; }
        out.first = out.first === null ? y : Math.min(out.first, y);
        out.last = out.last === null ? y : Math.max(out.last, y);
      });
      if (S.start[i] === null && S.end[i] === null) { out.undated += 1; }
      (S.values[i] || []).forEach(function (pair) {
        var q = data.qualifiers[pair[0]], value = strings[pair[1]];
        if (q.total === "sum") { out.sums[pair[0]] = (out.sums[pair[0]] || 0) + Number(value); return; }
        var c = out.counts[pair[0]] = out.counts[pair[0]] || {};
        c[value] = (c[value] || 0) + 1;
      });
      if (S.treaty[i] !== null) { out.treaties[S.treaty[i]] = true; }
      linkSources(i).forEach(function (s) { out.sources[s] = (out.sources[s] || 0) + 1; });
    });
    return out;
  }
  function topCounts(counts, limit) {
    var entries = Object.keys(counts).map(function (k) { return [k, counts[k]]; });
    entries.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
    var shown = entries.slice(0, limit).map(function (e) { return e[0] + (e[1] > 1 ? " \u00d7" + e[1] : ""); });
    return shown.join(", ") + (entries.length > limit ? ", \u2026 (" + entries.length + " in all)" : "");
  }
  function treatyName(ref) { return typeof ref === "number" ? nodes[ref].label : data.treaties[ref].name; }
  function treatyInfo(ref) { return typeof ref === "number" ? nodes[ref].treaty : data.treaties[ref]; }
  function tieCard(t, full) {
    var box = el("div", "card"), f = families[T.family[t]], list = shownLinks(t), tot = totalsOf(list);
    box.appendChild(el("div", "title", tieTitle(t)));
    box.appendChild(el("div", "kind", f.label + " \u00b7 " + POLARITY[String(f.polarity)]));
    var lines = el("div", "totals");
    var what = tot.statements + (tot.statements === 1 ? " statement" : " statements");
    if (tot.hasTiv) { what += " \u00b7 TIV " + fmt(tot.tiv) + " (SIPRI, millions)"; }
    lines.appendChild(el("div", "", what));
    lines.appendChild(el("div", "", "years: " + (tot.first === null ? "none given" : span(tot.first, tot.last)) +
                                    (tot.undated ? " \u00b7 " + tot.undated + " undated" : "")));
    Object.keys(tot.sums).forEach(function (q) {
      lines.appendChild(el("div", "", data.qualifiers[q].label + ": " + fmt(tot.sums[q])));
    });
    Object.keys(tot.counts).forEach(function (q) {
      lines.appendChild(el("div", "", data.qualifiers[q].label + ": " + topCounts(tot.counts[q], full ? 12 : 4)));
    });
    var treaties = Object.keys(tot.treaties).map(Number).filter(function (r) {
      return r !== T.source[t] && r !== T.target[t]; });
    treaties.forEach(function (r) {
      var info = treatyInfo(r);
      lines.appendChild(el("div", "", "treaty: " + treatyName(r) + (info && info.obligations ? " (" + info.obligations + ")" : "")));
    });
    lines.appendChild(el("div", "source", "sources: " + Object.keys(tot.sources).map(function (s) {
      var src = sources[s];
      return src.label + (src.grade ? " [" + src.grade + "]" : "") + " (" + tot.sources[s] + ")"; }).join("; ")));
    box.appendChild(lines);
    if (!full) {
      var quote = list.map(function (i) { return S.quotes[i]; }).filter(function (q) { return q && q.length; })[0];
      if (quote) { box.appendChild(el("blockquote", "quote", quote[0])); }
      box.appendChild(el("div", "muted", "click the tie for the evidence"));
    }
    return box;
  }
  function evidenceLine(i) {
    var parts = [span(S.start[i], S.end[i])];
    (S.values[i] || []).forEach(function (pair) {
      var q = data.qualifiers[pair[0]];
      parts.push((q.short ? q.short + " " : "") + strings[pair[1]]);
    });
    if (S.tiv[i] !== null) { parts.push("TIV " + fmt(S.tiv[i])); }
    parts.push(linkSources(i).map(function (s) { return sources[s].label; }).join(", "));
    return parts.join(" \u00b7 ");
  }
  function showTie(t, page) {
    clear(details);
    var list = shownLinks(t);
    list.sort(function (a, b) { return (S.start[a] === null ? 1e9 : S.start[a]) - (S.start[b] === null ? 1e9 : S.start[b]) || a - b; });
    details.appendChild(tieCard(t, true));
    var pages = Math.max(1, Math.ceil(list.length / PAGE));
    page = Math.min(Math.max(page || 0, 0), pages - 1);
    var ul = el("ul", "evidence");
    list.slice(page * PAGE, page * PAGE + PAGE).forEach(function (i) {
      var li = el("li");
      var button = el("button", "rel" + (S.start[i] === null && S.end[i] === null ? " undated" : ""), evidenceLine(i));
      button.type = "button";
      button.addEventListener("click", function () { showStatement(i, t); });
      li.appendChild(button);
      (S.quotes[i] || []).forEach(function (q) { li.appendChild(el("blockquote", "quote", q)); });
      if (S.records[i] && S.records[i].length) { li.appendChild(el("div", "records", "record: " + S.records[i].join(", "))); }
      ul.appendChild(li);
    });
    var box = el("div", "card");
    box.appendChild(el("h2", "", "Evidence (" + list.length + ")"));
    box.appendChild(ul);
    if (pages > 1) {
      var pager = el("div", "pager");
      var prev = el("button", "", "\u2190 previous"), next = el("button", "", "next \u2192");
      prev.type = next.type = "button";
      prev.disabled = page === 0; next.disabled = page === pages - 1;
      prev.addEventListener("click", function () { showTie(t, page - 1); });
      next.addEventListener("click", function () { showTie(t, page + 1); });
      pager.appendChild(prev); pager.appendChild(el("span", "", "page " + (page + 1) + " of " + pages)); pager.appendChild(next);
      box.appendChild(pager);
    }
    details.appendChild(box);
  }
  function showStatement(i, t) {
    clear(details);
    var box = el("div", "card");
    box.appendChild(el("div", "title", tieTitle(t)));
    box.appendChild(el("div", "kind", kinds[S.kind[i]].label + " \u00b7 " + span(S.start[i], S.end[i])));
    (S.values[i] || []).forEach(function (pair) {
      box.appendChild(el("div", "", data.qualifiers[pair[0]].label + ": " + strings[pair[1]]));
    });
    if (S.tiv[i] !== null) { box.appendChild(el("div", "", "SIPRI TIV: " + fmt(S.tiv[i]) + " million")); }
    if (S.treaty[i] !== null) { box.appendChild(el("div", "", "treaty: " + treatyName(S.treaty[i]))); }
    linkSources(i).forEach(function (s) {
      var src = sources[s];
      box.appendChild(el("div", "source", "source: " + src.label + (src.grade ? " (reliability " + src.grade +
        (src.gradeLabel ? ": " + src.gradeLabel : "") + ")" : "")));
    });
    (S.quotes[i] || []).forEach(function (q) { box.appendChild(el("blockquote", "quote", q)); });
    if (S.records[i] && S.records[i].length) { box.appendChild(el("div", "records", "record: " + S.records[i].join(", "))); }
    box.appendChild(el("div", "muted", "statement:"));
    box.appendChild(el("code", "", statementIri(i)));
    box.appendChild(el("div", "muted", "all of it: actorkg sparql \"DESCRIBE <" + statementIri(i) + ">\""));
    var back = el("button", "rel", "\u2190 back to the tie");
    back.type = "button";
    back.addEventListener("click", function () { showTie(t, 0); });
    box.appendChild(back);
    details.appendChild(box);
  }
  function nodeCard(v) {
    var n = nodes[v], box = el("div", "card");
    box.appendChild(el("div", "title", n.label));
    if (n.name !== n.label) { box.appendChild(el("div", "muted", n.name)); }
    box.appendChild(el("div", "kind", n.typeLabel + " \u00b7 " + view.degree[v] + " tie(s) shown"));
    var ids = [];
    if (n.wikidata) { ids.push("Wikidata " + String(n.wikidata).split("/").pop()); }
    if (n.cowCode !== null && n.cowCode !== undefined) { ids.push("COW " + n.cowCode); }
    if (ids.length) { box.appendChild(el("div", "source", ids.join(" \u00b7 "))); }
    if (n.treaty) {
      if (n.treaty.obligations) { box.appendChild(el("div", "", "obligations: " + n.treaty.obligations)); }
      if (n.treaty.members.length) { box.appendChild(el("div", "", "parties (" + n.treaty.members.length + "): " + n.treaty.members.join(", "))); }
      if (n.treaty.match) { box.appendChild(el("div", "muted", "close match of: " + n.treaty.match)); }
    }
    (n.facts || []).forEach(function (f) {
      box.appendChild(el("div", "", f.label + ": " + f.other + (f.years ? " (" + f.years + ")" : "")));
    });
    if (meta.focus !== null && n.ring === meta.depth && meta.depth > 0) {
      box.appendChild(el("div", "muted", "At the edge of this file: its other ties are not in it."));
    }
    return box;
  }
  function showNode(v) {
    clear(details);
    details.appendChild(nodeCard(v));
    var ties = nodeTies[v].filter(function (t) { return view.shownTie[t]; });
    ties.sort(function (a, b) { return T.family[a] - T.family[b] || view.weight[b] - view.weight[a] || a - b; });
    var current = null;
    ties.forEach(function (t) {
      if (T.family[t] !== current) { current = T.family[t]; details.appendChild(el("h2", "", families[current].label)); }
      var other = T.source[t] === v ? T.target[t] : T.source[t], f = families[T.family[t]];
      var dir = f.directed ? (T.source[t] === v ? "\u2192 " : "\u2190 ") : "\u2014 ";
      var w = families[T.family[t]].measure === "tiv" ? "TIV " + fmt(view.weight[t]) + ", " + view.count[t] + " st." :
              view.count[t] + " st.";
      var button = el("button", "rel", dir + nodes[other].label + " (" + w + ")");
      button.type = "button";
      button.addEventListener("click", function () { select({tie: t}); });
      details.appendChild(button);
    });
  }
  function showTooltip(content, x, y) {
    clear(tooltip);
    tooltip.appendChild(content);
    tooltip.hidden = false;
    var dims = renderer.getDimensions();
    tooltip.style.left = Math.min(x + 14, dims.width - tooltip.offsetWidth - 4) + "px";
    tooltip.style.top = Math.min(y + 14, dims.height - tooltip.offsetHeight - 4) + "px";
  }
  renderer.on("enterNode", function (e) {
    hovered = +e.node; highlight(hovered);
    showTooltip(nodeCard(hovered), e.event.x, e.event.y);
    renderer.refresh({skipIndexation: true});
  });
  renderer.on("leaveNode", function () {
    hovered = null; highlight(state.selected && state.selected.node !== undefined ? state.selected.node : null);
    tooltip.hidden = true; renderer.refresh({skipIndexation: true});
  });
  renderer.on("enterEdge", function (e) { showTooltip(tieCard(+e.edge, false), e.event.x, e.event.y); });
  renderer.on("leaveEdge", function () { tooltip.hidden = true; });
  renderer.on("clickNode", function (e) { focusOn(+e.node); });
  renderer.on("clickEdge", function (e) { select({tie: +e.edge}); });
  renderer.on("clickStage", function () { select(null); });

  // --- controls -----------------------------------------------------------------------
  var yearInput = document.getElementById("year"), allYears = document.getElementById("all-years");
  var yearLabel = document.getElementById("year-label"), play = document.getElementById("play");
  yearInput.min = String(meta.years[0]); yearInput.max = String(meta.years[1]); yearInput.step = "1";
  yearInput.value = String(meta.years[1]);
  var depthInput = document.getElementById("depth");
  for (var dd = 0; dd <= maxDepth(); dd++) { var o = el("option", "", String(dd)); o.value = String(dd); depthInput.appendChild(o); }
  var minInput = document.getElementById("min-weight"), minLabel = document.getElementById("min-weight-label");
  minInput.max = String(STEPS.length - 1);

  function update(keepDetails) {
    compute();
    yearInput.value = String(state.year === null ? meta.years[1] : state.year);
    allYears.checked = state.year === null;
    yearLabel.textContent = state.year === null ? "all" : String(state.year);
    depthInput.value = String(state.depth);
    var step = STEPS.indexOf(state.minWeight);
    minInput.value = String(step < 0 ? 0 : step);
    minLabel.textContent = state.minWeight ? "\u2265 " + state.minWeight : "any";
    document.getElementById("focus-name").textContent = state.focus === null ? "whole graph" : nodes[state.focus].label;
    document.getElementById("summary").textContent = view.nodeCount + " actors, " + view.tieCount + " ties" +
      (state.year === null ? "" : " as of " + state.year);
    document.getElementById("undated").textContent = view.undated ? view.undated + " undated statement(s) shown in every year" : "";
    var scope = document.getElementById("scope");
    var missing = meta.focus !== null && (state.focus === null ? true : nodes[state.focus].ring + state.depth > meta.depth);
    scope.hidden = !missing;
    scope.textContent = missing ? "This file holds what is within " + meta.depth + " step(s) of " + nodes[meta.focus].label +
      ": ties beyond it are not shown. For more: actorkg view --focus \u2026 --depth \u2026" : "";
    highlight(hovered !== null ? hovered : (state.selected && state.selected.node !== undefined ? state.selected.node : null));
    // On opening, sigma has just drawn this very state (it renders when it is created, after
    // the labels' hook was not yet there): only the labels are missing.
    if (opening) { placeLabels(); } else { renderer.refresh({skipIndexation: true}); }
    if (!keepDetails) {
      if (state.selected && state.selected.tie !== undefined && view.shownTie[state.selected.tie]) { showTie(state.selected.tie, 0); }
      else if (state.focus !== null) { showNode(state.focus); }
    }
    writeHash();
  }
  function select(what) {
    state.selected = what;
    update();
  }
  function focusOn(v) {
    state.focus = v; state.selected = {node: v};
    update();
    var d = renderer.getNodeDisplayData(String(v));
    if (d) { camera.animate({x: d.x, y: d.y}, {duration: 300}); }
  }
  yearInput.addEventListener("input", function () { state.year = parseInt(yearInput.value, 10); update(true); });
  allYears.addEventListener("change", function () {
    state.year = allYears.checked ? null : parseInt(yearInput.value, 10); update(true); });
  depthInput.addEventListener("change", function () { state.depth = parseInt(depthInput.value, 10); update(); });
  minInput.addEventListener("input", function () { state.minWeight = STEPS[parseInt(minInput.value, 10)]; update(true); });
  var timer = null;
  function stop() { if (timer) { clearInterval(timer); timer = null; } play.textContent = "Play"; }
  play.addEventListener("click", function () {
    if (timer) { stop(); return; }
    if (state.year === null || state.year >= meta.years[1]) { state.year = meta.years[0]; update(true); }
    play.textContent = "Pause";
    timer = setInterval(function () {
      if (state.year >= meta.years[1]) { stop(); return; }
      state.year += 1; update(true);
    }, 600);
  });

  function colorSwatch(color) { var s = el("span", "swatch"); s.style.background = color; return s; }
  function checkbox(text, on, onChange, swatch) {
    var label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = on;
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    if (swatch) { label.appendChild(swatch); }
    label.appendChild(el("span", "", text));
    return label;
  }
  var kindFilter = document.getElementById("kind-filter"), kindCount = {}, sourceCount = {};
  for (i = 0; i < nLinks; i++) {
    kindCount[S.kind[i]] = (kindCount[S.kind[i]] || 0) + 1;
    linkSources(i).forEach(function (s) { sourceCount[s] = (sourceCount[s] || 0) + 1; });
  }
  families.forEach(function (f, fi) {
    var members = kinds.map(function (k, ki) { return ki; }).filter(function (ki) { return kinds[ki].family === fi && kindCount[ki]; });
    if (!members.length) { return; }
    var head = el("div", "family legend-row");
    head.appendChild(colorSwatch(f.color)); head.appendChild(el("span", "", f.label + (f.directed ? " \u2192" : "")));
    kindFilter.appendChild(head);
    members.forEach(function (ki) {
      kindFilter.appendChild(checkbox(kinds[ki].label + " (" + kindCount[ki] + ")", !state.hiddenKinds[ki], function (on) {
        if (on) { delete state.hiddenKinds[ki]; } else { state.hiddenKinds[ki] = true; }
        update();
      }));
    });
  });
  var sourceFilter = document.getElementById("source-filter");
  sources.forEach(function (s, si) {
    if (!sourceCount[si]) { return; }
    sourceFilter.appendChild(checkbox(s.label + (s.grade ? " [" + s.grade + "]" : "") + " (" + sourceCount[si] + ")",
      !state.hiddenSources[si], function (on) {
        if (on) { delete state.hiddenSources[si]; } else { state.hiddenSources[si] = true; }
        update();
      }));
  });
  var legend = document.getElementById("legend");
  data.legend.types.forEach(function (ty) {
    var row = el("div", "legend-row"), glyph = el("span", "glyph", GLYPH[ty.shape] || GLYPH.circle);
    glyph.style.color = ty.color;
    row.appendChild(glyph); row.appendChild(el("span", "", ty.label));
    legend.appendChild(row);
  });
  legend.appendChild(el("p", "muted", "One line per pair of actors and relation family, coloured by family " +
    "(greens cooperation, reds conflict, greys neither), as wide as its weight; an arrow when the family has a direction. " +
    "Actor size: ties shown. Actors close together belong to one community of the layout."));

  var search = document.getElementById("search"), message = document.getElementById("search-msg");
  var datalist = document.getElementById("actor-list");
  nodes.map(function (n) { return n.label; }).sort().forEach(function (label) {
    var option = el("option"); option.value = label; datalist.appendChild(option); });
  function find(text) {
    var wanted = text.trim().toLowerCase();
    if (!wanted) { return; }
    var hit = nodes.findIndex(function (n) { return n.label.toLowerCase() === wanted || n.name.toLowerCase() === wanted; });
    if (hit < 0) { hit = nodes.findIndex(function (n) { return n.label.toLowerCase().indexOf(wanted) >= 0; }); }
    if (hit < 0) { message.textContent = "No actor matches \u201c" + text + "\u201d."; return; }
    message.textContent = "";
    searchHit = hit;
    focusOn(hit);
  }
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { find(search.value); } });
  search.addEventListener("change", function () { find(search.value); });
  document.getElementById("clear").addEventListener("click", function () {
    search.value = ""; message.textContent = ""; searchHit = null;
    state.focus = meta.focus; state.depth = meta.depth; state.year = null; state.minWeight = 0;
    state.hiddenKinds = {}; state.hiddenSources = {}; state.selected = null;
    Array.prototype.forEach.call(document.querySelectorAll(".filter input"), function (b) { b.checked = true; });
    update();
    camera.animatedReset({duration: 200});
  });

  // --- what the tests and the benchmark read --------------------------------------------
  function shownTies() {
    var out = [];
    for (var t = 0; t < nTies; t++) {
      if (!view.shownTie[t]) { continue; }
      out.push({from: nodes[T.source[t]].iri, to: nodes[T.target[t]].iri, family: families[T.family[t]].iri,
                statements: view.count[t], tiv: Math.round(view.tiv[t] * 1e6) / 1e6});
    }
    return out;
  }
  function shownNodes() {
    var out = [];
    for (var v = 0; v < nNodes; v++) { if (view.shownNode[v]) { out.push(nodes[v].iri); } }
    return out;
  }
  var api = {renderer: renderer, graph: graph, state: state, ready: false,
             nodeIri: function (key) { return nodes[+key].iri; },
             shownTies: shownTies, shownNodes: shownNodes,
             // How the last frame was drawn: its pixel ratio, whether curved ties and the
             // picking buffers were drawn (the tests hold a still frame to full resolution).
             lastFrame: function () { return Object.assign({}, frame); },
             labels: function () { return placed.map(function (b) {
               return {node: nodes[b.node].iri, x: b.x + 2, y: b.y, w: b.w - 4, h: b.h, text: b.text, font: b.font}; }); },
             setYear: function (y) { state.year = y; update(true); },
             setDepth: function (d) { state.depth = d; update(); },
             setMinWeight: function (w) { state.minWeight = w; update(true); },
             focus: function (iri) { focusOn(byIri[iri]); }, selectTie: function (t) { select({tie: t}); },
             tieIndex: function (from, to, family) {
               for (var t = 0; t < nTies; t++) {
                 if (nodes[T.source[t]].iri === from && nodes[T.target[t]].iri === to && families[T.family[t]].iri === family) { return t; }
               }
               return -1;
             }};
  window.actorkg = api;
  mark("controls");
  var opening = true;
  update();
  opening = false;
  mark("drawn");
  // Ready once the first frame is on screen: the second animation frame comes after the
  // first one has been composited (with software WebGL, the slow part).
  requestAnimationFrame(function () { requestAnimationFrame(function () {
    mark("ready");
    api.timings = timings; api.ready = true;
  }); });
}());
"""
