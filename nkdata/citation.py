"""Citations of the exact release, built from datapackage.json (title, version, created, contributors)."""

from __future__ import annotations

from nkdata.package import DataPackage

FORMATS = ("apa", "bibtex")


def _authors(package: DataPackage) -> list[str]:
    people = [c.get("title") for c in package.descriptor.get("contributors", []) if "author" in c.get("roles", [])]
    return [p for p in people if p] or ["nkdata contributors"]


def cite(package: DataPackage, fmt: str = "apa") -> str:
    title = package.descriptor.get("title", "nkdata")
    version, date = package.version, package.release_date
    authors = _authors(package)
    if fmt == "apa":
        return f"{' & '.join(authors)}. ({date.year}). {title} (Version {version}) [Data set]. Released {date.isoformat()}."
    if fmt == "bibtex":
        key = f"nkdata_{version.replace('.', '_')}"
        return (f"@misc{{{key},\n  author = {{{' and '.join('{' + a + '}' for a in authors)}}},\n"
                f"  title = {{{title}}},\n  year = {{{date.year}}},\n  version = {{{version}}},\n"
                f"  date = {{{date.isoformat()}}},\n  note = {{Data set, Python package nkdata}}\n}}")
    raise ValueError(f"unknown citation format {fmt!r}; choose from {', '.join(FORMATS)}")
