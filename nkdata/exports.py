"""Every table in the format a researcher's own tool opens: `nkdata export --format FMT OUTDIR`.

- parquet: one file per table, with the schema's types (Date, Int64, Float64, Enum);
- json: newline-delimited JSON, one file per table;
- sqlite: one database with each table's primary and foreign keys declared, so datasette or any SQL client
  shows the joins;
- duckdb: one database, keys declared likewise (except a table's references to itself, which DuckDB cannot
  defer);
- xlsx: one workbook, one sheet per table, every cell written as text exactly as in the CSV (Excel cannot
  turn an id into a number or a date into its serial), and nothing ever written as a formula.

`read_back` reads an export into the same typed DataFrames `nkdata.load_all` gives; the tests check that
every format round-trips. duckdb, xlsxwriter/openpyxl and pyarrow come with the `export` extra.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polars as pl

from nkdata import progress
from nkdata.errors import NkdataError
from nkdata.loading import load_all
from nkdata.package import DataPackage, Resource
from nkdata.tableschema import field_format, parse_expr, polars_dtype

FORMATS = ("parquet", "json", "sqlite", "duckdb", "xlsx")
_SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "BOOLEAN"}


def _create_table(res: Resource, sql_types: dict[str, str], deferred: str = "", self_references: bool = True) -> str:
    columns = [f'"{f["name"]}" {sql_types.get(f.get("type", "string"), "TEXT")}'
               + (" NOT NULL" if f.get("constraints", {}).get("required") else "") for f in res.fields]
    if res.primary_key:
        columns.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in res.primary_key) + ")")
    for fk in res.foreign_keys:
        if fk["resource"] == res.name and not self_references:
            continue
        columns.append("FOREIGN KEY (" + ", ".join(f'"{k}"' for k in fk["fields"]) + f') REFERENCES "{fk["resource"]}" ('
                       + ", ".join(f'"{k}"' for k in fk["ref_fields"]) + ")" + deferred)
    return f'CREATE TABLE "{res.name}" (\n  ' + ",\n  ".join(columns) + "\n)"


def _as_text(frame: pl.DataFrame, res: Resource, *, numbers: bool = False) -> pl.DataFrame:
    """Dates, times and enums written as the CSV writes them (numbers too, if NUMBERS)."""
    out = []
    for f in res.fields:
        kind, col = f.get("type", "string"), pl.col(f["name"])
        if kind in ("date", "time", "datetime"):
            out.append(col.dt.strftime(field_format(f)))
        elif kind == "string" or numbers:
            out.append(col.cast(pl.String))
        else:
            out.append(col)
    return frame.select(out)


def _order(package: DataPackage) -> list[str]:
    """Tables parents first, so that foreign keys can be enforced while inserting."""
    done: list[str] = []
    pending = list(package.resources)
    while pending:
        for name in pending:
            parents = {fk["resource"] for fk in package.resources[name].foreign_keys} - {name}
            if parents <= set(done):
                done.append(name)
                pending.remove(name)
                break
        else:  # a reference cycle between tables: keep the descriptor's order for the rest
            done += pending
            break
    return done


def export(package: DataPackage, fmt: str, outdir: Path) -> list[Path]:
    """Write every table of PACKAGE in format FMT into OUTDIR; a progress bar on a terminal (nkdata.progress)."""
    if fmt not in FORMATS:
        raise NkdataError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    sizes = {name: res.path.stat().st_size + 1 for name, res in package.resources.items()}
    with progress.bar(f"exporting {fmt}", 2 * sum(sizes.values())) as bar:
        bar.advance(0, "reading the tables")
        frames = load_all(package.root)
        bar.advance(sum(sizes.values()))
        outdir.mkdir(parents=True, exist_ok=True)

        def step(name: str) -> None:
            bar.advance(sizes[name], f"writing {name}")

        if fmt == "parquet":
            paths = [outdir / f"{name}.parquet" for name in frames]
            for path, (name, frame) in zip(paths, frames.items()):
                frame.write_parquet(path)
                step(name)
            return paths
        if fmt == "json":
            paths = [outdir / f"{name}.ndjson" for name in frames]
            for path, (name, frame) in zip(paths, frames.items()):
                _as_text(frame, package.resources[name]).write_ndjson(path)  # dates "2020-10-10", times "08:00"
                step(name)
            return paths
        if fmt == "sqlite":
            return [_sqlite(package, frames, outdir / "nkdata.sqlite", step)]
        if fmt == "duckdb":
            return [_duckdb(package, frames, outdir / "nkdata.duckdb", step)]
        return [_xlsx(package, frames, outdir / "nkdata.xlsx", step)]


def _fresh(path: Path) -> None:
    if path.exists():
        path.unlink()


def _sqlite(package: DataPackage, frames: dict[str, pl.DataFrame], path: Path, step) -> Path:
    _fresh(path)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys = ON")  # checked when the export commits (a parent row may come later)
        con.execute("BEGIN")
        for name in _order(package):
            res = package.resources[name]
            con.execute(_create_table(res, _SQL_TYPES, " DEFERRABLE INITIALLY DEFERRED"))
            frame = _as_text(frames[name], res)
            marks = ", ".join("?" for _ in frame.columns)
            con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', frame.iter_rows())
            step(name)
        con.execute("COMMIT")
    finally:
        con.close()
    return path


def _duckdb(package: DataPackage, frames: dict[str, pl.DataFrame], path: Path, step) -> Path:
    import duckdb

    _fresh(path)
    con = duckdb.connect(str(path))
    try:
        for name in _order(package):
            res = package.resources[name]
            # DuckDB checks keys row by row and cannot defer them: a table's references to itself (parent_id,
            # supersedes_id) are left undeclared there; SQLite declares them all
            con.execute(_create_table(res, {**_SQL_TYPES, "number": "DOUBLE", "integer": "BIGINT", "date": "DATE"},
                                      self_references=False))
            frame = _as_text(frames[name], res).with_columns(
                pl.col(f["name"]).str.to_date() for f in res.fields if f.get("type") == "date")
            con.register("incoming", frame)
            con.execute(f'INSERT INTO "{name}" SELECT * FROM incoming')
            con.unregister("incoming")
            step(name)
    finally:
        con.close()
    return path


def _xlsx(package: DataPackage, frames: dict[str, pl.DataFrame], path: Path, step) -> Path:
    import xlsxwriter

    _fresh(path)
    # never a formula, never a link: a cell starting with "=" stays the text it was
    with xlsxwriter.Workbook(path, {"strings_to_formulas": False, "strings_to_urls": False,
                                    "strings_to_numbers": False}) as book:
        for name in package.resources:
            sheet = book.add_worksheet(name[:31])
            frame = _as_text(frames[name], package.resources[name], numbers=True)
            sheet.write_row(0, 0, frame.columns)
            for r, row in enumerate(frame.iter_rows(), start=1):
                for c, value in enumerate(row):
                    if value is not None:
                        sheet.write_string(r, c, value)
            step(name)
    return path


def _numbers_as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Numbers back to the text the CSV holds (an integer without ".0")."""
    return frame.with_columns(pl.all().cast(pl.String))


def _typed(res: Resource, text: pl.DataFrame) -> pl.DataFrame:
    """String columns (as the CSV holds them) to the loader's types."""
    return text.select(parse_expr(f, enums=True)[0] for f in res.fields)


def read_back(package: DataPackage, fmt: str, outdir: Path) -> dict[str, pl.DataFrame]:
    """The typed tables from an export, for checking it."""
    out = {}
    schema = {name: {f["name"]: polars_dtype(f) for f in res.fields} for name, res in package.resources.items()}
    if fmt == "parquet":
        return {name: pl.read_parquet(outdir / f"{name}.parquet") for name in package.resources}
    if fmt == "json":
        for name in package.resources:
            path = outdir / f"{name}.ndjson"
            text = {c: (t if t in (pl.Int64, pl.Float64, pl.Boolean) else pl.String) for c, t in schema[name].items()}
            raw = pl.read_ndjson(path, schema=text) if path.stat().st_size else pl.DataFrame(schema=text)
            out[name] = _typed(package.resources[name], _numbers_as_text(raw))
        return out
    if fmt == "sqlite":
        with sqlite3.connect(outdir / "nkdata.sqlite") as con:
            for name, res in package.resources.items():
                rows = con.execute(f'SELECT * FROM "{name}"').fetchall()
                raw = pl.DataFrame(rows, schema={f["name"]: pl.String for f in res.fields}, orient="row",
                                   strict=False) if rows else pl.DataFrame(schema={f["name"]: pl.String
                                                                                  for f in res.fields})
                out[name] = _typed(res, _numbers_as_text(raw))
        return out
    if fmt == "duckdb":
        import duckdb

        con = duckdb.connect(str(outdir / "nkdata.duckdb"), read_only=True)
        try:
            for name, res in package.resources.items():
                rows = con.execute(f'SELECT * FROM "{name}"').fetchall()
                raw = pl.DataFrame([[None if v is None else str(v) for v in row] for row in rows], orient="row",
                                   schema={f["name"]: pl.String for f in res.fields})
                out[name] = _typed(res, raw)
        finally:
            con.close()
        return out
    if fmt == "xlsx":
        for name, res in package.resources.items():
            raw = pl.read_excel(outdir / "nkdata.xlsx", sheet_name=name[:31], engine="openpyxl",
                                infer_schema_length=0, raise_if_empty=False)
            raw = raw if raw.width else pl.DataFrame(schema={f["name"]: pl.String for f in res.fields})
            out[name] = _typed(res, raw.with_columns(pl.all().cast(pl.String)))
        return out
    raise NkdataError(f"unknown export format {fmt!r}")
