"""Map Table Schema field types to polars dtypes and parse CSV text into them.

This is the single translation from the Frictionless Table Schemas to polars; the loader, the pandera
mapper and the hypothesis strategies all use it, so the three can never disagree about a column's type.
"""

from __future__ import annotations

import polars as pl

# Table Schema formats -> strftime formats (the 'default' formats of the spec).
_DEFAULT_FORMATS = {"date": "%Y-%m-%d", "time": "%H:%M:%S", "datetime": "%Y-%m-%dT%H:%M:%S"}
# A value must look like its format before it is parsed: chrono accepts '2020-1-5' for %m/%d, the spec does not.
_SHAPES = {"%Y-%m-%d": r"^\d{4}-\d{2}-\d{2}$", "%H:%M": r"^\d{2}:\d{2}$", "%H:%M:%S": r"^\d{2}:\d{2}:\d{2}$",
           "%Y-%m-%dT%H:%M": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$",
           "%Y-%m-%dT%H:%M:%S": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"}
_INTEGER = r"^[+-]?\d+$"
_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"


def field_format(field: dict) -> str | None:
    fmt = field.get("format", "default")
    return _DEFAULT_FORMATS.get(field.get("type", "string")) if fmt in ("default", None) else fmt


def enum_values(field: dict) -> list[str] | None:
    return field.get("constraints", {}).get("enum")


def polars_dtype(field: dict, *, enums: bool = True) -> pl.DataType:
    """The polars dtype a column is loaded as (enums as pl.Enum unless `enums=False`)."""
    kind = field.get("type", "string")
    if kind == "string":
        values = enum_values(field)
        return pl.Enum(values) if enums and values else pl.String()
    return {"date": pl.Date(), "time": pl.Time(), "datetime": pl.Datetime("us"), "integer": pl.Int64(),
            "number": pl.Float64(), "boolean": pl.Boolean()}[kind]


def parse_expr(field: dict, *, enums: bool = True) -> tuple[pl.Expr, pl.Expr]:
    """(typed value, parse-failed flag) expressions for a String column holding the CSV text of FIELD.

    Null input stays null and is not a failure; a non-null cell that does not parse is null and flagged.
    """
    col = pl.col(field["name"])
    kind = field.get("type", "string")
    if kind == "string":
        dtype = polars_dtype(field, enums=enums)
        value = col.cast(dtype, strict=False) if isinstance(dtype, pl.Enum) else col
    elif kind in ("date", "time", "datetime"):
        fmt = field_format(field)
        shape = _SHAPES.get(fmt)
        raw = {"date": col.str.to_date, "time": col.str.to_time, "datetime": col.str.to_datetime}[kind](
            fmt, strict=False)
        value = pl.when(col.str.contains(shape)).then(raw) if shape else raw
    elif kind == "integer":
        value = pl.when(col.str.contains(_INTEGER)).then(col.str.strip_prefix("+").cast(pl.Int64, strict=False))
    elif kind == "number":
        value = pl.when(col.str.contains(_NUMBER)).then(col.cast(pl.Float64, strict=False))
    elif kind == "boolean":
        value = col.replace_strict({"true": True, "false": False}, default=None, return_dtype=pl.Boolean)
    else:  # open_package refuses other types before we get here
        raise ValueError(f"unsupported type {kind}")
    failed = col.is_not_null() & value.is_null()
    return value.alias(field["name"]), failed.alias(field["name"])


def format_value(field: dict) -> str:
    kind = field.get("type", "string")
    return {"date": "a date YYYY-MM-DD that exists", "time": f"a time in the format {field_format(field)}",
            "datetime": f"a date-time in the format {field_format(field)}", "integer": "a whole number",
            "number": "a number", "boolean": "true or false"}.get(kind, "text")
