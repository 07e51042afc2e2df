"""Run every layer on a package and merge the findings into one report.

Order: open the package (unusable input stops here, exit 2); start Frictionless package-wide in a child
process, before anything heavy is imported here, so it runs on the second core; meanwhile read and type
each table, run pandera per table and the integrity rules across tables. Nothing is written anywhere.
"""

from __future__ import annotations

from pathlib import Path

from nkdata import fingerprints
from nkdata.errors import PackageError
from nkdata.package import open_package
from nkdata.report import Finding, Report
from nkdata.validation import frictionless_layer
from nkdata.validation.rules import severity


def _unusable(where: str, exc: PackageError) -> Finding:
    return Finding(exc.file or where, exc.line, None, exc.rule, None, str(exc), severity(exc.rule), ("package",))


def validate(path: str | Path | None = None, *, frictionless: bool = True, corpus: str | Path | None = None
             ) -> Report:
    """Validate the package at PATH with every layer; with CORPUS, also check evidence quotes against the
    archived source texts in that folder (nkdata.validation.evidence)."""
    where = str(path) if path is not None else "installed nkdata package"
    try:
        package = open_package(path)
    except PackageError as exc:
        return Report.merge(where, [_unusable(where, exc)], unusable=True, layers_run=("package",))
    where = str(package.root) if path is not None else where
    child = frictionless_layer.start(package) if frictionless else None
    try:
        findings = _our_layers(package, Path(corpus) if corpus is not None else None)
    except PackageError as exc:
        if child is not None:
            child.kill()
            child.wait()
        return Report.merge(where, [_unusable(where, exc)], unusable=True, layers_run=("package",))
    layers = ["pandera", "integrity"]
    if child is not None:
        findings += frictionless_layer.collect(child)
        layers.insert(0, "frictionless")
    return Report.merge(where, findings, layers_run=tuple(layers))


def _our_layers(package, corpus: Path | None = None) -> list[Finding]:
    """Read each table once and run everything that needs its full rows right away; keep only what the
    cross-table rules read (every column unless it is free text), so memory stays near the size of the keys."""
    from concurrent.futures import ThreadPoolExecutor

    from nkdata.validation import csv_format, integrity, pandera_layer

    findings: list[Finding] = []
    frames = {}
    recorded = {r["name"]: r.get("hash") for r in package.descriptor["resources"]}
    with ThreadPoolExecutor(max_workers=1) as pool:  # hashing and counting bytes beside polars' parsing
        scans = {name: pool.submit(csv_format.scan, res.path, digest=recorded.get(name) is not None)
                 for name, res in package.resources.items()}
        for name, resource in package.resources.items():
            facts = scans[name].result()
            findings += fingerprints.check(package, name, facts)
            table, found = _read(resource, facts)
            findings += found
            if table is None:
                continue
            findings += pandera_layer.validate_table(resource, table)
            findings += integrity.check_table(package, name, table)
            frames[name] = table if corpus is not None else table.drop(integrity.free_text_columns(resource))
    findings += integrity.check_across(package, frames)
    if corpus is not None:
        from nkdata.validation import evidence

        findings += evidence.check(package, frames, corpus)
    return findings


def _read(resource, facts) -> tuple[pl.DataFrame | None, list[Finding]]:
    """The typed table (None if its cells cannot be read) and what reading it found."""
    import polars as pl

    from nkdata.reading import read_text, shape_finding, type_text
    from nkdata.validation import csv_format

    findings, readable = csv_format.whole_file(resource, facts)
    if not readable:
        return None, findings  # a wrong delimiter: reading the cells would only repeat it row by row
    try:
        text = read_text(resource)
    except pl.exceptions.PolarsError as exc:
        located, _ = csv_format.locate(resource)
        return None, findings + (located or [shape_finding(resource, exc)])
    if not csv_format.shape_agrees(facts, text):
        located, readable = csv_format.locate(resource)
        findings += located
        if not readable:
            return None, findings  # an open quote glued lines together: its cells are not the rows
    findings += csv_format.empty_table(resource, text)
    table = type_text(resource, text, enums=False)
    return table.frame, findings + table.findings
