"""Read a resource's CSV into polars: decode, check the header, then type every column by its schema.

Reading never changes a file. Problems are returned as findings (for the validator) rather than raised, so
one bad cell does not hide the rest of the report; `loading` turns them into an exception instead.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import polars as pl

from nkdata.errors import PackageError
from nkdata.package import Resource
from nkdata.report import Finding
from nkdata.tableschema import format_value, parse_expr

LINE = "__line__"
_LAYER = ("pandera",)  # typing the CSV text is the first step of the pandera layer


@dataclass
class TypedTable:
    resource: Resource
    frame: pl.DataFrame | None  # typed, with a LINE column holding each row's CSV line number; None if unreadable
    findings: list[Finding]


def read_text(resource: Resource) -> pl.DataFrame:
    """The CSV as String columns (empty cells, quoted or not, as null), or PackageError when it is not UTF-8.

    Polars reads the file itself (memory-mapped, on every core); Python looks at the bytes only to say where
    a file that polars refuses stops being UTF-8."""
    try:
        return pl.read_csv(resource.path, infer_schema=False, has_header=True, null_values=[""],
                           raise_if_empty=False)
    except pl.exceptions.PolarsError:
        _check_utf8(resource)
        raise


def _check_utf8(resource: Resource) -> None:
    data = resource.path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PackageError(f"{resource.relpath} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
                           "save it as UTF-8", file=resource.relpath, line=line, rule="package.encoding") from None


def read_typed(resource: Resource, *, enums: bool = True) -> TypedTable:
    """Read and type a table; header mismatches and unparsable cells become findings."""
    try:
        text = read_text(resource)
    except pl.exceptions.PolarsError as exc:
        return TypedTable(resource, None, [shape_finding(resource, exc)])
    return type_text(resource, text, enums=enums)


def type_text(resource: Resource, text: pl.DataFrame, *, enums: bool = True) -> TypedTable:
    """Type the String cells of a table as its schema says; header mismatches and unparsable cells become
    findings. One query types every column; the cells that failed are looked up only when there are some."""
    file = resource.relpath
    expected = resource.field_names
    if text.columns != expected:
        return TypedTable(resource, None, [_header_finding(file, text.columns, expected)])
    columns, flags = zip(*(parse_expr(f, enums=enums) for f in resource.fields))
    typed = (text.lazy().select(*columns, pl.any_horizontal(flags).alias("__bad"))
             .with_row_index(LINE, offset=2).with_columns(pl.col(LINE).cast(pl.Int64)).collect())
    findings = []
    if typed.height and typed["__bad"].any():
        failed = text.with_row_index(LINE, offset=2).filter(typed["__bad"]).with_columns(
            flag.alias(f"__bad_{f['name']}") for flag, f in zip(flags, resource.fields))
        for f in resource.fields:
            for line, value in failed.filter(pl.col(f"__bad_{f['name']}")).select(LINE, f["name"]).iter_rows():
                findings.append(Finding(file, int(line), f["name"], "schema.type", value,
                                        f"{value!r} is not {format_value(f)}", layers=_LAYER))
    return TypedTable(resource, typed.select(LINE, *expected), findings)


def shape_finding(resource: Resource, exc: Exception) -> Finding:
    """Locate the first row whose cell count differs from the header (polars does not say which)."""
    with resource.path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows, [])
        for row in rows:
            if len(row) != len(header):
                return Finding(resource.relpath, rows.line_num, None, "schema.row_shape", None,
                               f"row has {len(row)} cells but the header has {len(header)}", layers=_LAYER)
    first = str(exc).strip().splitlines()[0]
    return Finding(resource.relpath, None, None, "schema.row_shape", None, f"the CSV cannot be parsed: {first}",
                   layers=_LAYER)


def _header_finding(file: str, got: list[str], expected: list[str]) -> Finding:
    missing = [c for c in expected if c not in got]
    extra = [c for c in got if c not in expected]
    if missing and extra and len(missing) == len(extra) == 1:
        msg = f"column {extra[0]!r} should be named {missing[0]!r}"
        column = missing[0]
    elif missing:
        msg, column = f"missing column(s) {', '.join(missing)}", missing[0]
    elif extra:
        msg, column = f"unexpected column(s) {', '.join(extra)}", extra[0]
    elif not got:
        msg, column = "the file is empty: it needs at least the header row", None
    else:
        msg, column = f"columns are out of order: expected {', '.join(expected)}", None
    if not got:
        msg, column = "the file is empty: it needs at least the header row", None
    return Finding(file, 1, column, "schema.header", None, msg, layers=_LAYER)
