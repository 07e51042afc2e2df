"""Time `nkdata validate` on the shipped data as a whole process (target: under 2 s), median of N runs.

    python benchmarks/validate_speed.py [--runs 7] [PATH]

Prints each run, the median and peak memory; exits 1 when the median misses the target. Not run by the
unit tests (timings do not belong in them).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time

TARGET_S = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=".")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    command = [sys.executable, "-m", "nkdata", "validate", args.path]
    times = []
    for i in range(args.runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        print(f"run {i + 1}: {times[-1]:.3f} s (exit {done.returncode})")
        if done.returncode != 0:
            print(done.stdout[-2000:], done.stderr[-2000:])
            return 1
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    median = statistics.median(times)
    print(f"median {median:.3f} s, min {min(times):.3f} s, max {max(times):.3f} s, peak RSS {peak_mb:.0f} MB "
          f"(target < {TARGET_S} s): {'OK' if median < TARGET_S else 'MISSED'}")
    return 0 if median < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
