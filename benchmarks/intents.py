"""Each question intent as a user runs it (a new `actorkg` process per run) on a store
directory, first after an import and warm; actorkg's overhead over raw pyoxigraph running the
same SPARQL; and a cold `ask` beside the naive rdflib script and `python -c "import pyoxigraph"`.

    python benchmarks/intents.py --store /tmp/world-store-copy [--runs 5]
    python benchmarks/intents.py --store /tmp/store-10m --generated [--runs 5]   # generate.py's world
    python benchmarks/intents.py --store /tmp/store-10m --generated --actors gen-000125,gen-000060,gen-000200
    python benchmarks/intents.py --startup-only

"First" runs with an empty cache folder (a new machine: nothing cached at all; the OS file
cache is warm all the same); "after import" with a cache folder holding only what survives an
import (what is keyed by content, not by the store's data generation: the lexicon's inflected
forms) and what the import prepares for the first question (``ask.prepare``: the actor index,
the lexicon, the relation kinds and the sources), as on a machine that asked questions before
the import; "warm" with the cache a
previous process left. Runs are interleaved, round after round over every command, so load
from other work on the machine falls on all of them alike; medians of ``--runs``. CPU is the
child's user + system time, peak the child's maximum resident set. Never write to a store you
care about: use a copy (``cp -a``). A measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import installed  # noqa: E402  (the same setup as benchmarks/startup.py)


# intent -> CLI arguments after `actorkg --store S`; {a} {b} {c} are actor names.
INTENTS = {
    "supporters": ["ask", "Who supports {a}?"],
    "opponents": ["ask", "Who opposes {a}?"],
    "check": ["ask", "Does {b} support {a}?"],
    "either": ["ask", "Does {b} support {a} or {c}?"],
    "relation": ["ask", "How are {a} and {c} related?"],
    "path": ["ask", "How is {a} connected to {c}?"],
    "dual-role (one actor)": ["ask", "Does {b} play a dual role?"],
    "reliable-ally": ["ask", "Is {b} a reliable ally of {a}?"],
    "impact": ["ask", "What role does {b} play between {a} and {c}?"],
    "profile": ["ask", "What is {b}?"],
    "whom X supports": ["ask", "Whom does {b} support?"],
    "whom X opposes": ["ask", "Whom does {b} oppose?"],
    "profile (dated)": ["ask", "What was {b} in 2000?"],
    "dual-role (dated)": ["ask", "Does {b} play a dual role in 2020?"],
    "commitments (one ally)": ["commitments", "--ally", "{b}"],
    "dual-roles + balance (whole network)": ["ask", "Who plays a dual role?"],
    "commitments (whole network)": ["commitments"],
    "world-dual-roles": ["world-dual-roles"],
    "corroborate": ["corroborate"],
}
WHOLE = {"dual-roles + balance (whole network)", "commitments (whole network)", "world-dual-roles", "corroborate"}
WORLD_ACTORS = {"a": "Armenia", "b": "Russia", "c": "Azerbaijan"}
# The generated world's hub states (generate.py: the first actors are the most connected).
GENERATED_ACTORS = ("gen-000000", "gen-000001", "gen-000002")


# What an import runs once it has written (cli.py's import and load): ``ask.prepare``.
PREPARE = ("import sys; from pathlib import Path; from actorkg.graph.answer.ask import prepare; "
           "from actorkg.graph.store.core import OxigraphStore; prepare(OxigraphStore(Path(sys.argv[1]), read_only=True))")


def run(command: list[str], env: dict, cwd: Path | None = None, timeout: float | None = None) -> dict:
    """Wall, CPU and peak memory of one child process (``wait4`` gives its own usage)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = None if timeout is None else start + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            child.kill()
            os.wait4(child.pid, 0)
            return {"wall": None, "cpu": None, "peak_mb": None, "timeout": True}
        time.sleep(0.005)
    wall = time.perf_counter() - start
    error = child.stderr.read().decode(errors="replace")
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}): {error.strip()[-800:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def med(runs: list[dict], key: str) -> str:
    values = [r[key] for r in runs if r.get(key) is not None]
    if not values:
        return "timed out"
    value = statistics.median(values)
    return f"{value:,.0f}" if key == "peak_mb" else f"{value:.2f}"


def actor_names(store: Path, generated: bool, chosen: tuple[str, ...] = GENERATED_ACTORS) -> dict[str, str]:
    if not generated:
        return WORLD_ACTORS
    import pyoxigraph as ox

    db = ox.Store.read_only(str(store))
    names = {}
    for key, local in zip("abc", chosen):
        actor = ox.NamedNode(f"https://w3id.org/actorkg/entity/{local}")
        rows = list(db.query(f"SELECT ?l WHERE {{ {actor} <http://www.w3.org/2000/01/rdf-schema#label> ?l }}",
                             use_default_graph_as_union=True))
        names[key] = rows[0]["l"].value
    return names


def intents(store: Path, runs: int, generated: bool, only: list[str] | None, timeout: float,
            chosen: tuple[str, ...] = GENERATED_ACTORS) -> None:
    names = actor_names(store, generated, chosen)
    actorkg = [sys.executable, "-m", "actorkg.cli", "--store", str(store)]
    chosen = {k: v for k, v in INTENTS.items() if not only or k in only}
    base = {**os.environ}
    base.pop("ACTORKG_NO_CACHE", None)
    with tempfile.TemporaryDirectory(prefix="actorkg-intents-") as tmp:
        warm_cache = Path(tmp) / "warm"
        commands = {k: actorkg + [a.format(**names) for a in v] for k, v in chosen.items()}
        warm_env = {**base, "ACTORKG_CACHE_DIR": str(warm_cache)}
        for command in commands.values():  # the warm cache, and the OS file cache, filled once
            run(command, warm_env, timeout=timeout)
        # What an import leaves valid: files not keyed by the data generation (not pickles),
        # and what the import itself prepares for the first question (``ask.prepare``).
        lasting = [f for f in warm_cache.iterdir() if f.suffix != ".pickle"]
        prepared_cache = Path(tmp) / "prepared"
        prepared_cache.mkdir()
        for f in lasting:
            shutil.copy(f, prepared_cache / f.name)
        preparing = run([sys.executable, "-c", PREPARE, str(store)],
                        {**base, "ACTORKG_CACHE_DIR": str(prepared_cache)}, timeout=timeout)
        lasting = list(prepared_cache.iterdir())
        first: dict[str, list] = {k: [] for k in commands}
        after: dict[str, list] = {k: [] for k in commands}
        warm: dict[str, list] = {k: [] for k in commands}
        for i in range(runs):
            for n, (k, command) in enumerate(commands.items()):
                # A folder of its own per run and intent: shared, a later intent's "first" run
                # would find what an earlier one cached.
                fresh = Path(tmp) / f"first-{i}-{n}"
                first[k].append(run(command, {**base, "ACTORKG_CACHE_DIR": str(fresh)}, timeout=timeout))
                imported = Path(tmp) / f"after-{i}-{n}"
                imported.mkdir()
                for f in lasting:
                    shutil.copy(f, imported / f.name)
                after[k].append(run(command, {**base, "ACTORKG_CACHE_DIR": str(imported)}, timeout=timeout))
                warm[k].append(run(command, warm_env, timeout=timeout))
    print(f"Intents on {store} ({'generated world' if generated else 'world store'}; actors "
          f"{', '.join(names.values())}), medians of {runs} runs, interleaved\n")
    print(f"What the import adds to prepare the first question (``ask.prepare``): {med([preparing], 'wall')} s wall, "
          f"{med([preparing], 'cpu')} s CPU, {med([preparing], 'peak_mb')} MB peak (one run)\n")
    print("| intent | command | first wall (s) | first CPU (s) | after import wall (s) | after import CPU (s) "
          "| after import peak MB | warm wall (s) | warm CPU (s) | warm peak MB |\n"
          "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for k, command in commands.items():
        shown = " ".join(c if " " not in c else repr(c) for c in command[5:])
        print(f"| {k} | `{shown}` | {med(first[k], 'wall')} | {med(first[k], 'cpu')} "
              f"| {med(after[k], 'wall')} | {med(after[k], 'cpu')} | {med(after[k], 'peak_mb')} "
              f"| {med(warm[k], 'wall')} | {med(warm[k], 'cpu')} | {med(warm[k], 'peak_mb')} |")
    print()


def overhead(store: Path, runs: int, generated: bool, chosen: tuple[str, ...] = GENERATED_ACTORS) -> None:
    """The named queries through actorkg (library.run: bound parameters pushed into the
    patterns, rows converted) against raw pyoxigraph running the text actorkg sent."""
    from actorkg.graph.query import library
    from actorkg.graph.store.core import OxigraphStore

    names = actor_names(store, generated, chosen)
    ours = OxigraphStore(store, read_only=True)
    index = {"a": names["a"], "b": names["b"]}
    cases = [("supporters-of", {"actor": index["a"]}), ("opponents-of", {"actor": index["a"]}),
             ("relation-between", {"a": index["b"], "b": index["a"]}), ("neighbours", None),
             ("dual-roles", {"actor": index["b"]})]
    print(f"actorkg over raw pyoxigraph, same SPARQL, in one process ({store.name}), medians of {runs} runs\n")
    print("| query | rows | raw pyoxigraph (ms) | actorkg library.run (ms) | overhead |\n|---|---:|---:|---:|---:|")
    real = ours._store

    class Spy:  # records the text and dataset actorkg hands to pyoxigraph
        sent: tuple = ()

        def query(self, text, **kwargs):
            Spy.sent = (text, kwargs)
            return real.query(text, **kwargs)

    for name, params in cases:
        if params is None:  # neighbours takes its actors as VALUES, as around.py sends them
            from actorkg.graph.store.sparql import with_values

            iri = library.bindings_for(library.get("supporters-of"), ours, {"actor": index["a"]})["actor"]
            text = with_values(library.get(name).text, "actor", [iri])

            def through():
                return ours.query(text).rows
        else:
            def through():
                return library.run(ours, name, params).rows
        ours._store = Spy()
        through()
        ours._store = real
        raw_text, raw_kwargs = Spy.sent

        def raw():
            result = real.query(raw_text, **raw_kwargs)
            variables = [v.value for v in result.variables]
            return [{n: t.value for n, t in zip(variables, row) if t is not None} for row in result]

        times_raw, times_ours = [], []
        for _ in range(runs):
            start = time.perf_counter()
            count = len(raw())
            times_raw.append(time.perf_counter() - start)
            start = time.perf_counter()
            through()
            times_ours.append(time.perf_counter() - start)
        r, o = statistics.median(times_raw) * 1000, statistics.median(times_ours) * 1000
        print(f"| {name} | {count:,} | {r:,.1f} | {o:,.1f} | {o / r:.2f}x |")
    print()


def startup(runs: int) -> None:
    """Cold ask as a user installs it (pip --target, another folder) beside the naive rdflib
    script and the floor, interleaved."""
    with tempfile.TemporaryDirectory(prefix="actorkg-startup-") as tmp:
        env, elsewhere, rows = installed(Path(tmp), "Who supports Azerbaijan?")
        commands = dict(rows)
        for command in commands.values():
            run(command, env, elsewhere)
        results: dict[str, list] = {k: [] for k in commands}
        for _ in range(runs):
            for k, command in commands.items():
                results[k].append(run(command, env, elsewhere))
    print(f"Cold start, medians of {runs} interleaved runs after one warm-up each\n")
    print("| command | wall (s) | CPU (s) | peak MB |\n|---|---:|---:|---:|")
    for k, r in results.items():
        print(f"| {k} | {med(r, 'wall')} | {med(r, 'cpu')} | {med(r, 'peak_mb')} |")
    ours, naive_ = (results[k] for k in list(commands)[:2])
    ratio = {key: statistics.median(x[key] for x in ours) / statistics.median(x[key] for x in naive_)
             for key in ("wall", "cpu")}
    print(f"\nactorkg / naive rdflib: {ratio['wall']:.2f}x wall, {ratio['cpu']:.2f}x CPU (target: <= 0.7x)\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="A store directory (a copy: runs may bring it up to date).")
    parser.add_argument("--generated", action="store_true", help="The store holds benchmarks/generate.py's world.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="Comma-separated intents (see INTENTS).")
    parser.add_argument("--actors", help="With --generated: three actors' local names, comma-separated, for "
                        "{a},{b},{c} (default the three hubs, " + ",".join(GENERATED_ACTORS) + ").")
    parser.add_argument("--no-overhead", action="store_true", help="Skip actorkg's overhead over raw pyoxigraph.")
    parser.add_argument("--timeout", type=float, default=300.0, help="Seconds before a run counts as timed out.")
    parser.add_argument("--startup-only", action="store_true")
    parser.add_argument("--no-startup", action="store_true")
    args = parser.parse_args()
    print(f"Machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
          "at the start (shared with other work)\n")
    if not args.no_startup:
        startup(args.runs)
    if args.startup_only or args.store is None:
        return 0
    chosen = tuple(args.actors.split(",")) if args.actors else GENERATED_ACTORS
    if len(chosen) != 3:
        parser.error("--actors takes three local names, e.g. gen-000125,gen-000060,gen-000200")
    intents(args.store, args.runs, args.generated, args.only.split(",") if args.only else None, args.timeout, chosen)
    if not args.no_overhead:
        overhead(args.store, args.runs, args.generated, chosen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
