"""The viewer page: its Jinja template, stylesheet and script.

They live here as text (not as separate files) so they ship with the package like any
module. The script never builds HTML from strings: every piece of data reaches the page
through ``textContent`` or DOM attributes, and vis-network gets DOM elements as tooltips
(a string ``title`` would be its text, but elements let us lay evidence out safely).
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="actorkg {{ version }} with pyvis {{ pyvis_version }} (vis-network {{ vis_version }})">
<title>{{ heading }}</title>
<style>{{ vis_css }}</style>
<style>{{ page_css }}</style>
</head>
<body>
<aside id="panel">
  <header>
    <h1>{{ heading }}</h1>
    <p id="summary">{{ subtitle }} &middot; {{ nodes|length }} nodes, {{ edges|length }} relations</p>
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
  <section class="box" id="details">
    <h2>Details</h2>
    <div id="details-body"><p class="muted">Hover over a node or an edge for a summary; click it for all its evidence.</p></div>
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
<main id="network" aria-label="graph of actors and relations"></main>
<script type="application/json" id="actorkg-data">{{ data|tojson }}</script>
<script>{{ vis_js }}</script>
<script>{{ page_js }}</script>
</body>
</html>
"""

CSS = """
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
body { display: flex; }
#panel { width: 340px; flex: none; height: 100vh; overflow-y: auto; box-sizing: border-box;
         padding: 10px 12px; border-right: 1px solid #ddd; background: #fafafa; }
#network { flex: 1; height: 100vh; position: relative; }
h1 { font-size: 17px; margin: 0 0 4px; }
h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #555; margin: 0 0 6px; }
.box { border-top: 1px solid #e3e3e3; padding: 8px 0; }
.row { display: flex; gap: 6px; }
.row input { flex: 1; min-width: 0; padding: 4px 6px; }
.muted { color: #777; font-size: 12px; margin: 4px 0; }
.filter label { display: flex; align-items: center; gap: 6px; cursor: pointer; margin: 2px 0; }
.filter svg, #legend svg { flex: none; }
.legend-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.glyph { width: 18px; text-align: center; font-size: 16px; }
.card .title { font-weight: 600; }
.card .kind { color: #333; }
.card .source { color: #555; font-size: 12px; margin-top: 2px; }
.card blockquote { margin: 6px 0 0; padding: 2px 0 2px 8px; border-left: 3px solid #ccc; font-style: italic; }
.card .records { font-size: 12px; color: #555; }
.card + .card { margin-top: 8px; }
.rel { display: block; width: 100%; text-align: left; background: none; border: 0; padding: 2px 0;
       cursor: pointer; color: #1a5fb4; font: inherit; }
.rel:hover { text-decoration: underline; }
div.vis-tooltip { max-width: 420px; white-space: normal; font: 13px/1.35 system-ui, sans-serif;
                  background: #fff; border: 1px solid #bbb; box-shadow: 0 2px 6px rgba(0,0,0,.2); padding: 6px 8px; }
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("actorkg-data").textContent);
  var POLARITY = {"1": "cooperation", "-1": "conflict", "0": "neither"};
  var GLYPH = {dot: "\u25CF", hexagon: "\u2B22", triangle: "\u25B2", star: "\u2605", diamond: "\u25C6",
               square: "\u25A0", triangleDown: "\u25BC", box: "\u25AD"};
  var FADED = "#e4e4e4";

  // Every data string goes through textContent: nothing from the data is parsed as HTML.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  var nodeById = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  function labelOf(id) { return nodeById[id] ? nodeById[id].label : id; }

  function edgeCard(e, full) {
    var box = el("div", "card");
    box.appendChild(el("div", "title", labelOf(e.from) + (e.symmetric ? " \u2014 " : " \u2192 ") + labelOf(e.to)));
    box.appendChild(el("div", "kind", e.kindLabel + " \u00b7 " + POLARITY[String(e.polarity)] +
                                      (e.years ? " \u00b7 " + e.years : "")));
    if (e.weight !== null && e.weight !== undefined) { box.appendChild(el("div", "", "volume: " + e.weight)); }
    var grade = e.reliabilityLabel ? ": " + String(e.reliabilityLabel).replace(/^reliability\s+/i, "") : "";
    box.appendChild(el("div", "source", "source: " + e.sourceLabel +
      (e.reliability ? " (reliability " + e.reliability + grade + ")" : "")));
    var quotes = full ? e.quotes : e.quotes.slice(0, 2);
    quotes.forEach(function (q) { box.appendChild(el("blockquote", "quote", q)); });
    if (!full && e.quotes.length > quotes.length) {
      box.appendChild(el("div", "muted", (e.quotes.length - quotes.length) + " more quote(s): click the edge"));
    }
    if (e.records.length) {
      var shown = full ? e.records : e.records.slice(0, 5);
      box.appendChild(el("div", "records", "records: " + shown.join(", ") +
                                           (shown.length < e.records.length ? ", \u2026" : "")));
    }
    return box;
  }

  function nodeCard(n) {
    var box = el("div", "card");
    box.appendChild(el("div", "title", n.label));
    box.appendChild(el("div", "kind", (n.typeLabel || n.category) + " \u00b7 " + n.degree + " relation(s)"));
    var ids = [];
    if (n.wikidata) { ids.push("Wikidata " + String(n.wikidata).split("/").pop()); }
    if (n.cowCode !== null && n.cowCode !== undefined) { ids.push("COW " + n.cowCode); }
    if (ids.length) { box.appendChild(el("div", "source", ids.join(" \u00b7 "))); }
    return box;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return Object.assign({}, n, {title: nodeCard(n)});
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return Object.assign({}, e, {title: edgeCard(e, false)});
  }));

  // Filters: relation kinds and sources switched off by the user.
  var hiddenKinds = {}, hiddenSources = {}, visibleNodes = null;
  function edgeShown(e) { return !hiddenKinds[e.kindClass] && !hiddenSources[e.source]; }
  var edgesView = new vis.DataView(edges, {filter: edgeShown});
  var nodesView = new vis.DataView(nodes, {filter: function (n) { return visibleNodes === null || visibleNodes[n.id] === true; }});

  var big = data.nodes.length > 500;
  var container = document.getElementById("network");
  var network = new vis.Network(container, {nodes: nodesView, edges: edgesView}, {
    physics: {enabled: false},
    layout: {improvedLayout: false},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big, keyboard: false},
    nodes: {font: {size: 14, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff"}},
    edges: {smooth: false, selectionWidth: 2, hoverWidth: 1}
  });

  function applyFilters() {
    var anyHidden = Object.keys(hiddenKinds).length + Object.keys(hiddenSources).length > 0;
    if (!anyHidden) {
      visibleNodes = null;
    } else {
      visibleNodes = {};
      data.edges.forEach(function (e) {
        if (edgeShown(e)) { visibleNodes[e.from] = true; visibleNodes[e.to] = true; }
      });
      data.nodes.forEach(function (n) { if (n.degree === 0) { visibleNodes[n.id] = true; } });
    }
    edgesView.refresh();
    nodesView.refresh();
  }

  function svgLine(color, dashes, arrow) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "34"); svg.setAttribute("height", "10");
    var line = document.createElementNS(ns, "line");
    line.setAttribute("x1", "1"); line.setAttribute("y1", "5"); line.setAttribute("x2", arrow ? "27" : "33"); line.setAttribute("y2", "5");
    line.setAttribute("stroke", color); line.setAttribute("stroke-width", "2");
    if (dashes && dashes.length) { line.setAttribute("stroke-dasharray", dashes.join(" ")); }
    svg.appendChild(line);
    if (arrow) {
      var head = document.createElementNS(ns, "polygon");
      head.setAttribute("points", "27,1 33,5 27,9");
      head.setAttribute("fill", color);
      svg.appendChild(head);
    }
    return svg;
  }

  function checkbox(text, onChange, sample) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    if (sample) { label.appendChild(sample); }
    label.appendChild(el("span", "", text));
    return label;
  }

  var kindFilter = document.getElementById("kind-filter");
  data.legend.kinds.forEach(function (k) {
    kindFilter.appendChild(checkbox(k.label + " (" + k.count + ")", function (on) {
      if (on) { delete hiddenKinds[k.kindClass]; } else { hiddenKinds[k.kindClass] = true; }
      applyFilters();
    }, svgLine(k.color, k.dashes, k.directed)));
  });
  var sourceFilter = document.getElementById("source-filter");
  data.legend.sources.forEach(function (s) {
    sourceFilter.appendChild(checkbox(s.label + (s.reliability ? " [" + s.reliability + "]" : "") + " (" + s.count + ")",
      function (on) {
        if (on) { delete hiddenSources[s.source]; } else { hiddenSources[s.source] = true; }
        applyFilters();
      }));
  });

  var legend = document.getElementById("legend");
  data.legend.types.forEach(function (t) {
    var row = el("div", "legend-row");
    var glyph = el("span", "glyph", GLYPH[t.shape] || "\u25CF");
    glyph.style.color = t.color;
    row.appendChild(glyph); row.appendChild(el("span", "", t.label));
    legend.appendChild(row);
  });
  data.legend.polarities.forEach(function (p) {
    var row = el("div", "legend-row");
    row.appendChild(svgLine(p.color, null, false)); row.appendChild(el("span", "", p.label));
    legend.appendChild(row);
  });
  legend.appendChild(el("p", "muted", "Node size: number of relations. Arrow: directed relation (no arrow: mutual). " +
                                      "Line style: relation kind. Thicker line: larger volume (e.g. arms TIV)."));

  // Details panel: what was clicked, with all its evidence.
  var details = document.getElementById("details-body");
  function showEdge(id) {
    var e = edgeById[id];
    if (!e) { return; }
    clear(details);
    details.appendChild(edgeCard(e, true));
  }
  function showNode(id) {
    var n = nodeById[id];
    if (!n) { return; }
    clear(details);
    details.appendChild(nodeCard(n));
    var related = edgesView.get({filter: function (e) { return e.from === id || e.to === id; }});
    related.sort(function (a, b) { return (a.kindLabel + labelOf(a.from === id ? a.to : a.from))
                                          .localeCompare(b.kindLabel + labelOf(b.from === id ? b.to : b.from)); });
    related.forEach(function (e) {
      var other = e.from === id ? e.to : e.from;
      var dir = e.symmetric ? "\u2014" : (e.from === id ? "\u2192" : "\u2190");
      var button = el("button", "rel", e.kind + " " + dir + " " + labelOf(other) + (e.years ? " (" + e.years + ")" : ""));
      button.type = "button";
      button.addEventListener("click", function () { network.selectEdges([e.id]); showEdge(e.id); });
      details.appendChild(button);
    });
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  // Search: focus an actor and fade everything not next to it.
  var search = document.getElementById("search");
  var message = document.getElementById("search-msg");
  var list = document.getElementById("actor-list");
  data.nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (n) {
    var option = el("option");
    option.value = n.label;
    list.appendChild(option);
  });
  function restoreColors() {
    nodes.update(data.nodes.map(function (n) { return {id: n.id, color: n.color}; }));
  }
  function focusOn(text) {
    var wanted = text.trim().toLowerCase();
    if (!wanted) { return; }
    var hit = data.nodes.filter(function (n) { return n.label.toLowerCase() === wanted; })[0] ||
              data.nodes.filter(function (n) { return n.label.toLowerCase().indexOf(wanted) >= 0; })[0];
    if (!hit) { message.textContent = "No node matches \u201c" + text + "\u201d."; return; }
    message.textContent = "";
    var near = {};
    near[hit.id] = true;
    network.getConnectedNodes(hit.id).forEach(function (id) { near[id] = true; });
    nodes.update(data.nodes.map(function (n) { return {id: n.id, color: near[n.id] ? n.color : FADED}; }));
    network.selectNodes([hit.id]);
    network.focus(hit.id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    showNode(hit.id);
  }
  search.addEventListener("change", function () { focusOn(search.value); });
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { focusOn(search.value); } });
  document.getElementById("clear").addEventListener("click", function () {
    search.value = ""; message.textContent = "";
    restoreColors();
    network.unselectAll();
    network.fit({animation: false, maxZoomLevel: 1.6});
  });

  var api = {network: network, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
             focusOn: focusOn, ready: false};
  network.once("afterDrawing", function () { api.ready = true; });
  window.actorkg = api;
  network.fit({animation: false, maxZoomLevel: 1.6});
  if (data.focus) { network.selectNodes([data.focus]); showNode(data.focus); }
}());
"""
