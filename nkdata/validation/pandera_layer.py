"""The pandera (polars) layer: schemas built from the Table Schemas by our own mapper, plus the row rules.

pandera's own frictionless import is pandas-only and turns dates into strings, so we map each field
ourselves: dtype from `tableschema`, `required` -> not nullable, `unique`, `enum` -> isin, `pattern` ->
full-match str_matches, minimum/maximum -> range, min/maxLength -> str_length.

Speed: pandera runs each check as its own query (about 60 per table), and importing it costs more than
validating the shipped data. So a screen goes first: every constraint of a table, compiled from the same
Table Schema into one polars `select` (one pass over the rows, on every core), marks the rows that break
something. pandera then judges only those rows, and is not even imported for a table without any. The
screen is tested to mark exactly the rows pandera rejects (tests/test_screen.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from nkdata.package import Resource
from nkdata.reading import LINE
from nkdata.report import Finding
from nkdata.tableschema import polars_dtype
from nkdata.validation.row_rules import ROW_RULES
from nkdata.validation.rules import severity

if TYPE_CHECKING:
    import pandera.polars as pa

# pandera's names for built-in checks -> our rule ids
_CHECK_RULES = {"not_nullable": "schema.required", "field_uniqueness": "schema.unique", "isin": "schema.enum",
                "str_matches": "schema.pattern", "in_range": "schema.range", "greater_than_or_equal_to": "schema.range",
                "less_than_or_equal_to": "schema.range", "str_length": "schema.length", "dtype": "schema.type",
                "column_in_dataframe": "schema.header", "column_in_schema": "schema.header"}


def column_checks(field: dict) -> list[pa.Check]:
    import pandera.polars as pa

    c = field.get("constraints", {})
    checks = []
    if "enum" in c:
        checks.append(pa.Check.isin(c["enum"]))
    if "pattern" in c:
        checks.append(pa.Check.str_matches(f"^(?:{c['pattern']})$"))
    if "minimum" in c and "maximum" in c:
        checks.append(pa.Check.in_range(c["minimum"], c["maximum"]))
    elif "minimum" in c:
        checks.append(pa.Check.ge(c["minimum"]))
    elif "maximum" in c:
        checks.append(pa.Check.le(c["maximum"]))
    if "minLength" in c or "maxLength" in c:
        checks.append(pa.Check.str_length(c.get("minLength"), c.get("maxLength")))
    return checks


def build_schema(resource: Resource) -> pa.DataFrameSchema:
    """The pandera schema of a table: one Column per Table Schema field, plus the table's row rules."""
    import pandera.polars as pa

    columns = {
        f["name"]: pa.Column(polars_dtype(f, enums=False), nullable=not f.get("constraints", {}).get("required", False),
                             unique=bool(f.get("constraints", {}).get("unique", False)), checks=column_checks(f))
        for f in resource.fields
    }
    row_checks = [pa.Check(lambda data, e=r.passes: data.lazyframe.select(e), name=r.rule)
                  for r in ROW_RULES.get(resource.name, [])]
    return pa.DataFrameSchema(columns, checks=row_checks, strict=False, name=resource.name)


def _rule_for(check: str) -> str:
    return _CHECK_RULES.get(check.split("(")[0], check)


def screen(resource: Resource) -> list[pl.Expr]:
    """Expressions, one per constraint and row rule, that are True where a row passes: the same constraints
    as `build_schema`, for one pass over the table. Null cells pass all but `required`, as in pandera."""
    passes = []
    for f in resource.fields:
        col, c = pl.col(f["name"]), f.get("constraints", {})
        if c.get("required"):
            passes.append(col.is_not_null())
        if "enum" in c:
            passes.append(col.is_in(c["enum"]))
        if "pattern" in c:
            passes.append(col.str.contains(f"^(?:{c['pattern']})$"))
        if "minimum" in c:
            passes.append(col >= c["minimum"])
        if "maximum" in c:
            passes.append(col <= c["maximum"])
        if "minLength" in c:
            passes.append(col.str.len_chars() >= c["minLength"])
        if "maxLength" in c:
            passes.append(col.str.len_chars() <= c["maxLength"])
    passes += [r.passes for r in ROW_RULES.get(resource.name, [])]
    return [p.fill_null(True) for p in passes]


def _suspects(resource: Resource, frame: pl.DataFrame) -> pl.DataFrame:
    """The rows pandera needs to see: those the screen marks, and every copy of a value repeated in a column
    declared unique (so that pandera's uniqueness check sees all of them)."""
    passes = screen(resource)
    suspect = ~pl.all_horizontal(passes) if passes else pl.lit(False)
    for f in resource.fields:
        name = f["name"]
        if f.get("constraints", {}).get("unique"):
            values = frame[name].drop_nulls()
            if values.n_unique() < values.len():
                suspect = suspect | (pl.col(name).is_duplicated() & pl.col(name).is_not_null())
    return frame.filter(suspect)


def preload() -> None:
    """Import pandera in a background thread: on a big package its import (about a second with pandas
    installed) then overlaps polars parsing the CSVs, which releases the interpreter lock."""
    import importlib
    import threading

    threading.Thread(target=importlib.import_module, args=("pandera.polars",), daemon=True).start()


def validate_table(resource: Resource, frame: pl.DataFrame) -> list[Finding]:
    """Run the table's pandera schema on the rows the screen marks (enums as strings); failures become
    findings."""
    suspects = _suspects(resource, frame)
    if not suspects.height:
        return []
    import pandera.polars as pa

    schema = build_schema(resource)
    try:
        schema.validate(suspects, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    row_rule_columns = {r.rule: (r.column, r.message) for r in ROW_RULES.get(resource.name, [])}
    lines = suspects[LINE]
    findings = []
    for case in cases.iter_rows(named=True):
        rule = _rule_for(case["check"])
        index = case["index"]
        line = int(lines[index]) if index is not None else None
        column, value = case["column"], case["failure_case"]
        if rule in row_rule_columns:
            column, message = row_rule_columns[rule]
            value = None if line is None else _cell(suspects, index, column)
        else:
            message = _message(rule, resource, column, value)
        findings.append(Finding(resource.relpath, line, column, rule, value, message, severity(rule), ("pandera",)))
    return findings


def _cell(frame: pl.DataFrame, index: int, column: str) -> str | None:
    value = frame[column][index]
    return None if value is None else str(value)


def _message(rule: str, resource: Resource, column: str | None, value) -> str:
    field = next((f for f in resource.fields if f["name"] == column), {})
    c = field.get("constraints", {})
    return {
        "schema.required": f"{column} is required but empty",
        "schema.unique": f"{column} must be unique; {value!r} is repeated",
        "schema.enum": f"{value!r} is not one of: {', '.join(c.get('enum', []))}",
        "schema.pattern": f"{value!r} does not match the pattern {c.get('pattern')}",
        "schema.range": f"{value} is outside the allowed range [{c.get('minimum', '')}, {c.get('maximum', '')}]",
        "schema.length": f"text is {len(str(value))} characters; allowed {c.get('minLength', 0)}.."
                         f"{c.get('maxLength', 'any')}",
    }.get(rule, f"failed check {rule}")
