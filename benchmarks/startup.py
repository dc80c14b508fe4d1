"""Cold start of a question, as a user runs it: actorkg installed non-editable (a wheel, with
pip --target), asked from another folder, one new process per run; beside it the naive
rdflib script (parse data/*.ttl, run one query) and the floor, `python -c "import pyoxigraph"`.

    python benchmarks/startup.py [-n RUNS] [--question TEXT]

Prints the median and minimum wall time and the median CPU time of each, and actorkg's
ratio to the naive script (target, issue 12: at most 0.7). The first run of each warms the
OS file cache and actorkg's snapshot cache and is not counted. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NAIVE = '''
import glob, sys
import rdflib
graph = rdflib.Graph()
for path in sorted(glob.glob(sys.argv[1] + "/*.ttl")):
    graph.parse(path)
query = """PREFIX ak: <https://w3id.org/actorkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?label WHERE {
  ?kind ak:countsAsSupport true . ?statement a ?kind ; ?role ?recipient ; ?other ?supporter .
  ?recipient rdfs:label "Azerbaijan" . ?supporter a/rdfs:subClassOf* ak:Actor ; rdfs:label ?label .
  FILTER(?supporter != ?recipient) }"""
for row in graph.query(query):
    print(row.label)
'''


def timed(command: list[str], env: dict, cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command`` (CPU of the child alone)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr.strip()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(command: list[str], env: dict, cwd: Path, runs: int) -> dict:
    timed(command, env, cwd)  # warm-up
    walls, cpus = zip(*(timed(command, env, cwd) for _ in range(runs)))
    return {"median": statistics.median(walls), "min": min(walls), "cpu": statistics.median(cpus)}


def installed(tmp: Path, question: str) -> tuple[dict, Path, list[tuple[str, list[str]]]]:
    """actorkg installed into ``tmp`` as a user installs it, the naive script beside it: the
    environment, the folder to run from and the three commands (actorkg, naive, floor)."""
    site, elsewhere = tmp / "site", tmp / "elsewhere"
    elsewhere.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(ROOT)],
                   check=True, capture_output=True)
    naive = tmp / "naive.py"
    naive.write_text(NAIVE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site), "XDG_CACHE_HOME": str(tmp / "cache"),
           "XDG_DATA_HOME": str(tmp / "data")}  # no default store: the bundled data
    for name in ("ACTORKG_CACHE_DIR", "ACTORKG_NO_CACHE", "ACTORKG_STORE"):
        env.pop(name, None)
    data = site / "actorkg" / "data"
    return env, elsewhere, [
        ("actorkg ask (installed, cold process)", [sys.executable, "-m", "actorkg.cli", "ask", question]),
        ("naive rdflib script (parse data/*.ttl, one query)", [sys.executable, str(naive), str(data)]),
        ('python -c "import pyoxigraph" (floor)', [sys.executable, "-c", "import pyoxigraph"]),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=9)
    parser.add_argument("--question", default="Who supports Azerbaijan?")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="actorkg-startup-") as tmp:
        env, elsewhere, rows = installed(Path(tmp), args.question)
        results = {label: measure(command, env, elsewhere, args.runs) for label, command in rows}
    print(f"Cold start, {args.runs} runs each after one warm-up (wall seconds; CPU = user + system)\n")
    print("| command | median (s) | min (s) | CPU median (s) |\n|---|---|---|---|")
    for label, r in results.items():
        print(f"| {label} | {r['median']:.3f} | {r['min']:.3f} | {r['cpu']:.3f} |")
    ours, naive_ = results[rows[0][0]], results[rows[1][0]]
    print(f"\nactorkg / naive rdflib: {ours['median'] / naive_['median']:.2f}x wall, "
          f"{ours['cpu'] / naive_['cpu']:.2f}x CPU (target: <= 0.7x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
