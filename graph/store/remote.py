"""A remote SPARQL 1.1 endpoint as a ``Store``: Oxigraph server, Apache Jena Fuseki, GraphDB,
Virtuoso, QLever or ``actorkg serve`` itself.

Queries go over the SPARQL 1.1 Protocol (POST, URL-encoded form) and their results are
parsed by pyoxigraph, so rows hold the same term classes as the embedded store. Updates go
to the update endpoint; whole graphs are written through the Graph Store Protocol when its
URL is given, otherwise through SPARQL Update (``INSERT DATA``).

The named queries expect the default graph to be the union of the named graphs. Oxigraph
server does that with ``--union-default-graph``, Fuseki with ``tdb2:unionDefaultGraph true``,
while Virtuoso, GraphDB and QLever query all graphs by default. When a server does not,
this store notices (one probe per process) and names every graph in ``default-graph-uri``
instead, which the protocol defines for exactly that.

Only actorkg's own graphs are read: those under ``https://w3id.org/actorkg/graph/`` and
those whose file the meta graph records (``--data`` files). A server that holds other
graphs too (Virtuoso's system graphs, another project's data) gets them named in
``default-graph-uri`` and ``named-graph-uri``, and ``quads`` (the export) asks for them
by name.

Answers are normalized to what the embedded store gives, so no layer above knows which
engine answered: a ``GROUP_CONCAT`` over nothing is unbound (some engines give ""), its
pieces are sorted (``core.sort_concatenations``), booleans have their canonical lexical
form ("true", not "1"), and a GROUP BY over no solutions has no rows (rdflib answers
with one row that binds nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from ..errors import QueryError, ResultTooLarge, StoreError
from .core import (
    META_GRAPH,
    QueryResult,
    Solutions,
    Term,
    Triples,
    format_for,
    parse_error,
    query_error,
    sort_concatenations,
)
from ..namespaces import GRAPH, XSD
from .sparql import bind, concat_separators, groups_solutions, query_form

RESULTS_ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
                  "text/tab-separated-values;q=0.8")
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
# Triples per request. One request is one transaction on the servers above, so a graph of
# up to this size is replaced atomically without a staging graph.
CHUNK = 200_000
# Suffix of the graph a larger one is staged in before it is moved into place.
STAGING_SUFFIX = "~staging"


@dataclass(frozen=True)
class Endpoint:
    """Where a remote store lives. ``auth`` is ``USER:PASSWORD`` (HTTP Basic or Digest,
    whichever the server asks for) or ``Bearer TOKEN``; the URLs may also carry
    ``user:password@`` themselves (HTTP Basic)."""

    query: str
    update: str | None = None
    graph_store: str | None = None
    auth: str | None = None
    timeout: float = 60.0


class PasswordAuth(httpx.Auth):
    """USER:PASSWORD by the scheme the server's challenge names: HTTP Digest (Virtuoso's
    /sparql-auth, Fuseki with a Digest realm) or Basic. The first request goes without
    credentials, so a password is never sent as Basic to a server that wants Digest; the
    scheme found is kept for the rest of the session."""

    def __init__(self, user: str, password: str):
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request):
        if self._scheme is None:
            response = yield request
            if response.status_code != 401:
                return
            challenge = response.headers.get("www-authenticate", "").lower()
            self._scheme = self._digest if challenge.startswith("digest") else self._basic
        yield from self._scheme.auth_flow(request)


def _auth(value: str | None) -> dict:
    if not value:
        return {}
    if value.lower().startswith("bearer "):
        return {"headers": {"Authorization": value}}
    user, sep, password = value.partition(":")
    if not sep:
        raise StoreError("--auth must be USER:PASSWORD or 'Bearer TOKEN'")
    return {"auth": PasswordAuth(user, password)}


class RemoteStore:
    """A SPARQL 1.1 endpoint behind the ``Store`` interface."""

    def __init__(self, endpoint: Endpoint, client: httpx.Client | None = None):
        self.endpoint = endpoint
        self._client = client or httpx.Client(timeout=endpoint.timeout, follow_redirects=True,
                                              **_auth(endpoint.auth))
        # Probed or listed once, forgotten after each write.
        self._union: bool | None = None
        self._all: list[str] | None = None
        self._graphs: list[str] | None = None

    def close(self) -> None:
        self._client.close()

    # -- HTTP ----------------------------------------------------------------------------
    def _send(self, method: str, url: str, **kwargs) -> httpx.Response:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise StoreError(f"SPARQL endpoint {url} did not answer within {self.endpoint.timeout:g} s") from None
        except httpx.HTTPError as e:
            raise StoreError(f"cannot reach SPARQL endpoint {url}: {e}",
                             "check the URL and that the server is running") from None
        if response.status_code < 400:
            return response
        message = response.text.strip()[:1000]
        if response.status_code in (401, 403):
            raise StoreError(f"SPARQL endpoint {url} refused access (HTTP {response.status_code}): {message}",
                             "give credentials with --auth USER:PASSWORD or ACTORKG_AUTH")
        if response.status_code == 404:
            raise StoreError(f"no SPARQL service at {url} (HTTP 404)",
                             "check the URL, e.g. http://localhost:7878/query for Oxigraph or "
                             "http://localhost:3030/DATASET/sparql for Fuseki")
        if response.status_code == 400:
            raise QueryError(f"the endpoint rejected the request: {message}")
        raise StoreError(f"SPARQL endpoint {url} failed with HTTP {response.status_code}: {message}")

    # -- reading -------------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None,
              default_graphs: Sequence[str] | None = None, max_rows: int | None = None) -> QueryResult:
        text = bind(sparql, bindings)
        form = query_form(sparql)  # binding never changes the form; the unbound text is cached
        if form == "UPDATE":
            raise QueryError("not a query: use update() for SPARQL Update")
        if default_graphs is None and not self._default_is_ours():
            default_graphs = self.graphs()
        data = {"query": text}
        if default_graphs is not None:
            # A dataset given by default-graph-uri alone has no named graphs: name them all,
            # so GRAPH clauses see what they see on the embedded store.
            data["default-graph-uri"] = list(default_graphs)
            data["named-graph-uri"] = self.graphs()
        accept = RESULTS_ACCEPT if form in ("SELECT", "ASK") else GRAPH_ACCEPT
        try:
            response = self._send("POST", self.endpoint.query, data=data, headers={"Accept": accept})
        except QueryError as e:
            raise query_error(text, e) from None
        result = _normalized(_parse_response(response, form), text)
        if max_rows is not None and not isinstance(result, bool) and len(result) > max_rows:
            raise ResultTooLarge(max_rows)
        return result

    def _default_is_ours(self) -> bool:
        """Whether the server's default graph is the union of actorkg's graphs and nothing else."""
        return self._default_is_union() and self._server_graphs() == self.graphs()

    def _default_is_union(self) -> bool:
        """Whether the server's default graph shows what its named graphs hold (probed once)."""
        if self._union is None:
            probe = self._select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                                 "FILTER(isIRI(?s) && !isBlank(?o)) } LIMIT 1", [])
            if not probe.rows:
                self._union = True
            else:
                row = probe.rows[0]
                ask = bind("ASK { ?s ?p ?o }", {"s": row["s"], "p": row["p"], "o": row["o"]})
                self._union = _parse_response(self._send(
                    "POST", self.endpoint.query, data={"query": ask}, headers={"Accept": RESULTS_ACCEPT}), "ASK")
        return self._union

    def _select(self, text: str, default_graphs: Sequence[str] | None) -> Solutions:
        data = {"query": text}
        if default_graphs is not None:
            data["default-graph-uri"] = list(default_graphs)
        return _parse_response(self._send("POST", self.endpoint.query, data=data,
                                          headers={"Accept": RESULTS_ACCEPT}), "SELECT")

    def _server_graphs(self) -> list[str]:
        """Every named graph on the server, actorkg's or not."""
        if self._all is None:
            rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", None).rows
            self._all = sorted(r["g"].value for r in rows if isinstance(r.get("g"), ox.NamedNode))
        return list(self._all)

    def graphs(self) -> list[str]:
        """actorkg's graphs on the server: its own namespace and the files it loaded."""
        if self._graphs is None:
            loaded = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH <{META_GRAPH}> {{ ?g ?p ?o }} }}", None).rows
            files = {r["g"].value for r in loaded if isinstance(r.get("g"), ox.NamedNode)}
            self._graphs = [g for g in self._server_graphs() if g.startswith(GRAPH) or g in files]
        return list(self._graphs)

    def _forget(self) -> None:
        self._union = None
        self._all = None
        self._graphs = None

    def quads(self) -> Iterable[ox.Quad]:
        graphs = self.graphs()
        if not graphs:
            return []
        # By name in the query (not as named-graph-uri, which not every server honours).
        values = " ".join(f"<{g}>" for g in graphs)
        rows = self._select(f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}",
                            None).rows
        return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]

    # -- writing -------------------------------------------------------------------------
    def update(self, sparql: str) -> None:
        if not self.endpoint.update:
            raise StoreError("this endpoint is read-only: no update endpoint was given",
                             "give --update-endpoint URL (e.g. http://localhost:7878/update for Oxigraph)")
        self._send("POST", self.endpoint.update, content=sparql.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        self._forget()

    def load_file(self, path: Path, graph: str) -> int:
        """Parse locally (errors name the file and line), then send the triples."""
        fmt = format_for(path)
        try:
            triples = [q.triple for q in ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri())]
        except SyntaxError as e:
            raise parse_error(path, e) from None
        except OSError as e:
            raise StoreError(f"{path}: cannot read: {e.strerror or e}") from None
        return self.replace_graph(graph, triples)

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> int:
        """Replace ``graph``: in one request (atomic) when it fits, else staged and MOVEd.

        Chunks are separate documents, so a blank node shared by two chunks would become
        two; graphs that large come from importers, which use IRIs.
        """
        items = list(triples)
        target = ox.NamedNode(graph)
        chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)] or [[]]
        if len(chunks) == 1:
            self._put(target, chunks[0])
        else:
            staging = ox.NamedNode(graph + STAGING_SUFFIX)
            self._put(staging, chunks[0])
            for chunk in chunks[1:]:
                self._post(staging, chunk)
            self.update(f"MOVE SILENT GRAPH {staging} TO GRAPH {target}")
        self._forget()
        return len(items)

    def _put(self, graph: ox.NamedNode, triples: list[ox.Triple]) -> None:
        if not triples:
            self.update(f"DROP SILENT GRAPH {graph}")
        elif self.endpoint.graph_store:
            self._gsp("PUT", graph, triples)
        else:
            self.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{_nt(triples)}}} }}")

    def _post(self, graph: ox.NamedNode, triples: list[ox.Triple]) -> None:
        if self.endpoint.graph_store:
            self._gsp("POST", graph, triples)
        else:
            self.update(f"INSERT DATA {{ GRAPH {graph} {{\n{_nt(triples)}}} }}")

    def _gsp(self, method: str, graph: ox.NamedNode, triples: list[ox.Triple]) -> None:
        self._send(method, self.endpoint.graph_store, params={"graph": graph.value},
                   content=_nt(triples).encode("utf-8"),
                   headers={"Content-Type": "application/n-triples"})
        self._forget()


def _nt(triples: list[ox.Triple]) -> str:
    # N-Triples lines are valid SPARQL triple syntax too, so one serializer serves both.
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


_BOOLEAN = ox.NamedNode(XSD + "boolean")
_CANONICAL_BOOLEANS = {"1": ox.Literal("true", datatype=_BOOLEAN), "0": ox.Literal("false", datatype=_BOOLEAN)}


def _normalized(result: QueryResult, sparql: str) -> QueryResult:
    """The answer as the embedded store gives it (see the module docstring)."""
    if not isinstance(result, Solutions):
        return result
    concatenated = set(concat_separators(sparql))
    if result.rows and groups_solutions(sparql):
        result.rows = [row for row in result.rows if row]
    for row in result.rows:
        for name, term in list(row.items()):
            if not isinstance(term, ox.Literal):
                continue
            if name in concatenated and term.value == "":
                del row[name]
            elif term.datatype == _BOOLEAN and term.value in _CANONICAL_BOOLEANS:
                row[name] = _CANONICAL_BOOLEANS[term.value]
    return sort_concatenations(result, sparql)


def _parse_response(response: httpx.Response, form: str) -> QueryResult:
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    try:
        if form in ("SELECT", "ASK"):
            fmt = ox.QueryResultsFormat.from_media_type(media_type)
            if fmt is None:
                raise ValueError(f"unexpected result type '{media_type}'")
            result = ox.parse_query_results(response.content, fmt)
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            variables = [v.value for v in result.variables]
            return Solutions(variables, [{v: t for v in variables if (t := s[v]) is not None} for s in result])
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise ValueError(f"unexpected graph type '{media_type}'")
        return Triples([q.triple for q in ox.parse(response.content, format=fmt)])
    except (SyntaxError, ValueError) as e:
        raise StoreError(f"cannot read the answer of {response.request.url}: {e}") from None
