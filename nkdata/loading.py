"""Typed loading of tables for users: polars DataFrames with Date, Int64, Float64 and Enum columns.

Loading refuses data that does not type-check (naming file, line, column and rule) instead of returning
silently nulled cells; run `nkdata validate` for the full report.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from nkdata.errors import DataError, NkdataError
from nkdata.package import DataPackage, open_package
from nkdata.reading import LINE, read_typed


def load(name: str, path: str | Path | None = None, *, backend: str = "polars"):
    """Table NAME as a typed polars DataFrame, or with backend="pandas" a pandas DataFrame (needs the `pandas`
    extra: pip install 'nkdata[pandas]')."""
    return _convert(_load(open_package(path), name), backend)


def load_all(path: str | Path | None = None, *, backend: str = "polars") -> dict:
    package = open_package(path)  # opened once: its descriptor and schemas are read once, not per table
    return {name: _convert(_load(package, name), backend) for name in package.resources}


def _convert(frame: pl.DataFrame, backend: str):
    if backend == "pandas":
        return frame.to_pandas()
    if backend != "polars":
        raise NkdataError(f"backend must be 'polars' or 'pandas', not {backend!r}")
    return frame


def _load(package: DataPackage, name: str) -> pl.DataFrame:
    if name not in package.resources:
        raise NkdataError(f"unknown table {name!r}; valid tables: {', '.join(package.resources)}")
    table = read_typed(package.resources[name], enums=True)
    if table.findings:
        f = table.findings[0]
        more = f" (and {len(table.findings) - 1} more)" if len(table.findings) > 1 else ""
        where = f.file + (f":{f.line}" if f.line else "") + (f" [{f.column}]" if f.column else "")
        raise DataError(f"{where} {f.rule}: {f.message}{more}; run `nkdata validate` for the full report")
    return table.frame.drop(LINE)
