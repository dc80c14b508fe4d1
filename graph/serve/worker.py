"""A query worker: a process of its own that holds a copy of the store and runs jobs.

The server runs every query, named query, viewer page and update in one of these, so a
query past its deadline is stopped by ending its process (pyoxigraph cannot interrupt a
running query; a thread would run on and keep its CPU and memory). Jobs come in as plain
dicts over a pipe, answers go back as ``Reply`` (status, media type, body), so the
server's event loop never touches the store.

Where the data comes from is a ``Source``: a store directory (opened read-only by the
readers and for writing by the one update worker), an N-Quads file holding the in-memory
graph (written by the server at start and after each update), or a remote endpoint. Each
job names the source it is meant for; a worker whose copy is older reopens first, which is
how new data reaches every worker.

Workers that do not need the network (everything but a remote endpoint) move into a
network namespace of their own where the kernel allows it: then not even a query that got
past the parser's SERVICE check could reach another host.
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ActorKGError, NotFound, QueryError, QueryTimeout, ResultTooLarge, StoreError, UsageError
from ..store.core import OxigraphStore, Store


@dataclass(frozen=True)
class Source:
    """Where a worker finds its data; ``generation`` grows with every change of it."""

    store_path: str | None = None
    dataset_file: str | None = None
    endpoint: object | None = None  # a remote.Endpoint
    generation: int = 0

    @property
    def needs_network(self) -> bool:
        return self.endpoint is not None

    def open(self, writable: bool = False) -> Store:
        if self.endpoint is not None:
            from ..store.remote import RemoteStore

            return RemoteStore(self.endpoint)
        if self.store_path is not None:
            if writable:
                return _open_writable(Path(self.store_path))
            # Beside the server's own update worker, which holds the write lock: readers
            # reopen only after it finished an update, so they never see half of one.
            return OxigraphStore(Path(self.store_path), read_only=True, beside_writer=True)
        from ..store.snapshot import load

        store = load(Path(self.dataset_file))
        if store is None:
            raise StoreError(f"cannot read the server's copy of the graph ({self.dataset_file})")
        return store


def _open_writable(path: Path) -> OxigraphStore:
    from ..store.load import derived_is_stale, recover, refresh_derived

    store = OxigraphStore(path, create=False)
    recover(store)  # an update stopped at its deadline leaves nothing half-written
    if derived_is_stale(store):
        refresh_derived(store)
    store.flush()
    return store


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    source: Source | None = None  # after an update: where the readers find the new data
    heavy: str | None = None  # not run: the query is heavy (why), and belongs in a heavy slot


# --- Network isolation -------------------------------------------------------------------
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def isolate_network() -> bool:
    """Move this process into an empty network namespace (no interface but a down loopback).

    Needs root, or unprivileged user namespaces; returns whether it worked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(_CLONE_NEWNET) == 0:
        return True
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) != 0:
        return False
    # Keep our own ids inside the new user namespace (files we create stay ours).
    try:
        Path("/proc/self/setgroups").write_text("deny")
        Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
        Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
    except OSError:
        pass
    return True


def _exit_with_parent() -> None:
    """End this process when the server is gone, even in the middle of a long query."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="actorkg-parent-watch", daemon=True).start()


# --- The worker's loop -------------------------------------------------------------------
def main(conn, source: Source, writable: bool, isolate: bool, nice: int = 0) -> None:
    """Entry point of a worker process: open the store, then answer jobs until EOF.

    A worker with ``nice`` is a heavy slot: it runs at that lower CPU priority from the
    start, and only SPARQL queries, so it builds no actor index."""
    _exit_with_parent()
    if nice:
        os.nice(nice)
    warm = not writable and not nice
    isolated = isolate and not source.needs_network and isolate_network()
    try:
        store = source.open(writable)
        if warm:
            _warm(store)
    except ActorKGError as e:
        conn.send(("failed", _text(e)))
        return
    conn.send(("ready", isolated))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job["source"] != source and not writable:
            store.close()
            source = job["source"]
            store = source.open()
            if warm:
                _warm(store)
        try:
            reply = _run(store, job)
        except ActorKGError as e:
            reply = error_reply(e)
        except Exception as e:  # a bug: the client gets a 500 and the log the detail
            import traceback

            traceback.print_exc()
            reply = Reply(500, "text/plain; charset=utf-8", f"Error: internal error: {e}\n".encode())
        if writable and reply.status == 200 and job["kind"] == "update":
            reply.source = source = _publish(store, source)
        conn.send(reply)


def _warm(store: Store) -> None:
    """Build the actor index that named queries and pages resolve names with before the
    worker takes a job: on the world store it takes ~0.5 s, which a replacement worker
    (one comes after every stopped query) would otherwise add to its first request."""
    from ..query.resolve import ActorIndex

    ActorIndex.of(store)


def _text(error: Exception) -> str:
    if isinstance(error, ActorKGError):
        return f"Error: {error.message}" + (f"\n{error.hint}" if error.hint else "")
    return f"Error: {error}"


def status_of(error: Exception) -> int:
    from .protocol import NotAcceptable

    if isinstance(error, NotAcceptable):
        return 406
    if isinstance(error, QueryTimeout):
        return 503
    if isinstance(error, ResultTooLarge):
        return 422
    if isinstance(error, NotFound):
        return 404
    return 400


def error_reply(error: Exception, status: int | None = None) -> Reply:
    return Reply(status or status_of(error), "text/plain; charset=utf-8", (_text(error) + "\n").encode("utf-8"))


def _run(store: Store, job: dict) -> Reply:
    kind = job["kind"]
    if kind == "sparql":
        return _sparql(store, job)
    if kind == "named":
        return _named(store, job)
    if kind == "view":
        return _view(store, job)
    if kind == "info":
        return _info(store)
    if kind == "update":
        return _update(store, job)
    raise UsageError(f"unknown job '{kind}'")


def _sparql(store: Store, job: dict) -> Reply:
    from ..store.sparql import parse, refuse_network
    from . import protocol

    parsed = parse(job["query"], estimate=bool(job.get("route_heavy")))
    if parsed.form == "UPDATE":
        if not job["updates_enabled"]:
            return error_reply(ActorKGError("this endpoint is read-only: SPARQL updates are refused",
                                            "start the server with --enable-update and a token to allow them"), 403)
        raise QueryError("a SPARQL update must be sent as 'update' (or application/sparql-update) by POST")
    refuse_network(parsed)
    if parsed.heavy:
        return Reply(0, "", b"", heavy=parsed.heavy)  # the pool runs it again in a heavy slot
    fmt = protocol.negotiate(parsed.form, job["accept"], job["params"])
    dataset = protocol.dataset(job["params"])
    if isinstance(store, OxigraphStore):
        options = {"default_graphs": dataset.default, "named_graphs": dataset.named,
                   "query_dataset": parsed.has_dataset and dataset.default is None and dataset.named is None}
    elif dataset.named is not None:
        raise UsageError("'named-graph-uri' is not supported when serving a remote endpoint",
                         "query that endpoint directly")
    else:
        options = {"default_graphs": dataset.default}
    result = store.query(job["query"], None, max_rows=job["max_rows"], **options)
    return Reply(200, fmt.content_type, protocol.write(result, fmt), {"Vary": "Accept"})


def _named(store: Store, job: dict) -> Reply:
    from ..query import library, results
    from . import webpages

    query = library.get(job["name"])
    values, fmt = job["values"], job["format"]
    try:
        bindings = library.bindings_for(query, store, values)
        result = store.query(query.text, bindings, max_rows=job["max_rows"])
    except ActorKGError as e:
        if fmt == "html":
            return Reply(status_of(e), "text/html; charset=utf-8",
                         webpages.result_page(query, values, error=str(e)).encode("utf-8"))
        raise
    if fmt == "html":
        return Reply(200, "text/html; charset=utf-8", webpages.result_page(query, values, result).encode("utf-8"))
    if fmt == "csv":
        return Reply(200, "text/csv; charset=utf-8", results.to_csv(result).encode("utf-8"))
    return Reply(200, "application/json", results.to_json(result).encode("utf-8"))


def _view(store: Store, job: dict) -> Reply:
    from ..view.render import render_view
    from ..view.select import ViewOptions

    html, _ = render_view(store, ViewOptions(**job["options"]))
    return Reply(200, "text/html; charset=utf-8", html.encode("utf-8"))


def _info(store: Store) -> Reply:
    from ..store.load import derived_is_stale

    try:
        triples = len(store)
    except TypeError:  # a remote endpoint does not say
        triples = None
    needs_recovery = getattr(store, "needs_recovery", lambda: False)()
    info = {"triples": triples, "graphs": store.graphs(),
            "derived_stale": needs_recovery or derived_is_stale(store)}
    return Reply(200, "application/json", json.dumps(info).encode("utf-8"))


def _update(store: Store, job: dict) -> Reply:
    from ..store.load import mark_derived_stale, refresh_derived
    from ..store.sparql import NetworkAccess, parse, refuse_network

    parsed = parse(job["update"])
    if parsed.form != "UPDATE":
        raise QueryError("not a SPARQL update: send queries as 'query'")
    try:
        refuse_network(parsed)
    except NetworkAccess as e:
        return error_reply(e, 403)
    # Stale first: if this worker is stopped at the deadline between the update and the
    # derivation, the next one to open the store derives the edges again.
    mark_derived_stale(store, {})
    store.update(job["update"])
    refresh_derived(store)
    getattr(store, "flush", lambda: None)()
    return Reply(200, "text/plain; charset=utf-8", b"OK: update applied, derived edges refreshed\n")


def _publish(store: Store, source: Source) -> Source:
    """Make the updated data available to the readers: the next generation of ``source``."""
    if source.dataset_file is None:
        return replace(source, generation=source.generation + 1)
    import pyoxigraph as ox

    old = Path(source.dataset_file)
    new = old.with_name(f"dataset-{source.generation + 1}.nq")
    tmp = new.with_suffix(".tmp")
    with open(tmp, "wb") as out:
        store._store.dump(out, format=ox.RdfFormat.N_QUADS)
    os.replace(tmp, new)
    # Readers still opening the previous file keep it; older ones are no longer named anywhere.
    old.with_name(f"dataset-{source.generation - 1}.nq").unlink(missing_ok=True)
    return replace(source, dataset_file=str(new), generation=source.generation + 1)
