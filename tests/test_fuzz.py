"""Fuzzing the validator with the real data: random byte- and line-level damage to one real CSV.

Whatever a contributor's editor does to a file, `nkdata validate` must end with a report (never an uncaught
exception), every finding must carry a known rule id, validating must leave the files byte-identical, and a
report that says "valid" must mean every layer, Frictionless included, passed. The "ci" hypothesis profile
runs a few examples; HYPOTHESIS_PROFILE=large runs hundreds (tests/conftest.py).
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import nkdata
from bad_inputs import copy_package
from nkdata import fingerprints
from nkdata.validation.rules import RULES
from package_builder import tree_hashes

TABLES = sorted(p.name for p in (Path(__file__).resolve().parents[1] / "data").glob("*.csv"))
_BUDGET = settings().max_examples


def _insert(data: bytes, rnd: random.Random, junk: bytes) -> bytes:
    at = rnd.randrange(len(data) + 1)
    return data[:at] + junk + data[at:]


def _delete(data: bytes, rnd: random.Random, junk: bytes) -> bytes:
    at = rnd.randrange(len(data) + 1)
    return data[:at] + data[at + 1 + len(junk) % 40:]


def _flip(data: bytes, rnd: random.Random, junk: bytes) -> bytes:
    if not data:
        return data
    at = rnd.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rnd.randrange(8))]) + data[at + 1:]


def _duplicate_line(data: bytes, rnd: random.Random, junk: bytes) -> bytes:
    lines = data.split(b"\n")
    i = rnd.randrange(len(lines))
    return b"\n".join(lines[:i + 1] + [lines[i]] + lines[i + 1:])


def _drop_line(data: bytes, rnd: random.Random, junk: bytes) -> bytes:
    lines = data.split(b"\n")
    del lines[rnd.randrange(len(lines))]
    return b"\n".join(lines)


def _shuffle_columns(data: bytes, rnd: random.Random, junk: bytes) -> bytes:
    """Swap two columns in every line (a naive split on commas, as a careless script would)."""
    lines = [line.split(b",") for line in data.split(b"\n")]
    width = len(lines[0])
    i, j = rnd.randrange(width), rnd.randrange(width)
    for cells in lines:
        if len(cells) > max(i, j):
            cells[i], cells[j] = cells[j], cells[i]
    return b"\n".join(b",".join(cells) for cells in lines)


MUTATIONS = [_insert, _delete, _flip, _duplicate_line, _drop_line, _shuffle_columns]


@settings(max_examples=_BUDGET)
@given(table=st.sampled_from(TABLES), steps=st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3),
       seed=st.integers(0, 2**32 - 1),
       junk=st.one_of(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12).map(str.encode),
                      st.sampled_from([b",", b'"', b"\n", b"\r\n", b";", b"\xef\xbb\xbf", b"\x00"]),
                      st.binary(min_size=1, max_size=12)))
def test_damaged_real_csv_always_ends_in_a_report(table, steps, seed, junk):
    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="nkdata-fuzz-") as tmp:
        root = copy_package(Path(tmp) / "pkg")
        path = root / "data" / table
        data = path.read_bytes()
        for step in steps:
            data = step(data, rnd, junk)
        path.write_bytes(data)
        fingerprints.record(root)  # as a contributor running `nkdata build`: judge the damage, not the hash
        before = tree_hashes(root)
        report = nkdata.validate(root, frictionless=False)  # an exception here fails the test
        assert tree_hashes(root) == before, "validating changed files on disk"
        assert all(f.rule in RULES and f.message for f in report.findings)
        assert report.exit_code in (0, 1, 2)
        if report.exit_code == 0:  # "valid" must hold for every layer, Frictionless included
            full = nkdata.validate(root, frictionless=True)
            assert full.exit_code == 0, full.to_text()
