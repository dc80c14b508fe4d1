"""Notice when another process (an import, ``actorkg load``) changed the store being served.

The workers open a store directory read-only, which shows it as it was when opened. Every
few seconds the watcher compares the directory's files (names, sizes, times; RocksDB
writes new files or grows its log on every change) with what it saw before. A change made
while the writer still holds the store's lock is only reported (``/health`` and the log):
its data may be half-written. Once the writer is gone, the readers reopen the store before
their next job and ``/health`` shows the new triple count and generation.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

from ..store.core import writer_active

log = logging.getLogger("actorkg.serve")


def signature(path: Path) -> tuple:
    """What changes whenever RocksDB writes: its files (not its info LOG or LOCK file)."""
    found = []
    for entry in sorted(path.iterdir()):
        if entry.name.startswith("LOG") or entry.name == "LOCK":
            continue
        try:
            stat = entry.stat()
        except OSError:  # removed by a compaction meanwhile
            continue
        found.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(found)


class StoreWatcher:
    def __init__(self, pool, interval: float):
        self.pool = pool
        self.path = Path(pool.source.store_path)
        self.interval = interval
        self._task: asyncio.Task | None = None
        self._seen = signature(self.path)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._watch())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.interval)
            try:
                now = await loop.run_in_executor(None, signature, self.path)
                writing = now != self._seen and await loop.run_in_executor(None, writer_active, self.path)
            except OSError as e:
                self.pool.notice = f"cannot check the store for changes: {e}"
                continue
            if now == self._seen:
                continue
            if writing:
                if self.pool.notice is None:
                    log.warning("actorkg: another process is writing to the store %s; serving the data "
                                "as it was until it has finished", self.path)
                    self.pool.notice = (f"another process is writing to the store (since about "
                                        f"{time.strftime('%H:%M:%S')}): serving the data as it was before")
                continue
            self._seen = now
            self.pool.notice = None
            self.pool.next_generation()
            log.warning("actorkg: the store %s changed: serving the new data (generation %d)",
                        self.path, self.pool.source.generation)
