"""A live ``actorkg serve`` on a free loopback port, driven by SPARQLWrapper and httpx."""

from __future__ import annotations

import html
import json
import os
import re
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.error
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import rdflib
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from ..view.viewer_helpers import page_data

KG = "https://w3id.org/actorkg/entity/"
AK = "https://w3id.org/actorkg/ontology#"
PREFIXES = f"PREFIX ak: <{AK}>\nPREFIX kg: <{KG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
SUPPORTERS = PREFIXES + """SELECT ?supporterLabel ?kind WHERE {
  ?s ak:recipient kg:Azerbaijan ; a ?k .
  ?k ak:shortLabel ?kind ; ak:subjectRole ?role .
  ?s ?role ?supporter . ?supporter rdfs:label ?supporterLabel .
} ORDER BY ?supporterLabel ?kind"""
# Three-way cross product of every triple: runs for many minutes.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Server:
    process: subprocess.Popen
    url: str

    def sparql(self) -> SPARQLWrapper:
        return SPARQLWrapper(self.url + "/sparql")


def _command() -> list[str]:
    script = Path(sys.executable).parent / "actorkg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "actorkg.cli"]


def start_server(*args: str, env: dict | None = None) -> Server:
    """Start ``actorkg serve --port 0`` and read the address it prints."""
    process = subprocess.Popen(_command() + ["serve", "--port", "0", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    ready, _, _ = select.select([process.stdout], [], [], 60)
    line = process.stdout.readline() if ready else ""
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        process.kill()
        raise RuntimeError(f"server did not start: {line!r} {process.stderr.read()[-2000:]}")
    server = Server(process, f"http://127.0.0.1:{m.group(1)}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(server.url + "/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    stop_server(server)
    raise RuntimeError("server did not answer /health")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="module")
def server():
    s = start_server()
    yield s
    stop_server(s)


@pytest.fixture
def slow_server():
    s = start_server("--timeout", "2")
    yield s
    stop_server(s)


@pytest.fixture(scope="module")
def writable_server():
    s = start_server("--enable-update", env={"ACTORKG_UPDATE_TOKEN": "s3cret-token"})
    yield s
    stop_server(s)


# --- SPARQLWrapper, the client analysts use -------------------------------------------------
def test_sparqlwrapper_default_is_xml(server):
    client = server.sparql()
    client.setQuery(SUPPORTERS)
    result = client.query()
    assert result.response.info()["Content-Type"].startswith("application/sparql-results+xml")
    doc = result.convert()  # an xml.dom.minidom document
    names = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert names.count("Russia") == 2 and "Turkey" in names  # two arms claims, Turkey's support


def test_sparqlwrapper_json(server):
    client = server.sparql()
    client.setQuery(SUPPORTERS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [(r["supporterLabel"]["value"], r["kind"]["value"]) for r in rows] == [
        ("Russia", "arms"), ("Russia", "arms"), ("Turkey", "support")]


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_sparqlwrapper_construct(server):
    query = PREFIXES + "CONSTRUCT { ?a ak:armsSupplierOf ?b } WHERE { ?a ak:armsSupplierOf ?b }"
    client = server.sparql()
    client.setQuery(query)
    graph = client.query().convert()  # default: RDF/XML, parsed by rdflib
    assert isinstance(graph, rdflib.Graph)
    assert (rdflib.URIRef(KG + "Russia"), rdflib.URIRef(AK + "armsSupplierOf"), rdflib.URIRef(KG + "Azerbaijan")) in graph
    client.setReturnFormat(TURTLE)
    turtle = client.query().convert()
    parsed = rdflib.Graph().parse(data=turtle, format="turtle")
    assert set(parsed) == set(graph)


def test_sparqlwrapper_ask(server):
    client = server.sparql()
    client.setQuery(PREFIXES + "ASK { kg:Russia ak:armsSupplierOf kg:Azerbaijan }")
    doc = client.query().convert()
    assert doc.getElementsByTagName("boolean")[0].firstChild.data == "true"
    client.setReturnFormat(JSON)
    client.setQuery(PREFIXES + "ASK { kg:Turkey ak:armsSupplierOf kg:Armenia }")
    assert client.query().convert() == {"head": {}, "boolean": False}


def test_sparqlwrapper_update_is_refused(server):
    client = server.sparql()
    client.setMethod(POST)
    client.setQuery(PREFIXES + 'INSERT DATA { kg:Mars rdfs:label "Mars" }')
    with pytest.raises(urllib.error.HTTPError) as e:
        client.query()
    assert e.value.code == 403
    assert "read-only" in e.value.read().decode()
    check = server.sparql()
    check.setReturnFormat(JSON)
    check.setQuery(PREFIXES + "ASK { kg:Mars ?p ?o }")
    assert check.query().convert()["boolean"] is False


def test_sparqlwrapper_malformed_query(server):
    client = server.sparql()
    client.setQuery("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed) as e:
        client.query()
    message = str(e.value)
    assert "SPARQL syntax error at line 1, column 18, near '?s'" in message


def test_runaway_queries_free_their_workers(slow_server):
    """Four never-ending queries: each gets 503, and the server answers quick queries
    within a second while they run and after they were stopped."""
    from concurrent.futures import ThreadPoolExecutor

    def runaway():
        return httpx.get(slow_server.url + "/sparql", params={"query": RUNAWAY}, timeout=60)

    def timed_ask() -> float:
        started = time.monotonic()
        r = httpx.get(slow_server.url + "/sparql", params={"query": "ASK {}"}, timeout=60)
        assert r.status_code == 200 and r.json()["boolean"] is True, r.text
        return time.monotonic() - started

    # A machine shared with other work answers slower: measured, and allowed on top.
    idle = sorted(timed_ask() for _ in range(5))[2]
    with ThreadPoolExecutor(4) as pool:
        started = time.monotonic()
        runaways = [pool.submit(runaway) for _ in range(4)]
        time.sleep(1.3)  # all four are long-running now, or were refused as one too many
        assert timed_ask() < 1.0 + idle
        answers = [f.result() for f in runaways]
    assert time.monotonic() - started < 10
    assert [r.status_code for r in answers] == [503] * 4
    texts = sorted(r.text for r in answers)
    assert sum("did not finish within 2 s" in t for t in texts) >= 3, texts
    assert all("did not finish within 2 s" in t or "long-running queries" in t for t in texts), texts
    assert max(timed_ask() for _ in range(5)) < 1.0 + idle
    # The stopped queries' workers are gone and replaced: nothing runs on.
    deadline = time.monotonic() + 10
    while (health := httpx.get(slow_server.url + "/health").json())["idle"] < 4 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert health["workers"] == 4 and health["idle"] == 4 and health["heavy"] == 0


@pytest.fixture
def five_second_server():
    s = start_server("--timeout", "5")
    yield s
    stop_server(s)


def test_light_queries_are_answered_while_heavy_ones_run(five_second_server):
    """More heavy queries than workers: they wait for the heavy slots, the readers stay
    free, and quick queries all get answers (before heavy slots: 'busy')."""
    from concurrent.futures import ThreadPoolExecutor

    heavy = [RUNAWAY] * 6

    def get(path: str, **params) -> tuple[httpx.Response, float]:
        r = httpx.get(five_second_server.url + path, params=params, timeout=60)
        return r, time.monotonic()

    with ThreadPoolExecutor(6 + 12) as pool:
        heavies = [pool.submit(get, "/sparql", query=q) for q in heavy]
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:  # until the readers have sent all six on
            health = get("/health")[0].json()
            if health["heavy_waiting"] == 4 and health["heavy_slots_idle"] == 0:
                break
            time.sleep(0.05)
        lights = [pool.submit(get, "/sparql", query=SUPPORTERS) for _ in range(4)]
        lights += [pool.submit(get, "/sparql", query="ASK {}") for _ in range(4)]
        lights += [pool.submit(get, "/queries/supporters-of", actor="Azerbaijan") for _ in range(4)]
        answered = [f.result() for f in lights]
        stopped = [f.result() for f in heavies]
    assert health["heavy_slots"] == 2 and health["heavy_slots_idle"] == 0 and health["heavy_waiting"] == 4, health
    assert health["idle"] == 4 and health["heavy"] == 0, health  # no reader holds a heavy query
    assert [r.status_code for r, _ in answered] == [200] * 12, [r.text for r, _ in answered if r.status_code != 200]
    assert {row["supporterLabel"] for row in answered[-1][0].json()} == {"Russia", "Turkey"}
    # Answered while every heavy query still ran or waited (each is stopped at 5 s).
    assert max(t for _, t in answered) < min(t for _, t in stopped)
    stopped = [r for r, _ in stopped]
    assert [r.status_code for r in stopped] == [503] * 6
    assert all("did not finish within 5 s" in r.text for r in stopped), [r.text for r in stopped]
    # Four waited for a slot; one freed (and refilled) before a late one's deadline may run it.
    assert 2 <= sum("slots for heavy queries" in r.text for r in stopped) <= 4


def test_row_limit():
    limited = start_server("--max-rows", "5")
    try:
        r = httpx.get(limited.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert r.status_code == 422
        assert "more than 5 rows" in r.text and "LIMIT" in r.text
        ok = httpx.get(limited.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
        assert ok.status_code == 200 and len(ok.json()["results"]["bindings"]) == 5
    finally:
        stop_server(limited)


# --- The protocol with plain HTTP ----------------------------------------------------------
def test_csv_tsv_and_post_bodies(server):
    query = PREFIXES + "SELECT ?label WHERE { kg:Russia rdfs:label ?label }"
    csv = httpx.get(server.url + "/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv") and csv.text == "label\r\nRussia\r\n"
    tsv = httpx.post(server.url + "/sparql", content=query.encode(),
                     headers={"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"})
    assert tsv.text == '?label\n"Russia"\n'  # LF: rdflib's TSV parser rejects CRLF
    form = httpx.post(server.url + "/sparql", data={"query": query, "unknown": "x", "output": "json"})
    assert form.json()["results"]["bindings"][0]["label"]["value"] == "Russia"


def test_oversized_bodies_are_refused_unread(server):
    big = b"# " + b"x" * (11 * 1024 * 1024) + b"\nASK {}"
    declared = httpx.post(server.url + "/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert declared.status_code == 413 and "larger than 10,485,760 bytes" in declared.text

    def chunks():  # no Content-Length: counted while streaming
        for _ in range(11):
            yield b"#" + b"x" * (1024 * 1024 - 1)

    streamed = httpx.post(server.url + "/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert streamed.status_code == 413
    assert httpx.get(server.url + "/health").status_code == 200


def test_construct_as_ntriples(server):
    r = httpx.get(server.url + "/sparql", headers={"Accept": "application/n-triples"},
                  params={"query": PREFIXES + "CONSTRUCT WHERE { kg:Russia ak:armsSupplierOf ?x }"})
    assert r.headers["content-type"].startswith("application/n-triples")
    assert r.text.strip() == f"<{KG}Russia> <{AK}armsSupplierOf> <{KG}Azerbaijan> ."


def test_default_graph_uri(server):
    query = PREFIXES + "ASK { kg:Russia rdfs:label ?l }"
    scoped = httpx.get(server.url + "/sparql", params={
        "query": query, "default-graph-uri": "https://w3id.org/actorkg/graph/ontology"})
    assert scoped.json()["boolean"] is False
    assert httpx.get(server.url + "/sparql", params={"query": query}).json()["boolean"] is True


def test_cors_and_preflight(server):
    r = httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = httpx.options(server.url + "/sparql", headers={
        "Origin": "https://yasgui.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-requested-with, authorization"})
    assert pre.status_code == 200, pre.text
    assert "POST" in pre.headers["access-control-allow-methods"]
    allowed = {h.strip().lower() for h in pre.headers["access-control-allow-headers"].split(",")}
    assert {"content-type", "x-requested-with", "authorization"} <= allowed
    plain = httpx.options(server.url + "/sparql")
    assert plain.status_code == 204 and "POST" in plain.headers["allow"]


def test_security_headers(server):
    for path, params in [("/", {}), ("/sparql", {"query": "ASK {}"}), ("/queries", {}), ("/health", {}),
                         ("/sparql", {"query": "SELECT * WHERE { ?s }"})]:
        r = httpx.get(server.url + path, params=params, headers={"Accept": "text/html"})
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], path
    viewer = httpx.get(server.url + "/")
    header = viewer.headers["content-security-policy"]
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', viewer.text)[1]
    assert header == html.unescape(meta) + "; frame-ancestors 'none'"


# --- SPARQL 1.1 Protocol: dataset description, service description, standard clients -------
COUNT = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
ONTOLOGY = "https://w3id.org/actorkg/graph/ontology"
ARTICLE = "https://w3id.org/actorkg/graph/article"


def _count(server, query: str, **params) -> int:
    r = httpx.get(server.url + "/sparql", params={"query": query, **params})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_dataset_by_from_and_by_protocol(server):
    everything, ontology = _count(server, COUNT.format("")), _count(server, COUNT.format(f"FROM <{ONTOLOGY}>"))
    article = _count(server, COUNT.format(f"FROM <{ARTICLE}>"))
    assert 0 < ontology < everything and 0 < article < everything
    assert _count(server, COUNT.format(f"FROM <{ONTOLOGY}> FROM <{ARTICLE}>")) >= max(ontology, article)
    # The protocol's description overrides the query's.
    assert _count(server, COUNT.format(f"FROM <{ONTOLOGY}>"), **{"default-graph-uri": ARTICLE}) == article
    named = ("SELECT (COUNT(*) AS ?n) {} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert _count(server, named.format(f"FROM NAMED <{ONTOLOGY}>")) == ontology
    assert _count(server, named.format(""), **{"named-graph-uri": ONTOLOGY}) == ontology
    # FROM NAMED alone (or named-graph-uri alone) leaves the default graph empty.
    assert _count(server, COUNT.format(f"FROM NAMED <{ONTOLOGY}>")) == 0
    assert _count(server, COUNT.format(""), **{"named-graph-uri": ONTOLOGY}) == 0


def test_service_description(server):
    r = httpx.get(server.url + "/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef(server.url + "/sparql")
    assert (endpoint, sd.endpoint, endpoint) in graph
    assert set(graph.objects(endpoint, sd.supportedLanguage)) == {sd.SPARQL11Query}  # read-only
    assert {ONTOLOGY, ARTICLE} <= {str(g) for g in graph.objects(None, sd.name)}
    nt = httpx.get(server.url + "/sparql", headers={"Accept": "application/n-triples"})
    assert len(rdflib.Graph().parse(data=nt.text, format="nt")) == len(graph)
    page = httpx.get(server.url + "/sparql", headers={"Accept": "text/html,application/xhtml+xml"})
    assert page.headers["content-type"].startswith("text/html") and "<textarea" in page.text


def test_rdflib_sparqlstore_in_every_result_format(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    query = PREFIXES + "SELECT ?label WHERE { kg:Russia ak:armsSupplierOf ?x . ?x rdfs:label ?label }"
    for fmt in ("xml", "json", "csv", "tsv"):
        store = SPARQLStore(server.url + "/sparql", returnFormat=fmt)
        rows = list(store.query(query))
        assert [str(r[0]) for r in rows] == ["Azerbaijan"], fmt
    ask = SPARQLStore(server.url + "/sparql", returnFormat="json").query(
        PREFIXES + "ASK { kg:Russia ak:armsSupplierOf kg:Azerbaijan }")
    assert ask.askAnswer is True


def test_sparqlwrapper_csv_and_tsv(server):
    from SPARQLWrapper import CSV, TSV

    client = server.sparql()
    client.setQuery(PREFIXES + "SELECT ?label WHERE { kg:Russia rdfs:label ?label }")
    client.setReturnFormat(TSV)
    assert client.query().convert().decode() == '?label\n"Russia"\n'
    client.setReturnFormat(CSV)
    assert client.query().convert().decode() == "label\r\nRussia\r\n"


def test_refusals(server):
    service = httpx.get(server.url + "/sparql", params={
        "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"})
    assert service.status_code == 400 and "SERVICE" in service.text
    missing = httpx.post(server.url + "/sparql", data={"output": "json"})
    assert missing.status_code == 400 and "missing the 'query' parameter" in missing.text
    wrong_type = httpx.post(server.url + "/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    unacceptable = httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert unacceptable.status_code == 406
    update_as_query = httpx.get(server.url + "/sparql", params={"query": "DROP ALL"})
    assert update_as_query.status_code == 403


# --- Nothing reaches the network, nothing crashes the server ---------------------------------
@pytest.fixture
def listener():
    """A TCP listener on a loopback port that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.1)
    received: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    received.append(conn.recv(65536) or b"(connected)")
                except OSError:
                    received.append(b"(connected)")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], received
    time.sleep(0.5)  # a request the server started late still arrives
    stop.set()
    thread.join()
    sock.close()


def hidden_network_queries(port: int) -> list[str]:
    target = f"<http://127.0.0.1:{port}/sparql>"
    return [
        # An escaped IRI once walked the text scanner into a "comment".
        rf"SELECT * WHERE {{ BIND(<http://e/\u0041#x> AS ?z) SERVICE {target} {{ ?x ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE {target} {{ ?x ?p ?o }} }}",
        f"select * where {{ {{ select ?x where {{ service {target} {{ ?x ?p ?o }} }} }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE SILENT {target} {{ ?x ?p ?o }} }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ {target} }} SERVICE ?e {{ ?x ?p ?o }} }}",
    ]


def test_queries_never_reach_the_network(server, listener):
    port, received = listener
    for query in hidden_network_queries(port):
        r = httpx.get(server.url + "/sparql", params={"query": query})
        assert r.status_code == 400, (query, r.text)
        assert r.text.startswith("Error: "), r.text
        post = httpx.post(server.url + "/sparql", content=query.encode(),
                          headers={"Content-Type": "application/sparql-query"})
        assert post.status_code == 400
    assert received == []


def test_updates_never_reach_the_network(writable_server, listener):
    port, received = listener
    target = f"<http://127.0.0.1:{port}/x.ttl>"
    auth = {"Authorization": "Bearer s3cret-token"}
    for update in [rf"INSERT DATA {{ <http://e/\u0041#x> <urn:p> 1 }} ; LOAD {target}",
                   f"LOAD SILENT {target} INTO GRAPH <urn:g>",
                   f"INSERT {{ GRAPH <urn:g> {{ ?x ?p ?o }} }} WHERE {{ SERVICE {target} {{ ?x ?p ?o }} }}"]:
        r = httpx.post(writable_server.url + "/sparql", data={"update": update}, headers=auth)
        assert r.status_code in (400, 403), (update, r.text)
        assert "not allowed" in r.text or "syntax error" in r.text
    assert received == []
    ask = httpx.get(writable_server.url + "/sparql", params={"query": "ASK { GRAPH <urn:g> { ?s ?p ?o } }"})
    assert ask.json()["boolean"] is False


def test_deep_nesting_and_odd_input_get_a_clean_400(server):
    for query in ["SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
                  "SELECT * WHERE " + "{" * 5_000 + "}" * 5_000]:
        r = httpx.post(server.url + "/sparql", data={"query": query})
        assert r.status_code == 400 and "nested more than 100 levels" in r.text
    bad_graph = httpx.get(server.url + "/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert bad_graph.status_code == 400 and "'not an iri' is not an IRI" in bad_graph.text
    assert httpx.get(server.url + "/health").status_code == 200  # the process is alive


def test_non_ascii_names(server):
    query = ("PREFIX é: <https://w3id.org/actorkg/entity/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
             "SELECT ?név WHERE { é:Russia rdfs:label ?név . FILTER(?név != é:Türkiye) }")
    r = httpx.get(server.url + "/sparql", params={"query": query})
    assert r.status_code == 200, r.text
    assert [b["név"]["value"] for b in r.json()["results"]["bindings"]] == ["Russia"]


# --- Pages ---------------------------------------------------------------------------------
def test_health(server):
    health = httpx.get(server.url + "/health").json()
    assert health["status"] == "ok" and health["updates"] is False and health["triples"] > 1000


def test_query_library(server):
    listing = httpx.get(server.url + "/queries").json()
    supporters = next(q for q in listing if q["name"] == "supporters-of")
    assert supporters["params"][0]["name"] == "actor"
    page = httpx.get(server.url + "/queries", headers={"Accept": "text/html"})
    assert '<form class="query" method="get" action="/queries/supporters-of">' in page.text
    rows = httpx.get(server.url + "/queries/supporters-of", params={"actor": "Baku"}).json()
    assert {r["supporterLabel"] for r in rows} == {"Russia", "Turkey"}
    html = httpx.get(server.url + "/queries/supporters-of", params={"actor": "Azerbaijan"},
                     headers={"Accept": "text/html"}).text
    assert "<td>Russia</td>" in html and "worth noting" in html
    csv = httpx.get(server.url + "/queries/supporters-of", params={"actor": "Azerbaijan", "format": "csv"})
    assert csv.text.startswith("supporter,")


def test_query_library_errors(server):
    typo = httpx.get(server.url + "/queries/supporters-of", params={"actor": "Azerbajan"})
    assert typo.status_code == 404 and "did you mean: Azerbaijan" in typo.text
    missing = httpx.get(server.url + "/queries/supporters-of")
    assert missing.status_code == 400 and "actor" in missing.text
    unknown = httpx.get(server.url + "/queries/no-such-query")
    assert unknown.status_code == 404 and "supporters-of" in unknown.text
    hostile = httpx.get(server.url + "/queries/supporters-of", params={"actor": "<script>x</script>"},
                        headers={"Accept": "text/html"})
    assert "<script>x" not in hostile.text and "&lt;script&gt;x" in hostile.text


def test_viewer_route(server):
    # A page is built per request (layout included): seconds on a loaded 2-core machine.
    html = httpx.get(server.url + "/", timeout=60).text
    assert "Content-Security-Policy" in html and "actorkg-data" in html
    arms = page_data(httpx.get(server.url + "/", params={"focus": "Russia", "relations": "arms"}, timeout=60).text)
    assert [arms["kinds"][k]["short"] for k in arms["links"]["kind"]] == ["arms", "arms"] and len(arms["nodes"]) == 2
    bad = httpx.get(server.url + "/", params={"relations": "armz"}, timeout=60)
    assert bad.status_code == 400 and "no relation kind 'armz'" in bad.text


# --- Updates with a token ------------------------------------------------------------------
NEW_SUPPORT = PREFIXES + """PREFIX stmt: <https://w3id.org/actorkg/statement/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX src: <https://w3id.org/actorkg/source/>
INSERT DATA { kg:Georgia a ak:State ; rdfs:label "Georgia" .
  stmt:test-georgia-supports-armenia a ak:Support ; ak:supporter kg:Georgia ; ak:recipient kg:Armenia ;
    ak:supportType ak:PoliticalSupport ; prov:wasDerivedFrom src:article-8d98e348b7dc699f . }"""


def test_updates_need_the_token(writable_server):
    url = writable_server.url + "/sparql"
    assert httpx.post(url, data={"update": NEW_SUPPORT}).status_code == 401
    wrong = httpx.post(url, data={"update": NEW_SUPPORT}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    load = httpx.post(url, data={"update": "LOAD <http://127.0.0.1:1/x.ttl>"},
                      headers={"Authorization": "Bearer s3cret-token"})
    assert load.status_code == 403 and "LOAD" in load.text
    assert httpx.get(url, params={"update": NEW_SUPPORT}).status_code == 400  # updates only by POST


def test_update_with_token_refreshes_derived_edges(writable_server):
    client = writable_server.sparql()
    client.setMethod(POST)
    client.addCustomHttpHeader("Authorization", "Bearer s3cret-token")
    client.setQuery(NEW_SUPPORT)
    client.query()
    ask = writable_server.sparql()
    ask.setReturnFormat(JSON)
    ask.setQuery(PREFIXES + "ASK { kg:Georgia ak:supports kg:Armenia }")  # derived by the rules
    assert ask.query().convert()["boolean"] is True
    rows = httpx.get(writable_server.url + "/queries/supporters-of", params={"actor": "Georgia"})
    assert rows.status_code == 200  # the name index knows the new actor


# --- Command line --------------------------------------------------------------------------
def test_serve_refuses_update_without_token(cli, monkeypatch):
    monkeypatch.delenv("ACTORKG_UPDATE_TOKEN", raising=False)
    result = cli("serve", "--enable-update")
    assert result.exit_code == 2 and "Error: --enable-update needs a token" in result.output


def test_serve_reports_a_taken_port(cli):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        result = cli("serve", "--port", str(taken.getsockname()[1]))
    finally:
        taken.close()
    assert result.exit_code == 2 and "Error: cannot listen on 127.0.0.1:" in result.output


# --- A store changed under a running server -----------------------------------------------
def test_server_sees_an_import_made_while_it_runs(tmp_path):
    from ..conftest import FIXTURES

    store = tmp_path / "store"
    actorkg = _command()
    subprocess.run(actorkg + ["load", "--store", str(store)], check=True, capture_output=True)
    running = start_server("--store", str(store))
    try:
        before = httpx.get(running.url + "/health").json()
        assert not any("sipri" in g for g in before["graphs"])
        for kind, name in [("cow-states", "cow-states.csv"), ("sipri", "sipri.csv")]:
            subprocess.run(actorkg + ["import", kind, str(FIXTURES / "datasets" / name), "--store", str(store),
                                      "--quiet"], check=True, capture_output=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            after = httpx.get(running.url + "/health").json()
            # The notice that another process is writing lasts until the watcher's next look
            # after the import ends: on a loaded machine that may come after the new data.
            if (after["generation"] > before["generation"] and any("sipri" in g for g in after["graphs"])
                    and "notice" not in after):
                break
            time.sleep(0.5)
        assert after["generation"] > before["generation"], after
        assert after["triples"] > before["triples"] and "notice" not in after
        sipri = next(g for g in after["graphs"] if "sipri" in g)
        count = httpx.get(running.url + "/sparql", params={
            "query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{sipri}> {{ ?s ?p ?o }} }}"}).json()
        assert int(count["results"]["bindings"][0]["n"]["value"]) > 0
    finally:
        stop_server(running)
    assert f"the store {store} changed: serving the new data" in running.process.stderr.read()


def test_updates_on_a_store_directory(tmp_path):
    store = tmp_path / "store"
    subprocess.run(_command() + ["load", "--store", str(store)], check=True, capture_output=True)
    running = start_server("--store", str(store), "--enable-update", env={"ACTORKG_UPDATE_TOKEN": "t0ken"})
    try:
        r = httpx.post(running.url + "/sparql", data={"update": NEW_SUPPORT}, headers={"Authorization": "Bearer t0ken"})
        assert r.status_code == 200, r.text
        ask = httpx.get(running.url + "/sparql", params={"query": PREFIXES + "ASK { kg:Georgia ak:supports kg:Armenia }"})
        assert ask.json()["boolean"] is True  # readers see the update and its derived edge
    finally:
        stop_server(running)
    check = subprocess.run(_command() + ["sparql", "-", "--store", str(store), "-f", "json"], capture_output=True,
                           text=True, input=PREFIXES + "ASK { kg:Georgia ak:supports kg:Armenia }")
    assert json.loads(check.stdout) == {"boolean": True}, check.stderr  # written to the store itself
