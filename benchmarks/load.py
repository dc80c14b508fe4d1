"""Load test of ``actorkg serve``: many concurrent clients, a mix of light and heavy queries.

    python benchmarks/load.py                                 # bundled data, in memory
    python benchmarks/load.py --store /tmp/world-copy         # a store directory
    python benchmarks/load.py --clients 50 --requests 10000 --heavy 0.05

Starts the server on a free loopback port, runs ``--requests`` requests from ``--clients``
concurrent clients (each with its own keep-alive connection) and prints, for light and for
heavy requests: how many, throughput, median, p99 and worst latency, and every error by
kind (503 busy, 503 time limit, other status, connection error). Light requests are ASK,
label lookups, the supporters query, a named query and /health; heavy ones scan or join
the whole store. Targets (issue 16): on the bundled data 0 errors and p99 under 1 s; on a
fully imported store no "busy" for light requests while heavy ones run.

The server may bring a store up to date when it opens it (new bundled data): give it a copy,
never a store that must stay as it is. A measurement, not a test: it never fails on figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import re
import select
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

PREFIXES = """PREFIX ak: <https://w3id.org/actorkg/ontology#>
PREFIX kg: <https://w3id.org/actorkg/entity/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
LIGHT = [
    ("sparql", "ASK {}"),
    ("sparql", PREFIXES + "SELECT ?label WHERE { kg:Russia rdfs:label ?label }"),
    ("sparql", PREFIXES + """SELECT ?supporterLabel ?kind WHERE {
  ?s ak:recipient kg:Azerbaijan ; a ?k .
  ?k ak:shortLabel ?kind ; ak:subjectRole ?role .
  ?s ?role ?supporter . ?supporter rdfs:label ?supporterLabel .
} ORDER BY ?supporterLabel ?kind"""),
    ("sparql", PREFIXES + "SELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 10"),
    ("named", "/queries/supporters-of?actor=Azerbaijan"),
    ("get", "/health"),
]
HEAVY = [
    ("sparql", "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)"),
    ("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?o ?q ?r }"),
]


def start_server(args) -> tuple[subprocess.Popen, str]:
    script = Path(sys.executable).parent / "actorkg"
    command = [str(script), "serve", "--port", "0", "--timeout", str(args.timeout),
               "--max-rows", "1000000"] + (["--store", str(args.store)] if args.store else [])
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ready, _, _ = select.select([process.stdout], [], [], 300)
    line = process.stdout.readline() if ready else ""
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        process.kill()
        raise SystemExit(f"the server did not start: {line!r}")
    # Read the access log as it comes: a full pipe would stop the server mid-run.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return process, f"http://127.0.0.1:{m.group(1)}"


async def wait_ready(url: str) -> None:
    import httpx

    async with httpx.AsyncClient() as client:
        for _ in range(600):
            try:
                if (await client.get(url + "/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("the server did not answer /health")


def classify(status: int, text: str) -> str:
    if status == 200:
        return "ok"
    if status == 503 and "busy" in text:
        # Which rule refused it: no reader free in time, too many long-running jobs, or
        # the heavy slots' queue full.
        why = ("long-running" if "long-running" in text else "heavy slots" if "heavy queries" in text
               else "queue")
        return f"503 busy ({why})"
    if status == 503:
        return "503 time limit"
    return f"HTTP {status}"


async def client_loop(url: str, jobs: list, results: list, timeout: float) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=url, timeout=timeout + 30) as client:
        while jobs:
            weight, (kind, payload) = jobs.pop()
            started = time.perf_counter()
            try:
                if kind == "sparql":
                    r = await client.post("/sparql", data={"query": payload},
                                          headers={"Accept": "application/sparql-results+json"})
                else:
                    r = await client.get(payload)
                outcome = classify(r.status_code, r.text)
            except httpx.TransportError as e:
                outcome = f"connection: {type(e).__name__}"
            results.append((weight, outcome, time.perf_counter() - started))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


async def run(args, url: str) -> tuple[list, float]:
    rng = random.Random(16)
    jobs = [("heavy", rng.choice(HEAVY)) if rng.random() < args.heavy else ("light", rng.choice(LIGHT))
            for _ in range(args.requests)]
    results: list = []
    started = time.perf_counter()
    await asyncio.gather(*(client_loop(url, jobs, results, args.timeout) for _ in range(args.clients)))
    return results, time.perf_counter() - started


def report(results: list, elapsed: float, args) -> None:
    print(f"\n{len(results):,} requests from {args.clients} clients in {elapsed:.1f} s "
          f"({len(results) / elapsed:,.0f} requests/s); data: {args.store or 'bundled (in memory)'}; "
          f"{os.cpu_count()} cores, {platform.python_version()}, load average before "
          f"{args.load_before:.1f}\n")
    print("| requests | count | ok | p50 | p99 | worst | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for weight in ("light", "heavy"):
        rows = [r for r in results if r[0] == weight]
        if not rows:
            continue
        latencies = [r[2] for r in rows]
        errors = Counter(r[1] for r in rows if r[1] != "ok")
        shown = ", ".join(f"{n} {kind}" for kind, n in errors.most_common()) or "none"
        print(f"| {weight} | {len(rows):,} | {len(rows) - sum(errors.values()):,} | "
              f"{statistics.median(latencies) * 1000:,.0f} ms | {percentile(latencies, 0.99) * 1000:,.0f} ms | "
              f"{max(latencies) * 1000:,.0f} ms | {shown} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="serve this store directory (default: the bundled data)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--heavy", type=float, default=0.05, help="share of heavy requests (default 0.05)")
    parser.add_argument("--timeout", type=float, default=30.0, help="the server's --timeout")
    args = parser.parse_args()
    args.load_before = os.getloadavg()[0]
    process, url = start_server(args)
    try:
        asyncio.run(wait_ready(url))
        results, elapsed = asyncio.run(run(args, url))
    finally:
        process.terminate()
        process.wait(30)
    report(results, elapsed, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
