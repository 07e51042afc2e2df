"""Exports round-trip: every format read back gives the DataFrames `nkdata.load_all` gives; SQLite declares
the keys; the workbook never holds a formula; pandas users get the same tables."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import openpyxl
import polars as pl
import pytest

import nkdata
from nkdata.errors import NkdataError
from nkdata.exports import FORMATS, export, read_back
from nkdata.package import open_package
from package_builder import REPO, base_rows, write_package


@pytest.fixture(scope="module")
def shipped():
    return open_package(REPO), nkdata.load_all(REPO)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trips_every_table(tmp_path, shipped, fmt):
    package, frames = shipped
    paths = export(package, fmt, tmp_path)
    assert paths and sum(p.stat().st_size for p in paths) > 0
    back = read_back(package, fmt, tmp_path)
    for name, frame in frames.items():
        assert back[name].equals(frame), name


def test_sqlite_declares_primary_and_foreign_keys(tmp_path, shipped):
    package, _ = shipped
    [db] = export(package, "sqlite", tmp_path)
    with sqlite3.connect(db) as con:
        keys = con.execute('PRAGMA foreign_key_list("event_actors")').fetchall()
        assert {(row[2], row[3], row[4]) for row in keys} >= {("events", "event_id", "event_id"),
                                                              ("actors", "actor_id", "actor_id")}
        pk = [row[1] for row in con.execute('PRAGMA table_info("events")').fetchall() if row[5]]
        assert pk == ["event_id"]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def test_workbook_keeps_a_formula_as_text(tmp_path):
    rows = base_rows()
    rows["events"][0]["note"] = "=HYPERLINK(\"http://example.org\",\"x\")"  # hygiene rejects it; the export must not run it
    package = open_package(write_package(tmp_path / "pkg", rows))
    [book] = export(package, "xlsx", tmp_path / "out")
    sheet = openpyxl.load_workbook(book)["events"]
    notes = [c.value for c in sheet[1]].index("note")
    cell = sheet.cell(row=2, column=notes + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_pandas_backend():
    frame = nkdata.load("events", backend="pandas")
    polars_frame = nkdata.load("events")
    assert frame.shape == polars_frame.shape and list(frame.columns) == polars_frame.columns
    assert pl.from_pandas(frame)["event_id"].to_list() == polars_frame["event_id"].to_list()
    with pytest.raises(NkdataError, match="backend"):
        nkdata.load("events", backend="spark")


def test_cli_export_and_unknown_format(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "nkdata", "export", "--format", "json", str(tmp_path)],
                        capture_output=True, text=True, cwd=REPO)
    assert ok.returncode == 0 and (tmp_path / "events.ndjson").is_file(), ok.stderr
    bad = subprocess.run([sys.executable, "-m", "nkdata", "export", "--format", "csvx", str(tmp_path)],
                         capture_output=True, text=True, cwd=REPO)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and "parquet" in bad.stdout + bad.stderr
