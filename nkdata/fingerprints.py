"""The size and sha256 of every data file, recorded in `datapackage.json` (`bytes`, `hash`).

They make a release tamper-evident: `nkdata validate` reports a data file whose content no longer matches
what the descriptor recorded, so a silently edited copy (installed or downloaded) is noticed, and CI fails
when a change to the data was committed without `nkdata build`. Commands that write data files (`add`,
`fmt`) record the new fingerprints themselves.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from nkdata.package import DESCRIPTOR, DataPackage
from nkdata.report import Finding


def fingerprint(path: Path) -> dict:
    data = path.read_bytes()
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def stale(package: DataPackage) -> dict[str, tuple[dict, dict]]:
    """Resource name -> (recorded, actual) for every data file whose recorded fingerprint is wrong or missing."""
    out = {}
    recorded = {r["name"]: r for r in package.descriptor["resources"]}
    for name, res in package.resources.items():
        actual = fingerprint(res.path)
        given = {k: recorded[name].get(k) for k in ("bytes", "hash")}
        if given != actual:
            out[name] = (given, actual)
    return out


def check(package: DataPackage, name: str, actual) -> list[Finding]:
    """Table NAME's file changed since its fingerprint was recorded: ACTUAL has the file's `size` and `sha256`
    (a `csv_format.FileScan`, hashed only when a hash is recorded; files without one are not checked)."""
    given = next(r for r in package.descriptor["resources"] if r["name"] == name)
    if given.get("hash") is None or (given.get("bytes"), given["hash"]) == (actual.size, actual.sha256):
        return []
    res = package.resources[name]
    return [Finding(res.relpath, None, None, "package.hash", None,
                    f"{res.relpath} is not the file {DESCRIPTOR} describes ({given.get('bytes')} bytes, "
                    f"{given['hash'][:19]}...; now {actual.size} bytes, {actual.sha256[:19]}...): it "
                    "was changed after the release was built; if the change is meant, run `nkdata build`",
                    layers=("package",))]


def descriptor_text(descriptor: dict) -> str:
    """The descriptor as the package stores it: two-space indent, UTF-8, a final newline."""
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def record(root: Path) -> bool:
    """Write the current fingerprints into ROOT's descriptor (in one step); True if it changed."""
    from nkdata.canonical import write_atomic
    from nkdata.package import open_package

    package = open_package(root)
    if not stale(package):
        return False
    write_atomic(package.root / DESCRIPTOR, recorded(package).encode("utf-8"))
    return True


def recorded(package: DataPackage) -> str:
    """The descriptor text with every resource's current fingerprint."""
    descriptor = json.loads((package.root / DESCRIPTOR).read_text(encoding="utf-8"))
    for item in descriptor["resources"]:
        item.update(fingerprint(package.resources[item["name"]].path))
    return descriptor_text(descriptor)
