"""Endpoint credentials: ``--auth USER:PASSWORD`` answers whichever challenge the server
sends, HTTP Digest (Virtuoso's authenticated endpoint, Fuseki with a Digest realm) or
Basic, and never sends the password as Basic to a server that asked for Digest.

The protected endpoint is Flask-HTTPAuth's Digest or Basic authentication in front of a
real ``oxigraph serve``: requests that pass it are forwarded unchanged.
"""

from __future__ import annotations

import threading

import httpx
import pytest
from actorkg.graph.errors import StoreError
from actorkg.graph.query import library
from actorkg.graph.store.load import load_graph, open_graph
from actorkg.graph.store.remote import Endpoint

from .. import servers

USER, PASSWORD = "analyst", "s3cret pass:word"


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    with servers.oxigraph(tmp_path_factory.mktemp("oxigraph")) as base:
        load_graph(endpoint=Endpoint(f"{base}/query", update=f"{base}/update", graph_store=f"{base}/store"))
        yield base


@pytest.fixture(scope="module", params=["digest", "basic"])
def protected(request, oxigraph):
    """A SPARQL endpoint that wants ``request.param`` credentials; yields (url, seen), where
    ``seen`` collects the Authorization header of every request."""
    from flask import Flask, Response
    from flask import request as incoming
    from flask_httpauth import HTTPBasicAuth, HTTPDigestAuth
    from werkzeug.serving import make_server

    app = Flask("protected-sparql")
    app.secret_key = "test"  # Digest keeps its nonce in the session
    auth = HTTPDigestAuth() if request.param == "digest" else HTTPBasicAuth()
    seen: list[str | None] = []

    if request.param == "digest":
        auth.get_password(lambda user: PASSWORD if user == USER else None)
    else:
        auth.verify_password(lambda user, password: user == USER and password == PASSWORD)

    @app.before_request
    def record():
        seen.append(incoming.headers.get("Authorization"))

    @app.post("/sparql")
    @auth.login_required
    def sparql():
        answer = httpx.post(f"{oxigraph}/query", content=incoming.get_data(),
                            headers={"Content-Type": incoming.content_type, "Accept": incoming.headers["Accept"]})
        return Response(answer.content, status=answer.status_code, content_type=answer.headers["content-type"])

    port = servers.free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield request.param, f"http://127.0.0.1:{port}/sparql", seen
    server.shutdown()
    thread.join(timeout=10)


def test_queries_pass_with_the_right_password(protected, graph):
    scheme, url, seen = protected
    store = open_graph(endpoint=Endpoint(url, auth=f"{USER}:{PASSWORD}"))
    rows = library.run(store, "supporters-of", {"actor": "Azerbaijan"}).rows
    assert {r["supporterLabel"].value for r in rows} == {
        r["supporterLabel"].value for r in library.run(graph, "supporters-of", {"actor": "Azerbaijan"}).rows}
    store.close()
    sent = [h for h in seen if h]
    assert sent and all(h.lower().startswith(scheme) for h in sent)
    # The first request asked without credentials: a password never went out as Basic
    # to a server that wanted Digest.
    assert seen[0] is None


def test_a_wrong_password_is_a_clear_error(protected, cli):
    _, url, _ = protected
    store = open_graph(endpoint=Endpoint(url, auth=f"{USER}:wrong"))
    with pytest.raises(StoreError, match=r"refused access \(HTTP 401\)"):
        library.run(store, "supporters-of", {"actor": "Azerbaijan"})
    store.close()
    result = cli("query", "entities", "--endpoint", url, "--auth", f"{USER}:wrong")
    assert result.exit_code == 2
    assert "refused access (HTTP 401)" in result.output and "--auth USER:PASSWORD" in result.output
