"""Validation at scale, side by side, as whole processes: nkdata (all layers), nkdata without Frictionless,
`frictionless validate`, and a bare polars read of the same CSVs.

    python benchmarks/scale.py [--sizes 10000 100000 1000000] [--runs 3] [--inject 10]
                               [--frictionless-up-to 100000] [--workdir /tmp/nkdata-scale]

For each size, benchmarks/synthetic.py writes a package with INJECT errors of each kind; each command runs
RUNS times (median wall time; peak RSS from GNU time), and the table says whether every
injected error was found (our rule ids; Frictionless error types mapped onto them). Frictionless is slow
(minutes at 1M events), so above --frictionless-up-to it is run once, or skipped with 0.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate  # noqa: E402

_FRICTIONLESS_TYPES = {"type-error": "schema.type", "primary-key": "schema.primary_key",
                       "foreign-key": "ref.foreign_key", "constraint-error": "schema.enum"}
_READ = ("import sys, pathlib, polars as pl\n"
         "for p in sorted(pathlib.Path(sys.argv[1], 'data').glob('*.csv')):\n"
         "    pl.read_csv(p, infer_schema=False)\n")


def timed(command: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of one whole process, its children included (GNU time -f %M
    reports the largest resident set among them)."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True)
    wall = time.perf_counter() - start
    peak_kb = int(done.stderr.decode().strip().splitlines()[-1])
    return wall, peak_kb / 1024, done.stdout.decode("utf-8", "replace")


def found_ours(stdout: str) -> collections.Counter:
    return collections.Counter(f["rule"] for f in json.loads(stdout)["findings"])


def found_frictionless(stdout: str) -> collections.Counter:
    report = json.loads(stdout)
    counts = collections.Counter()
    for task in report.get("tasks", []):
        for error in task.get("errors", []):
            rule = _FRICTIONLESS_TYPES.get(error.get("type"))
            if rule == "schema.enum" and "enum" not in error.get("note", ""):
                rule = None
            if rule:
                counts[rule] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--inject", type=int, default=10)
    parser.add_argument("--frictionless-up-to", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/nkdata-scale"))
    args = parser.parse_args()
    python = sys.executable
    rows = []
    for size in args.sizes:
        root = args.workdir / f"events-{size}"
        info = generate(root, size, args.inject)
        expected = collections.Counter(e["rule"] for e in info["injected"])
        total_rows = sum(info["rows"].values())
        mb = sum(p.stat().st_size for p in (root / "data").glob("*.csv")) / 1e6
        commands = {
            "nkdata validate": [python, "-m", "nkdata", "validate", str(root), "--format", "json"],
            "nkdata validate --no-frictionless": [python, "-m", "nkdata", "validate", str(root), "--format", "json",
                                                  "--no-frictionless"],
            "frictionless validate": [str(Path(python).with_name("frictionless")), "validate",
                                      str(root / "datapackage.json"), "--json"],
            "polars read": [python, "-c", _READ, str(root)],
        }
        results = {}
        for name, command in commands.items():
            with_frictionless = name in ("nkdata validate", "frictionless validate")
            runs = args.runs if not with_frictionless or size <= args.frictionless_up_to else (
                1 if args.frictionless_up_to else 0)
            if runs == 0:
                continue
            measured = [timed(command) for _ in range(runs)]
            wall = statistics.median(m[0] for m in measured)
            peak = max(m[1] for m in measured)
            found = ""
            if name.startswith("nkdata"):
                got = found_ours(measured[0][2])
                found = all(got[r] >= n for r, n in expected.items())
            elif name.startswith("frictionless"):
                got = found_frictionless(measured[0][2])
                found = ", ".join(f"{r} {got[r]}/{expected[r]}" for r in sorted(expected) if got[r])
            results[name] = (wall, peak, found, runs)
        base = results["polars read"][0]
        for name, (wall, peak, found, runs) in results.items():
            rows.append((size, total_rows, mb, name, wall, peak, wall / base, found, runs))
            print(f"{size:>9} events {total_rows:>9} rows {mb:7.1f} MB | {name:34} {wall:8.2f} s "
                  f"{peak:7.0f} MB  x{wall / base:6.1f} of a polars read  found: {found}  (runs {runs})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
