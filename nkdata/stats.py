"""Coverage of the data, so gaps are visible: rows per table, facts per month, per type and per source side.

Which tables count as facts, which column dates them and which columns are vocabularies is read from the
schemas (a fact table has a `<table>_sources` link table; its first required date column dates it, and a
source its publication date; enum columns are broken down), not listed here.
"""

from __future__ import annotations

import datetime as dt
import json

import polars as pl

from nkdata.package import DataPackage, open_package
from nkdata.reading import read_text


def _date_column(package: DataPackage, table: str) -> str | None:
    for f in package.resources[table].fields:
        if f.get("type") == "date" and f.get("constraints", {}).get("required"):
            return f["name"]
    return None


def _enum_columns(package: DataPackage, table: str) -> list[str]:
    return [f["name"] for f in package.resources[table].fields if f.get("constraints", {}).get("enum")]


def per_day(frame: pl.DataFrame, column: str, start: dt.date, end: dt.date) -> dict[str, int]:
    """Rows per day from START to END, days without any included (they are the gaps)."""
    days = pl.DataFrame({"day": pl.date_range(start, end, "1d", eager=True)})
    counts = (frame.select(pl.col(column).str.to_date("%Y-%m-%d", strict=False).alias("day"))
              .group_by("day").len())
    joined = days.join(counts, on="day", how="left").with_columns(pl.col("len").fill_null(0)).sort("day")
    return {d.isoformat(): n for d, n in joined.iter_rows()}


def gather(package: DataPackage, days: tuple[dt.date, dt.date] | None = None) -> dict:
    from nkdata.validation.integrity import fact_tables

    frames = {name: read_text(res) for name, res in package.resources.items()}
    out: dict = {"version": package.version, "rows": {n: f.height for n, f in frames.items()},
                 "per_month": {}, "per_value": {}}
    for table in [*fact_tables(package), "sources"]:
        frame = frames[table]
        column = "published" if table == "sources" else _date_column(package, table)
        if column and frame.height:
            months = (frame.select(pl.col(column).str.slice(0, 7).fill_null("undated").alias("month"))
                      .group_by("month").len().sort("month"))
            out["per_month"][table] = dict(months.iter_rows())
        for enum in _enum_columns(package, table):
            counts = frame.group_by(enum).len().sort(["len", enum], descending=[True, False])
            out["per_value"][f"{table}.{enum}"] = {str(k): v for k, v in counts.iter_rows()}
        if days and column and table != "sources":
            out.setdefault("per_day", {})[table] = per_day(frame, column, *days)
    return out


def _bar(n: int, top: int, width: int = 30) -> str:
    return "#" * max(1, round(width * n / top)) if n else ""


def to_text(stats: dict) -> str:
    lines = [f"nkdata {stats['version']}", "", "rows per table"]
    lines += [f"  {name:22} {n:7d}" for name, n in stats["rows"].items()]
    for table, months in stats["per_month"].items():
        lines += ["", f"{table} per month"]
        top = max(months.values(), default=0)
        lines += [f"  {m:8} {n:5d} {_bar(n, top)}" for m, n in months.items()]
    for table, days in stats.get("per_day", {}).items():
        empty = [d for d, n in days.items() if not n]
        lines += ["", f"{table} per day ({len(empty)} of {len(days)} days have none)"]
        lines += [f"  {d} {n:4d} {_bar(n, max(days.values()) or 1) if n else '-- gap'}" for d, n in days.items()]
    for column, values in stats["per_value"].items():
        lines += ["", f"{column}"]
        lines += [f"  {v:30} {n:5d}" for v, n in values.items()]
    return "\n".join(lines)


def coverage(path=None, fmt: str = "text", days: tuple[dt.date, dt.date] | None = None) -> str:
    stats = gather(open_package(path), days)
    return json.dumps(stats, indent=2, ensure_ascii=False) if fmt == "json" else to_text(stats)
