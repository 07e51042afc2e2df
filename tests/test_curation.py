"""Curator tools: `nkdata add` (record files), `nkdata fmt` (canonical CSV) and `nkdata stats` (coverage).

Every `record.*` rule has a case that triggers it with the right file, line and column, and a valid record
is added with the right ids. Whatever fails leaves the package byte-identical.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nkdata.adding import add
from nkdata.validation.run import validate
from nkdata.records import RECORD_RULES
from package_builder import base_rows, tree_hashes, valid_base_package, write_table

SOURCE = """\
sources:
  - source_id: "@new"
    kind: news_report
    title: "Synthetic new source"
    publisher: Test Publisher
    published: "2020-10-20"
    language: en
    translation: none
    url: "https://example.org/test/new"
    accessed: "2024-02-01"
    affiliation: independent
"""

EVENT = SOURCE + """\
events:
  - event_id: "@strike"
    date_start: "2020-10-19"
    date_end: "2020-10-19"
    date_precision: minute
    time_local: "08:00"
    utc_offset: "+04:00"
    event_type: shelling_strike
    place_id: plc-test-town
    status: claimed
    summary: "Synthetic claimed strike"
    provenance: curated
    event_actors:
      - {actor_id: act-test-state, role: claimant}
    event_sources:
      - {source_id: "@new", quote: "Synthetic quote: with a colon"}
      - {source_id: src-00002}
statements:
  - statement_id: "@say"
    date: "2020-10-19"
    speaker_id: act-test-person
    channel: briefing
    type: accusation
    summary: "Synthetic accusation"
    provenance: curated
    event_id: "@strike"
    statement_sources:
      - {source_id: "@new"}
    claims:
      - quantity: killed
        population: civilians
        value: "2"
        as_of: "2020-10-19"
        provenance: curated
        event_id: "@strike"
        claim_sources:
          - {source_id: "@new"}
"""


def write(tmp_path: Path, text: str, name: str = "record.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def rows_of(root: Path, table: str) -> list[dict]:
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def nkdata(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "nkdata", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def pkg(tmp_path):
    return valid_base_package(tmp_path / "pkg")


def test_add_writes_linked_rows_with_new_ids(pkg, tmp_path):
    assert nkdata("fmt", "--path", str(pkg)).returncode == 0  # the hand-written base is not all canonical
    outcome = add(pkg, [write(tmp_path, EVENT)], frictionless=False)
    assert outcome.report.valid and outcome.written, outcome.report.to_text()
    assert rows_of(pkg, "sources")[-1]["source_id"] == "src-00003"
    event = rows_of(pkg, "events")[-1]
    assert event["event_id"] == "evt-00004" and event["time_local"] == "08:00"  # YAML did not turn it into 480
    assert {(r["event_id"], r["source_id"]) for r in rows_of(pkg, "event_sources")} >= {
        ("evt-00004", "src-00003"), ("evt-00004", "src-00002")}
    quote = next(r["quote"] for r in rows_of(pkg, "event_sources") if r["source_id"] == "src-00003")
    assert quote == "Synthetic quote: with a colon"
    claim = rows_of(pkg, "claims")[-1]
    assert (claim["claim_id"], claim["statement_id"], claim["event_id"]) == ("clm-00002", "stm-00002", "evt-00004")
    assert rows_of(pkg, "claim_sources")[-1] == {"claim_id": "clm-00002", "source_id": "src-00003", "quote": ""}
    assert outcome.plans[0][1].ids["@strike"] == "evt-00004"
    assert nkdata("fmt", "--check", "--path", str(pkg)).returncode == 0
    assert nkdata("build", "--check", "--path", str(pkg)).returncode == 0  # add and fmt recorded fingerprints


def test_build_records_fingerprints_and_validate_detects_a_later_edit(pkg):
    assert nkdata("build", "--check", "--path", str(pkg)).returncode == 1  # a generated package records none
    assert nkdata("build", "--path", str(pkg)).returncode == 0
    assert nkdata("build", "--check", "--path", str(pkg)).returncode == 0
    descriptor = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    data = (pkg / "data/events.csv").read_bytes()
    assert events["bytes"] == len(data) and events["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    (pkg / "data/events.csv").write_bytes(data.replace(b"Synthetic test event", b"Synthetic test evnt", 1))
    report = validate(pkg, frictionless=True)
    assert [(f.file, f.rule) for f in report.findings] == [("data/events.csv", "package.hash")], report.to_text()
    assert set(report.findings[0].layers) == {"frictionless", "package"} and report.exit_code == 1
    assert nkdata("build", "--check", "--path", str(pkg)).returncode == 1


def test_the_shipped_fingerprints_are_current():
    assert nkdata("build", "--check").returncode == 0


def test_dry_run_writes_nothing(pkg, tmp_path):
    before = tree_hashes(pkg)
    outcome = add(pkg, [write(tmp_path, EVENT)], dry_run=True, frictionless=False)
    assert outcome.report.valid and not outcome.written
    assert tree_hashes(pkg) == before


def test_adding_twice_recognises_the_source_by_url(pkg, tmp_path):
    add(pkg, [write(tmp_path, SOURCE)], frictionless=False)
    before = tree_hashes(pkg)
    outcome = add(pkg, [write(tmp_path, SOURCE, "again.yaml")], frictionless=False)
    plan = outcome.plans[0][1]
    assert plan.ids == {"@new": "src-00003"} and not any(plan.new_rows.values())
    assert tree_hashes(pkg) == before


def test_relisted_actor_and_known_alias_are_skipped(pkg, tmp_path):
    record = write(tmp_path, """\
        actors:
          - actor_id: act-test-state
            name: Test State
            actor_aliases:
              - {alias: Test State Alias, kind: common}
              - {alias: Test State Second Alias, kind: common, language: en}
        """)
    outcome = add(pkg, [record], frictionless=False)
    assert outcome.written, outcome.report.to_text()
    aliases = rows_of(pkg, "actor_aliases")
    assert [a["alias"] for a in aliases] == ["Test State Alias", "TO", "Test State Second Alias"]
    assert aliases[-1]["alias_id"] == "aal-00003" and aliases[-1]["actor_id"] == "act-test-state"


def test_nested_rows_under_an_existing_event(pkg, tmp_path):
    record = write(tmp_path, SOURCE + textwrap.dedent("""\
        events:
          - event_id: evt-00002
            event_sources:
              - {source_id: "@new", quote: "Synthetic extra quote"}
        """))
    outcome = add(pkg, [record], frictionless=False)
    assert outcome.written, outcome.report.to_text()
    assert {"event_id": "evt-00002", "source_id": "src-00003", "quote": "Synthetic extra quote"} in rows_of(
        pkg, "event_sources")


# (case id, record text, expected (line, column, rule))
RECORD_CASES = [
    ("syntax-not-a-list", "events: 5\n", (1, None, "record.syntax")),
    ("syntax-row-not-mapping", "events:\n  - just text\n", (2, None, "record.syntax")),
    ("table-unknown", "evnts:\n  - {}\n", (1, None, "record.table")),
    ("table-bad-nesting", "sources:\n  - source_id: '@s'\n    events:\n      - {}\n", (4, None, "record.table")),
    ("column-unknown", "actors:\n  - actor_id: act-x\n    nme: X\n", (3, "nme", "record.column")),
    ("column-not-text", "actors:\n  - actor_id: act-x\n    name: [X, Y]\n", (3, "name", "record.column")),
    ("handle-undefined", "event_sources:\n  - {event_id: evt-00001, source_id: '@nowhere'}\n",
     (2, "source_id", "record.handle")),
    ("handle-twice", SOURCE + SOURCE.split("\n", 1)[1].replace("/new", "/other"), (12, "source_id", "record.handle")),
    ("handle-on-slug", "actors:\n  - actor_id: '@me'\n    name: Me\n    kind: person\n",
     (2, "actor_id", "record.handle")),
    ("handle-serial-written-by-hand", "events:\n  - event_id: evt-00099\n    summary: x\n",
     (2, "event_id", "record.handle")),
    ("conflict-relisted-actor", "actors:\n  - actor_id: act-test-state\n    name: Another Name\n",
     (2, "name", "record.conflict")),
]


@pytest.mark.parametrize("case_id, text, expected", RECORD_CASES, ids=[c[0] for c in RECORD_CASES])
def test_record_rule(pkg, tmp_path, case_id, text, expected):
    record = write(tmp_path, text)
    before = tree_hashes(pkg)
    outcome = add(pkg, [record], frictionless=False)
    found = {(f.line, f.column, f.rule) for f in outcome.report.findings}
    assert expected in found, outcome.report.to_text()
    assert all(f.file == str(record) for f in outcome.report.findings)
    assert outcome.report.exit_code == 1 and not outcome.written
    assert tree_hashes(pkg) == before


def test_every_record_rule_is_covered():
    assert {c[2][2] for c in RECORD_CASES} == set(RECORD_RULES)


def test_invalid_result_names_the_record_row_and_writes_nothing(pkg, tmp_path):
    record = write(tmp_path, EVENT.replace('date_end: "2020-10-19"', 'date_end: "2020-10-18"'))
    before = tree_hashes(pkg)
    outcome = add(pkg, [record], frictionless=False)
    [finding] = outcome.report.errors
    assert (finding.file, finding.line, finding.column, finding.rule) == ("data/events.csv", 5, "date_end",
                                                                         "date.order")
    assert f"{record}:" in finding.message and "events[0]" in finding.message
    assert tree_hashes(pkg) == before


def test_cli_add_unparsable_record_exits_2_without_traceback(pkg, tmp_path):
    record = write(tmp_path, "events: [\n")
    result = nkdata("add", "--path", str(pkg), str(record))
    assert result.returncode == 2
    assert str(record) in result.stderr and "record.syntax" not in result.stdout
    assert "Traceback" not in result.stderr


def test_cli_add_json_report(pkg, tmp_path):
    record = write(tmp_path, "actors:\n  - actor_id: act-test-state\n    name: Another Name\n")
    result = nkdata("add", "--no-frictionless", "--format", "json", "--path", str(pkg), str(record))
    data = json.loads(result.stdout)
    assert result.returncode == 1 and data["findings"][0]["rule"] == "record.conflict"


def test_fmt_check_flags_and_fmt_repairs_row_order(pkg):
    rows = base_rows()["events"]
    write_table(pkg, "events", list(reversed(rows)))
    check = nkdata("fmt", "--check", "--path", str(pkg))
    assert check.returncode == 1 and "data/events.csv" in check.stdout
    assert nkdata("fmt", "--path", str(pkg)).returncode == 0
    assert [r["event_id"] for r in rows_of(pkg, "events")] == ["evt-00001", "evt-00002", "evt-00003"]
    assert nkdata("fmt", "--check", "--path", str(pkg)).returncode == 0


def test_fmt_refuses_a_wrong_header_and_changes_nothing(pkg):
    path = pkg / "data" / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("summary", "summry", 1), encoding="utf-8")
    before = tree_hashes(pkg)
    result = nkdata("fmt", "--path", str(pkg))
    assert result.returncode == 2 and "data/events.csv" in result.stderr and "Traceback" not in result.stderr
    assert tree_hashes(pkg) == before


@given(st.randoms(use_true_random=False), st.lists(st.integers(1, 10**7), min_size=1, max_size=30, unique=True))
def test_fmt_keeps_every_row_and_sorts_ids_by_number(tmp_path_factory, rnd: random.Random, numbers):
    root = valid_base_package(tmp_path_factory.mktemp("fmt") / "pkg")
    row = base_rows()["events"][2]
    rows = [{**row, "event_id": f"evt-{n:05d}", "summary": f"Synthetic, \"quoted\" {n}"} for n in numbers]
    rnd.shuffle(rows)
    write_table(root, "events", rows)
    assert nkdata("fmt", "--path", str(root)).returncode == 0
    written = rows_of(root, "events")
    assert [r["event_id"] for r in written] == [f"evt-{n:05d}" for n in sorted(numbers)]
    assert sorted(map(str, written)) == sorted(str({k: v or "" for k, v in r.items()}) for r in rows)


def test_the_shipped_tables_are_canonical():
    assert nkdata("fmt", "--check").returncode == 0


def test_stats_counts_rows_months_and_types(pkg):
    result = nkdata("stats", str(pkg), "--format", "json")
    stats = json.loads(result.stdout)
    assert stats["rows"]["events"] == 3 and stats["rows"]["sources"] == 2
    assert stats["per_month"]["events"] == {"2020-10": 3}
    assert stats["per_value"]["events.event_type"] == {"armed_clash": 1, "diplomatic_meeting": 1,
                                                       "displacement": 1}
    assert stats["per_month"]["sources"] == {"2020-10": 1, "2020-11": 1}
    text = nkdata("stats", str(pkg)).stdout
    assert "events per month" in text and "2020-10" in text


def test_stats_per_day_shows_gaps(pkg):
    stats = json.loads(nkdata("stats", str(pkg), "--format", "json", "--days", "2020-10-04:2020-10-06").stdout)
    assert stats["per_day"]["events"] == {"2020-10-04": 0, "2020-10-05": 1, "2020-10-06": 0}
    text = nkdata("stats", str(pkg), "--days", "2020-10-04:2020-10-06").stdout
    assert "events per day (2 of 3 days have none)" in text and "-- gap" in text
    bad = nkdata("stats", str(pkg), "--days", "2020-10-04")
    assert bad.returncode == 1 and "--days" in bad.stderr and "Traceback" not in bad.stderr
