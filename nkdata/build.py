"""Everything derived from the tables and schemas, regenerated in one step: `nkdata build [--check]`.

That is the size and sha256 of each data file in `datapackage.json` (nkdata.fingerprints) and, in a checkout
(where `docs/` exists), the generated codebook `docs/codebook.md` (nkdata.codebook). `nkdata add` and
`nkdata fmt` call it after writing, and CI fails when a commit left anything stale.
"""

from __future__ import annotations

from pathlib import Path

from nkdata import codebook, fingerprints
from nkdata.package import DESCRIPTOR, open_package


def stale(root: Path) -> list[str]:
    """The derived files that do not match the tables: their paths, relative to ROOT."""
    package = open_package(root)
    out = [f"{DESCRIPTOR} ({package.resources[name].relpath})" for name in fingerprints.stale(package)]
    target = package.root / codebook.PATH
    if target.parent.is_dir() and (not target.is_file()
                                   or target.read_text(encoding="utf-8") != codebook.markdown(package)):
        out.append(codebook.PATH)
    return out


def refresh(root: Path) -> list[str]:
    """Regenerate what is stale; returns what was written."""
    from nkdata.canonical import write_atomic

    written = []
    if fingerprints.record(root):
        written.append(DESCRIPTOR)
    package = open_package(root)
    target = package.root / codebook.PATH
    if target.parent.is_dir():
        text = codebook.markdown(package)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            write_atomic(target, text.encode("utf-8"))
            written.append(codebook.PATH)
    return written
