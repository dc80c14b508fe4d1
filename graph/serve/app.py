"""``actorkg serve``: a SPARQL 1.1 endpoint, the graph viewer and the query library.

Routes: ``/sparql`` (SPARQL 1.1 Protocol), ``/`` (the viewer; its URL takes the view
options), ``/queries`` and ``/queries/NAME`` (the named queries, HTML or JSON/CSV),
``/health``.

Limits. Each query runs in a worker thread. If it has not finished after ``timeout``
seconds the client gets 503 at once; pyoxigraph cannot interrupt a running query, so
the thread runs on until the query ends and keeps one of the ``max_running`` slots
meanwhile. When all slots are taken, new queries get 503 "busy" instead of piling up.
Results are read lazily and reading stops at ``max_rows`` (422), so a runaway result
never fills memory.

Read-only unless started with an update token: updates then need
``Authorization: Bearer TOKEN``. ``SERVICE`` (federated queries) and ``LOAD`` are refused
because both would make the server fetch from other hosts.
"""

from __future__ import annotations

import asyncio
import hmac
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from ..errors import ActorKGError, NotFound, QueryError, QueryTimeout, ResultTooLarge, UsageError
from ..store.core import Store

LOOPBACK = ("127.0.0.1", "::1", "localhost")


@dataclass(frozen=True)
class Settings:
    timeout: float = 30.0
    max_rows: int = 100_000
    max_running: int = 4
    update_token: str | None = None  # None: read-only
    # Largest POST body read: a query is a few KB; a client streaming gigabytes must not
    # fill the server's memory before it is refused.
    max_body: int = 10 * 1024 * 1024

    @classmethod
    def from_cli(cls, timeout: float, max_rows: int, max_running: int, enable_update: bool,
                 token: str | None) -> "Settings":
        if enable_update and not token:
            raise UsageError("--enable-update needs a token", "set ACTORKG_UPDATE_TOKEN or give --token")
        if timeout <= 0 or max_rows <= 0 or max_running <= 0:
            raise UsageError("--timeout, --max-rows and --max-running must be positive")
        return cls(timeout=timeout, max_rows=max_rows, max_running=max_running,
                   update_token=token if enable_update else None)

    @property
    def updates_enabled(self) -> bool:
        return self.update_token is not None


class Busy(ActorKGError):
    def __init__(self, running: int):
        super().__init__(f"the server is busy: {running} queries are still running (--max-running)",
                         "try again shortly")


class Runner:
    """Runs blocking work in daemon threads, with a time limit and a cap on threads alive.

    Daemon threads, not a ThreadPoolExecutor: a pool joins its threads at exit, so one
    abandoned runaway query would keep Ctrl+C from stopping the server.
    """

    def __init__(self, timeout: float, max_running: int):
        self.timeout = timeout
        self.max_running = max_running
        self._slots = threading.BoundedSemaphore(max_running)

    async def run(self, fn: Callable, *args):
        if not self._slots.acquire(blocking=False):
            raise Busy(self.max_running)
        loop = asyncio.get_running_loop()
        future = loop.create_future()

        def settle(ok: bool, value) -> None:
            if future.done():  # cancelled by the time limit
                return
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

        def work() -> None:
            try:
                ok, value = True, fn(*args)
            except BaseException as e:  # handed to the waiting request
                ok, value = False, e
            finally:
                self._slots.release()
            try:
                loop.call_soon_threadsafe(settle, ok, value)
            except RuntimeError:  # the server stopped meanwhile
                pass

        threading.Thread(target=work, name="actorkg-query", daemon=True).start()
        try:
            return await asyncio.wait_for(future, self.timeout)
        except asyncio.TimeoutError:
            raise QueryTimeout(self.timeout, "make the query more selective, add a LIMIT, or restart the server "
                               "with a larger --timeout") from None


def _error(status: int, error: Exception | str, headers: dict | None = None):
    from starlette.responses import PlainTextResponse

    if isinstance(error, ActorKGError):
        text = f"Error: {error.message}" + (f"\n{error.hint}" if error.hint else "")
    else:
        text = f"Error: {error}"
    return PlainTextResponse(text + "\n", status_code=status, headers=headers)


def _status(error: Exception) -> int:
    if isinstance(error, (QueryTimeout, Busy)):
        return 503
    if isinstance(error, ResultTooLarge):
        return 422
    if isinstance(error, NotFound):
        return 404
    return 400


def _is_iri(text: str) -> bool:
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def _wants_html(request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept


async def _body(request, limit: int) -> bytes:
    """The request body, read no further than ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


class BodyTooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(f"the request body is larger than {limit:,} bytes")


async def _params(request, max_body: int) -> dict[str, list[str]]:
    """Query string and (for POST) form or body parameters, as lists per name."""
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = (await _body(request, max_body)).decode("utf-8", errors="replace")
        if ctype == "application/x-www-form-urlencoded":
            # Parsed here: Starlette's form parser needs the python-multipart package.
            for key, value in parse_qsl(body, keep_blank_values=True):
                params.setdefault(key, []).append(value)
        elif ctype in ("application/sparql-query", "application/sparql-update"):
            params.setdefault("query" if ctype.endswith("query") else "update", []).append(body)
        else:
            raise UnsupportedMediaType(ctype)
    return params


class UnsupportedMediaType(Exception):
    def __init__(self, ctype: str):
        super().__init__(f"cannot read a POST body of type '{ctype or 'none'}': send "
                         "application/x-www-form-urlencoded, application/sparql-query or application/sparql-update")


def create_app(store: Store, settings: Settings = Settings()):
    """The Starlette application serving ``store``."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import (
        HTMLResponse,
        JSONResponse,
        PlainTextResponse,
        Response,
    )
    from starlette.routing import Route

    from actorkg import __version__
    from ..query import library, results
    from ..query.resolve import ActorIndex
    from ..store.load import refresh_derived
    from ..store.sparql import NetworkAccess, parse, refuse_network
    from . import protocol, webpages

    runner = Runner(settings.timeout, settings.max_running)
    # A thread lock, held by the worker itself: an update abandoned at the time limit
    # still finishes before the next one starts.
    write_lock = threading.Lock()
    viewer_cache: dict[tuple, str] = {}

    def apply_update(text: str) -> None:
        with write_lock:  # one writer at a time: the rules re-derive the whole edge graph
            store.update(text)
            refresh_derived(store)  # direct edges follow their statements
            ActorIndex.invalidate(store)
            viewer_cache.clear()
            flush = getattr(store, "flush", None)
            if flush:
                flush()

    async def sparql_endpoint(request):
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": "GET, POST, OPTIONS"})
        try:
            params = await _params(request, settings.max_body)
        except UnsupportedMediaType as e:
            return _error(415, e)
        except BodyTooLarge as e:
            return _error(413, e)
        queries, updates = params.get("query", []), params.get("update", [])
        if not queries and not updates:
            if request.method == "GET" and _wants_html(request):
                return HTMLResponse(webpages.sparql_form(settings.updates_enabled, settings.timeout,
                                                         settings.max_rows))
            return _error(400, "missing the 'query' parameter (or 'update' for a SPARQL update)")
        if len(queries) + len(updates) > 1:
            return _error(400, "give exactly one 'query' or one 'update' parameter")
        if updates:
            return await sparql_update(request, updates[0])

        text = queries[0]
        try:
            parsed = await runner.run(parse, text)
        except ActorKGError as e:
            return _error(_status(e), e)
        if parsed.form == "UPDATE":
            return await sparql_update(request, text)
        try:
            refuse_network(parsed)
        except QueryError as e:
            return _error(400, e)
        if params.get("named-graph-uri"):
            return _error(400, "'named-graph-uri' is not supported: every named graph is available to GRAPH")
        default_graphs = params.get("default-graph-uri") or None
        bad = next((g for g in default_graphs or () if not _is_iri(g)), None)
        if bad is not None:
            return _error(400, f"default-graph-uri '{bad}' is not an IRI")
        try:
            result = await runner.run(store.query, text, None, default_graphs, settings.max_rows)
        except ActorKGError as e:
            return _error(_status(e), e)
        try:
            fmt = protocol.negotiate("CONSTRUCT" if isinstance(result, results.Triples) else "SELECT",
                                     request.headers.get("accept"), params)
        except protocol.NotAcceptable as e:
            return _error(406, e)
        return Response(protocol.write(result, fmt), media_type=fmt.content_type,
                        headers={"Vary": "Accept"})

    async def sparql_update(request, text: str):
        if not settings.updates_enabled:
            return _error(403, ActorKGError("this endpoint is read-only: SPARQL updates are refused",
                                            "start the server with --enable-update and a token to allow them"))
        if request.method != "POST":
            return _error(400, "SPARQL updates must be sent with POST")
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return _error(401, "updates need 'Authorization: Bearer TOKEN'",
                          headers={"WWW-Authenticate": 'Bearer realm="actorkg"'})
        if not hmac.compare_digest(token.strip().encode(), settings.update_token.encode()):
            return _error(403, "wrong update token")
        try:
            refuse_network(await runner.run(parse, text))
        except ActorKGError as e:
            return _error(403 if isinstance(e, NetworkAccess) else _status(e), e)
        try:
            await runner.run(apply_update, text)
        except ActorKGError as e:
            return _error(_status(e), e)
        return PlainTextResponse("OK: update applied, derived edges refreshed\n")

    async def viewer(request):
        from ..view.render import render_view
        from ..view.select import ViewOptions

        q = request.query_params
        try:
            depth = int(q.get("depth", "1"))
            as_of = int(q["as_of"]) if q.get("as_of") else None
        except ValueError:
            return _error(400, "depth and as_of must be whole numbers")
        relations = tuple(r.strip() for v in q.getlist("relations") for r in v.split(",") if r.strip())
        options = ViewOptions(focus=q.get("focus") or None, depth=depth, relations=relations, as_of=as_of,
                              sources=tuple(s for s in q.getlist("source") if s.strip()))
        key = (options.focus, options.depth, options.relations, options.as_of, options.sources)
        if key not in viewer_cache:
            try:
                html, _ = await run_in_threadpool(render_view, store, options)
            except ActorKGError as e:
                return _error(_status(e), e)
            if len(viewer_cache) > 32:
                viewer_cache.clear()
            viewer_cache[key] = html
        return HTMLResponse(viewer_cache[key])

    def query_list():
        return list(library.named_queries().values())

    async def queries(request):
        if _wants_html(request) and request.query_params.get("format") != "json":
            return HTMLResponse(webpages.queries_page(query_list()))
        return JSONResponse([{
            "name": q.name, "summary": q.summary, "url": f"/queries/{q.name}",
            "params": [{"name": p.name, "type": p.type, "optional": p.optional, "description": p.description}
                       for p in q.params],
        } for q in query_list()])

    async def named_query(request):
        name = request.path_params["name"]
        values = {k: v for k, v in request.query_params.items() if k != "format"}
        fmt = request.query_params.get("format") or ("html" if _wants_html(request) else "json")
        if fmt not in ("html", "json", "csv"):
            return _error(400, f"unknown format '{fmt}': use html, json or csv")
        try:
            query = library.get(name)
        except UsageError as e:
            return _error(404, e)

        def run():
            bindings = library.bindings_for(query, store, values)
            return store.query(query.text, bindings, max_rows=settings.max_rows)

        try:
            result = await runner.run(run)
        except ActorKGError as e:
            if fmt == "html":
                return HTMLResponse(webpages.result_page(query, values, error=str(e)), status_code=_status(e))
            return _error(_status(e), e)
        if fmt == "html":
            return HTMLResponse(webpages.result_page(query, values, result))
        if fmt == "csv":
            return PlainTextResponse(results.to_csv(result), media_type="text/csv; charset=utf-8")
        return Response(results.to_json(result), media_type="application/json")

    async def health(request):
        try:
            triples = len(store)
        except TypeError:
            triples = None
        return JSONResponse({"status": "ok", "version": __version__, "triples": triples,
                             "graphs": store.graphs(), "updates": settings.updates_enabled,
                             "timeout": settings.timeout, "max_rows": settings.max_rows})

    routes = [
        Route("/", viewer, methods=["GET"]),
        Route("/sparql", sparql_endpoint, methods=["GET", "POST", "OPTIONS"]),
        Route("/queries", queries, methods=["GET"]),
        Route("/queries/{name}", named_query, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
    ]
    middleware = [Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                             allow_headers=["Accept", "Authorization", "Content-Type"], max_age=600)]
    return Starlette(routes=routes, middleware=middleware)


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, so a taken port is a clear error and ``--port 0`` picks a free one."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as e:
        raise UsageError(f"cannot listen on {host}: {e.strerror}", "give an IP address such as 127.0.0.1") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as e:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {e.strerror}",
                         "choose another --port, or stop what is using this one") from None
    return sock


def serve(app, sock: socket.socket, log_level: str = "info") -> None:
    """Run ``app`` on ``sock`` until interrupted."""
    import uvicorn

    config = uvicorn.Config(app, log_level=log_level, timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[sock])


def run(open_store, settings: Settings, host: str, port: int) -> None:
    """``actorkg serve``: open the store, listen, say where, serve until interrupted."""
    store = open_store()
    sock = listen(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    if host not in LOOPBACK:
        print(f"Warning: listening on {host}: other machines can reach this server", file=sys.stderr)
    print(f"actorkg serving http://{shown}:{bound_port}/ (SPARQL endpoint: /sparql, queries: /queries; "
        f"{'updates need the token' if settings.updates_enabled else 'read-only'}). Ctrl+C stops.", flush=True)
    serve(create_app(store, settings), sock)
