"""The Frictionless layer: the reference implementation of the Data Package standard, run package-wide so
foreign keys across tables are checked. Its error types are mapped onto our rule ids so that a problem
found by Frictionless and by our own layers is reported once.

Frictionless needs about two seconds for the shipped data, more than all our layers together. Its verdict
depends only on the bytes it reads and its own version, so `nkdata build` records it in the descriptor
(`nkdata:frictionless`: the version and a digest of the descriptor and schemas, which in turn record every
data file's sha256) when Frictionless finds the package valid. `nkdata validate` reuses that verdict when the
digest, the installed Frictionless version and every data file's sha256 still match, and runs Frictionless
itself otherwise (or with --frictionless always).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys

from nkdata.package import DESCRIPTOR, DataPackage, open_package
from nkdata.report import Finding
from nkdata.validation.rules import severity

_CONSTRAINTS = {"required": "schema.required", "unique": "schema.unique", "enum": "schema.enum",
                "pattern": "schema.pattern", "minimum": "schema.range", "maximum": "schema.range",
                "minLength": "schema.length", "maxLength": "schema.length"}
_TYPES = {"type-error": "schema.type", "primary-key": "schema.primary_key", "foreign-key": "ref.foreign_key",
          "unique-error": "schema.unique", "missing-label": "schema.header", "extra-label": "schema.header",
          "incorrect-label": "schema.header", "duplicate-label": "schema.header", "blank-label": "schema.header",
          "extra-cell": "schema.row_shape", "missing-cell": "schema.row_shape", "blank-row": "schema.row_shape",
          "encoding-error": "package.encoding", "scheme-error": "package.missing_file",
          "source-error": "schema.row_shape", "format-error": "schema.row_shape", "hash-count": "package.hash",
          "byte-count": "package.hash"}


def _rule(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "constraint-error":
        match = re.search(r'constraint "(\w+)"', error.get("note", ""))
        return _CONSTRAINTS.get(match.group(1) if match else "", "schema.type")
    return _TYPES.get(kind, "frictionless.other")


def validate_package(package: DataPackage) -> list[Finding]:
    from frictionless import validate

    report = validate(str(package.root / DESCRIPTOR))
    findings = []
    for task in report.tasks:
        resource = package.resources.get(task.name)
        file = resource.relpath if resource else (task.place or task.name)
        for error in task.errors:
            e = error.to_dict()
            column = e.get("fieldName") or (e.get("fieldNames") or [None])[0] or e.get("label")
            value = e.get("cell")
            if value is None and e.get("fieldCells"):
                value = e["fieldCells"][0]
            if e.get("type") == "primary-key" and resource is not None:
                # Frictionless names no field for a repeated key: point at its first column, like our layer
                column = resource.primary_key[0]
                cells = dict(zip(resource.field_names, e.get("cells", [])))
                value = "|".join(str(cells.get(k)) for k in resource.primary_key)
            rule = _rule(e)
            sev = severity(rule)
            findings.append(Finding(file, e.get("rowNumber") or (1 if "label" in e else None), column, rule, value,
                                    e.get("note") or e.get("message", ""), sev, ("frictionless",)))
    for error in report.errors:  # package-level errors (bad descriptor)
        e = error.to_dict()
        findings.append(Finding(DESCRIPTOR, None, None, "frictionless.other", None,
                                e.get("message", ""), "error", ("frictionless",)))
    return findings


VERDICT = "nkdata:frictionless"


def digest(package: DataPackage) -> str:
    """sha256 of everything Frictionless reads but the data files: the descriptor (without the verdict; it
    records each data file's size and sha256) and the schema files."""
    hasher = hashlib.sha256(json.dumps({k: v for k, v in package.descriptor.items() if k != VERDICT},
                                       sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for res in package.resources.values():
        if res.schema_relpath != DESCRIPTOR:
            hasher.update((package.root / res.schema_relpath).read_bytes())
    return "sha256:" + hasher.hexdigest()


def installed_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("frictionless")
    except PackageNotFoundError:
        return None


def verdict(package: DataPackage) -> dict | None:
    """The verdict to record: Frictionless run now, or None when it finds anything."""
    if validate_package(package):
        return None
    return {"valid": True, "frictionless": installed_version(), "digest": digest(package)}


def recorded_verdict_applies(package: DataPackage) -> bool:
    """A recorded "valid" verdict covers this package as it is, provided its data files still have the
    sha256 the descriptor records (which the caller checks: every resource must record one)."""
    given = package.descriptor.get(VERDICT)
    return (isinstance(given, dict) and given.get("valid") is True
            and given.get("frictionless") == installed_version()
            and all(r.get("hash") for r in package.descriptor["resources"])
            and given.get("digest") == digest(package))


def start(package: DataPackage) -> subprocess.Popen:
    """Start the Frictionless layer in a child process, so it runs on the second core beside our layers."""
    return subprocess.Popen([sys.executable, "-m", "nkdata.validation.frictionless_layer", str(package.root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)


def collect(child: subprocess.Popen) -> list[Finding]:
    """The child's findings; a crash of the child becomes a finding, never a traceback."""
    out, err = child.communicate()
    if child.returncode != 0:
        last = (err.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        return [Finding(DESCRIPTOR, None, None, "frictionless.other", None,
                        f"the Frictionless layer failed: {last}", "error", ("frictionless",))]
    return [Finding(**{**d, "layers": tuple(d["layers"])}) for d in json.loads(out)]


if __name__ == "__main__":
    found = validate_package(open_package(sys.argv[1]))
    json.dump([vars(f) for f in found], sys.stdout)
