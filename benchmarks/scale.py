"""Validation at scale, side by side, as whole processes: nkdata with all layers (`--frictionless always`),
nkdata's own layers (`--frictionless never`), `frictionless validate`, and a bare polars read of the same CSVs.

    python benchmarks/scale.py [--sizes 10000 100000 1000000] [--runs 3] [--inject 10]
                               [--frictionless-up-to 100000] [--workdir /tmp/nkdata-scale] [--text-scale 1]
                           [--skip all ours frictionless read]

For each size, benchmarks/synthetic.py writes a package with INJECT errors of each kind; each command runs
RUNS times (median wall time; peak RSS from GNU time), and the table says whether every injected error was
found (our rule ids; Frictionless error types mapped onto them). Frictionless is slow (minutes at 1M
events), so above --frictionless-up-to it is run once, or skipped with 0. At the end: the cost per million
rows of each command (least-squares slope over the sizes) and the rows as a Markdown table.
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
    parser.add_argument("--skip", nargs="*", default=[], choices=["all", "ours", "frictionless", "read"],
                        help="leave commands out: all layers, our layers, frictionless validate, polars read")
    parser.add_argument("--text-scale", type=float, default=1.0,
                        help="shrink the synthetic texts (benchmarks/synthetic.py; default 1: realistic lengths)")
    args = parser.parse_args()
    python = sys.executable
    rows = []
    for size in args.sizes:
        root = args.workdir / f"events-{size}-text-{args.text_scale:g}"
        info = generate(root, size, args.inject, text_scale=args.text_scale)
        expected = collections.Counter(e["rule"] for e in info["injected"])
        total_rows = sum(info["rows"].values())
        mb = sum(p.stat().st_size for p in (root / "data").glob("*.csv")) / 1e6
        commands = {
            "nkdata validate (all layers)": [python, "-m", "nkdata", "validate", str(root), "--format", "json",
                                             "--frictionless", "always"],
            "nkdata validate (our layers)": [python, "-m", "nkdata", "validate", str(root), "--format", "json",
                                             "--frictionless", "never"],
            "frictionless validate": [str(Path(python).with_name("frictionless")), "validate",
                                      str(root / "datapackage.json"), "--json"],
            "polars read": [python, "-c", _READ, str(root)],
        }
        skipped = {{"all": "nkdata validate (all layers)", "ours": "nkdata validate (our layers)",
                    "frictionless": "frictionless validate", "read": "polars read"}[k] for k in args.skip}
        results = {}
        for name, command in commands.items():
            if name in skipped:
                continue
            with_frictionless = name in ("nkdata validate (all layers)", "frictionless validate")
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
        base = results["polars read"][0] if "polars read" in results else float("nan")
        for name, (wall, peak, found, runs) in results.items():
            rows.append((size, total_rows, mb, name, wall, peak, wall / base, found, runs))
            print(f"{size:>9} events {total_rows:>9} rows {mb:7.1f} MB | {name:34} {wall:8.2f} s "
                  f"{peak:7.0f} MB  x{wall / base:6.1f} of a polars read  found: {found}  (runs {runs})", flush=True)
    print("\ncost per million rows (least-squares slope over the sizes):")
    for name in dict.fromkeys(r[3] for r in rows):
        points = [(r[1] / 1e6, r[4]) for r in rows if r[3] == name]
        if len(points) > 1:
            print(f"  {name:34} {slope(points):6.2f} s per million rows")
    print("\n| events | rows | CSV | command | wall | peak RSS | x polars read | injected errors found |")
    print("|---|---|---|---|---|---|---|---|")
    for size, total_rows, mb, name, wall, peak, ratio, found, runs in rows:
        found = "all" if found is True else ("NOT ALL" if found is False else found)
        print(f"| {size:,} | {total_rows:,} | {mb:,.0f} MB | {name} | {wall:.2f} s | {peak:,.0f} MB | {ratio:.1f} | "
              f"{found} |")
    return 0


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y over x."""
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    return sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)


if __name__ == "__main__":
    sys.exit(main())
