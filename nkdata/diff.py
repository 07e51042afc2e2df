"""What changed between two releases of the package: per table, the rows added, retired and changed.

`nkdata diff OLD NEW` compares two package folders, or two git refs of the repository it runs in. Rows are
matched by primary key; a changed row lists the columns whose cells differ. A row with an id that is gone
from NEW is "retired" when NEW's retired_ids records it (withdrawn or merged into another id) and "removed"
when it does not, which the project forbids (ids are never silently deleted); rows of link tables have no
id of their own and are simply listed as removed links. `--format markdown` writes the Data
section of a CHANGELOG entry.
"""

from __future__ import annotations

import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from nkdata.errors import NkdataError
from nkdata.package import DESCRIPTOR, DataPackage, open_package
from nkdata.reading import read_text


@dataclass
class TableDiff:
    table: str
    added: list[str] = field(default_factory=list)
    retired: list[tuple[str, str]] = field(default_factory=list)  # (id, how: withdrawn / merged into X)
    removed: list[str] = field(default_factory=list)  # ids gone without a retired_ids row (not allowed)
    unlinked: list[str] = field(default_factory=list)  # rows of a link table (no id of their own) gone
    changed: dict[str, list[str]] = field(default_factory=dict)  # id -> changed columns
    old_rows: int = 0
    new_rows: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.retired or self.removed or self.unlinked or self.changed)


@contextmanager
def _opened(where: str):
    """A package folder as is, or a git ref checked out (data, schemas, descriptor only) into a temporary folder."""
    path = Path(where)
    if path.exists():
        yield open_package(path)
        return
    with tempfile.TemporaryDirectory(prefix="nkdata-diff-") as tmp:
        archive = subprocess.run(["git", "archive", "--format=tar", where, DESCRIPTOR, "schemas", "data"],
                                 capture_output=True)
        if archive.returncode != 0:
            raise NkdataError(f"{where} is neither a package folder nor a git ref of this repository "
                              f"({archive.stderr.decode(errors='replace').strip()})")
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        yield open_package(tmp)


def _keyed(package: DataPackage, name: str) -> dict[str, dict]:
    res = package.resources[name]
    frame = read_text(res)
    key = res.primary_key or res.field_names
    return {"|".join(str(row[k]) for k in key): row for row in frame.iter_rows(named=True)}


def _retirements(package: DataPackage) -> dict[tuple[str, str], str]:
    if "retired_ids" not in package.resources:
        return {}
    out = {}
    for row in read_text(package.resources["retired_ids"]).iter_rows(named=True):
        how = f"merged into {row['merged_into']}" if row["reason"] == "merged" else "withdrawn"
        out[(row["table"], row["id"])] = f"{how} in {row['retired_in']}"
    return out


def compare(old: DataPackage, new: DataPackage) -> list[TableDiff]:
    retired = _retirements(new)
    out = []
    for name in list(new.resources) + [n for n in old.resources if n not in new.resources]:
        before = _keyed(old, name) if name in old.resources else {}
        after = _keyed(new, name) if name in new.resources else {}
        diff = TableDiff(name, old_rows=len(before), new_rows=len(after))
        diff.added = sorted(k for k in after if k not in before)
        res = new.resources.get(name) or old.resources[name]
        for k in sorted(k for k in before if k not in after):
            if len(res.primary_key) != 1:
                diff.unlinked.append(k)  # a link row has no id that could be cited or reused
            elif (name, k) in retired:
                diff.retired.append((k, retired[(name, k)]))
            else:
                diff.removed.append(k)
        for k in sorted(k for k in after if k in before):
            columns = [c for c in after[k] if before[k].get(c) != after[k][c]]
            if columns:
                diff.changed[k] = columns
        out.append(diff)
    return out


def diff(old: str, new: str) -> tuple[str, str, list[TableDiff]]:
    """(old version, new version, per-table differences) of two folders or git refs."""
    with _opened(old) as a, _opened(new) as b:
        return a.version, b.version, compare(a, b)


def _ids(ids: list[str], limit: int = 12) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def as_text(old_version: str, new_version: str, tables: list[TableDiff]) -> str:
    lines = [f"nkdata {old_version} -> {new_version}"]
    for t in tables:
        if t.empty:
            continue
        lines.append(f"{t.table}: {t.old_rows} -> {t.new_rows} rows; +{len(t.added)} added, "
                     f"{len(t.retired) + len(t.unlinked)} retired, {len(t.removed)} removed, {len(t.changed)} changed")
        if t.added:
            lines.append(f"  added: {_ids(t.added)}")
        for k, how in t.retired:
            lines.append(f"  retired: {k} ({how})")
        if t.removed:
            lines.append(f"  REMOVED WITHOUT RETIREMENT: {_ids(t.removed)}")
        if t.unlinked:
            lines.append(f"  link rows removed: {_ids(t.unlinked, 6)}")
        for k, columns in list(t.changed.items())[:12]:
            lines.append(f"  changed: {k} ({', '.join(columns)})")
        if len(t.changed) > 12:
            lines.append(f"  ... {len(t.changed) - 12} more changed rows")
    if len(lines) == 1:
        lines.append("no differences")
    return "\n".join(lines)


def as_markdown(old_version: str, new_version: str, tables: list[TableDiff]) -> str:
    """The Data section of a CHANGELOG entry."""
    lines = ["### Data", "", f"Compared with {old_version}:", "",
             "| table | rows | added | retired | changed |", "|---|---|---|---|---|"]
    for t in tables:
        if not t.empty:
            lines.append(f"| {t.table} | {t.old_rows} -> {t.new_rows} | {len(t.added)} | "
                         f"{len(t.retired) + len(t.removed) + len(t.unlinked)} | {len(t.changed)} |")
    lines.append("")
    for t in tables:
        for k, how in t.retired:
            lines.append(f"- {t.table}: {k} {how}.")
        if t.removed:
            lines.append(f"- {t.table}: removed without a retired_ids row (not allowed): {_ids(t.removed)}.")
        if t.unlinked:
            lines.append(f"- {t.table}: {len(t.unlinked)} link rows removed.")
        counts: dict[str, int] = {}
        for columns in t.changed.values():
            for c in columns:
                counts[c] = counts.get(c, 0) + 1
        if counts:
            lines.append(f"- {t.table}: corrected " + ", ".join(f"{c} ({n})" for c, n in sorted(counts.items())) + ".")
    return "\n".join(lines).rstrip() + "\n"
