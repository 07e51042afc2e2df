"""Helpers that build small data packages in a temporary folder for the tests (no tests in here).

`write_package(dest, rows)` copies the repository's `datapackage.json` and `schemas/` into DEST and writes
one CSV per resource, columns in the schema's order. `base_rows()` is a tiny hand-made *valid* package:
every value in it is synthetic (ids like ``act-test-state``, texts like "Synthetic test event").
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import hashlib
import io
import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DESCRIPTOR = "datapackage.json"

Row = dict[str, "str | None"]
Rows = dict[str, list[Row]]


def descriptor(root: Path = REPO) -> dict:
    return json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))


def resources(root: Path = REPO) -> dict[str, dict]:
    """Resource name -> its descriptor entry, in descriptor order."""
    return {r["name"]: r for r in descriptor(root)["resources"]}


def table_names(root: Path = REPO) -> list[str]:
    return list(resources(root))


def schema(table: str, root: Path = REPO) -> dict:
    return json.loads((root / resources(root)[table]["schema"]).read_text(encoding="utf-8"))


def field_names(table: str, root: Path = REPO) -> list[str]:
    return [f["name"] for f in schema(table, root)["fields"]]


def release_date(root: Path = REPO) -> dt.date:
    return dt.date.fromisoformat(descriptor(root)["created"][:10])


def csv_text(columns: list[str], rows: list[Row]) -> str:
    """CSV text (LF line endings) with COLUMNS as header; None and missing keys become empty cells."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        unknown = set(row) - set(columns)
        if unknown:
            raise KeyError(f"unknown column(s) {sorted(unknown)}")
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return out.getvalue()


def write_table(root: Path, table: str, rows: list[Row], columns: list[str] | None = None) -> Path:
    """(Re)write one table's CSV in the package at ROOT; COLUMNS overrides the header (for header tests)."""
    res = resources(root)[table]
    path = root / res["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_text(columns or field_names(table, root), rows).encode("utf-8"))
    return path


def write_package(dest: Path, rows: Rows | None = None) -> Path:
    """Copy the repo's descriptor and schemas to DEST and write ROWS; tables not given get only a header."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / DESCRIPTOR, dest / DESCRIPTOR)
    # the real data's fingerprints do not describe generated rows: a generated package records none
    edit_json(dest / DESCRIPTOR, lambda d: [r.pop(k, None) for r in d["resources"] for k in ("bytes", "hash")] and d)
    shutil.copytree(REPO / "schemas", dest / "schemas", dirs_exist_ok=True)
    rows = rows or {}
    unknown = set(rows) - set(table_names(dest))
    if unknown:
        raise KeyError(f"unknown table(s) {sorted(unknown)}")
    for table in table_names(dest):
        write_table(dest, table, rows.get(table, []))
    return dest


def edit_json(path: Path, edit) -> None:
    """Load the JSON file at PATH, apply EDIT(data) (in place or returning a new value) and write it back."""
    data = json.loads(path.read_text(encoding="utf-8"))
    new = edit(data)
    path.write_text(json.dumps(data if new is None else new, ensure_ascii=False, indent=2), encoding="utf-8")


def csv_line(rows: Rows, table: str, **match) -> int:
    """The CSV line (header = 1) of the first row of TABLE whose values equal MATCH."""
    for i, row in enumerate(rows[table]):
        if all(row.get(k) == v for k, v in match.items()):
            return i + 2
    raise LookupError(f"no row {match} in {table}")


def find_row(rows: Rows, table: str, **match) -> Row:
    return rows[table][csv_line(rows, table, **match) - 2]


def tree_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under ROOT, by relative path."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(root).rglob("*")) if p.is_file()}


def _row(table: str, **values) -> Row:
    names = field_names(table)
    unknown = set(values) - set(names)
    if unknown:
        raise KeyError(f"{table}: unknown column(s) {sorted(unknown)}")
    row = {name: values.get(name) for name in names}
    if "provenance" in names and "provenance" not in values:
        row["provenance"] = "curated"
    return row


def base_rows() -> Rows:
    """A small, valid, entirely synthetic package (a fresh deep copy on every call).

    Dates: sources published 2020-10-12 and 2020-11-10; every fact is dated on or before the sources that
    report it, everything lies between 1988-01-01 and the release date.
    """
    r = _row
    rows: Rows = {
        "sources": [
            r("sources", source_id="src-00001", kind="news_report", title="Synthetic test source one",
              publisher="Test Publisher", author="Test Author", published="2020-10-12", language="en",
              original_language="hy", translation="human", url="https://example.org/test/source-1",
              accessed="2024-01-15", affiliation="independent", sha256="0" * 64, note="Synthetic test note"),
            r("sources", source_id="src-00002", kind="official_statement", title="Synthetic test source two",
              publisher="Test Ministry Press Office", published="2020-11-10", language="ru", translation="none",
              url="http://example.org/test/source-2", accessed="2024-01-16", affiliation="un"),
        ],
        "actors": [
            r("actors", actor_id="act-test-state", name="Test State", kind="state", country="TST",
              active_from="1991-01-01", wikidata="Q1"),
            r("actors", actor_id="act-test-org", name="Test Organisation", kind="international_organisation"),
            r("actors", actor_id="act-test-person", name="Test Person", kind="person", country="TST",
              active_from="1960-01-01", note="Synthetic test person"),
            r("actors", actor_id="act-test-ministry", name="Test Ministry", kind="government_body",
              country="TST", parent_id="act-test-state", active_from="1992-01-01"),
            r("actors", actor_id="act-test-person-two", name="Test Person Two", kind="person"),
        ],
        "actor_aliases": [
            r("actor_aliases", alias_id="aal-00001", actor_id="act-test-state", alias="Test State Alias",
              kind="common", language="en", source_id="src-00001"),
            r("actor_aliases", alias_id="aal-00002", actor_id="act-test-org", alias="TO", kind="abbreviation",
              language="en"),
        ],
        "actor_roles": [
            r("actor_roles", role_id="rol-00001", person_id="act-test-person", title="Test Minister",
              organisation_id="act-test-ministry", start="2018-05-01", source_id="src-00002"),
        ],
        "places": [
            r("places", place_id="plc-test-region", name="Test Region", kind="region"),
            r("places", place_id="plc-test-town", name="Test Town", kind="town", parent_id="plc-test-region",
              latitude="40.0", longitude="46.5", source_id="src-00001"),
        ],
        "place_aliases": [
            r("place_aliases", alias_id="pal-00001", place_id="plc-test-town", alias="Test Town Alias",
              usage="international", language="en", source_id="src-00001"),
        ],
        "events": [
            r("events", event_id="evt-00001", date_start="2020-10-10", date_end="2020-10-10",
              date_precision="minute", time_local="10:30", utc_offset="+04:00", event_type="armed_clash",
              place_id="plc-test-town", status="occurred", summary="Synthetic test event"),
            r("events", event_id="evt-00002", date_start="2020-10-01", date_end="2020-10-31",
              date_precision="month", event_type="displacement", place_id="plc-test-region", status="claimed",
              summary="Synthetic test event two"),
            r("events", event_id="evt-00003", date_start="2020-10-05", date_end="2020-10-06",
              date_precision="day", event_type="diplomatic_meeting", status="occurred",
              summary="Synthetic test event three"),
        ],
        "event_actors": [
            r("event_actors", event_id="evt-00001", actor_id="act-test-state", role="participant"),
            r("event_actors", event_id="evt-00001", actor_id="act-test-org", role="mediator"),
        ],
        "event_sources": [
            r("event_sources", event_id="evt-00001", source_id="src-00001", quote="Synthetic test quote"),
            r("event_sources", event_id="evt-00002", source_id="src-00001"),
            r("event_sources", event_id="evt-00003", source_id="src-00002"),
        ],
        "agreements": [
            r("agreements", agreement_id="agr-00001", name="Synthetic test agreement", kind="ceasefire",
              date_signed="2020-10-17", place_id="plc-test-town", effective_local="2020-10-18T00:00",
              utc_offset="+04:00", status="superseded", summary="Synthetic test agreement summary"),
            r("agreements", agreement_id="agr-00002", name="Synthetic test agreement two", kind="protocol",
              date_signed="2020-10-25", status="held", supersedes_id="agr-00001",
              summary="Synthetic test agreement two summary"),
        ],
        "agreement_parties": [
            r("agreement_parties", agreement_id="agr-00001", actor_id="act-test-state", role="party"),
            r("agreement_parties", agreement_id="agr-00001", actor_id="act-test-person", role="signatory"),
        ],
        "agreement_sources": [
            r("agreement_sources", agreement_id="agr-00001", source_id="src-00002", quote="Synthetic test quote"),
            r("agreement_sources", agreement_id="agr-00002", source_id="src-00002"),
        ],
        "statements": [
            r("statements", statement_id="stm-00001", date="2020-10-11", time_local="12:00", utc_offset="+04:00",
              speaker_id="act-test-person", speaker_role_id="rol-00001", on_behalf_of_id="act-test-state",
              channel="press_statement", type="condemnation", summary="Synthetic test statement",
              quote="Synthetic quoted words", event_id="evt-00001"),
        ],
        "statement_addressees": [
            r("statement_addressees", statement_id="stm-00001", actor_id="act-test-org"),
        ],
        "statement_sources": [
            r("statement_sources", statement_id="stm-00001", source_id="src-00001", quote="Synthetic test quote"),
        ],
        "claims": [
            r("claims", claim_id="clm-00001", statement_id="stm-00001", subject_actor_id="act-test-state",
              quantity="killed", population="civilians", value="5", value_low="3", value_high="7",
              period_start="2020-10-10", as_of="2020-10-11", event_id="evt-00001"),
        ],
        "claim_sources": [
            r("claim_sources", claim_id="clm-00001", source_id="src-00001"),
        ],
    }
    return copy.deepcopy(rows)


def valid_base_package(dest: Path) -> Path:
    """Write the valid base package into DEST and return DEST."""
    return write_package(dest, base_rows())
