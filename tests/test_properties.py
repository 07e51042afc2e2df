"""Properties over packages generated from the Table Schemas (see strategies.py).

(a) every generated valid package passes all three layers; (b) one targeted mutation is reported with
exactly the expected rule at exactly the expected row; (c) writing a package and loading it is lossless.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import nkdata
from package_builder import Rows, tree_hashes, write_package
from strategies import EARLIEST, FIELDS, RELEASE, UNICODE_NAMES, valid_packages

_BUDGET = settings.default.max_examples  # 15 in the "ci" profile, 300 in "large"


def _write(rows: Rows) -> Path:
    return write_package(Path(tempfile.mkdtemp(prefix="nkdata-prop-")), rows)


def _besides_empty_tables(report) -> list:
    """Findings other than the warning that a generated link table has no rows (a valid package may have none)."""
    return [f for f in report.findings if f.rule != "table.empty"]


def _keys(report) -> set[tuple]:
    return {(f.file, f.line, f.column, f.rule) for f in _besides_empty_tables(report)}


def _line(index: int) -> int:
    return index + 2  # header is line 1


def _file(table: str) -> str:
    return f"data/{table}.csv"


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- (a) valid packages are valid -----------------------------------------------------------------------


@settings(max_examples=max(3, _BUDGET // 3))
@given(valid_packages())
def test_generated_packages_pass_all_layers(rows):
    root = _write(rows)
    before = tree_hashes(root)
    report = nkdata.validate(root, frictionless=True)
    assert _besides_empty_tables(report) == [] and report.exit_code == 0, report.to_text()
    assert tree_hashes(root) == before


@settings(max_examples=_BUDGET)
@given(valid_packages())
def test_generated_packages_pass_our_layers(rows):
    report = nkdata.validate(_write(rows), frictionless=False)
    assert _besides_empty_tables(report) == [], report.to_text()


# --- (b) single targeted mutations ------------------------------------------------------------------------


def dangling_reference(rows, data):
    i = data.draw(st.integers(0, len(rows["event_sources"]) - 1))
    known = {r["source_id"] for r in rows["sources"]}
    missing = next(f"src-{n:05d}" for n in range(99999, 0, -1) if f"src-{n:05d}" not in known)
    rows["event_sources"][i]["source_id"] = missing
    return [(_file("event_sources"), _line(i), "source_id", "ref.foreign_key")]


def duplicate_id(rows, data):
    table, key = data.draw(st.sampled_from([("actors", "actor_id"), ("sources", "source_id"),
                                            ("events", "event_id"), ("places", "place_id")]))
    i = data.draw(st.integers(0, len(rows[table]) - 1))
    copy = dict(rows[table][i])
    if copy.get("url"):  # keep the copy apart from its original in the uniqueKeys (sources: url)
        copy["url"] += "#copy"
    rows[table].append(copy)
    return [(_file(table), _line(len(rows[table]) - 1), key, "schema.primary_key")]


def end_before_start(rows, data):
    i = data.draw(st.integers(0, len(rows["claims"]) - 1))
    as_of = data.draw(st.dates(EARLIEST, RELEASE - dt.timedelta(days=1)))
    rows["claims"][i].update(as_of=as_of.isoformat(), period_start=(as_of + dt.timedelta(days=1)).isoformat())
    return [(_file("claims"), _line(i), "as_of", "date.order")]


def precision_mismatch(rows, data):
    i = data.draw(st.integers(0, len(rows["events"]) - 1))
    row = rows["events"][i]
    if row["date_precision"] == "minute":
        row.update(time_local=None, utc_offset=None)
    elif row["date_precision"] == "day":
        row.update(time_local="12:00", utc_offset="+04:00")
    else:  # whole months or years, without a time: not a minute
        row.update(date_precision="minute")
    return [(_file("events"), _line(i), "date_precision", "date.precision")]


def impossible_date(rows, data):
    i = data.draw(st.integers(0, len(rows["statements"]) - 1))
    bad = data.draw(st.sampled_from(["2020-02-30", "2021-02-29", "2020-04-31", "2020-13-01", "31/10/2020"]))
    rows["statements"][i]["date"] = bad
    return [(_file("statements"), _line(i), "date", "schema.type")]


def after_source(rows, data):
    published = {r["source_id"]: r["published"] for r in rows["sources"]}
    roles = {r["role_id"]: r for r in rows["actor_roles"]}
    candidates = []
    for i, stm in enumerate(rows["statements"]):
        dates = [published[s["source_id"]] for s in rows["statement_sources"]
                 if s["statement_id"] == stm["statement_id"] and published[s["source_id"]]]
        if not dates or max(dates) >= RELEASE.isoformat():
            continue
        late = _date(max(dates)) + dt.timedelta(days=1)  # after every source that reports it
        role = roles.get(stm["speaker_role_id"])
        if role and role["end"] and _date(role["end"]) < late:
            continue
        candidates.append((i, late))
    assume(candidates)
    i, late = data.draw(st.sampled_from(candidates))
    rows["statements"][i]["date"] = late.isoformat()
    return [(_file("statements"), _line(i), "date", "date.after_source")]


def out_of_vocabulary(rows, data):
    options = [(t, name) for t in rows for name, f in FIELDS[t].items()
               if "enum" in f.get("constraints", {}) and rows[t] and (t, name) != ("events", "status")]
    table, column = data.draw(st.sampled_from(options))
    i = data.draw(st.integers(0, len(rows[table]) - 1))
    value = data.draw(st.sampled_from(["not_in_vocabulary", "Occurred", "armed clash", "inconnu"]))
    assume(value not in FIELDS[table][column]["constraints"]["enum"])
    rows[table][i][column] = value
    return [(_file(table), _line(i), column, "schema.enum")]


def cycle(rows, data):
    table, key, ref = data.draw(st.sampled_from([("actors", "actor_id", "parent_id"),
                                                 ("places", "place_id", "parent_id"),
                                                 ("agreements", "agreement_id", "supersedes_id")]))
    index = {r[key]: i for i, r in enumerate(rows[table])}
    i = data.draw(st.integers(0, len(rows[table]) - 1))
    row = rows[table][i]
    if row[ref] is None:  # points at itself
        row[ref] = row[key]
        return [(_file(table), _line(i), ref, "ref.cycle")]
    # close the loop: the topmost ancestor now points back at this row; every row on the loop is reported
    chain = [i]
    while rows[table][chain[-1]][ref] is not None:
        chain.append(index[rows[table][chain[-1]][ref]])
    rows[table][chain[-1]][ref] = row[key]
    return [(_file(table), _line(j), ref, "ref.cycle") for j in chain]


def outside_role(rows, data):
    roles = {r["role_id"]: r for r in rows["actor_roles"]}
    candidates = [i for i, s in enumerate(rows["statements"]) if s["speaker_role_id"]]
    assume(candidates)
    i = data.draw(st.sampled_from(candidates))
    start = _date(roles[rows["statements"][i]["speaker_role_id"]]["start"])
    rows["statements"][i]["date"] = (start - dt.timedelta(days=1)).isoformat()  # still >= 1988-01-01
    return [(_file("statements"), _line(i), "date", "role.period")]


def unsourced_event(rows, data):
    i = data.draw(st.integers(0, len(rows["events"]) - 1))
    event_id = rows["events"][i]["event_id"]
    rows["event_sources"] = [r for r in rows["event_sources"] if r["event_id"] != event_id]
    return [(_file("events"), _line(i), "event_id", "provenance.unsourced")]


MUTATIONS = [dangling_reference, duplicate_id, end_before_start, precision_mismatch, impossible_date, after_source,
             out_of_vocabulary, cycle, outside_role, unsourced_event]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.__name__ for m in MUTATIONS])
@settings(max_examples=max(3, _BUDGET // 4))
@given(rows=valid_packages(), data=st.data())
def test_single_mutation_is_reported_exactly(mutation, rows, data):
    expected = mutation(rows, data)
    report = nkdata.validate(_write(rows), frictionless=False)
    assert _keys(report) == set(expected), report.to_text()
    assert report.exit_code == 1


# --- (c) write -> load round trip --------------------------------------------------------------------------


def typed(field: dict, text: str | None):
    """The value `nkdata.load` should give for the CSV text of FIELD (empty cells are null by design)."""
    if text is None or text == "":
        return None
    kind = field.get("type", "string")
    fmt = field.get("format", "default")
    if kind == "date":
        return dt.date.fromisoformat(text)
    if kind == "time":
        return dt.datetime.strptime(text, "%H:%M:%S" if fmt in ("default", None) else fmt).time()
    if kind == "datetime":
        return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S" if fmt in ("default", None) else fmt)
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    return text


@settings(max_examples=max(3, _BUDGET // 2))
@given(valid_packages())
def test_write_then_load_is_lossless(rows):
    root = _write(rows)
    for table, table_rows in rows.items():
        frame = nkdata.load(table, root)
        assert frame.columns == list(FIELDS[table])
        expected = [{name: typed(f, row[name]) for name, f in FIELDS[table].items()} for row in table_rows]
        assert frame.to_dicts() == expected, table


@settings(max_examples=_BUDGET)
@given(st.lists(st.sampled_from(UNICODE_NAMES) | st.text(min_size=1, max_size=30).filter(
    lambda s: "\x00" not in s and "\r" not in s), min_size=1, max_size=5))
def test_any_text_round_trips_through_load(names):
    """Load is lossless for any text, even text that validation would reject (quotes, newlines, spaces)."""
    from package_builder import base_rows, find_row

    rows = base_rows()
    for i, name in enumerate(names):
        rows["actors"].append({**find_row(rows, "actors", actor_id="act-test-org"), "actor_id": f"act-test-x{i}",
                               "name": name})
    frame = nkdata.load("actors", _write(rows))
    assert frame["name"].to_list()[-len(names):] == names


def test_empty_cell_is_null_not_empty_string(tmp_path):
    from package_builder import base_rows, find_row

    rows = base_rows()
    find_row(rows, "actors", actor_id="act-test-org").update(note="")
    frame = nkdata.load("actors", write_package(tmp_path / "pkg", rows))
    assert frame.filter(frame["actor_id"] == "act-test-org")["note"].to_list() == [None]
