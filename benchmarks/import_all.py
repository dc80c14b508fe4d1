"""Import every dataset in ../shared/data end to end into a fresh on-disk store and print
time, triples, triples/s and peak memory per dataset and in total.

    python benchmarks/import_all.py [DATA_DIR] [--store DIR]

Target (issue 12): at most 30 s in total and 1 GB peak memory on a 2-core machine.
Seconds are wall time; CPU counts this process's own (a busy machine inflates the first).
This is a measurement, not a test: it prints figures and never fails on them.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_mb() -> float:
    # ru_maxrss is in KiB on Linux: the process's peak resident memory so far.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--store", type=Path, help="store directory (default: a fresh temporary one)")
    args = parser.parse_args()

    from actorkg.graph.sources.importers import FILES, ORDER, import_file
    from actorkg.graph.store.load import open_graph

    missing = [name for name in FILES.values() if not (args.data / name).is_file()]
    if missing:
        print(f"missing in {args.data}: {', '.join(missing)}", file=sys.stderr)
        return 2
    tmp = None if args.store else tempfile.mkdtemp(prefix="actorkg-bench-")
    store_dir = args.store or Path(tmp) / "store"
    try:
        start = time.perf_counter()
        store = open_graph(store_path=store_dir)
        opened = time.perf_counter() - start
        print(f"{'dataset':<15}{'records':>9}{'statements':>12}{'triples':>10}{'derived':>9}"
              f"{'seconds':>9}{'CPU s':>8}{'triples/s':>11}{'peak MB':>9}")
        print(f"{'(open store)':<15}{'':>9}{'':>12}{len(store):>10,}{'':>9}{opened:>9.2f}{'':>8}{'':>11}{peak_mb():>9.0f}")
        total_triples = 0
        for kind in ORDER:
            t0, c0 = time.perf_counter(), time.process_time()
            report = import_file(kind, args.data / FILES[kind], store)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
            total_triples += report.triples
            print(f"{kind:<15}{report.records:>9,}{report.statements:>12,}{report.triples:>10,}"
                  f"{report.derived:>9,}{seconds:>9.2f}{cpu:>8.2f}{report.triples / seconds:>11,.0f}{peak_mb():>9.0f}")
        total = time.perf_counter() - start
        size = len(store)
        print(f"{'total':<15}{'':>9}{'':>12}{total_triples:>10,}{'':>9}{total:>9.2f}{time.process_time():>8.2f}"
              f"{total_triples / total:>11,.0f}{peak_mb():>9.0f}")
        print(f"store: {size:,} quads in {store_dir}; target: <= 30 s, <= 1024 MB peak")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
