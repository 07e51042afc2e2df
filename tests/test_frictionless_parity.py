"""Our layers (pandera and integrity) find everything Frictionless finds, so that leaving Frictionless out on
big packages (`--frictionless auto`) loses no check.

The constraints are not listed here: they are read from the Table Schemas. Every constraint, type, primary
key and foreign key the schemas declare is broken in a generated package (one cell each, in a few rounds so
that no cell is broken twice), both validators run, and

- each broken cell is reported by our layers with the constraint's rule id, and by Frictionless too;
- every finding of Frictionless is also a finding of ours (same file, line, column and rule).

A hypothesis test then does the same with random damage: random values in random cells.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nkdata
from package_builder import base_rows, schema, table_names, write_package

RULES = {"required": "schema.required", "pattern": "schema.pattern", "enum": "schema.enum",
         "maxLength": "schema.length", "minLength": "schema.length", "minimum": "schema.range",
         "maximum": "schema.range", "unique": "schema.unique", "type": "schema.type"}
NOT_OF_TYPE = {"date": "2020-02-30", "time": "25:61", "datetime": "2020-02-30T10:00", "integer": "1.5",
               "number": "one", "boolean": "maybe"}
_RETIRED = {"id": "evt-test-withdrawn", "table": "events", "retired_in": "0.2.0", "reason": "withdrawn",
            "merged_into": None, "note": "Synthetic test row"}


def rows_with_every_table() -> dict:
    rows = base_rows()
    rows["retired_ids"] = [dict(_RETIRED)]
    assert set(rows) == set(table_names()) and all(rows.values())
    return rows


def breaking_value(field: dict, constraint: str, rows: list[dict], index: int):
    """A value for row INDEX of ROWS that breaks CONSTRAINT of FIELD (and, where possible, nothing else)."""
    c = field.get("constraints", {})
    if constraint == "type":
        return NOT_OF_TYPE[field["type"]]
    if constraint == "required":
        return None
    if constraint == "enum":
        return "not-in-vocabulary"
    if constraint == "pattern":
        return next(v for v in ("zz", "Not Valid!", "0") if not re.fullmatch(c["pattern"], v))
    if constraint == "maxLength":
        return "x" * (c["maxLength"] + 1)
    if constraint == "minLength":
        return "x" * (c["minLength"] - 1)
    if constraint in ("minimum", "maximum"):
        bound = c[constraint] + (-1 if constraint == "minimum" else 1)
        return str(int(bound)) if field.get("type") == "integer" else str(bound)
    if constraint == "unique":  # the value of an earlier row (the test puts a unique break below row 0)
        return rows[index - 1][field["name"]]
    raise AssertionError(f"no way to break {constraint!r} yet: add one, or the parity test proves nothing for it")


def constraint_rounds() -> list[list[tuple[str, dict, str]]]:
    """(table, field, constraint) for every constraint and non-string type the schemas declare, grouped so
    that no field is broken twice in one round."""
    rounds: list[list] = []
    for table in table_names():
        for j, field in enumerate(schema(table)["fields"]):
            kinds = [k for k, v in field.get("constraints", {}).items() if not (k == "minLength" and v <= 1)]
            if field.get("type", "string") != "string":
                kinds.append("type")
            kinds = kinds[j % len(kinds):] + kinds[:j % len(kinds)] if kinds else []  # not every cell of a row
            for i, kind in enumerate(kinds):
                while len(rounds) <= i:
                    rounds.append([])
                rounds[i].append((table, field, kind))
    return rounds


def missing_key(value: str, pattern: str | None, taken: set) -> str:
    """A key that matches PATTERN (where one is declared) but names no row: VALUE with its digits as 9s."""
    for candidate in (re.sub(r"[0-9]", "9", value), value + "-9", "zzz-missing"):
        if candidate not in taken and (pattern is None or re.fullmatch(pattern, candidate)):
            return candidate
    return "zzz-missing"


def both_validators(root) -> tuple[set, set]:
    """(keys of our findings, keys of Frictionless's findings) for the package at ROOT."""
    report = nkdata.validate(root, frictionless="always")
    assert "frictionless" in report.layers_run
    ours = {f.key for f in report.findings if set(f.layers) - {"frictionless"}}
    theirs = {f.key for f in report.findings if "frictionless" in f.layers}
    return ours, theirs


@pytest.mark.parametrize("round_no", range(len(constraint_rounds())))
def test_every_declared_constraint_is_found_by_both(tmp_path, round_no):
    rows = rows_with_every_table()
    broken = []
    used: dict[str, int] = {}
    for table, field, kind in constraint_rounds()[round_no]:
        index = used.get(table, 0) % len(rows[table])
        used[table] = used.get(table, 0) + 1
        if kind == "unique":
            assert len(rows[table]) > 1, f"{table}: give base_rows a second row to break {field['name']}'s uniqueness"
            index = max(index, 1)
        rows[table][index][field["name"]] = breaking_value(field, kind, rows[table], index)
        broken.append((f"data/{table}.csv", index + 2, field["name"], RULES[kind]))
    ours, theirs = both_validators(write_package(tmp_path / "pkg", rows))
    for file, line, column, rule in broken:
        assert (file, line, column, rule) in ours, (file, line, column, rule)
        assert (file, line, column, rule) in theirs, ("Frictionless", file, line, column, rule)
    assert theirs <= ours, sorted(theirs - ours)


def test_every_declared_key_is_found_by_both(tmp_path):
    """A dangling reference in row 1 of every foreign key, then row 1 of every table repeated at its end."""
    rows = rows_with_every_table()
    broken = []
    for table in table_names():
        fields = {f["name"]: f for f in schema(table)["fields"]}
        for fk in schema(table).get("foreignKeys", []):
            column = fk["fields"] if isinstance(fk["fields"], str) else fk["fields"][0]
            parent = fk["reference"]["resource"] or table
            ref = fk["reference"]["fields"] if isinstance(fk["reference"]["fields"], str) else fk["reference"]["fields"][0]
            taken = {r[ref] for r in rows[parent]}
            row = rows[table][0]
            row[column] = missing_key(next(iter(sorted(taken))), fields[column].get("constraints", {}).get("pattern"),
                                      taken)
            broken.append((f"data/{table}.csv", 2, column, "ref.foreign_key"))
    for table in table_names():
        s = schema(table)
        if s.get("primaryKey") and rows[table]:
            rows[table].append(dict(rows[table][0]))
            key = s["primaryKey"] if isinstance(s["primaryKey"], list) else [s["primaryKey"]]
            broken.append((f"data/{table}.csv", len(rows[table]) + 1, key[0], "schema.primary_key"))
    assert len(broken) > 30
    ours, theirs = both_validators(write_package(tmp_path / "pkg", rows))
    for key in broken:
        assert key in ours, key
        assert key in theirs, ("Frictionless", key)
    assert theirs <= ours, sorted(theirs - ours)


def test_the_rounds_break_every_constraint_the_schemas_declare():
    declared = sum(len(f.get("constraints", {})) for t in table_names() for f in schema(t)["fields"])
    typed = sum(f.get("type", "string") != "string" for t in table_names() for f in schema(t)["fields"])
    assert sum(len(r) for r in constraint_rounds()) == declared + typed > 150


_TRICKY = st.sampled_from(["", " ", "2020-02-30", "2020-13-01", "31/10/2020", "1.5", "-1", "1e3", "abc", "x" * 301,
                           "NaN", "true", "01:60", "2020-01-01T25:00", "evt-9999999", "act-unknown", "src-00001",
                           "http://example.org", "ftp://example.org/x", "0.0", "-91", "181", "  padded  "])
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)


@settings(max_examples=6)
@given(data=st.data())
def test_random_damage_frictionless_finds_nothing_ours_miss(tmp_path_factory, data):
    rows = rows_with_every_table()
    tables = [t for t in table_names() if rows[t]]
    for _ in range(data.draw(st.integers(1, 4), label="cells")):
        table = data.draw(st.sampled_from(tables), label="table")
        row = data.draw(st.sampled_from(rows[table]))
        column = data.draw(st.sampled_from(sorted(row)), label="column")
        row[column] = data.draw(st.one_of(_TRICKY, _TEXT), label="value") or None
    ours, theirs = both_validators(write_package(tmp_path_factory.mktemp("pkg"), rows))
    assert theirs <= ours, sorted(theirs - ours)

