"""Every rule id in RULES, triggered by one targeted mutation of the valid synthetic base package.

Each case asserts the exact set of (file, line, column, rule) findings, the exit code, and that validating
left the files on disk byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

import nkdata
from nkdata import fingerprints
from nkdata.validation.rules import RULES
from package_builder import (base_rows as fresh_rows, csv_line, edit_json, field_names, find_row, release_date,
                             tree_hashes, write_package, write_table)

RELEASE = release_date()
# an archived source text for --corpus: the quotes citing src-00001 occur in it (with other quote marks)
ARCHIVED = "An archived page.\nIt said:  “Synthetic test quote” and more.\n"
ARCHIVED_SHA = hashlib.sha256(ARCHIVED.encode("utf-8")).hexdigest()
AFTER_RELEASE = (RELEASE + dt.timedelta(days=1)).isoformat()

E, S, A, C = "data/events.csv", "data/sources.csv", "data/actors.csv", "data/claims.csv"
ST, AG, PL = "data/statements.csv", "data/agreements.csv", "data/places.csv"
DP = "datapackage.json"


@dataclass
class Case:
    id: str
    expected: list[tuple]  # (file, line, column, rule)
    rows: Callable | None = None  # mutate the base rows in place
    files: Callable | None = None  # mutate the written package folder
    exit_code: int = 1
    value: object = ...  # if given: the value of the (single) finding
    severity: str = "error"
    extra: dict = field(default_factory=dict)
    corpus: str | None = None  # validate with --corpus: a folder holding this archived text


def cell(table, match: dict, **values):
    def mutate(rows):
        find_row(rows, table, **match).update(values)
    return mutate


def drop(table, **match):
    def mutate(rows):
        rows[table].remove(find_row(rows, table, **match))
    return mutate


def append_copy(table, index=0, **values):
    def mutate(rows):
        rows[table].append({**rows[table][index], **values})
    return mutate


def both(*mutations):
    def mutate(arg):
        for m in mutations:
            m(arg)
    return mutate


def rewrite_header(table, columns_from_names: Callable[[list[str]], list[str]], rename: dict | None = None,
                   add: dict | None = None):
    """Rewrite TABLE with a changed header (cells follow the header)."""
    def files(root):
        names = field_names(table)
        columns = columns_from_names(names)
        rows = []
        for row in fresh_rows()[table]:
            row = {(rename or {}).get(k, k): v for k, v in row.items()}
            row.update(add or {})
            rows.append({k: v for k, v in row.items() if k in columns})
        write_table(root, table, rows, columns)
    return files


def append_bytes(rel, data: bytes):
    def files(root):
        p = root / rel
        p.write_bytes(p.read_bytes() + data)
    return files


def replace_bytes(rel, old: bytes, new: bytes):
    def files(root):
        p = root / rel
        content = p.read_bytes()
        assert old in content
        p.write_bytes(content.replace(old, new, 1))
    return files


def prepend_bytes(rel, data: bytes):
    def files(root):
        p = root / rel
        p.write_bytes(data + p.read_bytes())
    return files


def replace_all_bytes(rel, old: bytes, new: bytes):
    def files(root):
        p = root / rel
        p.write_bytes(p.read_bytes().replace(old, new))
    return files


def record_then(mutate):
    """Record the files' fingerprints in the descriptor (as `nkdata build` does), then MUTATE a file."""
    def files(root):
        fingerprints.record(root)
        mutate(root)
    return files


def keep_header(rel):
    def files(root):
        p = root / rel
        p.write_bytes(p.read_bytes().split(b"\n", 1)[0] + b"\n")
    return files


def write_bytes(rel, data: bytes):
    def files(root):
        (root / rel).write_bytes(data)
    return files


def remove(rel):
    def files(root):
        (root / rel).unlink()
    return files


def descriptor_edit(edit):
    def files(root):
        edit_json(root / DP, edit)
    return files


def schema_edit(table, edit):
    def files(root):
        edit_json(root / "schemas" / f"{table}.schema.json", edit)
    return files


def resource(name):
    def get(d):
        return next(r for r in d["resources"] if r["name"] == name)
    return get


def field_of(schema, name):
    return next(f for f in schema["fields"] if f["name"] == name)


def set_resource(name, **values):
    return descriptor_edit(lambda d: resource(name)(d).update(values))


def line(table, **match):
    return csv_line(fresh_rows(), table, **match)


EV1, EV2, EV3 = line("events", event_id="evt-00001"), line("events", event_id="evt-00002"), line(
    "events", event_id="evt-00003")
SRC1 = line("sources", source_id="src-00001")
STM1 = line("statements", statement_id="stm-00001")
CLM1 = line("claims", claim_id="clm-00001")
AGR1, AGR2 = line("agreements", agreement_id="agr-00001"), line("agreements", agreement_id="agr-00002")
TOWN, REGION = line("places", place_id="plc-test-town"), line("places", place_id="plc-test-region")
EVT1 = {"event_id": "evt-00001"}
STM = {"statement_id": "stm-00001"}
ROLE = {"role_id": "rol-00001"}
CLM = {"claim_id": "clm-00001"}
SRC = {"source_id": "src-00001"}


def schema_cases() -> list[Case]:
    return [
        Case("type-impossible-date", [(E, EV1, "date_start", "schema.type")],
             rows=cell("events", EVT1, date_start="2020-02-30"), value="2020-02-30"),
        Case("type-day-month-year", [(E, EV1, "date_start", "schema.type")],
             rows=cell("events", EVT1, date_start="31/10/2020"), value="31/10/2020"),
        Case("type-unpadded-date", [(S, SRC1, "published", "schema.type")],
             rows=cell("sources", SRC, published="2020-1-5"), value="2020-1-5"),
        Case("type-integer", [(C, CLM1, "value", "schema.type")], rows=cell("claims", CLM, value="five"),
             value="five"),
        Case("type-time", [(ST, STM1, "time_local", "schema.type")],
             rows=cell("statements", STM, time_local="25:61"), value="25:61"),
        Case("type-datetime", [(AG, AGR1, "effective_local", "schema.type")],
             rows=cell("agreements", {"agreement_id": "agr-00001"}, effective_local="2020-10-18 00:00"),
             value="2020-10-18 00:00"),
        Case("type-number", [(PL, TOWN, "latitude", "schema.type")],
             rows=cell("places", {"place_id": "plc-test-town"}, latitude="forty"), value="forty"),
        Case("enum-event-type", [(E, EV1, "event_type", "schema.enum")],
             rows=cell("events", EVT1, event_type="battle"), value="battle"),
        Case("enum-translation", [(S, SRC1, "translation", "schema.enum")],
             rows=cell("sources", SRC, translation="automatic"), value="automatic"),
        Case("enum-case-sensitive", [("data/event_actors.csv", 2, "role", "schema.enum")],
             rows=lambda r: r["event_actors"][0].update(role="Participant"), value="Participant"),
        Case("pattern-bad-id", [("data/actor_aliases.csv", 2, "alias_id", "schema.pattern")],
             rows=lambda r: r["actor_aliases"][0].update(alias_id="aal-1"), value="aal-1"),
        Case("pattern-uppercase-id", [("data/actor_aliases.csv", 2, "alias_id", "schema.pattern")],
             rows=lambda r: r["actor_aliases"][0].update(alias_id="AAL-00001"), value="AAL-00001"),
        Case("pattern-ftp-url", [(S, SRC1, "url", "schema.pattern")],
             rows=cell("sources", SRC, url="ftp://example.org/test"), value="ftp://example.org/test"),
        Case("pattern-javascript-url", [(S, SRC1, "url", "schema.pattern")],
             rows=cell("sources", SRC, url="javascript:alert(1)"), value="javascript:alert(1)"),
        Case("pattern-url-with-space", [(S, SRC1, "url", "schema.pattern")],
             rows=cell("sources", SRC, url="https://example.org/a b"), value="https://example.org/a b"),
        Case("pattern-sha256", [(S, SRC1, "sha256", "schema.pattern")],
             rows=cell("sources", SRC, sha256="F" * 64), value="F" * 64),
        Case("pattern-utc-offset", [(E, EV1, "utc_offset", "schema.pattern")],
             rows=cell("events", EVT1, utc_offset="+4:00"), value="+4:00"),
        Case("length-quote-301", [("data/event_sources.csv", 2, "quote", "schema.length")],
             rows=lambda r: r["event_sources"][0].update(quote="x" * 301), value="x" * 301),
        Case("range-latitude-91", [(PL, TOWN, "latitude", "schema.range")],
             rows=cell("places", {"place_id": "plc-test-town"}, latitude="91")),
        Case("place-region-swapped", [(PL, TOWN, "latitude", "place.region")],
             rows=both(append_copy("places", 0, place_id="plc-azerbaijan", name="Azerbaijan", kind="country"),
                       cell("places", {"place_id": "plc-test-town"}, parent_id="plc-azerbaijan", latitude="46.5",
                            longitude="40.0"))),
        Case("place-region-inside-passes", [],
             rows=both(append_copy("places", 0, place_id="plc-azerbaijan", name="Azerbaijan", kind="country"),
                       cell("places", {"place_id": "plc-test-town"}, parent_id="plc-azerbaijan")), exit_code=0),
        Case("range-longitude", [(PL, TOWN, "longitude", "schema.range")],
             rows=cell("places", {"place_id": "plc-test-town"}, longitude="-180.5")),
        Case("range-negative-claim", [(C, CLM1, "value_low", "schema.range")],
             rows=cell("claims", CLM, value_low="-1")),
        Case("required-summary", [(E, EV1, "summary", "schema.required")], rows=cell("events", EVT1, summary=None)),
        Case("required-source-title", [(S, SRC1, "title", "schema.required")],
             rows=cell("sources", SRC, title=None)),
        Case("required-date", [(ST, STM1, "date", "schema.required")], rows=cell("statements", STM, date=None)),
        Case("primary-key-duplicate-id", [(S, 4, "source_id", "schema.primary_key")],
             rows=append_copy("sources", 0, url="https://example.org/test/source-3"), value="src-00001"),
        Case("primary-key-duplicate-composite", [("data/event_actors.csv", 4, "event_id", "schema.primary_key")],
             rows=append_copy("event_actors", 0), value="evt-00001|act-test-state|participant"),
        Case("unique", [(A, 2, "name", "schema.unique"), (A, 3, "name", "schema.unique")],
             rows=lambda r: r["actors"][1].update(name="Test State"),
             files=schema_edit("actors", lambda s: field_of(s, "name")["constraints"].update(unique=True))),
        Case("unique-key-source-url", [(S, 3, "url", "schema.unique")],
             rows=lambda r: r["sources"][1].update(url="https://example.org/test/source-1"),
             value="https://example.org/test/source-1"),
        Case("unique-key-alias", [("data/actor_aliases.csv", 4, "alias", "schema.unique")],
             rows=append_copy("actor_aliases", 0, alias_id="aal-00003", kind="official"),
             value="act-test-state|Test State Alias"),
        Case("unique-key-second-alias-passes", [],
             rows=append_copy("actor_aliases", 0, alias_id="aal-00003", alias="Test State Second Alias"),
             exit_code=0),
        Case("header-missing-column", [("data/event_actors.csv", 1, "role", "schema.header")],
             files=rewrite_header("event_actors", lambda n: n[:-1])),
        Case("header-extra-column", [("data/event_actors.csv", 1, "extra", "schema.header")],
             files=rewrite_header("event_actors", lambda n: n + ["extra"], add={"extra": "x"})),
        Case("header-renamed-column", [("data/event_actors.csv", 1, "role", "schema.header")],
             files=rewrite_header("event_actors", lambda n: n[:-1] + ["rol"], rename={"role": "rol"})),
        Case("header-reordered", [("data/event_actors.csv", 1, None, "schema.header")],
             files=rewrite_header("event_actors", lambda n: [n[1], n[0], n[2]])),
        Case("header-empty-file", [("data/event_actors.csv", 1, None, "schema.header")],
             files=write_bytes("data/event_actors.csv", b"")),
        Case("row-shape-extra-cell", [("data/event_actors.csv", 4, None, "schema.row_shape")],
             files=append_bytes("data/event_actors.csv", b"evt-00001,act-test-org,host,surplus\n")),
        # the file as a spreadsheet saved it
        Case("csv-bom", [(E, 1, None, "csv.bom")], files=prepend_bytes(E, b"\xef\xbb\xbf")),
        Case("csv-crlf", [(E, 1, None, "csv.line_endings")], files=replace_all_bytes(E, b"\n", b"\r\n")),
        Case("csv-semicolons", [(E, 1, None, "csv.delimiter")], files=replace_all_bytes(E, b",", b";")),
        Case("csv-open-quote", [(E, EV2, None, "csv.quote")],
             files=replace_bytes(E, b"Synthetic test event two", b'"Synthetic test event two')),
        Case("evidence-quote-not-in-source", [("data/event_sources.csv", 2, "quote", "evidence.not_in_source")],
             rows=both(cell("sources", {"source_id": "src-00001"}, sha256=ARCHIVED_SHA),
                       cell("event_sources", {"event_id": "evt-00001"}, quote="Synthetic test quote, reworded")),
             corpus=ARCHIVED),
        Case("evidence-quote-in-source-passes", [], exit_code=0, corpus=ARCHIVED,
             rows=cell("sources", {"source_id": "src-00001"}, sha256=ARCHIVED_SHA)),
        Case("retired-id-reused", [(E, EV1, "event_id", "id.retired_reused")],
             files=append_bytes("data/retired_ids.csv", b"evt-00001,events,0.2.0,withdrawn,,Wrong date\n")),
        Case("retired-merged-into-missing", [("data/retired_ids.csv", 2, "merged_into", "retired.merged_into")],
             files=append_bytes("data/retired_ids.csv", b"evt-00009,events,0.2.0,merged,evt-00077,Duplicate\n")),
        Case("retired-withdrawn-with-target", [("data/retired_ids.csv", 2, "merged_into", "retired.merged_into")],
             files=append_bytes("data/retired_ids.csv", b"evt-00009,events,0.2.0,withdrawn,evt-00001,Wrong\n")),
        Case("retired-unknown-table", [("data/retired_ids.csv", 2, "table", "ref.foreign_key")],
             files=append_bytes("data/retired_ids.csv", b"evt-00009,battles,0.2.0,withdrawn,,Wrong\n")),
        Case("retired-merged-passes", [], exit_code=0,
             files=append_bytes("data/retired_ids.csv", b"evt-00009,events,0.2.0,merged,evt-00001,Duplicate\n")),
        Case("hash-stale", [(E, None, None, "package.hash")], files=record_then(
            replace_bytes(E, b"Synthetic test event two", b"Synthetic test event 2"))),
        Case("hash-current-passes", [], files=record_then(lambda root: None), exit_code=0),
        Case("table-empty", [("data/event_actors.csv", 2, None, "table.empty")],
             files=keep_header("data/event_actors.csv"), exit_code=0, severity="warning"),
    ]


def row_rule_cases() -> list[Case]:
    return [
        Case("date-order-event", [(E, EV1, "date_end", "date.order")], rows=cell("events", EVT1, date_end="2020-10-09")),
        Case("date-order-actor", [(A, line("actors", actor_id="act-test-ministry"), "active_to", "date.order")],
             rows=cell("actors", {"actor_id": "act-test-ministry"}, active_to="1991-12-31")),
        Case("date-order-claim", [(C, CLM1, "as_of", "date.order")], rows=cell("claims", CLM, period_start="2020-10-12")),
        # an office that ends before it starts also no longer covers the statement made in it
        Case("date-order-role", [("data/actor_roles.csv", 2, "end", "date.order"), (ST, STM1, "date", "role.period")],
             rows=cell("actor_roles", ROLE, end="2018-01-01")),
        Case("precision-minute-without-time", [(E, EV1, "date_precision", "date.precision")],
             rows=cell("events", EVT1, time_local=None, utc_offset=None)),
        Case("precision-day-with-time", [(E, EV3, "date_precision", "date.precision")],
             rows=cell("events", {"event_id": "evt-00003"}, time_local="09:00", utc_offset="+04:00")),
        Case("precision-month-partial", [(E, EV2, "date_precision", "date.precision")],
             rows=cell("events", {"event_id": "evt-00002"}, date_end="2020-10-30")),
        Case("precision-year-partial", [(E, EV2, "date_precision", "date.precision")],
             rows=cell("events", {"event_id": "evt-00002"}, date_precision="year")),
        Case("offset-pair-statement", [(ST, STM1, "utc_offset", "time.offset_pair")],
             rows=cell("statements", STM, utc_offset=None)),
        Case("offset-pair-event-offset-only", [(E, EV3, "utc_offset", "time.offset_pair")],
             rows=cell("events", {"event_id": "evt-00003"}, utc_offset="+04:00")),
        Case("offset-pair-agreement", [(AG, AGR1, "utc_offset", "time.offset_pair")],
             rows=cell("agreements", {"agreement_id": "agr-00001"}, utc_offset=None)),
        Case("claim-value-above-high", [(C, CLM1, "value", "claim.range")], rows=cell("claims", CLM, value="10")),
        Case("claim-value-below-low", [(C, CLM1, "value", "claim.range")], rows=cell("claims", CLM, value="2")),
        Case("claim-low-above-high-no-value-bounds", [(C, CLM1, "value", "claim.range")],
             rows=cell("claims", CLM, value_low="9", value_high="8", value="8")),
        Case("agreement-effective-before-signed",
             [(AG, AGR1, "effective_local", "agreement.effective_before_signed")],
             rows=cell("agreements", {"agreement_id": "agr-00001"}, effective_local="2020-10-16T23:59")),
    ]


def integrity_cases() -> list[Case]:
    fk = "ref.foreign_key"
    return [
        # date.range
        Case("date-range-event-before-1988", [(E, EV3, "date_start", "date.range")],
             rows=cell("events", {"event_id": "evt-00003"}, date_start="1987-12-31"), value="1987-12-31"),
        Case("date-range-source-before-1988", [(S, SRC1, "accessed", "date.range")],
             rows=cell("sources", SRC, accessed="1987-06-30")),
        Case("date-range-after-release", [(S, SRC1, "accessed", "date.range")],
             rows=cell("sources", SRC, accessed=AFTER_RELEASE), value=AFTER_RELEASE),
        Case("date-range-event-after-release", [(E, EV3, "date_end", "date.range")],
             rows=cell("events", {"event_id": "evt-00003"}, date_end=AFTER_RELEASE)),
        Case("date-range-role-after-release", [("data/actor_roles.csv", 2, "end", "date.range")],
             rows=cell("actor_roles", ROLE, end=AFTER_RELEASE)),
        # date.after_source
        Case("after-source-statement", [(ST, STM1, "date", "date.after_source")],
             rows=cell("statements", STM, date="2020-10-13"), value="2020-10-13"),
        Case("after-source-event", [(E, EV1, "date_start", "date.after_source")],
             rows=cell("events", EVT1, date_start="2020-10-13", date_end="2020-10-13")),
        Case("after-source-agreement", [(AG, AGR2, "date_signed", "date.after_source")],
             rows=cell("agreements", {"agreement_id": "agr-00002"}, date_signed="2020-11-11")),
        # roles
        Case("role-period-before-start", [(ST, STM1, "date", "role.period")],
             rows=cell("actor_roles", ROLE, start="2020-10-12")),
        Case("role-period-after-end", [(ST, STM1, "date", "role.period")],
             rows=cell("actor_roles", ROLE, end="2020-10-10")),
        Case("role-holder", [(ST, STM1, "speaker_role_id", "role.holder")],
             rows=cell("actor_roles", ROLE, person_id="act-test-person-two"), value="rol-00001"),
        # actor.active
        Case("actor-active-event", [("data/event_actors.csv", 3, "actor_id", "actor.active")],
             rows=cell("actors", {"actor_id": "act-test-org"}, active_to="2019-12-31"), value="act-test-org"),
        Case("actor-active-agreement", [("data/agreement_parties.csv", 3, "actor_id", "actor.active")],
             rows=cell("actors", {"actor_id": "act-test-person"}, active_from="2021-01-01"),
             value="act-test-person"),
        # ref.foreign_key, in several link tables
        Case("fk-event-actors", [("data/event_actors.csv", 2, "actor_id", fk)],
             rows=lambda r: r["event_actors"][0].update(actor_id="act-missing"), value="act-missing"),
        Case("fk-event-sources", [("data/event_sources.csv", 2, "source_id", fk)],
             rows=lambda r: r["event_sources"][0].update(source_id="src-99999"), value="src-99999"),
        Case("fk-agreement-parties", [("data/agreement_parties.csv", 3, "actor_id", fk)],
             rows=lambda r: r["agreement_parties"][1].update(actor_id="act-missing")),
        Case("fk-statement-addressees", [("data/statement_addressees.csv", 2, "actor_id", fk)],
             rows=lambda r: r["statement_addressees"][0].update(actor_id="act-missing")),
        Case("fk-claims-event", [(C, CLM1, "event_id", fk)], rows=cell("claims", CLM, event_id="evt-99999")),
        Case("fk-statement-role", [(ST, STM1, "speaker_role_id", fk)],
             rows=cell("statements", STM, speaker_role_id="rol-99999")),
        Case("fk-role-organisation", [("data/actor_roles.csv", 2, "organisation_id", fk)],
             rows=cell("actor_roles", ROLE, organisation_id="act-missing")),
        Case("fk-place-parent-self-reference", [(PL, TOWN, "parent_id", fk)],
             rows=cell("places", {"place_id": "plc-test-town"}, parent_id="plc-missing")),
        Case("fk-alias-source", [("data/place_aliases.csv", 2, "source_id", fk)],
             rows=lambda r: r["place_aliases"][0].update(source_id="src-99999")),
        # ref.cycle
        Case("cycle-actors", [(A, 2, "parent_id", "ref.cycle"),
                              (A, line("actors", actor_id="act-test-ministry"), "parent_id", "ref.cycle")],
             rows=cell("actors", {"actor_id": "act-test-state"}, parent_id="act-test-ministry")),
        Case("cycle-actor-own-parent", [(A, 3, "parent_id", "ref.cycle")],
             rows=cell("actors", {"actor_id": "act-test-org"}, parent_id="act-test-org"), value="act-test-org"),
        Case("cycle-places", [(PL, REGION, "parent_id", "ref.cycle"), (PL, TOWN, "parent_id", "ref.cycle")],
             rows=cell("places", {"place_id": "plc-test-region"}, parent_id="plc-test-town")),
        Case("cycle-agreements", [(AG, AGR1, "supersedes_id", "ref.cycle"), (AG, AGR2, "supersedes_id", "ref.cycle")],
             rows=cell("agreements", {"agreement_id": "agr-00001"}, supersedes_id="agr-00002")),
        # provenance.unsourced
        Case("unsourced-event", [(E, EV2, "event_id", "provenance.unsourced")],
             rows=drop("event_sources", event_id="evt-00002"), value="evt-00002"),
        Case("unsourced-agreement", [(AG, AGR2, "agreement_id", "provenance.unsourced")],
             rows=drop("agreement_sources", agreement_id="agr-00002")),
        Case("unsourced-statement", [(ST, STM1, "statement_id", "provenance.unsourced"),
                                     ("data/statement_sources.csv", 2, None, "table.empty")],
             rows=drop("statement_sources", statement_id="stm-00001")),
        Case("unsourced-claim", [(C, CLM1, "claim_id", "provenance.unsourced"),
                                 ("data/claim_sources.csv", 2, None, "table.empty")],
             rows=drop("claim_sources", claim_id="clm-00001")),
        Case("unsourced-coordinates", [(PL, TOWN, "source_id", "provenance.unsourced")],
             rows=cell("places", {"place_id": "plc-test-town"}, source_id=None)),
        # provenance.unreviewed
        Case("unreviewed-extracted-event", [(E, EV1, "provenance", "provenance.unreviewed")],
             rows=cell("events", EVT1, provenance="extracted"), value="extracted"),
        Case("reviewed-extracted-event-passes", [], rows=cell("events", EVT1, provenance="extracted_reviewed"),
             exit_code=0),
        # alias.ambiguous: a warning, the package stays valid
        Case("alias-ambiguous", [("data/actor_aliases.csv", 2, "alias", "alias.ambiguous"),
                                 ("data/actor_aliases.csv", 4, "alias", "alias.ambiguous")],
             rows=lambda r: r["actor_aliases"].append({**r["actor_aliases"][1], "alias_id": "aal-00003",
                                                       "alias": "test-STATE  alias", "kind": "misspelling"}),
             exit_code=0, severity="warning"),
        Case("alias-ambiguous-accents", [("data/actor_aliases.csv", 2, "alias", "alias.ambiguous"),
                                         ("data/actor_aliases.csv", 3, "alias", "alias.ambiguous")],
             rows=lambda r: (r["actor_aliases"][0].update(alias="Stéphane"),
                             r["actor_aliases"][1].update(alias="STEPHANE")),
             exit_code=0, severity="warning"),
    ]


_HYGIENE = {
    "tab": "Synthetic\ttest event", "bell": "Synthetic\x07test event", "c1-control": "Synthetic\x85test",
    "html-tag": "<b>Synthetic</b> test event", "html-self-closing": "Synthetic<br/>test",
    "html-entity": "Synthetic &amp; test", "numeric-entity": "Synthetic &#233; test", "leading-equals": "=1+1",
    "leading-plus": "+Synthetic test", "leading-minus": "-Synthetic test", "leading-at": "@Synthetic test",
    "trailing-nbsp": "Synthetic test event\u00a0", "leading-space": " Synthetic test event",
    "trailing-space": "Synthetic test event ",
}


def hygiene_cases() -> list[Case]:
    cases = [Case(f"hygiene-{name}", [(E, EV1, "summary", "text.hygiene")], rows=cell("events", EVT1, summary=text))
             for name, text in _HYGIENE.items()]
    cases += [
        Case("hygiene-actor-name", [(A, 2, "name", "text.hygiene")],
             rows=cell("actors", {"actor_id": "act-test-state"}, name="Test State\u00a0")),
        Case("hygiene-quote", [("data/event_sources.csv", 2, "quote", "text.hygiene")],
             rows=lambda r: r["event_sources"][0].update(quote="<i>Synthetic</i>")),
        Case("hygiene-source-title", [(S, SRC1, "title", "text.hygiene")],
             rows=cell("sources", SRC, title="=HYPERLINK(\"http://example.org\")")),
    ]
    return cases


def package_cases() -> list[Case]:
    u = 2
    return [
        Case("missing-data-file", [("data/events.csv", None, None, "package.missing_file")],
             files=remove("data/events.csv"), exit_code=u),
        Case("missing-schema-file", [("schemas/events.schema.json", None, None, "package.missing_file")],
             files=remove("schemas/events.schema.json"), exit_code=u),
        Case("missing-descriptor", [(DP, None, None, "package.missing_file")], files=remove(DP), exit_code=u),
        Case("path-outside-dotdot", [(DP, None, None, "package.path_outside")],
             files=set_resource("events", path="../events.csv"), exit_code=u),
        Case("path-outside-nested-dotdot", [(DP, None, None, "package.path_outside")],
             files=set_resource("events", path="data/../../events.csv"), exit_code=u),
        Case("path-outside-absolute", [(DP, None, None, "package.path_outside")],
             files=set_resource("events", path="/etc/passwd"), exit_code=u),
        Case("path-outside-windows", [(DP, None, None, "package.path_outside")],
             files=set_resource("events", path="C:\\data\\events.csv"), exit_code=u),
        Case("path-outside-schema", [(DP, None, None, "package.path_outside")],
             files=set_resource("events", schema="../schemas/events.schema.json"), exit_code=u),
        Case("path-outside-url", [(DP, None, None, "package.path_outside")],
             files=set_resource("events", path="https://example.org/events.csv"), exit_code=u),
        Case("invalid-json-descriptor", [(DP, 1, None, "package.invalid_json")],
             files=write_bytes(DP, b'{"name": "nkdata",'), exit_code=u),
        Case("invalid-json-schema", [("schemas/events.schema.json", 3, None, "package.invalid_json")],
             files=write_bytes("schemas/events.schema.json", b'{\n  "fields": [\n    {"name": }\n  ]\n}\n'),
             exit_code=u),
        Case("encoding-latin1-csv", [(E, EV2, None, "package.encoding")],
             files=replace_bytes(E, "Synthetic test event two".encode(), "Synthétic test event two".encode("latin-1")),
             exit_code=u),
        Case("encoding-latin1-descriptor", [(DP, None, None, "package.encoding")],
             files=replace_bytes(DP, b'"title": "', '"title": "Ä'.encode("latin-1")), exit_code=u),
        Case("schema-no-fields", [("schemas/events.schema.json", None, None, "package.schema")],
             files=schema_edit("events", lambda s: s.update(fields=[])), exit_code=u),
        Case("schema-unknown-type", [("schemas/events.schema.json", None, None, "package.schema")],
             files=schema_edit("events", lambda s: field_of(s, "summary").update(type="geopoint")), exit_code=u),
        Case("schema-bad-primary-key", [("schemas/events.schema.json", None, None, "package.schema")],
             files=schema_edit("events", lambda s: s.update(primaryKey=["nope"])), exit_code=u),
        Case("descriptor-no-resources", [(DP, None, None, "package.descriptor")],
             files=descriptor_edit(lambda d: d.update(resources=[])), exit_code=u),
        Case("descriptor-not-an-object", [(DP, None, None, "package.descriptor")],
             files=write_bytes(DP, b"[]"), exit_code=u),
        Case("descriptor-path-not-a-string", [(DP, None, None, "package.descriptor")],
             files=set_resource("events", path=42), exit_code=u),
        Case("descriptor-unnamed-resource", [(DP, None, None, "package.descriptor")],
             files=descriptor_edit(lambda d: resource("events")(d).pop("name")), exit_code=u),
        # BUG: PackageError from DataPackage.release_date escapes validate() instead of becoming a finding
        Case("descriptor-bad-created", [(DP, None, None, "package.descriptor")],
             files=descriptor_edit(lambda d: d.update(created="yesterday")), exit_code=u),
    ]


ALL_CASES = schema_cases() + row_rule_cases() + integrity_cases() + hygiene_cases() + package_cases()


def build(tmp_path: Path, case: Case) -> Path:
    rows = fresh_rows()
    if case.rows:
        case.rows(rows)
    root = write_package(tmp_path / "pkg", rows)
    if case.files:
        case.files(root)
    return root


def keys(report) -> set[tuple]:
    return {(f.file, f.line, f.column, f.rule) for f in report.findings}


def check(report, case: Case):
    assert keys(report) == set(case.expected), report.to_text()
    assert len(report.findings) == len(case.expected), report.to_text()
    assert report.exit_code == case.exit_code, report.to_text()
    for f in report.findings:
        assert f.rule in RULES, f
        assert f.severity == RULES[f.rule][0]
        assert f.message
    assert any(f.severity == case.severity for f in report.findings) or not report.findings
    if case.value is not ...:
        assert [f.value for f in report.findings] == [case.value]


def test_valid_base_package_has_no_findings(base_package):
    report = nkdata.validate(base_package, frictionless=False)
    assert report.findings == [] and report.exit_code == 0 and report.valid, report.to_text()


def test_valid_base_package_passes_frictionless_too(base_package):
    report = nkdata.validate(base_package, frictionless=True)
    assert report.findings == [] and report.exit_code == 0, report.to_text()
    assert set(report.layers_run) == {"frictionless", "pandera", "integrity"}


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_rule(tmp_path, case):
    root = build(tmp_path, case)
    before = tree_hashes(root)
    corpus = None
    if case.corpus is not None:
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        (corpus / "archived-page.txt").write_text(case.corpus, encoding="utf-8")
    report = nkdata.validate(root, frictionless=False, corpus=corpus)
    check(report, case)
    assert tree_hashes(root) == before, "validation changed files on disk"


def test_every_rule_is_covered():
    triggered = {rule for c in ALL_CASES for (*_, rule) in c.expected} | {"frictionless.other"}
    assert triggered == set(RULES)


# The same problems, found by Frictionless and by our own layers: one merged finding naming both.
BOTH_LAYERS = {
    "fk-event-actors": ("frictionless", "integrity"),
    "fk-claims-event": ("frictionless", "integrity"),
    "primary-key-duplicate-id": ("frictionless", "integrity"),
    "primary-key-duplicate-composite": ("frictionless", "integrity"),
    "enum-event-type": ("frictionless", "pandera"),
    "required-summary": ("frictionless", "pandera"),
    "pattern-ftp-url": ("frictionless", "pandera"),
    "length-quote-301": ("frictionless", "pandera"),
    "range-latitude-91": ("frictionless", "pandera"),
    "type-impossible-date": ("frictionless", "pandera"),
    "type-day-month-year": ("frictionless", "pandera"),
    "header-missing-column": ("frictionless", "pandera"),
    "header-extra-column": ("frictionless", "pandera"),
    "header-renamed-column": ("frictionless", "pandera"),
}
_BY_ID = {c.id: c for c in ALL_CASES}


@pytest.mark.parametrize("case_id", list(BOTH_LAYERS))
def test_layers_agree(tmp_path, case_id):
    case = _BY_ID[case_id]
    root = build(tmp_path, case)
    before = tree_hashes(root)
    report = nkdata.validate(root, frictionless=True)
    check(report, case)
    (finding,) = report.findings
    assert finding.layers == BOTH_LAYERS[case_id], report.to_text()
    assert tree_hashes(root) == before


@pytest.mark.parametrize("case_id", ["type-impossible-date", "header-missing-column", "row-shape-extra-cell",
                                     "enum-event-type", "fk-event-actors", "missing-data-file"])
def test_every_finding_names_its_layer(tmp_path, case_id):
    """`layers` says which layer found a problem; a finding with no layer cannot be traced."""
    report = nkdata.validate(build(tmp_path, _BY_ID[case_id]), frictionless=False)
    assert report.findings
    for f in report.findings:
        assert f.layers and set(f.layers) <= {"package", "pandera", "integrity"}, f


def test_frictionless_other(tmp_path):
    """A descriptor problem only Frictionless knows about (the package name's pattern)."""
    root = build(tmp_path, Case("x", [], files=descriptor_edit(lambda d: d.update(name="Not a valid name!"))))
    report = nkdata.validate(root, frictionless=True)
    assert keys(report) == {(DP, None, None, "frictionless.other")}, report.to_text()
    assert report.exit_code == 1
    assert report.findings[0].layers == ("frictionless",)
    # our own layers accept it
    assert nkdata.validate(root, frictionless=False).findings == []


def test_unique_found_by_both_layers(tmp_path):
    root = build(tmp_path, _BY_ID["unique"])
    report = nkdata.validate(root, frictionless=True)
    assert keys(report) == set(_BY_ID["unique"].expected), report.to_text()
    assert "frictionless" in next(f for f in report.findings if f.line == 3).layers


def test_planned_event_may_postdate_its_sources(tmp_path):
    rows = fresh_rows()
    find_row(rows, "events", event_id="evt-00003").update(status="planned", date_start="2021-01-01",
                                                          date_end="2021-01-01")
    report = nkdata.validate(write_package(tmp_path / "pkg", rows), frictionless=False)
    assert report.findings == [], report.to_text()


def test_non_fact_dates_may_precede_1988(tmp_path):
    """The 1988 floor applies to facts and sources only: a role may start, an actor be founded, earlier."""
    rows = fresh_rows()
    find_row(rows, "actor_roles", role_id="rol-00001").update(start="1980-03-01")
    find_row(rows, "actors", actor_id="act-test-org").update(active_from="1945-10-24")
    report = nkdata.validate(write_package(tmp_path / "pkg", rows), frictionless=False)
    assert report.findings == [], report.to_text()


def test_several_problems_are_all_reported(tmp_path):
    rows = fresh_rows()
    find_row(rows, "events", event_id="evt-00001").update(event_type="battle")
    find_row(rows, "claims", claim_id="clm-00001").update(value="10")
    rows["event_sources"] = [r for r in rows["event_sources"] if r["event_id"] != "evt-00002"]
    report = nkdata.validate(write_package(tmp_path / "pkg", rows), frictionless=False)
    assert keys(report) == {(E, EV1, "event_type", "schema.enum"), (C, CLM1, "value", "claim.range"),
                            (E, EV2, "event_id", "provenance.unsourced")}
    # sorted by file, then line
    assert [f.sort_key() for f in report.findings] == sorted(f.sort_key() for f in report.findings)


def test_type_error_suppresses_derived_rules_on_its_row(tmp_path):
    """An unparsable date is reported once, not echoed by date.order/date.precision on the same row."""
    rows = fresh_rows()
    find_row(rows, "events", event_id="evt-00002").update(date_end="2020-10-32")
    report = nkdata.validate(write_package(tmp_path / "pkg", rows), frictionless=False)
    assert keys(report) == {(E, EV2, "date_end", "schema.type")}, report.to_text()


@pytest.mark.parametrize("frictionless", [False, True])
def test_every_reported_rule_is_known(tmp_path, frictionless):
    """Many problems at once (test_rule checks each case one by one): every rule id reported is in RULES,
    with the severity RULES gives it."""
    combinable = [c for c in ALL_CASES if c.rows and not c.files and not c.id.startswith("hygiene-")
                  and not c.id.startswith(("type-", "cycle-", "unsourced-", "alias-"))]
    rows = fresh_rows()
    for case in combinable:
        try:
            case.rows(rows)
        except (LookupError, ValueError):  # an earlier mutation removed or renamed the row
            pass
    report = nkdata.validate(write_package(tmp_path / "pkg", rows), frictionless=frictionless)
    assert report.exit_code == 1
    assert len(report.rules()) >= 10, report.to_text()
    for f in report.findings:
        assert f.rule in RULES, f
        assert f.severity == RULES[f.rule][0], f


def test_report_json_round_trips(tmp_path):
    root = build(tmp_path, _BY_ID["fk-event-actors"])
    report = nkdata.validate(root, frictionless=False)
    data = json.loads(report.to_json())
    assert data["exit_code"] == 1 and data["status"] == "invalid" and data["errors"] == 1
    assert data["findings"][0] | {"message": None} == {
        "file": "data/event_actors.csv", "line": 2, "column": "actor_id", "rule": "ref.foreign_key",
        "severity": "error", "value": "act-missing", "message": None, "layers": ["integrity"]}


def test_validating_the_repository_changes_nothing():
    from package_builder import REPO

    watched = [REPO / "datapackage.json", *sorted((REPO / "schemas").glob("*.json"))]
    before = {p: p.read_bytes() for p in watched}
    nkdata.validate(REPO, frictionless=False)
    assert {p: p.read_bytes() for p in watched} == before
    assert not os.environ.get("NKDATA_WRITE")  # nothing to opt into
