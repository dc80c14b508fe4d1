"""Render a view as ONE self-contained HTML file that works with no network at all.

pyvis builds the page: its ``Network`` holds the nodes and edges and renders our
template. Three of pyvis 0.3.2's habits are worked around here:

* ``cdn_resources="in_line"`` still links Bootstrap and tom-select from CDNs. Our template
  inlines vis-network's script and stylesheet (shipped inside the pyvis package) and
  nothing else; search and filters are our own small script.
* ``add_node``/``add_edge`` check membership in lists on every call (quadratic), so nodes
  and edges are assigned in bulk.
* Its template pastes titles unescaped. Ours carries all data as one JSON document
  (``<``, ``>``, ``&`` escaped by Jinja's ``tojson``) read with ``JSON.parse``, and the
  page script puts data into the DOM only as text.

The page also declares a Content-Security-Policy that forbids every fetch and allows
only its own two scripts (by hash), so even a escaping mistake could not run code or
reach the network.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from ..store.core import Store
from .select import Selection, ViewOptions, select, view_data

VIS_VERSION = "9.1.2"


def _assets() -> tuple[str, str]:
    """vis-network's script and stylesheet as shipped in the pyvis package."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # Inlined verbatim: a closing tag inside would end the element early.
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("vis-network assets contain a closing tag; cannot inline them")
    return js, css


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(scripts: list[str]) -> str:
    """No fetches of any kind; only the given inline scripts run; images only from data: URLs."""
    return ("default-src 'none'; script-src " + " ".join(_sha256(s) for s in scripts) +
            "; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'")


def render_html(data: dict, heading: str = "actorkg: who supports whom") -> str:
    """The page for ``data`` (from ``view.view_data``) as a string."""
    from importlib.metadata import version

    from jinja2 import DictLoader, Environment
    from markupsafe import Markup
    from pyvis.network import Network

    from actorkg import __version__
    from .page import CSS, PAGE, SCRIPT

    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", heading=heading)
    net.nodes = data["nodes"]
    net.edges = data["edges"]
    net.node_ids = [n["id"] for n in data["nodes"]]
    net.node_map = {n["id"]: n for n in data["nodes"]}
    # Escape everything that is not explicitly Markup (pyvis's own environment does not).
    net.templateEnv = Environment(loader=DictLoader({"viewer.html": PAGE}), autoescape=True)
    net.path = "viewer.html"
    js, css = _assets()
    net.templateEnv.globals.update(
        data=data, subtitle=data.get("subtitle", ""), version=__version__,
        pyvis_version=version("pyvis"), vis_version=VIS_VERSION,
        vis_js=Markup(js), vis_css=Markup(css), page_js=Markup(SCRIPT), page_css=Markup(CSS),
        csp=content_security_policy([js, SCRIPT]))
    return net.generate_html()


def render_view(store: Store, options: ViewOptions = ViewOptions(),
                heading: str = "actorkg: who supports whom") -> tuple[str, Selection]:
    """Select, lay out and render: the HTML and the selection it shows."""
    selection = select(store, options)
    return render_html(view_data(selection), heading), selection
