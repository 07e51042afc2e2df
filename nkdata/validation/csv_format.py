"""The file-level shape of a data CSV, before any cell is read: what spreadsheets do to a file on save.

Excel writes a byte-order mark and CRLF line endings, European Excel separates cells with semicolons, a text
editor can leave a quote unclosed (which silently glues the following lines into one cell), and a careless
delete can leave only the header. Each is reported once, on the line where it starts, with what to do about
it, instead of as the hundreds of follow-on errors it would otherwise cause.
"""

from __future__ import annotations

import csv
import io

from nkdata.package import Resource
from nkdata.report import Finding

_LAYER = ("pandera",)  # reading the CSV is the first step of the pandera layer
_FIX = "save it as UTF-8 CSV with LF line endings, or run `nkdata fmt` to rewrite it"


def check_format(resource: Resource, data: bytes) -> tuple[list[Finding], bool]:
    """Findings about the file as a whole, and whether its cells can be read at all."""
    file = resource.relpath
    findings = []
    if data.startswith(b"\xef\xbb\xbf"):
        findings.append(Finding(file, 1, None, "csv.bom", None,
                                f"the file starts with a byte-order mark (as Excel's 'CSV UTF-8' writes); {_FIX}",
                                layers=_LAYER))
        data = data[3:]
    if b"\r" in data:
        line = data[: data.index(b"\r")].count(b"\n") + 1
        findings.append(Finding(file, line, None, "csv.line_endings", None,
                                f"line {line} ends in a carriage return (Windows CRLF line endings); {_FIX}",
                                layers=_LAYER))
    try:
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        return findings, True  # reading reports the encoding, with the line of the first bad byte
    header = text.split("\n", 1)[0]
    if header and "," not in header and (";" in header or "\t" in header):
        sign = "semicolons" if ";" in header else "tabs"
        findings.append(Finding(file, 1, None, "csv.delimiter", None,
                                f"cells are separated by {sign}, not commas (a spreadsheet set to another locale); "
                                f"{_FIX}", layers=_LAYER))
        return findings, False
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, width = 0, None
    try:
        start = 1
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
            rows += 1
            start = reader.line_num + 1
    except csv.Error as exc:
        findings.append(Finding(file, start, None, "csv.quote", None, f"the CSV cannot be parsed here: {exc}",
                                layers=_LAYER))
        return findings, False
    if rows == 1 and not resource.may_be_empty:
        findings.append(Finding(file, 2, None, "table.empty", None,
                                "the file has its header but no rows: were they deleted by mistake?",
                                severity="warning", layers=_LAYER))
    return findings, True
