"""Run every layer on a package and merge the findings into one report.

Order: open the package (unusable input stops here, exit 2); start Frictionless package-wide in a child
process (on packages up to FRICTIONLESS_AUTO_MB unless asked otherwise), before anything heavy is imported
here, so it runs on the second core; meanwhile read and type each table, run pandera and the single-table
integrity rules on it, then the integrity rules across tables. Nothing is written anywhere.
"""

from __future__ import annotations

from pathlib import Path

from nkdata import fingerprints, progress
from nkdata.errors import PackageError
from nkdata.package import open_package
from nkdata.report import Finding, Report
from nkdata.validation import frictionless_layer
from nkdata.validation.rules import severity

FRICTIONLESS_AUTO_MB = 20  # auto runs Frictionless up to this much CSV (about ten seconds of its time)
PRELOAD_PANDERA_BYTES = 20_000_000


def _unusable(where: str, exc: PackageError) -> Finding:
    return Finding(exc.file or where, exc.line, None, exc.rule, None, str(exc), severity(exc.rule), ("package",))


def validate(path: str | Path | None = None, *, frictionless: bool | str = "auto",
             corpus: str | Path | None = None) -> Report:
    """Validate the package at PATH with every layer; with CORPUS, also check evidence quotes against the
    archived source texts in that folder (nkdata.validation.evidence).

    FRICTIONLESS: "always" (or True), "never" (or False), or "auto": run it when the data files total at most
    FRICTIONLESS_AUTO_MB, and otherwise say in the report that it was left out and why."""
    where = str(path) if path is not None else "installed nkdata package"
    try:
        package = open_package(path)
    except PackageError as exc:
        return Report.merge(where, [_unusable(where, exc)], unusable=True, layers_run=("package",))
    where = str(package.root) if path is not None else where
    run_frictionless, notes = _frictionless_policy(package, frictionless)
    recorded = run_frictionless and frictionless == "auto" and frictionless_layer.recorded_verdict_applies(package)
    child = frictionless_layer.start(package) if run_frictionless and not recorded else None
    try:
        findings = _our_layers(package, Path(corpus) if corpus is not None else None)
    except PackageError as exc:
        if child is not None:
            child.kill()
            child.wait()
        return Report.merge(where, [_unusable(where, exc)], unusable=True, layers_run=("package",))
    if recorded and any(f.rule == "package.hash" for f in findings):
        child = frictionless_layer.start(package)  # a file changed since the verdict: ask Frictionless now
    elif recorded:
        version = package.descriptor[frictionless_layer.VERDICT]["frictionless"]
        notes += (f"the Frictionless layer's verdict (valid, frictionless {version}) was recorded by `nkdata build` "
                  "for these very files (their sha256 match the descriptor); --frictionless always runs it again",)
    layers = ["pandera", "integrity"]
    if child is not None:
        findings += frictionless_layer.collect(child)
    if child is not None or recorded:
        layers.insert(0, "frictionless")
    return Report.merge(where, findings, layers_run=tuple(layers), notes=notes)


def _frictionless_policy(package, wanted: bool | str) -> tuple[bool, tuple[str, ...]]:
    """Whether to run the Frictionless layer, and the note that says why not when "auto" leaves it out.

    Frictionless checks a row at a time, so on a big package it takes minutes where our layers take seconds
    (benchmarks/README.md). Our layers check every constraint the Table Schemas declare
    (tests/test_frictionless_parity.py proves it on generated broken packages), so leaving it out loses no
    check: it is the reference implementation, run as a second opinion where it is cheap."""
    mode = {True: "always", False: "never"}.get(wanted, wanted)
    if mode not in ("auto", "always", "never"):
        raise ValueError(f"frictionless must be 'auto', 'always' or 'never', not {wanted!r}")
    if mode != "auto":
        return mode == "always", ()
    size = sum(res.path.stat().st_size for res in package.resources.values())
    if size <= FRICTIONLESS_AUTO_MB * 1_000_000:
        return True, ()
    return False, (f"the Frictionless layer was not run: the data files hold {size / 1e6:,.0f} MB, above the "
                   f"{FRICTIONLESS_AUTO_MB} MB up to which it runs by default (its row-by-row pass would take "
                   "minutes); the pandera and integrity layers check every constraint of the Table Schemas. Add "
                   "it with --frictionless always.",)


def _our_layers(package, corpus: Path | None = None) -> list[Finding]:
    """Read each table once and run everything that needs its full rows right away; keep only what the
    cross-table rules read (every column unless it is free text), so memory stays near the size of the keys."""
    from concurrent.futures import ThreadPoolExecutor

    from nkdata.validation import csv_format, integrity, pandera_layer

    findings: list[Finding] = []
    frames = {}
    sizes = {name: res.path.stat().st_size for name, res in package.resources.items()}
    if sum(sizes.values()) > PRELOAD_PANDERA_BYTES:
        pandera_layer.preload()  # a big package is rarely free of suspect rows
    hashed = {r["name"]: r.get("hash") is not None for r in package.descriptor["resources"]}
    across = sum(sizes.values()) // 5 + 1  # the cross-table rules take about a fifth of the time, in bar units
    with ThreadPoolExecutor(max_workers=1) as pool, progress.bar("validating", sum(sizes.values()) + across) as bar:
        scans = {name: pool.submit(csv_format.scan, res.path, digest=hashed.get(name, False))
                 for name, res in package.resources.items()}  # hashing and counting bytes beside polars' parsing
        for name, resource in package.resources.items():
            bar.advance(0, f"validating {name}")
            facts = scans[name].result()
            findings += fingerprints.check(package, name, facts)
            table, found = _read(resource, facts)
            findings += found
            if table is not None:
                findings += pandera_layer.validate_table(resource, table)
                findings += integrity.check_table(package, name, table)
                frames[name] = table if corpus is not None else table.drop(integrity.free_text_columns(resource))
            bar.advance(sizes[name])
        bar.advance(0, "checking across tables")
        findings += integrity.check_across(package, frames)
        bar.advance(across)
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
