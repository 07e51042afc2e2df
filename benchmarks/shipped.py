"""Time the shipped data as whole processes, median of N runs, against the targets of issue 7:

- `nkdata validate` (default layers) under 1.5 s;
- `python -c "import nkdata; nkdata.load_all()"` under 0.5 s.

    python benchmarks/shipped.py [--runs 7] [PATH]

Prints each run, the medians and peak memory; exits 1 when a median misses its target. Not run by the unit
tests (timings do not belong in them).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

TARGETS = {"nkdata validate": 1.5, "import nkdata; nkdata.load_all()": 0.5}


def timed(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one whole process (GNU time for the peak)."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
    wall = time.perf_counter() - start
    return wall, int(done.stderr.strip().splitlines()[-1]) / 1024, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=".")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    commands = {"nkdata validate": [sys.executable, "-m", "nkdata", "validate", args.path],
                "import nkdata; nkdata.load_all()": [sys.executable, "-c",
                                                     f"import nkdata; nkdata.load_all({args.path!r})"]}
    missed = False
    for name, command in commands.items():
        runs = [timed(command) for _ in range(args.runs)]
        if any(code != 0 for *_, code in runs):
            print(f"{name}: exit codes {[code for *_, code in runs]}")
            return 1
        median = statistics.median(wall for wall, *_ in runs)
        ok = median < TARGETS[name]
        missed |= not ok
        print(f"{name:36} median {median:.3f} s (min {min(w for w, *_ in runs):.3f}, max "
              f"{max(w for w, *_ in runs):.3f}; {args.runs} runs), peak {max(p for _, p, _ in runs):.0f} MB; "
              f"target < {TARGETS[name]} s: {'met' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
