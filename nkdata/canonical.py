"""The canonical text of a table: one CSV layout, so that diffs between releases show changes in data only.

Canonical means: UTF-8, LF line ends, the header in schema order, rows sorted by primary key (ids compared
by their number, so src-00010 follows src-00009 and src-100000 follows src-99999), empty cells for missing
values and quotes only where CSV needs them. Cells are handled as text throughout, so formatting cannot
change a value: the formatted table is read back and compared with the original before anything is written.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import polars as pl

from nkdata.errors import PackageError
from nkdata.package import DataPackage, Resource
from nkdata.reading import read_text


def sort_keys(resource: Resource) -> list[pl.Expr]:
    """Primary-key columns as (text before the trailing number, the number), nulls last."""
    keys = []
    for column in resource.primary_key:
        col = pl.col(column)
        keys += [col.str.replace(r"[0-9]+$", ""), col.str.extract(r"([0-9]+)$").cast(pl.Int64, strict=False), col]
    return keys


def canonical_frame(resource: Resource, frame: pl.DataFrame) -> pl.DataFrame:
    """FRAME (String columns) with the schema's column order and sorted rows."""
    frame = frame.select(resource.field_names) if frame.width else pl.DataFrame(
        schema={name: pl.String for name in resource.field_names})
    keys = sort_keys(resource)
    return frame.sort(keys, nulls_last=True, maintain_order=True) if keys else frame


def to_csv(frame: pl.DataFrame) -> bytes:
    return frame.write_csv(None, quote_style="necessary", line_terminator="\n", null_value="").encode("utf-8")


def canonical_bytes(resource: Resource, frame: pl.DataFrame | None = None) -> bytes:
    """The canonical CSV text of RESOURCE (or of FRAME, rows for RESOURCE given as String columns)."""
    original = read_text(resource) if frame is None else frame
    if original.width and original.columns != resource.field_names:
        raise PackageError(f"{resource.relpath}: the header does not match the schema (expected "
                           f"{', '.join(resource.field_names)}); fix it by hand first, nothing was changed",
                           file=resource.relpath, line=1, rule="schema.header")
    text = to_csv(canonical_frame(resource, original))
    back = pl.read_csv(io.BytesIO(text), infer_schema=False).with_columns(pl.all().replace("", None))
    if back.height != original.height or not back.equals(canonical_frame(resource, original)):
        raise PackageError(f"{resource.relpath}: formatting would change cell values; nothing was changed",
                           file=resource.relpath, rule="package.unusable")
    return text


def write_atomic(path: Path, data: bytes) -> None:
    """Replace PATH with DATA in one step: a crash leaves either the old or the new file, never half of one."""
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
        handle.write(data)
        temp = Path(handle.name)
    os.replace(temp, path)


def unformatted(package: DataPackage) -> dict[str, bytes]:
    """Resource name -> canonical text, for every table whose file is not already canonical."""
    out = {}
    for name, resource in package.resources.items():
        text = canonical_bytes(resource)
        if resource.path.read_bytes() != text:
            out[name] = text
    return out
