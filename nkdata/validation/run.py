"""Run every layer on a package and merge the findings into one report.

Order: open the package (unusable input stops here, exit 2); start Frictionless package-wide in a child
process, before anything heavy is imported here, so it runs on the second core; meanwhile read and type
each table, run pandera per table and the integrity rules across tables. Nothing is written anywhere.
"""

from __future__ import annotations

from pathlib import Path

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
    from nkdata import fingerprints
    from nkdata.reading import read_typed
    from nkdata.validation import integrity, pandera_layer
    from nkdata.validation.csv_format import check_format

    findings: list[Finding] = fingerprints.findings(package)
    frames = {}
    for name, resource in package.resources.items():
        shape, readable = check_format(resource, resource.path.read_bytes())
        findings += shape
        if not readable:
            continue  # a wrong delimiter or an open quote: reading the cells would only repeat it row by row
        table = read_typed(resource, enums=False)
        findings += table.findings
        if table.frame is not None:
            findings += pandera_layer.validate_table(resource, table.frame)
            frames[name] = table.frame
    findings += integrity.check_all(package, frames)
    if corpus is not None:
        from nkdata.validation import evidence

        findings += evidence.check(package, frames, corpus)
    return findings
