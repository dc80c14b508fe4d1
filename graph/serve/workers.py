"""The server's pool of query workers: deadlines that free resources, room for light queries.

Every job runs in a worker process (``worker.py``). A job past its deadline gets 503 and
its worker is killed and replaced, so a runaway query gives back its CPU and memory at
once instead of holding a slot until the server restarts.

Heavy work gets slots of its own, so quick queries always find a worker. A SPARQL query
whose shape is heavy (``store/cost.py``: a join with every triple, a product of two scans,
a ``*`` path between open ends) is sent on by the worker that parsed it, before it runs, to
one of ``heavy_slots`` workers that run at a lower CPU priority (nice 10) and only such
queries; it waits there for a free slot until its deadline. The readers then never hold a
never-ending join while quick queries queue behind it.

Queries that look light but run long still count as heavy after ``heavy_after`` seconds:
at most ``size - 1`` such jobs at once (a job that turns heavy beyond that is stopped with
503 "busy"), and their workers run at nice 10 too. So at least one reader is always free
within ``heavy_after`` seconds for quick queries, whatever clients send.

One spare worker more than the pool's size is kept ready, so a killed worker's place is
taken at once. Requests wait in a queue for a free worker (up to ``queue_wait`` seconds, at most
``max_waiting`` of them) rather than being refused the moment every worker is busy.

Updates go to one more worker that holds the store for writing; after each update the
readers move to the new data (``Source.generation``). For a store directory, a watcher also
notices when another process (an import) changed it, and moves the readers to the new
data once that process has finished.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ActorKGError, QueryTimeout, StoreError
from . import worker
from .worker import Reply, Source

log = logging.getLogger("actorkg.serve")

# Worker processes fork from a server process that has imported everything they need,
# so a replacement is ready in milliseconds plus the time to open the store.
_CONTEXT = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                       else "spawn")
if _CONTEXT.get_start_method() == "forkserver":
    _CONTEXT.set_forkserver_preload([worker.__name__, "actorkg.graph.serve.protocol",
                                     "actorkg.graph.view.render", "rdflib.plugins.sparql.parser",
                                     "rdflib.plugins.sparql.algebra", "actorkg.graph.store.cost"])
_NICE_HEAVY = 10


class Busy(ActorKGError):
    def __init__(self, message: str):
        super().__init__(message, "try again shortly")


@dataclass
class PoolSettings:
    size: int = 4
    timeout: float = 30.0
    heavy_after: float = 1.0
    heavy_slots: int = 2  # workers for queries heavy by their shape (0: none, all run as readers)
    queue_wait: float = 10.0
    max_waiting: int = 200
    isolate: bool = True  # move workers into an empty network namespace where possible


class _Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, source: Source, writable: bool, isolate: bool, heavy: bool = False):
        parent, child = _CONTEXT.Pipe()
        self.heavy = heavy  # a heavy slot: niced from the start, only heavy queries
        self.process = _CONTEXT.Process(target=worker.main, name="actorkg-worker", daemon=True,
                                        args=(child, source, writable, isolate, _NICE_HEAVY if heavy else 0))
        self.process.start()
        child.close()
        self.conn = parent
        self.isolated = False
        self.niced = False

    def wait_ready(self, timeout: float) -> None:
        """Block until the worker has opened its store (raises StoreError if it could not)."""
        if not self.conn.poll(timeout):
            self.kill()
            raise StoreError(f"a query worker did not open the store within {timeout:g} s")
        try:
            state, detail = self.conn.recv()
        except EOFError:
            state, detail = "failed", f"the worker ended with exit code {self.process.exitcode}"
        if state != "ready":
            self.kill()
            raise StoreError(f"a query worker could not open the store: {detail}")
        self.isolated = detail

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


_NOTHING = object()


def _receive(conn, timeout: float):
    """The worker's reply if it comes within ``timeout`` seconds, else ``_NOTHING``.

    Waited for in a thread: registering the pipe with the event loop (``add_reader``) lets
    uvloop switch it to non-blocking mode, and a reply larger than the pipe's buffer then
    breaks off half-read."""
    if not conn.poll(max(timeout, 0)):
        return _NOTHING
    return conn.recv()


class Pool:
    def __init__(self, source: Source, settings: PoolSettings = PoolSettings(), updates: bool = False):
        self.source = source
        self.settings = settings
        self.updates = updates
        self._idle: asyncio.Queue[_Worker] | None = None
        self._heavy_idle: asyncio.Queue[_Worker] | None = None  # the heavy slots' free workers
        self._heavy_waiting = 0
        self._all: set[_Worker] = set()
        self._writer: _Worker | None = None
        self._write_lock: asyncio.Lock | None = None
        self._spare: _Worker | None = None
        self._active = 0  # readers idle or at work (not the spare)
        self._heavy = 0
        self._waiting = 0
        self._tasks: set[asyncio.Task] = set()
        self.notice: str | None = None  # what /health should say about the data, if anything
        # One thread per job waiting for its worker's reply (readers, spare, heavy slots, writer).
        self._threads = ThreadPoolExecutor(settings.size + settings.heavy_slots + 2,
                                           thread_name_prefix="actorkg-wait")

    @property
    def max_heavy(self) -> int:
        return max(1, self.settings.size - 1)

    # -- life cycle ----------------------------------------------------------------------
    async def start(self) -> None:
        self._idle = asyncio.Queue()
        self._heavy_idle = asyncio.Queue()
        self._write_lock = asyncio.Lock()
        if self.updates:
            # The writer opens the store first: on disk it may still have to recover it.
            self._writer = await self._spawn(writable=True)
        # One more than the pool's size: a spare takes over at once from a killed worker.
        started = await asyncio.gather(*(self._spawn() for _ in range(self.settings.size + 1)),
                                       *(self._spawn(heavy=True) for _ in range(self.settings.heavy_slots)),
                                       return_exceptions=True)
        failed = [s for s in started if isinstance(s, BaseException)]
        if failed:
            await self.close()
            raise failed[0]
        for w in started:
            self._enlist(w)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for w in list(self._all):
            w.kill()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def _spawn(self, writable: bool = False, heavy: bool = False) -> _Worker:
        loop = asyncio.get_running_loop()
        w = await loop.run_in_executor(None, _Worker, self.source, writable, self.settings.isolate, heavy)
        self._all.add(w)
        try:
            await loop.run_in_executor(None, w.wait_ready, 120.0)
        except BaseException:
            self._all.discard(w)
            raise
        return w

    def _enlist(self, w: _Worker) -> None:
        """Put a new reader to work, or keep it as the spare."""
        if w.heavy:
            self._heavy_idle.put_nowait(w)
        elif self._active < self.settings.size:
            self._active += 1
            self._idle.put_nowait(w)
        elif self._spare is None:
            self._spare = w
        else:
            self._retire(w)

    def _background(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _retire(self, w: _Worker) -> None:
        """Kill ``w`` without blocking the event loop."""
        self._all.discard(w)
        asyncio.get_running_loop().run_in_executor(None, w.kill)

    def _discard(self, w: _Worker) -> None:
        """Kill the reader ``w``: the spare takes its place and a new spare is started."""
        self._retire(w)
        self._active -= 1
        if self._spare is not None:
            spare, self._spare = self._spare, None
            self._enlist(spare)
        self._background(self._replace())

    async def _replace(self, writable: bool = False, heavy: bool = False) -> None:
        delay = 0.5
        while True:
            try:
                w = await self._spawn(writable, heavy)
            except (StoreError, OSError) as e:
                log.error("actorkg: cannot start a query worker (%s); trying again in %.0f s", e, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30)
                continue
            if writable:
                self._writer = w
            else:
                self._enlist(w)
            return

    # -- running jobs --------------------------------------------------------------------
    async def run(self, job: dict) -> Reply:
        """Run ``job`` on a reader within the deadline, or in a heavy slot if the reader
        finds the query heavy; raises Busy or QueryTimeout."""
        started = time.monotonic()
        deadline = started + self.settings.timeout
        w = await self._acquire(started)
        routed = {**job, "route_heavy": True} if self.settings.heavy_slots and job["kind"] == "sparql" else job
        try:
            reply = await self._call(w, routed, deadline, heavy_policy=True)
        except BaseException:
            self._discard(w)
            raise
        if w.niced and not _restore_priority(w):
            self._discard(w)  # cannot be given back its normal priority: a fresh one replaces it
        else:
            self._idle.put_nowait(w)
        if reply.heavy is not None:
            return await self._run_heavy(job, deadline, reply.heavy)
        return reply

    async def _run_heavy(self, job: dict, deadline: float, reason: str) -> Reply:
        """Run a query heavy by its shape in a heavy slot, waiting for one until ``deadline``."""
        if self._heavy_waiting >= self.settings.max_waiting:
            raise Busy(f"the server is busy: {self._heavy_waiting} heavy queries are waiting for a slot")
        self._heavy_waiting += 1
        try:
            w = await asyncio.wait_for(self._heavy_idle.get(), max(0.0, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            raise QueryTimeout(self.settings.timeout, f"it waited for one of the {self.settings.heavy_slots} slots "
                               f"for heavy queries ({reason}) and none was free; make it more selective "
                               "or try again later") from None
        finally:
            self._heavy_waiting -= 1
        try:
            reply = await self._call(w, job, deadline, heavy_policy=False)
        except BaseException:
            self._retire(w)
            self._background(self._replace(heavy=True))
            raise
        self._heavy_idle.put_nowait(w)
        return reply

    async def update(self, job: dict) -> Reply:
        """Run an update on the writer; afterwards the readers serve the new data."""
        async with self._write_lock:
            while self._writer is None:  # being replaced after a failed update
                await asyncio.sleep(0.1)
            w = self._writer
            try:
                reply = await self._call(w, {**job, "source": self.source},
                                         time.monotonic() + self.settings.timeout, heavy_policy=False)
            except BaseException:
                self._retire(w)
                self._writer = None
                self._background(self._replace(writable=True))
                raise
            if reply.source is not None:
                self.source = reply.source
            return reply

    async def _acquire(self, started: float) -> _Worker:
        try:
            return self._idle.get_nowait()
        except asyncio.QueueEmpty:
            pass
        if self._waiting >= self.settings.max_waiting:
            raise Busy(f"the server is busy: {self._waiting} requests are waiting for a query worker")
        self._waiting += 1
        try:
            return await asyncio.wait_for(self._idle.get(), min(self.settings.queue_wait, self.settings.timeout))
        except asyncio.TimeoutError:
            raise Busy(f"the server is busy: no query worker was free within "
                       f"{time.monotonic() - started:.0f} s") from None
        finally:
            self._waiting -= 1

    async def _call(self, w: _Worker, job: dict, deadline: float, heavy_policy: bool) -> Reply:
        loop = asyncio.get_running_loop()

        async def receive(timeout: float):
            try:
                return await loop.run_in_executor(self._threads, _receive, w.conn, timeout)
            except (EOFError, OSError):
                raise StoreError(f"the query worker ended unexpectedly (exit code {w.process.exitcode})",
                                 "the server log may say why; the worker has been replaced") from None

        w.conn.send({"source": self.source, **job})
        heavy = False
        try:
            reply = _NOTHING
            if heavy_policy:
                reply = await receive(min(self.settings.heavy_after, deadline - time.monotonic()))
                if reply is _NOTHING:
                    if self._heavy >= self.max_heavy:
                        raise Busy(f"the server is busy: {self._heavy} long-running queries already use "
                                   f"all but one query worker")
                    self._heavy += 1
                    heavy = True
                    w.niced = _lower_priority(w)
            if reply is _NOTHING:
                reply = await receive(deadline - time.monotonic())
            if reply is _NOTHING:
                raise QueryTimeout(self.settings.timeout, "make the query more selective, add a LIMIT, "
                                   "or restart the server with a larger --timeout")
            return reply
        finally:
            if heavy:
                self._heavy -= 1

    # -- seeing new data -----------------------------------------------------------------
    def next_generation(self) -> None:
        """Make every reader reopen the data before its next job."""
        self.source = replace(self.source, generation=self.source.generation + 1)

    def stats(self) -> dict:
        return {"workers": self._active, "idle": self._idle.qsize() if self._idle else 0,
                "spare": self._spare is not None, "heavy": self._heavy, "waiting": self._waiting,
                "heavy_slots": self.settings.heavy_slots,
                "heavy_slots_idle": self._heavy_idle.qsize() if self._heavy_idle else 0,
                "heavy_waiting": self._heavy_waiting,
                "network_isolated": bool(self._all) and all(w.isolated for w in self._all)}


def _lower_priority(w: _Worker) -> bool:
    try:
        os.setpriority(os.PRIO_PROCESS, w.process.pid, _NICE_HEAVY)
        return True
    except (OSError, AttributeError):
        return False


def _restore_priority(w: _Worker) -> bool:
    try:
        os.setpriority(os.PRIO_PROCESS, w.process.pid, 0)
        w.niced = False
        return True
    except (OSError, AttributeError):  # only root may raise a priority again
        return False


def source_for(store, folder: Path) -> Source:
    """The ``Source`` workers read ``store`` from; an in-memory graph is written to ``folder``."""
    from ..store.core import OxigraphStore

    endpoint = getattr(store, "endpoint", None)
    if not isinstance(store, OxigraphStore):
        return Source(endpoint=endpoint)
    if store.path is not None:
        return Source(store_path=str(store.path))
    import pyoxigraph as ox

    dataset = folder / "dataset-0.nq"
    with open(dataset, "wb") as out:
        store._store.dump(out, format=ox.RdfFormat.N_QUADS)
    return Source(dataset_file=str(dataset))
