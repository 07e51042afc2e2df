"""Citations of the exact release, built from datapackage.json (title, version, created, contributors)."""

from __future__ import annotations

from nkdata.package import DataPackage

FORMATS = ("apa", "bibtex", "cff", "ris")


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
    if fmt == "cff":  # Citation File Format, as GitHub and Zenodo read it
        names = "\n".join(f'  - name: "{a}"' for a in authors)
        return (f'cff-version: 1.2.0\nmessage: "If you use this dataset, please cite this exact release."\n'
                f'type: dataset\ntitle: "{title}"\nversion: {version}\ndate-released: {date.isoformat()}\n'
                f"authors:\n{names}\n" + (f"license: {_licence(package)}\n" if _licence(package) else ""))
    if fmt == "ris":  # RIS, for Zotero, EndNote and Mendeley
        lines = ["TY  - DATA", *(f"AU  - {a}" for a in authors), f"TI  - {title}", f"PY  - {date.year}",
                 f"DA  - {date.strftime('%Y/%m/%d')}", f"ET  - {version}", "M3  - Data set", "ER  - "]
        return "\n".join(lines)
    raise ValueError(f"unknown citation format {fmt!r}; choose from {', '.join(FORMATS)}")


def _licence(package: DataPackage) -> str | None:
    licences = package.descriptor.get("licenses") or []
    return licences[0].get("name") if licences else None
