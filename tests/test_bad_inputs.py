"""Every broken contribution in the catalogue (tests/bad_inputs.py) is caught by `nkdata validate`: the
expected rule at the expected file, line and column, the expected exit code, no traceback, and every file
on disk byte-identical afterwards.

The command runs without the Frictionless layer here (our layers must catch everything on their own;
test_rules.py checks that both layers agree); one case runs with it, through the whole command.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bad_inputs import CASES, REPO, copy_package, line_of
from package_builder import tree_hashes


def run_validate(root, *extra):
    return subprocess.run([sys.executable, "-m", "nkdata", "validate", str(root), "--format", "json", *extra],
                          capture_output=True, text=True, cwd=REPO)


def test_the_catalogue_is_large_and_distinct():
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_caught(tmp_path, case):
    root = copy_package(tmp_path / "pkg")
    case.mutate(root)
    before = tree_hashes(root)
    run = run_validate(root, "--no-frictionless", *(["--corpus", str(root.parent / "corpus")] if case.corpus else []))
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert run.returncode == case.exit_code, run.stdout + run.stderr
    findings = json.loads(run.stdout)["findings"]
    where = case.where
    expected_line = (line_of(REPO, where.file, where.row) if where.row else
                     len((root / where.file).read_text(encoding="utf-8").splitlines()) if where.last else where.line)
    hits = [f for f in findings if f["rule"] == case.rule and f["file"] == where.file
            and (expected_line is None or f["line"] == expected_line)
            and (where.column is None or f["column"] == where.column)]
    assert hits, f"expected {case.rule} at {where}, got:\n" + "\n".join(
        f"{f['file']}:{f['line']} [{f['column']}] {f['rule']}" for f in findings[:10])
    if where.file.endswith(".csv") and case.exit_code == 1:
        assert hits[0]["line"] is not None  # a contributor can find the row
    assert hits[0]["message"]
    assert tree_hashes(root) == before, "validating changed files on disk"


def test_a_bad_input_through_every_layer(tmp_path):
    case = next(c for c in CASES if c.id == "date-day-month-year")
    root = copy_package(tmp_path / "pkg")
    case.mutate(root)
    run = run_validate(root)
    findings = json.loads(run.stdout)["findings"]
    assert run.returncode == 1 and "Traceback" not in run.stderr
    [hit] = [f for f in findings if f["rule"] == "schema.type"]
    assert set(hit["layers"]) == {"frictionless", "pandera"}
