"""The file-level shape of a data CSV: what spreadsheets and editors do to a file on save.

Excel writes a byte-order mark and CRLF line endings, European Excel separates cells with semicolons, a text
editor can leave a quote unclosed (which silently glues the following lines into one cell), a careless edit
can cut a row short, and a careless delete can leave only the header. Each is reported once, on the line
where it starts, with what to do about it, instead of as the hundreds of follow-on errors it would cause.

Speed: a million-row file is not walked row by row in Python. One pass over the bytes (`scan`, in chunks,
also hashing when a fingerprint is to be checked) counts lines and commas; polars then parses the cells;
`shape_agrees` compares the two. Polars refuses a row with too many cells and fills a short one with nulls,
so when every row ends its own line and either the last column has no null or the commas outside cells add
up to exactly (cells - 1) per row, no row is short and no quoted cell spans lines. Only when that test fails
(or polars refuses the file) does `locate` walk the rows with the csv module to say where.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from nkdata.package import Resource
from nkdata.report import Finding

_LAYER = ("pandera",)  # reading the CSV is the first step of the pandera layer
_FIX = "save it as UTF-8 CSV with LF line endings, or run `nkdata fmt` to rewrite it"
_CHUNK = 1 << 24


@dataclass(frozen=True)
class FileScan:
    """What one pass over a file's bytes saw."""

    size: int
    sha256: str | None  # "sha256:<hex>", when asked for
    newlines: int
    commas: int
    ends_with_newline: bool
    bom: bool
    first_cr_line: int | None  # line of the first carriage return
    header: bytes  # the first line, without its line end


def scan(path: Path, *, digest: bool) -> FileScan:
    """Count lines and commas, find the first carriage return and, if DIGEST, hash the file: one pass."""
    hasher = hashlib.sha256() if digest else None
    size = newlines = commas = 0
    first_cr_line = None
    head = b""
    last = b""
    chunk = bytearray(_CHUNK)  # one buffer, refilled: fresh 16 MB objects would cost a page fault per 4 KB
    with path.open("rb") as handle:
        while n := handle.readinto(chunk):
            if hasher is not None:
                hasher.update(memoryview(chunk)[:n])
            if first_cr_line is None and (at := chunk.find(b"\r", 0, n)) >= 0:
                first_cr_line = newlines + chunk.count(b"\n", 0, at) + 1
            if len(head) < 65536 and b"\n" not in head:
                head += chunk[:min(n, 65536)]
            newlines += chunk.count(b"\n", 0, n)
            commas += chunk.count(b",", 0, n)
            size += n
            last = chunk[n - 1:n]
    header = head.split(b"\n", 1)[0].rstrip(b"\r")
    bom = header.startswith(b"\xef\xbb\xbf")
    return FileScan(size, "sha256:" + hasher.hexdigest() if hasher else None, newlines, commas, last == b"\n", bom,
                    first_cr_line, header[3:] if bom else header)


def whole_file(resource: Resource, facts: FileScan) -> tuple[list[Finding], bool]:
    """A byte-order mark, CRLF line ends, another delimiter; and whether the cells can be read at all."""
    file = resource.relpath
    findings = []
    if facts.bom:
        findings.append(Finding(file, 1, None, "csv.bom", None,
                                f"the file starts with a byte-order mark (as Excel's 'CSV UTF-8' writes); {_FIX}",
                                layers=_LAYER))
    if facts.first_cr_line is not None:
        line = facts.first_cr_line
        findings.append(Finding(file, line, None, "csv.line_endings", None,
                                f"line {line} ends in a carriage return (Windows CRLF line endings); {_FIX}",
                                layers=_LAYER))
    header = facts.header
    if header and b"," not in header and (b";" in header or b"\t" in header):
        sign = "semicolons" if b";" in header else "tabs"
        findings.append(Finding(file, 1, None, "csv.delimiter", None,
                                f"cells are separated by {sign}, not commas (a spreadsheet set to another locale); "
                                f"{_FIX}", layers=_LAYER))
        return findings, False
    return findings, True


def shape_agrees(facts: FileScan, text: pl.DataFrame) -> bool:
    """True when every row of TEXT (the cells polars read) sat on its own line with exactly one cell per column.

    Polars refuses rows with too many cells and fills the missing cells of a short row with nulls; so when
    the last column has no null, no row is short. Otherwise each row has at most width-1 separators, and their
    total equals (rows + header) * (width - 1) only if none has fewer (the commas inside cells subtracted).
    """
    if not text.width:
        return facts.size == 0
    lines = facts.newlines + (0 if facts.ends_with_newline or facts.size == 0 else 1)
    if lines != text.height + 1:
        return False  # a quoted cell spans lines, or blank lines were skipped
    if not text[text.columns[-1]].null_count():
        return True  # polars fills the cells missing from a short row with nulls, the last cell first
    inside = sum(name.count(",") for name in text.columns)
    if text.height:
        inside += text.select(pl.sum_horizontal(pl.col(pl.String).str.count_matches(",", literal=True).sum())).item()
    return facts.commas - inside == (text.height + 1) * (text.width - 1)


def locate(resource: Resource) -> tuple[list[Finding], bool]:
    """Walk the rows with the csv module to say where a quote runs on or a row has the wrong number of cells;
    and whether the cells can be read (not when a quote swallowed lines)."""
    file = resource.relpath
    data = resource.path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        return [], True  # reading reports the encoding, with the line of the first bad byte
    findings = []
    reader = csv.reader(io.StringIO(text, newline=""))
    width = None
    start = 1
    try:
        for record in reader:
            if reader.line_num - start > 0 and any("\n" in cell for cell in record):
                findings.append(Finding(file, start, None, "csv.quote", None,
                                        f"a quoted cell opened on line {start} runs on to line {reader.line_num}: "
                                        "a closing quote (\") is probably missing", layers=_LAYER))
                return findings, False
            width = len(record) if width is None else width
            if len(record) != width:  # a line cut short, or a comma too many
                findings.append(Finding(file, start, None, "schema.row_shape", None,
                                        f"row has {len(record)} cells but the header has {width}", layers=_LAYER))
            start = reader.line_num + 1
    except csv.Error as exc:
        findings.append(Finding(file, start, None, "csv.quote", None, f"the CSV cannot be parsed here: {exc}",
                                layers=_LAYER))
        return findings, False
    return findings, True


def empty_table(resource: Resource, text: pl.DataFrame) -> list[Finding]:
    """A header without rows, in a table that is expected to have rows."""
    if text.width and not text.height and not resource.may_be_empty:
        return [Finding(resource.relpath, 2, None, "table.empty", None,
                        "the file has its header but no rows: were they deleted by mistake?", severity="warning",
                        layers=_LAYER)]
    return []
