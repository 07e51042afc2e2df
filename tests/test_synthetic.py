"""The benchmark's synthetic packages (benchmarks/synthetic.py) are valid when clean, and every injected error
is found with its rule id: otherwise the scale benchmark would time the wrong thing."""

from __future__ import annotations

import collections
import sys

import nkdata
from package_builder import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import INJECTED, generate  # noqa: E402


def test_clean_synthetic_package_is_valid(tmp_path):
    generate(tmp_path / "pkg", 300)
    report = nkdata.validate(tmp_path / "pkg", frictionless=True)
    assert report.exit_code == 0 and not report.findings, report.to_text()


def test_every_injected_error_is_found(tmp_path):
    info = generate(tmp_path / "pkg", 400, inject=3, seed=7)
    expected = collections.Counter(e["rule"] for e in info["injected"])
    assert set(expected) == set(INJECTED)
    found = collections.Counter(f.rule for f in nkdata.validate(tmp_path / "pkg", frictionless=False).findings)
    assert all(found[rule] >= n for rule, n in expected.items()), (expected, found)
