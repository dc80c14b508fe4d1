"""How fast can a new process get the bundled graph? The measurement behind ``graph/cache.py``.

    python benchmarks/open_paths.py

Compares, in one process and after a warm-up, the ways to reach a queryable store of the
bundled data: parse the Turtle files and run the rules; read an N-Quads snapshot of the
finished graph; open an on-disk store read-only. Prints median times over 50 runs.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from actorkg.graph.store.core import OxigraphStore
from actorkg.graph.store.load import bundled_files, load_graph
from actorkg.graph.store.rules import apply_rules

RUNS = 50
ASK = "ASK { ?s ?p ?o }"


def parse_and_derive() -> OxigraphStore:
    store = OxigraphStore()
    for path, graph in bundled_files():
        store.load_file(path, graph)
    apply_rules(store)
    return store


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        snapshot = folder / "graph.nq"
        built = parse_and_derive()
        built._store.dump(str(snapshot), format=ox.RdfFormat.N_QUADS)
        load_graph(store_path=folder / "store")

        def from_snapshot():
            store = ox.Store()
            store.load(path=str(snapshot), format=ox.RdfFormat.N_QUADS)
            return store

        ways = {
            "parse the bundled Turtle files and run the rules": parse_and_derive,
            "load an N-Quads snapshot of the finished graph": from_snapshot,
            "open an on-disk store read-only": lambda: ox.Store.read_only(str(folder / "store")),
        }
        print(f"Bundled data: {len(built):,} quads.\n")
        print("| way | median (ms) | min (ms) |\n|---|---:|---:|")
        for label, way in ways.items():
            way()
            times = []
            for _ in range(RUNS):
                start = time.perf_counter()
                store = way()
                (store._store if isinstance(store, OxigraphStore) else store).query(ASK)
                times.append(time.perf_counter() - start)
                del store
            print(f"| {label} | {statistics.median(times) * 1000:.1f} | {min(times) * 1000:.1f} |")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
