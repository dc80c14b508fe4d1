"""Benchmarks: this project (pyoxigraph, in memory and on disk) against plain rdflib.

Run by hand; prints Markdown tables. Not a test: timings depend on the machine.

    python benchmarks/run.py                        # bundled, 300k, 1M and 10M triples
    python benchmarks/run.py --sizes bundled,300k   # a quick run
    python benchmarks/run.py --rdflib-max 300k      # cap the (slow) baseline

For every size the generated world (``generate.py``, seeded) is loaded with the bundled
ontology and article. Each engine runs in a process of its own, so its peak memory is
its own. rdflib parses the same files into a plain ``Graph`` (Memory store) plus the
derived edges this project computed (it has no rule step), and answers the same bound
query text through an adapter that returns pyoxigraph terms, so ``library.run`` and the
NetworkX projection run unchanged on it and the answers can be compared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"bundled": 0, "300k": 300_000, "1m": 1_000_000, "10m": 10_000_000}
ENGINES = ("ours-memory", "ours-disk", "rdflib")
BUDGET_S = 30.0  # per query and engine: stop repeating a query once it has used this much


# -- the data ---------------------------------------------------------------------------
def world_file(workdir: Path, size: str) -> Path | None:
    if SIZES[size] == 0:
        return None
    path = workdir / f"world-{size}.nt"
    if not path.exists():
        sys.path.insert(0, str(HERE))
        from generate import generate

        print(f"generating {path} ...", file=sys.stderr)
        generate(path, SIZES[size])
    return path


def files_for(workdir: Path, size: str) -> list[tuple[Path, str]]:
    from actorkg.graph.store.load import bundled_files

    world = world_file(workdir, size)
    return bundled_files() + ([(world, "https://w3id.org/actorkg/graph/world")] if world else [])


def count_lines(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b""))


def workload(size: str) -> dict[str, dict[str, str]]:
    """The parameters of each timed query: a typical actor (a state of median rank) and
    the hub (the most connected actor) of the generated world; the article's own actors
    for the bundled data."""
    if SIZES[size] == 0:
        typical, other, hub = "kg:Azerbaijan", "kg:Russia", "kg:Azerbaijan"
    else:
        states = max(40, min(250, max(60, SIZES[size] // 2000) // 5))
        typical, other, hub = f"kg:gen-{states // 2:06d}", f"kg:gen-{states // 2 + 1:06d}", "kg:gen-000000"
    return {
        "supporters-of": {"actor": typical},
        "supporters-of (hub)": {"actor": hub},
        "relation-between": {"a": typical, "b": other},
        "dual-roles": {"actor": typical if SIZES[size] else "kg:Russia"},
    }


# -- rdflib as a Store --------------------------------------------------------------------
class RdflibStore:
    """Plain rdflib (Memory store) behind the project's Store.query, for the baseline."""

    def __init__(self):
        import rdflib
        from rdflib.plugins.sparql import aggregates
        from rdflib.plugins.sparql.sparql import NotBoundError

        # rdflib 7 raises NotBoundError for an unbound value in a DISTINCT aggregate
        # (GROUP_CONCAT(DISTINCT ?record) where a statement has no record id), while its
        # non-DISTINCT path skips it, as SPARQL does. Skip it here too, or the baseline
        # could not answer the named queries at all.
        original = aggregates.Accumulator.use_row

        def use_row(self, row):
            try:
                return original(self, row)
            except NotBoundError:
                return False

        aggregates.Accumulator.use_row = use_row
        self.graph = rdflib.Graph()

    def load(self, path: Path) -> None:
        self.graph.parse(str(path), format="turtle" if path.suffix == ".ttl" else "nt")

    def query(self, sparql, bindings=None, default_graphs=None):
        import pyoxigraph as ox
        import rdflib
        from actorkg.graph.store.core import Solutions, Triples

        # rdflib's own way to bind parameters (its engine handles initBindings far better
        # than a VALUES block, which made relation-between take 80 s on the bundled data).
        init = {rdflib.Variable(k): _rdflib(v) for k, v in (bindings or {}).items()}
        result = self.graph.query(sparql, initBindings=init)
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return Triples([ox.Triple(*(_ox(t) for t in triple)) for triple in result])
        variables = [str(v) for v in result.vars]
        return Solutions(variables, [{v: _ox(row[i]) for i, v in enumerate(variables) if row[i] is not None}
                                     for row in result])


def _rdflib(term):
    import pyoxigraph as ox
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _ox(term):
    import pyoxigraph as ox
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


# -- one engine at one size (a worker process) ---------------------------------------------
def worker(engine: str, size: str, workdir: Path, runs: int, timeout: float) -> dict:
    from actorkg.graph.namespaces import DERIVED_GRAPH
    from actorkg.graph.network.project import project
    from actorkg.graph.query import library
    from actorkg.graph.query.compare import canonical
    from actorkg.graph.store.core import OxigraphStore
    from actorkg.graph.store.rules import apply_rules

    # Measure the engines, not the caches in front of them (snapshot and row caches).
    os.environ["ACTORKG_NO_CACHE"] = "1"
    files = files_for(workdir, size)
    derived_file = workdir / f"derived-{size}.nt"
    out: dict = {"engine": engine, "size": size}
    start = time.perf_counter()
    if engine == "rdflib":
        store = RdflibStore()
        for path, _ in files + [(derived_file, DERIVED_GRAPH)]:
            store.load(path)
        out["load_s"] = time.perf_counter() - start
        out["triples"] = len(store.graph)
    else:
        folder = workdir / f"store-{size}"
        if engine == "ours-disk":
            shutil.rmtree(folder, ignore_errors=True)
        store = OxigraphStore(folder if engine == "ours-disk" else None)
        for path, graph in files:
            store.load_file(path, graph)
        out["load_s"] = time.perf_counter() - start
        start = time.perf_counter()
        apply_rules(store)
        out["rules_s"] = time.perf_counter() - start
        store.flush()
        out["triples"] = len(store)
        out["loaded_triples"] = out["triples"] - sum(1 for _ in store._store.quads_for_pattern(
            None, None, None, __import__("pyoxigraph").NamedNode(DERIVED_GRAPH)))
        if not derived_file.exists():
            import pyoxigraph as ox

            with open(derived_file, "wb") as f:
                ox.serialize((q.triple for q in store._store.quads_for_pattern(
                    None, None, None, ox.NamedNode(DERIVED_GRAPH))), f, format=ox.RdfFormat.N_TRIPLES)
        if engine == "ours-disk":
            from actorkg.graph.store.load import bundled_files, record_loaded

            # As 'actorkg load' leaves it, so the CLI opens it as it is (cold-start table).
            record_loaded(store, bundled_files())
            # Time queries as a later command sees the store: opened again, read-only.
            store.close()
            start = time.perf_counter()
            store = OxigraphStore(folder, read_only=True)
            out["open_s"] = time.perf_counter() - start
    out["queries"] = {}
    # rdflib can take hours on a query Oxigraph answers in milliseconds: give it a deadline.
    limit = timeout if engine == "rdflib" else None
    for label, values in workload(size).items():
        query = library.get(label.split(" ")[0])
        bindings = library.bindings_for(query, store, values)
        out["queries"][label] = _timed(lambda: store.query(query.text, bindings), runs, limit,
                                       lambda result: (len(result), canonical(query.text, result)))
    out["peak_rss_before_projection_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    import networkx  # noqa: F401  (imported before timing: the projection, not the import, is measured)

    def fresh_projection():
        # Each run from scratch: the projection memoizes its query rows on the store.
        store.__dict__.pop("_cached_rows", None)
        return project(store)

    out["queries"]["NetworkX projection"] = _timed(
        fresh_projection, max(3, runs // 4), limit,
        lambda g: (g.number_of_edges(), sorted(map(str, g.edges(keys=True)))))
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _timed(run, runs: int, timeout: float | None, summary) -> dict:
    """Time ``run`` up to ``runs`` times (fewer once BUDGET_S is spent); report the times,
    the row count and a digest of the canonical answer. With ``timeout``, runs happen in
    a forked child that is killed at the deadline (the loaded data is shared, not copied)."""
    import hashlib

    def measure() -> dict:
        times: list[float] = []
        while len(times) < runs and sum(times) < BUDGET_S:
            t = time.perf_counter()
            result = run()
            times.append(time.perf_counter() - t)
        rows, canonical_answer = summary(result)
        digest = hashlib.sha256(json.dumps(canonical_answer, default=str).encode()).hexdigest()
        return {"times": times, "rows": rows, "answer": digest}

    if timeout is None:
        return measure()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read)
        with os.fdopen(write, "w") as pipe:
            pipe.write(json.dumps(measure()))
        os._exit(0)
    os.close(write)
    import select

    ready, _, _ = select.select([read], [], [], timeout)
    if not ready:
        os.kill(child, 9)
        os.waitpid(child, 0)
        os.close(read)
        return {"times": [], "rows": None, "answer": None, "timeout": timeout}
    with os.fdopen(read) as pipe:
        data = pipe.read()
    os.waitpid(child, 0)
    return json.loads(data)


# -- the driver ----------------------------------------------------------------------------
def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(int(l.split()[1]) for l in Path("/proc/meminfo").read_text().splitlines()
                   if l.startswith("MemTotal")) / 1024 / 1024
    except (OSError, StopIteration):
        mem = 0
    import pyoxigraph
    import rdflib

    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}")


def run_worker(engine: str, size: str, workdir: Path, runs: int, timeout: float) -> dict | None:
    command = [sys.executable, __file__, "--worker", engine, "--sizes", size, "--workdir", str(workdir),
               "--runs", str(runs), "--timeout", str(timeout)]
    print(f"running {engine} on {size} ...", file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ms(cell: dict) -> str:
    times = cell["times"]
    if not times:
        return f"> {cell['timeout'] * 1000:,.0f} (timed out)" if cell.get("timeout") else "-"
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return f"{statistics.median(times) * 1000:,.1f} / {p95 * 1000:,.1f}"


def report(results: list[dict]) -> None:
    print("\n### Load\n")
    print("| size | engine | triples | load (s) | triples/s | rules (s) | peak memory (MB): queries / with projection |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in results:
        loaded = r.get("loaded_triples", r["triples"])
        rules = f"{r['rules_s']:.2f}" if "rules_s" in r else "-"
        print(f"| {r['size']} | {r['engine']} | {r['triples']:,} | {r['load_s']:.2f} | {loaded / r['load_s']:,.0f} "
              f"| {rules} | {r['peak_rss_before_projection_mb']:,.0f} / {r['peak_rss_mb']:,.0f} |")
    print("\n### Query latency, median / p95 in ms (rows returned)\n")
    labels = list(results[0]["queries"])
    print("| size | engine | " + " | ".join(labels) + " |")
    print("|---|---|" + "---:|" * len(labels))
    for r in results:
        cells = [_ms(r["queries"][l]) + (f" ({r['queries'][l]['rows']:,})" if r["queries"][l]["rows"] is not None else "")
                 for l in labels]
        print(f"| {r['size']} | {r['engine']} | " + " | ".join(cells) + " |")
    print("\n### Speed-up over rdflib\n")
    print("| size | engine | load | " + " | ".join(labels) + " | same answers |")
    print("|---|---|---:|" + "---:|" * len(labels) + "---|")
    by = {(r["size"], r["engine"]): r for r in results}
    for r in results:
        base = by.get((r["size"], "rdflib"))
        if base is None or r["engine"] == "rdflib":
            continue
        load = (r.get("loaded_triples", r["triples"]) / r["load_s"]) / (base["triples"] / base["load_s"])
        cells, same = [], []
        for l in labels:
            ours, theirs = r["queries"][l], base["queries"][l]
            if theirs["times"]:
                cells.append(f"{statistics.median(theirs['times']) / statistics.median(ours['times']):,.0f}x")
                same.append(theirs["answer"] == ours["answer"])
            else:
                cells.append(f"> {theirs['timeout'] / statistics.median(ours['times']):,.0f}x")
        verdict = "yes" if all(same) else "NO: " + ", ".join(l for l, ok in zip(labels, same) if not ok)
        print(f"| {r['size']} | {r['engine']} | {load:,.1f}x | " + " | ".join(cells) +
              f" | {verdict} ({len(same)} compared) |")


def coldstart(workdir: Path, runs: int) -> None:
    sys.path.insert(0, str(HERE))
    from coldstart import measure

    commands = [
        ["actorkg", "query", "supporters-of", "--param", "actor=Azerbaijan"],
        ["actorkg", "query", "supporters-of", "--param", "actor=Azerbaijan", "--format", "json"],
        ["actorkg", "ask", "Who supports Azerbaijan?"],
    ]
    for size in ("1m", "10m"):
        if (workdir / f"store-{size}" / "CURRENT").exists():
            commands.append(["actorkg", "query", "supporters-of", "--param", f"actor={workload(size)['supporters-of']['actor']}",
                             "--store", str(workdir / f"store-{size}"), "--format", "json"])
    print("\n### CLI cold start (new process each run)\n")
    print("| command | min (s) | median (s) | p95 (s) |\n|---|---:|---:|---:|")
    for command in commands:
        result = measure(command, runs)
        shown = " ".join(c if " " not in c else repr(c) for c in command).replace(str(workdir), "$BENCH")
        print(f"| `{shown}` | " + (" | ".join(f"{x:.3f}" for x in result) if result else "not in this branch | |") + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="bundled,300k,1m,10m")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--rdflib-max", default="1m", help="largest size the rdflib baseline runs at")
    parser.add_argument("--memory-max", default="1m", help="largest size the in-memory store runs at")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "actorkg-bench")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=300, help="seconds an rdflib query may take")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    os.environ["ACTORKG_NO_CACHE"] = "1"
    if args.worker:
        print(json.dumps(worker(args.worker, args.sizes, args.workdir, args.runs, args.timeout)))
        return
    sizes = args.sizes.split(",")
    results = []
    for size in sizes:
        # rdflib reads the derived edges an engine of ours wrote in this run, never old ones.
        (args.workdir / f"derived-{size}.nt").unlink(missing_ok=True)
        for engine in args.engines.split(","):
            cap = args.rdflib_max if engine == "rdflib" else args.memory_max if engine == "ours-memory" else None
            if cap and SIZES[size] > SIZES[cap]:
                continue
            result = run_worker(engine, size, args.workdir, args.runs, args.timeout)
            if result:
                results.append(result)
    print(f"Machine: {machine()}\n")
    report(results)
    os.environ.pop("ACTORKG_NO_CACHE")
    coldstart(args.workdir, args.runs)


if __name__ == "__main__":
    main()
