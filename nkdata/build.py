"""Everything derived from the tables and schemas, regenerated in one step: `nkdata build [--check]`.

That is the size and sha256 of each data file in `datapackage.json` (nkdata.fingerprints), the Frictionless
verdict for those files (nkdata.validation.frictionless_layer) and, in a checkout (where `docs/` exists), the
generated codebook `docs/codebook.md` (nkdata.codebook). `nkdata add` and `nkdata fmt` call it after writing,
and CI fails when a commit left anything stale.
"""

from __future__ import annotations

from pathlib import Path

from nkdata import codebook, fingerprints
from nkdata.package import DESCRIPTOR, DataPackage, open_package
from nkdata.validation import frictionless_layer


def stale(root: Path) -> list[str]:
    """The derived files that do not match the tables: their paths, relative to ROOT."""
    package = open_package(root)
    out = [f"{DESCRIPTOR} ({package.resources[name].relpath})" for name in fingerprints.stale(package)]
    given = package.descriptor.get(frictionless_layer.VERDICT)
    if not isinstance(given, dict) or given.get("digest") != frictionless_layer.digest(package):
        out.append(f"{DESCRIPTOR} ({frictionless_layer.VERDICT}: the Frictionless verdict)")
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
    if _record_verdict(package):
        written.append(f"{DESCRIPTOR} ({frictionless_layer.VERDICT})")
        package = open_package(root)
    target = package.root / codebook.PATH
    if target.parent.is_dir():
        text = codebook.markdown(package)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            write_atomic(target, text.encode("utf-8"))
            written.append(codebook.PATH)
    return written


def _record_verdict(package: DataPackage) -> bool:
    """Run Frictionless and record its verdict (or remove a stale one when it finds errors); True if the
    descriptor changed. Only a current verdict is kept: an unchanged package is not validated again."""
    import json

    from nkdata.canonical import write_atomic

    given = package.descriptor.get(frictionless_layer.VERDICT)
    if isinstance(given, dict) and given.get("digest") == frictionless_layer.digest(package) and \
            given.get("frictionless") == frictionless_layer.installed_version():
        return False
    found = frictionless_layer.verdict(package)
    descriptor = json.loads((package.root / DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor.pop(frictionless_layer.VERDICT, None)
    if found is not None:
        descriptor[frictionless_layer.VERDICT] = found
    if descriptor == package.descriptor:
        return False
    write_atomic(package.root / DESCRIPTOR, fingerprints.descriptor_text(descriptor).encode("utf-8"))
    return True

