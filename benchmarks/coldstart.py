"""Cold-start time of CLI commands: each run is a new process, as a user at a terminal sees it.

    python benchmarks/coldstart.py                 # the default commands, 20 runs each
    python benchmarks/coldstart.py -n 50 -- actorkg query dual-roles

Prints min, median and p95 wall time. The first run warms the snapshot cache and the OS
file cache and is not counted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

DEFAULT = [
    ["actorkg", "query", "supporters-of", "--param", "actor=Azerbaijan"],
    ["actorkg", "query", "supporters-of", "--param", "actor=Azerbaijan", "--format", "json"],
    ["actorkg", "ask", "Who supports Azerbaijan?"],
    ["actorkg", "--help"],
    [sys.executable, "-c", "pass"],
]


def measure(command: list[str], runs: int) -> tuple[float, float, float] | None:
    if shutil.which(command[0]) is None:
        return None
    if subprocess.run(command, capture_output=True).returncode not in (0, 1):
        return None  # e.g. a command this branch does not have
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    times.sort()
    return times[0], statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def main() -> None:
    parser = argparse.ArgumentParser(description="Cold-start time of CLI commands.")
    parser.add_argument("-n", "--runs", type=int, default=20)
    parser.add_argument("command", nargs="*", help="one command to time instead of the defaults")
    args = parser.parse_args()
    commands = [args.command] if args.command else DEFAULT
    print("| command | min (s) | median (s) | p95 (s) |\n|---|---|---|---|")
    for command in commands:
        result = measure(command, args.runs)
        shown = " ".join(c if " " not in c else repr(c) for c in command).replace(sys.executable, "python")
        if result is None:
            print(f"| `{shown}` | not available | | |")
        else:
            print(f"| `{shown}` | {result[0]:.3f} | {result[1]:.3f} | {result[2]:.3f} |")


if __name__ == "__main__":
    main()
