"""Find and open a data package: the descriptor, its resources and their Table Schemas.

The resource list in `datapackage.json` is the only list of tables; everything else reads it from here.
Paths are checked to stay inside the package before anything is opened, so a descriptor edited to point
at `../` or an absolute path is refused as unusable input rather than followed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from nkdata.errors import PackageError

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Resource:
    """One table: its name, CSV path, parsed Table Schema and where that schema lives."""

    name: str
    path: Path
    relpath: str
    schema: dict
    schema_relpath: str
    may_be_empty: bool = False  # "nkdata:mayBeEmpty" in the descriptor: no rows is normal (retired_ids)

    @property
    def fields(self) -> list[dict]:
        return self.schema["fields"]

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.schema["fields"]]

    @property
    def primary_key(self) -> list[str]:
        pk = self.schema.get("primaryKey", [])
        return [pk] if isinstance(pk, str) else list(pk)

    @property
    def unique_keys(self) -> list[list[str]]:
        """Table Schema v2 `uniqueKeys`: column sets that identify a row besides the primary key (sources by
        url, aliases by owner and alias). Frictionless accepts but does not enforce them; the integrity layer
        does, and `nkdata add` uses them to recognise a row that is already there."""
        return [_as_list(k) for k in self.schema.get("uniqueKeys", [])]

    @property
    def foreign_keys(self) -> list[dict]:
        """Foreign keys with the self reference ("") resolved to this table's name."""
        out = []
        for fk in self.schema.get("foreignKeys", []):
            ref = fk["reference"]
            out.append({"fields": _as_list(fk["fields"]), "resource": ref.get("resource") or self.name,
                        "ref_fields": _as_list(ref["fields"])})
        return out


@dataclass(frozen=True)
class DataPackage:
    root: Path
    descriptor: dict
    resources: dict[str, Resource]

    @property
    def version(self) -> str:
        return self.descriptor.get("version", "")

    @property
    def release_date(self) -> dt.date:
        """The release date: the date part of the descriptor's `created` timestamp."""
        created = self.descriptor.get("created")
        try:
            return dt.date.fromisoformat(str(created)[:10])
        except ValueError:
            raise PackageError(f"'created' must be an ISO 8601 timestamp, got {created!r}",
                               file=DESCRIPTOR, rule="package.descriptor") from None


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def default_root() -> Path:
    """The installed package's data (in the wheel) or, in a checkout, the repository root."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_package", here.parent):
        if (candidate / DESCRIPTOR).is_file():
            return candidate
    raise PackageError("no data package found next to the nkdata module; pass a path", rule="package.missing_file")


def _inside(root: Path, rel: object, what: str) -> tuple[Path, str]:
    if not isinstance(rel, str) or not rel:
        raise PackageError(f"{what} must be a relative path string, got {rel!r}", file=DESCRIPTOR,
                           rule="package.descriptor")
    pure = PurePosixPath(rel)
    if pure.is_absolute() or "\\" in rel or ".." in pure.parts or ":" in rel:
        raise PackageError(f"{what} {rel!r} points outside the package (only relative paths inside it are allowed)",
                           file=DESCRIPTOR, rule="package.path_outside")
    return root / pure, rel


def _read_json(path: Path, rel: str) -> dict:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise PackageError(f"file {rel} is missing", file=rel, rule="package.missing_file") from None
    except UnicodeDecodeError as exc:
        raise PackageError(f"{rel} is not UTF-8 ({exc.reason} at byte {exc.start})", file=rel,
                           rule="package.encoding") from None
    except json.JSONDecodeError as exc:
        raise PackageError(f"{rel} is not valid JSON: {exc.msg}", file=rel, line=exc.lineno,
                           rule="package.invalid_json") from None
    if not isinstance(data, dict):
        raise PackageError(f"{rel} must hold a JSON object", file=rel, rule="package.descriptor")
    return data


def _check_schema(schema: dict, rel: str) -> None:
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields or not all(isinstance(f, dict) and isinstance(f.get("name"), str)
                                                              for f in fields):
        raise PackageError(f"{rel} is not a Table Schema: 'fields' must be a non-empty list of named fields",
                           file=rel, rule="package.schema")
    names = [f["name"] for f in fields]
    for key in _as_list(schema.get("primaryKey", [])) + [k for keys in schema.get("uniqueKeys", [])
                                                          for k in _as_list(keys)]:
        if key not in names:
            raise PackageError(f"{rel}: primaryKey or uniqueKeys names unknown field {key!r}", file=rel,
                               rule="package.schema")
    known = {"string", "date", "time", "datetime", "integer", "number", "boolean"}
    for f in fields:
        if f.get("type", "string") not in known:
            raise PackageError(f"{rel}: field {f['name']!r} has unsupported type {f.get('type')!r}", file=rel,
                               rule="package.schema")


def open_package(path: str | Path | None = None) -> DataPackage:
    """Open the package at PATH (a folder or its datapackage.json); default: the installed data."""
    if path is None:
        root = default_root()
    else:
        p = Path(path)
        root = p.parent if p.name == DESCRIPTOR or p.suffix == ".json" else p
        if not root.is_dir():
            raise PackageError(f"{path} is not a folder or a datapackage.json", rule="package.missing_file")
    descriptor_path = root / DESCRIPTOR if path is None or Path(path).suffix != ".json" else Path(path)
    if not descriptor_path.is_file():
        raise PackageError(f"no {DESCRIPTOR} in {root}: not a data package", file=DESCRIPTOR,
                           rule="package.missing_file")
    descriptor = _read_json(descriptor_path, DESCRIPTOR)
    raw = descriptor.get("resources")
    if not isinstance(raw, list) or not raw:
        raise PackageError("'resources' must be a non-empty list", file=DESCRIPTOR, rule="package.descriptor")
    resources: dict[str, Resource] = {}
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise PackageError("every resource needs a 'name'", file=DESCRIPTOR, rule="package.descriptor")
        name = item["name"]
        data_path, data_rel = _inside(root, item.get("path"), f"resource {name!r} path")
        schema_ref = item.get("schema")
        if isinstance(schema_ref, dict):
            schema, schema_rel = schema_ref, DESCRIPTOR
        else:
            schema_path, schema_rel = _inside(root, schema_ref, f"resource {name!r} schema")
            schema = _read_json(schema_path, schema_rel)
        _check_schema(schema, schema_rel)
        if not data_path.is_file():
            raise PackageError(f"data file {data_rel} of table {name!r} is missing", file=data_rel,
                               rule="package.missing_file")
        resources[name] = Resource(name, data_path, data_rel, schema, schema_rel, item.get("nkdata:mayBeEmpty") is True)
    package = DataPackage(root, descriptor, resources)
    package.release_date  # noqa: B018 - refuse an unusable 'created' here, not halfway through validation
    return package
