"""`nkdata add`: merge record files into the package, but only if the whole package is still valid after.

The record files are applied to a copy of the package in a temporary folder, one after another (each file's
handles are its own). The copy is validated with every layer; only a valid result is copied back, table by
table, each file replaced in one step. A dry run stops before copying back. Findings on rows that came from
a record file name the record file and the row's place in it, so a curator never has to search the CSVs.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from nkdata import fingerprints
from nkdata.build import refresh
from nkdata.canonical import canonical_bytes, canonical_frame, write_atomic
from nkdata.package import DESCRIPTOR, DataPackage, open_package
from nkdata.records import Plan, plan, read_record_file
from nkdata.report import Finding, Report


@dataclass
class Outcome:
    report: Report
    plans: list[tuple[str, Plan]] = field(default_factory=list)
    written: bool = False

    def summary(self) -> str:
        lines = []
        for file, p in self.plans:
            added = {t: rows for t, rows in p.new_rows.items() if rows}
            lines.append(f"{file}: " + (", ".join(f"{len(r)} {t}" for t, r in added.items()) or "nothing new"))
            for row, why in p.skipped:
                lines.append(f"  skipped {row.path} (line {row.line}): {why}")
            named = {h: i for h, i in p.ids.items() if not h.startswith("@@")}
            if named:
                lines.append("  ids: " + ", ".join(f"{h} -> {i}" for h, i in named.items()))
        return "\n".join(lines)


def _copy_package(package: DataPackage, dest: Path) -> DataPackage:
    shutil.copy2(package.root / DESCRIPTOR, dest / DESCRIPTOR)
    for res in package.resources.values():
        for rel in {res.relpath, res.schema_relpath}:
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(package.root / rel, target)
    return open_package(dest)


def _origins(package: DataPackage, frames: dict[str, pl.DataFrame], p: Plan, file: str) -> dict:
    """(data file, CSV line) -> 'FILE:LINE path' for every row added from the record file."""
    out = {}
    for name, rows in p.new_rows.items():
        if not rows or name not in frames:
            continue
        res = package.resources[name]
        ordered = canonical_frame(res, frames[name]).select(res.primary_key)
        line_of = {tuple(r): i + 2 for i, r in enumerate(ordered.iter_rows())}
        for row in rows:
            line = line_of.get(tuple(row.cells.get(c) for c in res.primary_key))
            if line is not None:
                out[(res.relpath, line)] = f"{file}:{row.line} {row.path}"
    return out


def add(path: str | Path | None, record_files: list[Path], *, dry_run: bool = False,
        frictionless: bool | str = "auto") -> Outcome:
    from nkdata.validation.run import validate

    package = open_package(path if path is not None else ".")
    with tempfile.TemporaryDirectory(prefix="nkdata-add-") as tmp:
        work = _copy_package(package, Path(tmp))
        outcome = Outcome(Report(str(package.root)))
        record_findings: list[Finding] = []
        origins: dict = {}
        for record in record_files:
            rows, findings = read_record_file(record, work)
            p = plan(work, rows, str(record))
            record_findings += findings + p.findings
            outcome.plans.append((str(record), p))
            if findings or p.findings:
                continue
            frames = p.frames(work)
            for name, frame in frames.items():
                res = work.resources[name]
                res.path.write_bytes(canonical_bytes(res, frame))
            origins.update(_origins(work, frames, p, str(record)))
        fingerprints.record(work.root)  # validation checks them
        if record_findings:
            outcome.report = Report.merge(str(package.root), record_findings, layers_run=("records",))
            return outcome
        report = validate(work.root, frictionless=frictionless)
        located = [replace(f, message=f"{f.message} (from {origins[(f.file, f.line)]})")
                   if (f.file, f.line) in origins else f for f in report.findings]
        outcome.report = Report(str(package.root), located, report.unusable, report.layers_run)
        if report.valid and not dry_run:
            for name, res in package.resources.items():
                new = work.resources[name].path.read_bytes()
                if new != res.path.read_bytes():
                    write_atomic(res.path, new)
            refresh(package.root)  # fingerprints and codebook of the new tables
            outcome.written = True
        return outcome

