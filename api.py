"""actorkg from Python and notebooks: one object over the library.

    import actorkg

    kg = actorkg.open()                                   # the bundled data, in memory
    kg = actorkg.open(store="~/actorkg-store")            # a store made by `actorkg load`
    kg = actorkg.open(endpoint="http://localhost:7878/query", auth="user:password")

    kg.ask("Who supports Azerbaijan?")                    # an Answer, with its evidence
    kg.query("supporters-of", actor="Azerbaijan")         # a named query as a DataFrame
    kg.sparql("SELECT ?s WHERE { ?s a ?t } LIMIT 5")      # any query (DataFrame, bool or triples)
    kg.network(around="Russia", depth=1)                  # the signed NetworkX multigraph
    kg.view(around="Russia")                              # shown inline in Jupyter; .save("g.html")

Everything is computed by ``actorkg.graph``; this module only opens, calls and converts.
pandas is needed for the DataFrames only (``pip install 'actorkg[notebook]'``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # heavy: imported where they are used
    import pandas
    from networkx import MultiDiGraph

    from .graph.answer.ask import Answer
    from .graph.store.core import Store

__all__ = ["Graph", "View", "open"]


def open(data: Sequence[str | Path] = (), *, store: str | Path | None = None,
         endpoint: str | None = None, auth: str | None = None) -> "Graph":
    """Open the graph: in memory (the bundled data plus ``data`` files), a store directory
    (``store``, read-only unless it must be brought up to date) or a SPARQL endpoint
    (``endpoint``, with ``auth`` as ``USER:PASSWORD`` or ``Bearer TOKEN``)."""
    from .graph.errors import UsageError
    from .graph.store.load import open_graph
    from .graph.store.remote import Endpoint

    if store is not None and endpoint is not None:
        raise UsageError("give store or endpoint, not both")
    remote = Endpoint(endpoint, auth=auth) if endpoint is not None else None
    path = Path(store).expanduser() if store is not None else None
    return Graph(open_graph([Path(p) for p in data], store_path=path, endpoint=remote, create=False))


class Graph:
    """An opened graph. ``store`` is the library's ``Store`` for anything not wrapped here."""

    def __init__(self, store: "Store"):
        self.store = store

    def __repr__(self) -> str:
        where = getattr(self.store, "path", None) or getattr(getattr(self.store, "endpoint", None), "query", None)
        return f"<actorkg.Graph {where or 'in memory'}>"

    def close(self) -> None:
        close = getattr(self.store, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> "Graph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- questions and queries ---------------------------------------------------------------
    def ask(self, question: str, as_of: int | None = None) -> "Answer":
        """Answer a question in plain English (see ``actorkg ask``); ``.to_dict()`` is its JSON."""
        from .graph.answer.ask import ask
        from .graph.network.project import Window

        return ask(self.store, question, Window.as_of(as_of) if as_of is not None else None)

    def queries(self) -> "pandas.DataFrame":
        """The named queries: name, summary and parameters."""
        import pandas

        from .graph.query import library

        return pandas.DataFrame(
            [{"name": q.name, "summary": q.summary,
              "parameters": ", ".join(p.name + ("?" if p.optional else "") for p in q.params)}
             for q in library.named_queries().values()])

    def query(self, name: str, **params: object) -> "pandas.DataFrame":
        """A named query (``queries/NAME.rq``) with its parameters as keywords, as a DataFrame
        (IRIs as strings, numbers as numbers, unbound as None)."""
        from .graph.query import library

        return _frame(library.run(self.store, name, {k: str(v) for k, v in params.items()}))

    def sparql(self, text: str):
        """Any SPARQL query: SELECT as a DataFrame, ASK as a bool, CONSTRUCT/DESCRIBE as
        (subject, predicate, object) string triples. Updates are refused."""
        from .graph.errors import QueryError
        from .graph.query.results import to_python
        from .graph.store.core import Triples
        from .graph.store.sparql import query_form

        if query_form(text) == "UPDATE":
            raise QueryError("not a query: updates are refused")
        result = self.store.query(text)
        if isinstance(result, bool):
            return result
        if isinstance(result, Triples):
            return [tuple(to_python(t) for t in (x.subject, x.predicate, x.object)) for x in result.triples]
        return _frame(result)

    # -- the network ------------------------------------------------------------------------
    def network(self, around: str | Iterable[str] | None = None, depth: int = 1,
                as_of: int | None = None) -> "MultiDiGraph":
        """The signed NetworkX multigraph (one edge per statement, keyed by its IRI), whole
        or within ``depth`` steps (either direction) of the actors ``around`` (names,
        aliases or IRIs); with ``as_of``, only statements in force that year."""
        import networkx as nx

        from .graph.network.project import Window, project
        from .graph.query.resolve import ActorIndex

        graph = project(self.store, Window.as_of(as_of) if as_of is not None else None).to_networkx()
        if around is None:
            return graph
        index = ActorIndex.of(self.store)
        undirected = graph.to_undirected(as_view=True)
        near: set[str] = set()
        for name in [around] if isinstance(around, str) else around:
            focus = index.resolve(name).iri
            near.update(nx.single_source_shortest_path_length(undirected, focus, cutoff=depth)
                        if focus in graph else [focus])
        return nx.MultiDiGraph(graph.subgraph(near))

    def view(self, around: str | None = None, depth: int = 1, as_of: int | None = None,
             relations: Sequence[str] = ()) -> "View":
        """The interactive graph as ``actorkg view`` draws it: shown inline by Jupyter,
        ``.save(path)`` writes the HTML file. Works offline (no script from the network)."""
        from .graph.view.render import describe, render_view
        from .graph.view.select import ViewOptions

        page, selection = render_view(self.store, ViewOptions(focus=around, depth=depth,
                                                              relations=tuple(relations), as_of=as_of))
        return View(page, describe(selection))


@dataclass(frozen=True)
class View:
    """A rendered graph page: ``html`` is the whole self-contained file."""

    html: str
    summary: str  # "52 actors, 502 ties (4,250 statements)"
    height: int = 640

    def _repr_html_(self) -> str:
        # In an iframe: the page keeps its own Content-Security-Policy and scripts, and
        # cannot touch (or be broken by) the notebook around it.
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'style="width: 100%; height: {self.height}px; border: 0" '
                f'title="actorkg graph: {html.escape(self.summary, quote=True)}"></iframe>')

    def save(self, path: str | Path) -> Path:
        """Write the page, as ``actorkg view -o PATH`` does."""
        import os
        import tempfile

        target = Path(path)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(self.html)
        os.replace(temporary, target)
        return target


def _frame(solutions) -> "pandas.DataFrame":
    import pandas

    from .graph.query.results import records

    return pandas.DataFrame(records(solutions), columns=solutions.variables)
