"""``actorkg serve``: a SPARQL 1.1 endpoint, the graph viewer and the query library.

Routes: ``/sparql`` (SPARQL 1.1 Protocol; without a query, its Service Description, or a
form for browsers), ``/`` (the viewer; its URL takes the view options), ``/queries`` and
``/queries/NAME`` (the named queries, HTML or JSON/CSV), ``/health``.

The event loop only routes: every query, named query, viewer page and update runs in a
worker process (``workers.py``), which is killed and replaced when its job passes the
deadline, so a runaway query frees its CPU and memory at once. Results are read lazily and
reading stops at ``max_rows`` (422), so a runaway result never fills memory.

Read-only unless started with an update token: updates then need
``Authorization: Bearer TOKEN``. ``SERVICE`` (federated queries) and ``LOAD`` are refused
on the parsed query, and the workers run without network access where the system allows.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import socket
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from ..errors import ActorKGError, UsageError
from ..store.core import Store
from .worker import Reply, error_reply

LOOPBACK = ("127.0.0.1", "::1", "localhost")
log = logging.getLogger("actorkg.serve")


@dataclass(frozen=True)
class Settings:
    timeout: float = 30.0
    max_rows: int = 100_000
    max_running: int = 4
    update_token: str | None = None  # None: read-only
    # Largest POST body read: a query is a few KB; a client streaming gigabytes must not
    # fill the server's memory before it is refused.
    max_body: int = 10 * 1024 * 1024
    heavy_after: float = 1.0  # a job running longer counts as heavy (see workers.py)
    heavy_slots: int = 2  # workers of their own for queries heavy by their shape (see workers.py)
    watch_interval: float = 2.0  # how often a store directory is checked for changes

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


# Every page is self-contained: no fetches, no framing by other sites.
_CSP_PAGES = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
_CSP_DATA = "default-src 'none'; frame-ancestors 'none'"


def _error(status: int, error: Exception | str, headers: dict | None = None):
    from starlette.responses import PlainTextResponse

    if isinstance(error, ActorKGError):
        text = f"Error: {error.message}" + (f"\n{error.hint}" if error.hint else "")
    else:
        text = f"Error: {error}"
    return PlainTextResponse(text + "\n", status_code=status, headers=headers)


def _response(reply: Reply):
    from starlette.responses import Response

    return Response(reply.body, status_code=reply.status, media_type=reply.content_type, headers=reply.headers)


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


class _SecurityHeaders:
    """ASGI middleware: ``nosniff`` everywhere and a Content-Security-Policy header on every
    response that has none (the viewer sets its own, with its scripts' hashes)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers.append((b"x-content-type-options", b"nosniff"))
                if b"content-security-policy" not in names:
                    html = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)
                    headers.append((b"content-security-policy", (_CSP_PAGES if html else _CSP_DATA).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(store: Store, settings: Settings = Settings()):
    """The Starlette application serving ``store``.

    The workers get the data from where ``store`` has it: its directory, or a copy of an
    in-memory graph in a temporary folder; ``store`` itself is closed when the server starts.
    """
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    from actorkg import __version__
    from ..query import library
    from ..view.render import viewer_policy
    from . import protocol, webpages
    from .watch import StoreWatcher
    from .workers import Busy, Pool, PoolSettings, source_for

    folder = tempfile.TemporaryDirectory(prefix="actorkg-serve-")
    pool = Pool(source_for(store, Path(folder.name)),
                PoolSettings(size=settings.max_running, timeout=settings.timeout, heavy_after=settings.heavy_after,
                             heavy_slots=settings.heavy_slots),
                updates=settings.updates_enabled)
    watcher = StoreWatcher(pool, settings.watch_interval) if pool.source.store_path and not pool.updates else None
    info_cache: dict[int, dict] = {}
    viewer_cache: dict[tuple, Reply] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app):
        close = getattr(store, "close", None)
        if close is not None and pool.source.endpoint is None:
            close()  # the workers hold the data now (and the writer the store's lock)
        await pool.start()
        if watcher is not None:
            watcher.start()
        try:
            yield
        finally:
            if watcher is not None:
                watcher.stop()
            await pool.close()
            folder.cleanup()

    async def run(job: dict) -> Reply:
        try:
            return await pool.run(job)
        except Busy as e:
            return error_reply(e, 503)
        except ActorKGError as e:
            return error_reply(e)

    async def info() -> dict | None:
        """Triples and graphs of the data being served, asked once per generation."""
        generation = pool.source.generation
        if generation not in info_cache:
            reply = await run({"kind": "info"})
            if reply.status != 200:
                return None
            import json

            info_cache.clear()
            info_cache[generation] = json.loads(reply.body)
        return info_cache[generation]

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
            if request.method == "GET":
                return await service_description(request, params)
            return _error(400, "missing the 'query' parameter (or 'update' for a SPARQL update)")
        if len(queries) + len(updates) > 1:
            return _error(400, "give exactly one 'query' or one 'update' parameter")
        if updates:
            return await sparql_update(request, updates[0])
        format_params = {k: params[k] for k in protocol.FORMAT_PARAMS + ("default-graph-uri", "named-graph-uri")
                         if k in params}
        return _response(await run({"kind": "sparql", "query": queries[0], "accept": request.headers.get("accept"),
                                    "params": format_params, "max_rows": settings.max_rows,
                                    "updates_enabled": settings.updates_enabled}))

    async def service_description(request, params):
        if _wants_html(request) and not any(k in params for k in protocol.FORMAT_PARAMS):
            return HTMLResponse(webpages.sparql_form(settings.updates_enabled, settings.timeout, settings.max_rows))
        try:
            fmt = protocol.negotiate("CONSTRUCT", request.headers.get("accept"), params)
        except protocol.NotAcceptable as e:
            return _error(406, e)
        data = await info()
        endpoint = str(request.url.replace(query=""))
        triples = protocol.service_description(endpoint, data["graphs"] if data else [], settings.updates_enabled)
        return Response(protocol.write(protocol.Triples(triples), fmt), media_type=fmt.content_type,
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
            reply = await pool.update({"kind": "update", "update": text})
        except ActorKGError as e:
            reply = error_reply(e, 503 if isinstance(e, Busy) else None)
        if reply.status == 200:
            viewer_cache.clear()
        return _response(reply)

    async def viewer(request):
        q = request.query_params
        try:
            depth = int(q.get("depth", "1"))
            as_of = int(q["as_of"]) if q.get("as_of") else None
        except ValueError:
            return _error(400, "depth and as_of must be whole numbers")
        relations = tuple(r.strip() for v in q.getlist("relations") for r in v.split(",") if r.strip())
        options = {"focus": q.get("focus") or None, "depth": depth, "relations": relations, "as_of": as_of,
                   "sources": tuple(s for s in q.getlist("source") if s.strip())}
        key = (pool.source.generation, *options.values())
        if key not in viewer_cache:
            reply = await run({"kind": "view", "options": options})
            if reply.status != 200:
                return _response(reply)
            if len(viewer_cache) > 32:
                viewer_cache.clear()
            viewer_cache[key] = reply
        response = _response(viewer_cache[key])
        response.headers["Content-Security-Policy"] = viewer_policy() + "; frame-ancestors 'none'"
        return response

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
            library.get(name)
        except UsageError as e:
            return _error(404, e)
        return _response(await run({"kind": "named", "name": name, "values": values, "format": fmt,
                                    "max_rows": settings.max_rows}))

    async def health(request):
        data = await info()
        body = {"status": "ok", "version": __version__,
                "triples": data["triples"] if data else None, "graphs": data["graphs"] if data else None,
                "updates": settings.updates_enabled, "timeout": settings.timeout, "max_rows": settings.max_rows,
                "generation": pool.source.generation, **pool.stats()}
        notices = [n for n in (pool.notice, "the derived edges are stale: run 'actorkg load' on the store"
                               if data and data["derived_stale"] else None) if n]
        if notices:
            body["notice"] = " ; ".join(notices)
        return JSONResponse(body)

    routes = [
        Route("/", viewer, methods=["GET"]),
        Route("/sparql", sparql_endpoint, methods=["GET", "POST", "OPTIONS"]),
        Route("/queries", queries, methods=["GET"]),
        Route("/queries/{name}", named_query, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
    ]
    # Any request header may be asked for by a page of another origin: no credentials
    # (cookies) are ever honoured, and updates need the token whoever sends them.
    middleware = [Middleware(_SecurityHeaders),
                  Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                             allow_headers=["*"], max_age=600)]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


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
