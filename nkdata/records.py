"""Record files: one YAML (or JSON) document that adds related rows to several tables at once.

A curator writes an event with its actors and sources in one place instead of editing five CSVs in lockstep.
Top-level keys are table names; rows use the schema's column names; child rows may be nested under their
parent under the child table's name (the reference to the parent is filled in). Serial ids (``src-00012``)
are never written by hand: a row names itself with a handle (``source_id: "@reuters-1004"``) and other rows
refer to that handle; `plan` gives each handle the next free id.

Rows that are already there are recognised rather than duplicated: a row whose uniqueKeys match an existing
row (a source's url, an actor's alias) resolves to that row; a re-listed actor or place whose given cells
agree with the existing row is skipped, and one that disagrees is an error. Everything is read as text
(YAML BaseLoader), so times such as 08:00 or dates never change type on the way in.

Problems are findings naming the record file, its line, the column and a `record.*` rule id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from nkdata.errors import PackageError
from nkdata.package import DataPackage, Resource
from nkdata.reading import read_text
from nkdata.report import Finding

RECORD_RULES: dict[str, str] = {
    "record.syntax": "the record file does not parse as YAML/JSON, or is not a mapping of tables to row lists",
    "record.table": "a key names no table of the package, or a nested list names no child of its parent",
    "record.column": "a row names a column its table does not have, or a cell is not plain text",
    "record.handle": "a handle is defined twice or used without being defined, or a serial id is written by hand",
    "record.conflict": "a re-listed existing row disagrees with the row already in the package",
}

_SERIAL = re.compile(r"^\^([a-z]+-)\[0-9\]\{(\d+),\}\$$")
HANDLE = "@"


@dataclass
class Row:
    """One row from the record file: its table, its cells (text or None) and where it was written."""

    table: str
    cells: dict[str, str | None]
    line: int | None
    path: str  # e.g. events[3].event_sources[0]


@dataclass
class Plan:
    """What adding a record file would do: new rows per table, handles resolved, rows recognised."""

    new_rows: dict[str, list[Row]] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)  # handle -> assigned or existing id
    skipped: list[tuple[Row, str]] = field(default_factory=list)  # (row, why)
    findings: list[Finding] = field(default_factory=list)

    def frames(self, package: DataPackage) -> dict[str, pl.DataFrame]:
        """Each changed table: its existing rows followed by the new ones, as String columns."""
        out = {}
        for name, rows in self.new_rows.items():
            if not rows:
                continue
            res = package.resources[name]
            new = pl.DataFrame([{c: r.cells.get(c) for c in res.field_names} for r in rows],
                               schema={c: pl.String for c in res.field_names})
            old = read_text(res)
            out[name] = pl.concat([old, new], how="vertical") if old.width else new
        return out


def serial_prefix(resource: Resource) -> tuple[str, int] | None:
    """('src-', 5) when the table's primary key is a generated serial id, else None (slugs, composite keys)."""
    if len(resource.primary_key) != 1:
        return None
    field_ = next(f for f in resource.fields if f["name"] == resource.primary_key[0])
    match = _SERIAL.match(field_.get("constraints", {}).get("pattern", ""))
    return (match.group(1), int(match.group(2))) if match else None


def read_record_file(path: Path, package: DataPackage) -> tuple[list[Row], list[Finding]]:
    """Parse PATH into flat rows (children carry their parent's key) or findings saying why not."""
    import yaml

    file = str(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise PackageError(f"cannot read record file {file}: {exc}", file=file, rule="record.syntax") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise PackageError(f"{file}:{line or '?'}: not valid YAML/JSON: {getattr(exc, 'problem', exc)}", file=file,
                           line=line, rule="record.syntax") from None
    rows: list[Row] = []
    findings: list[Finding] = []

    def bad(node, rule, message, column=None, value=None):
        findings.append(Finding(file, node.start_mark.line + 1, column, rule, value, message))

    if not isinstance(root, yaml.MappingNode):
        raise PackageError(f"{file}: the top level must map table names to lists of rows", file=file,
                           rule="record.syntax")

    def walk_rows(table: str, seq, path: str, parent: tuple[str, str | None] | None):
        if not isinstance(seq, yaml.SequenceNode):
            bad(seq, "record.syntax", f"{path} must be a list of rows")
            return
        res = package.resources[table]
        for i, item in enumerate(seq.value):
            where = f"{path}[{i}]"
            if not isinstance(item, yaml.MappingNode):
                bad(item, "record.syntax", f"{where} must be a mapping of column names to values")
                continue
            cells: dict[str, str | None] = {}
            children = []
            for key_node, value_node in item.value:
                key = key_node.value
                if key in res.field_names:
                    if not isinstance(value_node, yaml.ScalarNode):
                        bad(value_node, "record.column", f"{where}.{key} must be a single value", column=key)
                        continue
                    cells[key] = value_node.value if value_node.value != "" else None
                elif key in package.resources:
                    children.append((key, value_node))
                else:
                    bad(key_node, "record.column", f"{where}: table {table} has no column {key!r}", column=key)
            if parent is not None:
                cells[parent[0]] = parent[1]
            rows.append(Row(table, cells, item.start_mark.line + 1, where))
            for child, node in children:
                link = _parent_column(package.resources[child], table)
                if link is None:
                    bad(node, "record.table", f"{where}: {child} rows cannot be nested under {table} "
                                              f"(write them at the top level)")
                    continue
                own_key = cells.get(res.primary_key[0]) if len(res.primary_key) == 1 else None
                if own_key is None:
                    own_key = _anonymous_handle(where)
                    cells[res.primary_key[0]] = own_key
                walk_rows(child, node, f"{where}.{child}", (link, own_key))

    for key_node, value_node in root.value:
        if key_node.value not in package.resources:
            bad(key_node, "record.table", f"the package has no table {key_node.value!r}",
                value=key_node.value)
            continue
        walk_rows(key_node.value, value_node, key_node.value, None)
    return rows, findings


def _parent_column(child: Resource, parent: str) -> str | None:
    """The one column of CHILD that references PARENT (None when there is none, or more than one)."""
    links = [fk["fields"][0] for fk in child.foreign_keys if fk["resource"] == parent and len(fk["fields"]) == 1]
    return links[0] if len(links) == 1 else None


def _anonymous_handle(where: str) -> str:
    return f"{HANDLE}{HANDLE}{where}"  # "@@" cannot be written in a record: it never clashes with a real handle


def is_handle(value: str | None) -> bool:
    return isinstance(value, str) and value.startswith(HANDLE)


def plan(package: DataPackage, rows: list[Row], file: str) -> Plan:
    """Decide, table by table in package order (parents first), which rows are new and what ids they get."""
    result = Plan(new_rows={name: [] for name in package.resources})
    existing = {name: read_text(res) for name, res in package.resources.items()}

    def bad(row: Row, rule: str, column: str | None, value, message: str):
        result.findings.append(Finding(file, row.line, column, rule, value, f"{row.path}: {message}"))

    by_table: dict[str, list[Row]] = {name: [] for name in package.resources}
    for row in rows:
        by_table[row.table].append(row)

    defined: dict[str, Row] = {}
    rejected: set[int] = set()  # rows already reported; planning them would only echo the error
    for row in rows:
        res = package.resources[row.table]
        if len(res.primary_key) != 1:
            continue
        key = res.primary_key[0]
        value = row.cells.get(key)
        serial = serial_prefix(res)
        if serial and value is None:
            value = row.cells[key] = _anonymous_handle(row.path)
        if is_handle(value):
            if not serial:
                bad(row, "record.handle", key, value, f"{key} of {row.table} is written out (e.g. act-name), "
                                                      "not given a handle")
                rejected.add(id(row))
            elif value in defined:
                bad(row, "record.handle", key, value, f"handle {value} is already defined at "
                                                      f"{defined[value].path}")
                rejected.add(id(row))
            else:
                defined[value] = row

    for name, res in package.resources.items():
        serial = serial_prefix(res)
        next_number = _next_number(existing[name], res, serial)
        seen_keys: dict[tuple, dict[tuple, str]] = {tuple(k): _key_index(existing[name], k, res)
                                                    for k in res.unique_keys}
        pk = res.primary_key
        current_pks = _pk_index(existing[name], pk)
        for row in by_table[name]:
            if id(row) in rejected:
                continue
            _substitute(res, row, result.ids)
            # recognised by a unique key (a source's url, an alias) -> use the existing row
            match = next((index[tuple(row.cells.get(c) for c in key)] for key, index in seen_keys.items()
                          if all(row.cells.get(c) is not None and not is_handle(row.cells.get(c)) for c in key)
                          and tuple(row.cells.get(c) for c in key) in index), None)
            own = row.cells.get(pk[0]) if len(pk) == 1 else None
            if match is not None:
                if is_handle(own):
                    result.ids[own] = match
                result.skipped.append((row, f"already present as {match}"))
                continue
            if is_handle(own):
                new_id = f"{serial[0]}{next_number:0{serial[1]}d}"
                next_number += 1
                row.cells[pk[0]] = new_id
                result.ids[own] = new_id
            elif serial and own is not None and (own,) not in current_pks:
                bad(row, "record.handle", pk[0], own, f"{own} does not exist; new rows get their id from a handle "
                                                      f"(e.g. {pk[0]}: \"@my-name\")")
                continue
            pk_value = tuple(row.cells.get(c) for c in pk)
            if pk and pk_value in current_pks:
                conflict = _disagreement(current_pks[pk_value], row.cells)
                if conflict:
                    column, old, new = conflict
                    bad(row, "record.conflict", column, new,
                        f"{'|'.join(map(str, pk_value))} already exists with {column}={old!r}")
                else:
                    result.skipped.append((row, "already present"))
                continue
            result.new_rows[name].append(row)
            if pk:
                current_pks[pk_value] = row.cells
            for key, index in seen_keys.items():
                values = tuple(row.cells.get(c) for c in key)
                if None not in values:
                    index.setdefault(values, row.cells.get(pk[0]) if len(pk) == 1 else "|".join(values))
    for name, new in result.new_rows.items():
        res = package.resources[name]
        for row in new:
            _substitute(res, row, result.ids)
            for column in _reference_columns(res):
                value = row.cells.get(column)
                if is_handle(value):
                    what = (f"{column} refers to its parent, which was not added" if value.startswith(HANDLE * 2)
                            else f"handle {value} is not defined in this file")
                    bad(row, "record.handle", column, value, what)
    return result


def _reference_columns(res: Resource) -> list[str]:
    return sorted({c for fk in res.foreign_keys for c in fk["fields"]} | set(res.primary_key))


def _substitute(res: Resource, row: Row, ids: dict[str, str]) -> None:
    for column in _reference_columns(res):
        value = row.cells.get(column)
        if is_handle(value) and value in ids:
            row.cells[column] = ids[value]


def _next_number(frame: pl.DataFrame, res: Resource, serial) -> int:
    if not serial or not frame.height:
        return 1
    numbers = frame.get_column(res.primary_key[0]).str.extract(r"([0-9]+)$").cast(pl.Int64, strict=False)
    return int(numbers.max() or 0) + 1


def _key_index(frame: pl.DataFrame, key: list[str], res: Resource) -> dict[tuple, str]:
    if not frame.height:
        return {}
    pk = res.primary_key
    rows = frame.select(*key, *[c for c in pk if c not in key]).drop_nulls(key).iter_rows(named=True)
    return {tuple(r[c] for c in key): "|".join(str(r[c]) for c in pk) for r in rows}


def _pk_index(frame: pl.DataFrame, pk: list[str]) -> dict[tuple, dict]:
    if not pk or not frame.height:
        return {}
    return {tuple(r[c] for c in pk): r for r in frame.iter_rows(named=True)}


def _disagreement(old: dict, new: dict) -> tuple[str, str | None, str] | None:
    """The first column the record gives that differs from the existing row (omitted columns agree)."""
    for column, value in new.items():
        if value is not None and old.get(column) != value:
            return column, old.get(column), value
    return None
