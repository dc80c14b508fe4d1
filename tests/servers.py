"""SPARQL servers for the tests, each started on a free loopback port and loaded by actorkg:

- ``oxigraph serve`` (the ``oxigraph`` package): Oxigraph's engine behind the SPARQL 1.1
  Protocol and the Graph Store Protocol;
- ``rdflib-endpoint serve``: rdflib's own SPARQL engine (an engine with nothing in common
  with Oxigraph's) behind FastAPI; an empty dataset that accepts SPARQL Update.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def tool(name: str) -> str:
    """A console script installed beside this Python (the test extra's servers)."""
    return shutil.which(name) or str(Path(sys.executable).with_name(name))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(process: subprocess.Popen, url: str, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.post(url, data={"query": "ASK {}"}, timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"{what} did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)


@contextmanager
def running(args: list[str], url: str, what: str) -> Iterator[subprocess.Popen]:
    """Run a server until the block ends; ``url`` answers once it is up."""
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait(process, url, what)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def oxigraph(folder: Path, union: bool = True) -> Iterator[str]:
    """An ``oxigraph serve`` on ``folder``; yields its base URL (``/query``, ``/update``, ``/store``)."""
    port = free_port()
    args = [tool("oxigraph"), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    base = f"http://127.0.0.1:{port}"
    with running(args + (["--union-default-graph"] if union else []), f"{base}/query", "oxigraph serve"):
        yield base


@contextmanager
def rdflib_endpoint() -> Iterator[str]:
    """An empty ``rdflib-endpoint serve`` that takes updates; yields its SPARQL URL
    (queries and updates go to the same URL)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    args = [tool("rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", str(port), "--enable-update"]
    with running(args, url, "rdflib-endpoint serve"):
        yield url
