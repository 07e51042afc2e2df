"""The shortcuts that make validation fast at scale decide exactly what the slow way would:

- the pandera screen marks exactly the rows pandera rejects, so pandera can be run on those rows only;
- the byte counts in csv_format agree with polars' cells exactly when every row has one cell per column on
  its own line, so the row-by-row csv walk can be skipped otherwise;
- the Frictionless policy runs the reference validator where it is cheap and says so where it is not;
- progress bars appear on terminals only.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

import nkdata
from nkdata import progress
from nkdata.package import open_package
from nkdata.reading import read_text, type_text
from nkdata.validation import csv_format, pandera_layer, run
from package_builder import REPO, base_rows, write_package

PACKAGE = open_package(REPO)
_ODD = ["", "x", "zz", "-1", "0", "91", "-181", "1e9", "2020-02-30", "2020-10-10", "1990-01-01", "25:00", "08:00",
        "+04:00", "2020-10-10T08:00", "x" * 301, "evt-00001", "act-test-state", "src-00001", "killed", "day",
        "minute", "month", "planned", "claimed", "curated", "extracted", "https://example.org/a", "ftp://x"]


def _frames(table: str):
    """Typed frames of TABLE built from valid rows and odd values in random cells."""
    rows = base_rows()[table]
    names = PACKAGE.resources[table].field_names

    @st.composite
    def frame(draw):
        out = []
        for _ in range(draw(st.integers(1, 8))):
            row = dict(draw(st.sampled_from(rows)))
            for column in draw(st.lists(st.sampled_from(names), max_size=4)):
                row[column] = draw(st.sampled_from(_ODD)) or None
            out.append(row)
        text = pl.DataFrame(out, schema={n: pl.String for n in names}, orient="row")
        return type_text(PACKAGE.resources[table], text, enums=False).frame

    return frame()


def _pandera_rejects(table: str, frame: pl.DataFrame) -> set[int]:
    import pandera.polars as pa

    try:
        pandera_layer.build_schema(PACKAGE.resources[table]).validate(frame, lazy=True)
        return set()
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.filter(pl.col("check") != "field_uniqueness")
        return {int(frame["__line__"][i]) for i in cases["index"].drop_nulls()}


def _screened(table: str, frame: pl.DataFrame) -> set[int]:
    passes = pandera_layer.screen(PACKAGE.resources[table])
    return set(frame.filter(~pl.all_horizontal(passes))["__line__"])


@given(st.sampled_from(["events", "claims", "places", "agreements", "statements", "sources", "actor_roles"]),
       st.data())
def test_the_screen_marks_exactly_the_rows_pandera_rejects(table, data):
    frame = data.draw(_frames(table))
    assert _screened(table, frame) == _pandera_rejects(table, frame)


def test_the_screen_is_not_vacuous():
    frame = type_text(PACKAGE.resources["claims"], pl.DataFrame(
        [{**base_rows()["claims"][0], "value": "-1"}], schema={n: pl.String for n in PACKAGE.resources["claims"].field_names},
        orient="row"), enums=False).frame
    assert _screened("claims", frame) == _pandera_rejects("claims", frame) == {2}


_CELL = st.one_of(st.sampled_from(["", "a", "a,b", 'say "hi"', "two\nlines", " ", "x" * 5]),
                  st.text(st.characters(blacklist_characters="\r\x00", blacklist_categories=("Cs",)), max_size=6))


@given(st.integers(1, 4), st.lists(st.lists(_CELL, min_size=1, max_size=5), max_size=6), st.booleans())
def test_byte_counts_agree_with_the_cells_exactly_when_every_row_fits(tmp_path_factory, width, rows, final_newline):
    header = [f"c{i}" for i in range(width)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    text = out.getvalue() if final_newline else out.getvalue().rstrip("\n")
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    try:
        cells = pl.read_csv(path, infer_schema=False, null_values=[""], raise_if_empty=False)
    except pl.exceptions.PolarsError:
        return  # polars refused the file: the validator walks it with the csv module
    fits = all(len(r) == width for r in rows) and not any("\n" in c for r in rows for c in r)
    assert csv_format.shape_agrees(csv_format.scan(path, digest=False), cells) == fits


def test_byte_counts_catch_a_short_row_that_polars_fills_with_nulls(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b,c\n1,2,3\n4,5\n")
    cells = pl.read_csv(path, infer_schema=False)
    assert cells.height == 2 and cells["c"][1] is None  # polars alone would not notice
    assert not csv_format.shape_agrees(csv_format.scan(path, digest=False), cells)


def test_the_scan_hashes_like_the_fingerprints():
    from nkdata.fingerprints import fingerprint

    res = PACKAGE.resources["events"]
    facts = csv_format.scan(res.path, digest=True)
    assert {"bytes": facts.size, "hash": facts.sha256} == fingerprint(res.path)
    assert csv_format.shape_agrees(facts, read_text(res))


def test_frictionless_runs_on_small_packages_and_is_left_out_with_a_note_on_big_ones(tmp_path, monkeypatch):
    root = write_package(tmp_path / "pkg", base_rows())
    small = nkdata.validate(root)
    assert "frictionless" in small.layers_run and not small.notes
    monkeypatch.setattr(run, "FRICTIONLESS_AUTO_MB", 0)
    big = nkdata.validate(root)
    assert "frictionless" not in big.layers_run and big.valid
    assert "--frictionless always" in big.notes[0] and "NOTE" in big.to_text()
    assert "frictionless" in nkdata.validate(root, frictionless="always").layers_run
    assert "frictionless" not in nkdata.validate(root, frictionless="never").layers_run


def test_the_frictionless_option_on_the_command_line(tmp_path):
    root = write_package(tmp_path / "pkg", base_rows())
    for option, layers in [("always", "frictionless, pandera, integrity"), ("never", "pandera, integrity")]:
        done = subprocess.run([sys.executable, "-m", "nkdata", "validate", str(root), "--frictionless", option],
                              capture_output=True, text=True)
        assert done.returncode == 0 and f"(layers: {layers})" in done.stdout, done.stdout + done.stderr


def test_progress_bars_only_on_a_terminal(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("NKDATA_PROGRESS", raising=False)
    assert progress.wanted(Tty()) and not progress.wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(Tty())
    monkeypatch.delenv("CI")
    monkeypatch.setenv("NKDATA_PROGRESS", "0")
    assert not progress.wanted(Tty())


def test_a_progress_bar_shows_the_step_on_a_terminal():
    from rich.console import Console

    screen = io.StringIO()
    with progress.bar("validating", 10, console=Console(file=screen, force_terminal=True, width=100)) as bar:
        bar.advance(5, "validating events")
        bar.advance(5)
    assert "validating events" in screen.getvalue() and "100%" in screen.getvalue()


def test_validate_in_a_pipe_prints_no_progress(tmp_path):
    root = write_package(tmp_path / "pkg", base_rows())
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    done = subprocess.run([sys.executable, "-m", "nkdata", "validate", str(root), "--no-frictionless"],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0 and done.stderr == "" and "\x1b" not in done.stdout


def _copy_of_the_release(tmp_path):
    import shutil

    root = tmp_path / "release"
    for part in ("data", "schemas"):
        shutil.copytree(REPO / part, root / part)
    shutil.copyfile(REPO / "datapackage.json", root / "datapackage.json")
    return root


def test_the_recorded_frictionless_verdict_stands_in_for_a_run_on_unchanged_files(tmp_path, monkeypatch):
    from nkdata.validation import frictionless_layer

    root = _copy_of_the_release(tmp_path)
    monkeypatch.setattr(frictionless_layer, "start", lambda package: (_ for _ in ()).throw(AssertionError("ran")))
    report = nkdata.validate(root)
    assert report.valid and "frictionless" in report.layers_run and "recorded by `nkdata build`" in report.notes[0]


def test_a_changed_file_or_another_frictionless_version_runs_frictionless_again(tmp_path, monkeypatch):
    from nkdata.validation import frictionless_layer

    root = _copy_of_the_release(tmp_path)
    started = []
    real_start = frictionless_layer.start
    monkeypatch.setattr(frictionless_layer, "start", lambda package: started.append(1) or real_start(package))
    monkeypatch.setattr(frictionless_layer, "installed_version", lambda: "0.0.1")
    assert nkdata.validate(root).valid and started == [1]
    monkeypatch.undo()
    monkeypatch.setattr(frictionless_layer, "start", lambda package: started.append(2) or real_start(package))
    assert nkdata.validate(root).valid and started == [1]  # the same version again: the verdict stands
    events = root / "data" / "events.csv"
    text = events.read_text(encoding="utf-8")
    first = text.splitlines()[1]
    events.write_text(text.replace(first, first.replace("curated", "extracted_reviewed", 1), 1), encoding="utf-8")
    report = nkdata.validate(root)
    assert started == [1, 2]
    hash_finding = next(f for f in report.findings if f.rule == "package.hash")
    assert "frictionless" in hash_finding.layers  # Frictionless itself saw the changed file


def test_build_check_notices_a_stale_verdict(tmp_path):
    from nkdata.build import refresh, stale
    from package_builder import edit_json

    root = _copy_of_the_release(tmp_path)
    assert stale(root) == []
    edit_json(root / "schemas" / "events.schema.json", lambda s: s.update(description="changed") or s)
    assert any("nkdata:frictionless" in item for item in stale(root))
    assert any("nkdata:frictionless" in item for item in refresh(root)) and stale(root) == []
