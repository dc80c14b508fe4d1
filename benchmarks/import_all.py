"""Import every dataset in ../shared/data end to end into a fresh on-disk store and print,
per dataset and in total, the median over several runs of the wall and CPU time and the
peak memory, then the time of re-importing everything unchanged.

    python benchmarks/import_all.py [DATA_DIR] [--runs N] [--store DIR]

Each run is a new process importing into a new store (so its peak memory is its own).
Target (issue 12): at most 30 s in total and 1 GB peak memory on a 2-core machine.
Wall time counts what other processes take from the machine; CPU time is this process's.
This is a measurement, not a test: it prints figures and never fails on them.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_mb() -> float:
    # ru_maxrss is in KiB on Linux: the process's peak resident memory so far.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_run(data: Path, store_dir: Path) -> list[dict]:
    """Import everything into ``store_dir``, then again (unchanged); one row per step."""
    from actorkg.graph.sources.importers import FILES, ORDER, import_file
    from actorkg.graph.store.load import open_graph

    rows = []
    start, cpu0 = time.perf_counter(), time.process_time()
    store = open_graph(store_path=store_dir)
    rows.append({"step": "(open store)", "wall": time.perf_counter() - start,
                 "cpu": time.process_time() - cpu0, "peak": peak_mb(), "triples": len(store)})
    for kind in ORDER:
        t0, c0 = time.perf_counter(), time.process_time()
        report = import_file(kind, data / FILES[kind], store)
        rows.append({"step": kind, "wall": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                     "peak": peak_mb(), "records": report.records, "triples": report.triples,
                     "derived": report.derived})
    rows.append({"step": "total", "wall": time.perf_counter() - start, "cpu": time.process_time() - cpu0,
                 "peak": peak_mb(), "triples": len(store)})
    t0, c0 = time.perf_counter(), time.process_time()
    unchanged = all(import_file(kind, data / FILES[kind], store).unchanged for kind in ORDER)
    rows.append({"step": "re-import all" + ("" if unchanged else " (CHANGED?)"), "wall": time.perf_counter() - t0,
                 "cpu": time.process_time() - c0, "peak": peak_mb()})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", type=Path, help="store directory of a single run (kept afterwards)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one run, for the parent
    args = parser.parse_args()

    from actorkg.graph.sources.importers import FILES

    missing = [name for name in FILES.values() if not (args.data / name).is_file()]
    if missing:
        print(f"missing in {args.data}: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.json or args.store:
        tmp = None if args.store else tempfile.mkdtemp(prefix="actorkg-bench-")
        try:
            rows = one_run(args.data, args.store or Path(tmp) / "store")
        finally:
            if tmp:
                shutil.rmtree(tmp, ignore_errors=True)
        if args.json:
            print(json.dumps(rows))
            return 0
        runs = [rows]
    else:
        runs = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, __file__, str(args.data), "--json"], check=True,
                                 capture_output=True, text=True).stdout
            runs.append(json.loads(out))
    print(f"Import of every dataset into a new on-disk store: median of {len(runs)} run(s), peak memory the highest")
    print("\n| step | records | triples | derived | wall (s) | CPU (s) | peak MB |\n|---|---|---|---|---|---|---|")
    for i, row in enumerate(runs[0]):
        steps = [run[i] for run in runs]
        wall = statistics.median(s["wall"] for s in steps)
        cpu = statistics.median(s["cpu"] for s in steps)
        peak = max(s["peak"] for s in steps)
        cells = [f"{row[k]:,}" if k in row else "" for k in ("records", "triples", "derived")]
        print(f"| {row['step']} | {' | '.join(cells)} | {wall:.2f} | {cpu:.2f} | {peak:.0f} |")
    total = [next(s for s in run if s["step"] == "total") for run in runs]
    print(f"\ntotal: median {statistics.median(t['wall'] for t in total):.1f} s, "
          f"peak {max(t['peak'] for t in total):.0f} MB; target: <= 30 s, <= 1024 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
