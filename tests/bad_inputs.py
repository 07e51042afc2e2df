"""A catalogue of broken contributions: each a small change to a copy of the real package, as a contributor
editing in Excel, LibreOffice, Google Sheets or a text editor might send it, with the finding the validator
must report for it (file, line, column, rule) and its exit code.

Rows are addressed by their id, never by a fixed line number, so the catalogue follows the data as it grows.
`tests/test_bad_inputs.py` runs every case through the `nkdata validate` command.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
E, A, S, PL, C = "data/events.csv", "data/actors.csv", "data/sources.csv", "data/places.csv", "data/claims.csv"
ST, AG, DP = "data/statements.csv", "data/agreements.csv", "datapackage.json"


@dataclass(frozen=True)
class Where:
    """Where the finding must be: FILE; the line of the row whose first cell is ROW in the real data, or a fixed
    LINE, or the file's LAST line, or (none of them) some line of it; and COLUMN."""

    file: str
    row: str | None = None
    line: int | None = None
    column: str | None = None
    last: bool = False


@dataclass(frozen=True)
class BadInput:
    id: str
    what: str  # the contribution, in a contributor's words
    mutate: Callable[[Path], None]
    rule: str
    where: Where
    exit_code: int = 1
    corpus: bool = False  # validate with --corpus (the folder next to the package the mutation wrote)


def copy_package(target: Path) -> Path:
    for part in ("data", "schemas"):
        shutil.copytree(REPO / part, target / part)
    shutil.copy(REPO / DP, target / DP)
    return target


# -- reading and writing CSVs the way the package stores them (minimal quoting, LF) --

def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def line_of(root: Path, rel: str, row_id: str) -> int:
    """The CSV line a row starts on (1 is the header)."""
    reader = csv.reader(io.StringIO((root / rel).read_text(encoding="utf-8"), newline=""))
    start = 1
    for record in reader:
        if record and record[0] == row_id:
            return start
        start = reader.line_num + 1
    raise KeyError(f"{row_id} not in {rel}")


def first_id(rel: str, column: str | None = None, where: Callable[[dict], bool] = lambda row: True) -> str:
    """The id of the first row of REL (in the real data) that WHERE accepts."""
    rows = list(csv.DictReader(io.StringIO((REPO / rel).read_text(encoding="utf-8"), newline="")))
    return next(r for r in rows if where(r))[column or next(iter(rows[0]))]


def set_cell(rel: str, row_id: str, column: str, value: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        rows = _rows(root / rel)
        col = rows[0].index(column)
        for row in rows[1:]:
            if row[0] == row_id:
                row[col] = value
        _write(root / rel, rows)
    return mutate


def edit_rows(rel: str, fn: Callable[[list[list[str]]], list[list[str]]]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        _write(root / rel, fn(_rows(root / rel)))
    return mutate


def edit_bytes(rel: str, fn: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        (root / rel).write_bytes(fn((root / rel).read_bytes()))
    return mutate


def edit_descriptor(fn: Callable[[dict], None]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        descriptor = json.loads((root / DP).read_text(encoding="utf-8"))
        fn(descriptor)
        (root / DP).write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return mutate


def _resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def _drop_column(rows, name):
    i = rows[0].index(name)
    return [r[:i] + r[i + 1:] for r in rows]


def _swap_columns(rows, a, b):
    i, j = rows[0].index(a), rows[0].index(b)
    for r in rows:
        r[i], r[j] = r[j], r[i]
    return rows


def _latin1_line(data: bytes) -> bytes:
    """Re-encode the first line holding a non-ASCII character as Latin-1 (what a Windows editor saves)."""
    lines = data.split(b"\n")
    i = next(k for k, line in enumerate(lines) if any(b > 127 for b in line)
             and line.decode("utf-8").encode("latin-1", errors="ignore").decode("latin-1") == line.decode("utf-8"))
    lines[i] = lines[i].decode("utf-8").encode("latin-1")
    return b"\n".join(lines)


def _first_latin1_line(rel: str) -> int:
    data = (REPO / rel).read_bytes()
    for k, line in enumerate(data.split(b"\n")):
        text = line.decode("utf-8")
        if any(b > 127 for b in line) and text.encode("latin-1", errors="ignore").decode("latin-1") == text:
            return k + 1
    raise ValueError(rel)


EV = first_id(E, where=lambda r: r["date_end"] == r["date_start"] and r["date_precision"] == "day")
EV_RANGE = first_id(E, where=lambda r: r["date_end"] and r["date_end"] != r["date_start"])
_LINKED = {r["actor_id"] for r in csv.DictReader(io.StringIO((REPO / "data/event_actors.csv").read_text(
    encoding="utf-8"), newline=""))}
ACTOR_LINKED = first_id(A, where=lambda r: r["actor_id"] in _LINKED and not r["active_from"])
CLAIM = first_id(C, where=lambda r: bool(r["value"]))
PLACE = first_id(PL, where=lambda r: r["parent_id"] == "plc-azerbaijan" and bool(r["latitude"]))
STM = first_id(ST)
SRC = first_id(S)
UNQUOTED = next(line.split(",", 1)[0] for line in (REPO / E).read_text(encoding="utf-8").splitlines()[1:]
                if '"' not in line)  # a row whose cells need no quotes
LAST_EVENT = list(csv.reader(io.StringIO((REPO / E).read_text(encoding="utf-8"), newline="")))[-1][0]


def _quoted_link() -> tuple[str, str, str]:
    """(event id, source id, quote) of an event_sources row whose event has only this one source row."""
    rows = list(csv.DictReader(io.StringIO((REPO / "data/event_sources.csv").read_text(encoding="utf-8"),
                                           newline="")))
    count: dict[str, int] = {}
    for r in rows:
        count[r["event_id"]] = count.get(r["event_id"], 0) + 1
    r = next(r for r in rows if count[r["event_id"]] == 1 and r["quote"])
    return r["event_id"], r["source_id"], r["quote"]


QUOTED_EVENT, QUOTED_SOURCE, QUOTE = _quoted_link()


def _archive_and_misquote(root: Path) -> None:
    """Archive a text holding every quote of QUOTED_SOURCE (as a corpus folder beside the package), record its
    sha256 on the source, then change one quote so it no longer occurs in the archived text."""
    quotes = [row["quote"] for rel in ("data/event_sources.csv", "data/statement_sources.csv",
                                       "data/claim_sources.csv", "data/agreement_sources.csv")
              for row in csv.DictReader(io.StringIO((root / rel).read_text(encoding="utf-8"), newline=""))
              if row["source_id"] == QUOTED_SOURCE and row["quote"]]
    text = "Archived page.\n\n" + "\n".join(quotes) + "\n"
    corpus = root.parent / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "archived.txt").write_text(text, encoding="utf-8")
    set_cell(S, QUOTED_SOURCE, "sha256", hashlib.sha256(text.encode("utf-8")).hexdigest())(root)
    set_cell("data/event_sources.csv", QUOTED_EVENT, "quote", QUOTE.rstrip(".") + " and more words")(root)


def _far_end(rows):
    header = rows[0]
    rows[-1] = rows[-1][: len(header) - 2]
    return rows


CASES: list[BadInput] = [
    # encodings and the shape a spreadsheet gives a file
    BadInput("latin1", "saved as Latin-1 (Windows-1252) by an old editor", edit_bytes(A, _latin1_line),
             "package.encoding", Where(A, line=_first_latin1_line(A)), 2),
    BadInput("utf16", "saved as UTF-16 ('Unicode text' in Excel)",
             edit_bytes(E, lambda b: b.decode("utf-8").encode("utf-16")), "package.encoding", Where(E, line=1), 2),
    BadInput("bom", "Excel's 'CSV UTF-8' adds a byte-order mark", edit_bytes(E, lambda b: b"\xef\xbb\xbf" + b),
             "csv.bom", Where(E, line=1)),
    BadInput("crlf", "Windows line endings", edit_bytes(E, lambda b: b.replace(b"\n", b"\r\n")), "csv.line_endings",
             Where(E, line=1)),
    BadInput("semicolons", "a European-locale spreadsheet separates cells with semicolons",
             edit_bytes(E, lambda b: b.replace(b",", b";")), "csv.delimiter", Where(E, line=1)),
    BadInput("open-quote", "a quote opened in a text editor and never closed",
             lambda root: (root / E).write_text((root / E).read_text(encoding="utf-8").replace(
                 f"\n{UNQUOTED},", f'\n"{UNQUOTED},', 1), encoding="utf-8", newline=""), "csv.quote",
             Where(E, row=UNQUOTED)),
    BadInput("empty-file", "the file saved empty", edit_bytes(E, lambda b: b""), "schema.header", Where(E, line=1)),
    BadInput("header-only", "every row deleted, the header kept", edit_bytes(E, lambda b: b.split(b"\n", 1)[0] + b"\n"),
             "table.empty", Where(E, line=2)),
    BadInput("truncated", "the last line cut short (a copy interrupted)", edit_rows(E, _far_end), "schema.row_shape",
             Where(E, row=LAST_EVENT)),
    # columns
    BadInput("missing-column", "the note column deleted", edit_rows(E, lambda rows: _drop_column(rows, "note")),
             "schema.header", Where(E, line=1, column="note")),
    BadInput("extra-column", "a helper column added at the end",
             edit_rows(E, lambda rows: [r + (["remarks"] if i == 0 else [""]) for i, r in enumerate(rows)]),
             "schema.header", Where(E, line=1, column="remarks")),
    BadInput("renamed-column", "a column renamed", edit_rows(E, lambda rows: [["date_begin" if c == "date_start" else c
                                                                                for c in rows[0]]] + rows[1:]),
             "schema.header", Where(E, line=1, column="date_start")),
    BadInput("reordered-columns", "two columns swapped by drag and drop",
             edit_rows(E, lambda rows: _swap_columns(rows, "date_start", "date_end")), "schema.header",
             Where(E, line=1)),
    # dates
    BadInput("date-day-month-year", "a date typed as 31/10/2020", set_cell(E, EV, "date_start", "31/10/2020"),
             "schema.type", Where(E, row=EV, column="date_start")),
    BadInput("date-month-day-year", "a date typed as 10/31/2020", set_cell(E, EV, "date_start", "10/31/2020"),
             "schema.type", Where(E, row=EV, column="date_start")),
    BadInput("date-with-time", "a date saved with a time, 2020-10-31T00:00",
             set_cell(E, EV, "date_start", "2020-10-31T00:00"), "schema.type", Where(E, row=EV, column="date_start")),
    BadInput("date-excel-serial", "a date turned into an Excel serial number", set_cell(E, EV, "date_start", "44135"),
             "schema.type", Where(E, row=EV, column="date_start")),
    BadInput("date-impossible", "30 February", set_cell(E, EV, "date_start", "2021-02-30"), "schema.type",
             Where(E, row=EV, column="date_start")),
    BadInput("date-far-future", "a year typed as 2999", set_cell(ST, STM, "date", "2999-01-01"), "date.range",
             Where(ST, row=STM, column="date")),
    BadInput("date-end-before-start", "an end date before the start", set_cell(E, EV_RANGE, "date_end", "1988-01-02"),
             "date.order", Where(E, row=EV_RANGE, column="date_end")),
    BadInput("actor-outside-active-dates", "an actor dissolved before the event it takes part in",
             set_cell(A, ACTOR_LINKED, "active_to", "1988-01-01"), "actor.active",
             Where("data/event_actors.csv", column="actor_id")),
    # ids and keys
    BadInput("duplicate-id", "a row copied and pasted with its id",
             edit_rows(E, lambda rows: rows + [list(next(r for r in rows if r[0] == EV))]), "schema.primary_key",
             Where(E, last=True, column="event_id")),
    BadInput("id-pattern", "an id typed as evt-2", set_cell(E, EV, "event_id", "evt-2"), "schema.pattern",
             Where(E, row=EV, column="event_id")),
    BadInput("id-trailing-space", "a space left after an id", set_cell(E, EV, "event_id", EV + " "), "schema.pattern",
             Where(E, row=EV, column="event_id")),
    BadInput("id-nbsp", "a non-breaking space pasted from a web page into an id",
             set_cell(E, EV, "event_id", EV + "\u00a0"), "schema.pattern", Where(E, row=EV, column="event_id")),
    BadInput("place-own-ancestor", "a place made its own grandparent",
             set_cell(PL, "plc-azerbaijan", "parent_id", PLACE), "ref.cycle", Where(PL, row=PLACE, column="parent_id")),
    # vocabularies and numbers
    BadInput("enum", "an event type nobody defined", set_cell(E, EV, "event_type", "skirmish"), "schema.enum",
             Where(E, row=EV, column="event_type")),
    BadInput("enum-case", "a vocabulary value capitalised", set_cell(E, EV, "status", "Occurred"), "schema.enum",
             Where(E, row=EV, column="status")),
    BadInput("count-negative", "a negative casualty figure", set_cell(C, CLAIM, "value", "-5"), "schema.range",
             Where(C, row=CLAIM, column="value")),
    BadInput("count-not-integer", "a figure with decimals", set_cell(C, CLAIM, "value", "12.5"), "schema.type",
             Where(C, row=CLAIM, column="value")),
    BadInput("claim-low-best-high", "low above best above high",
             lambda root: (set_cell(C, CLAIM, "value_low", "900")(root), set_cell(C, CLAIM, "value_high", "1")(root)),
             "claim.range", Where(C, row=CLAIM)),
    BadInput("latitude-out-of-range", "latitude 139 for 39", set_cell(PL, PLACE, "latitude", "139.8"), "schema.range",
             Where(PL, row=PLACE, column="latitude")),
    BadInput("coordinates-swapped", "latitude and longitude swapped",
             lambda root: _swap_coordinates(root), "place.region", Where(PL, row=PLACE, column="latitude")),
    # text
    BadInput("quote-too-long", "a whole paragraph pasted as the quote", set_cell(ST, STM, "quote", "word " * 70),
             "schema.length", Where(ST, row=STM, column="quote")),
    BadInput("html", "HTML copied from a web page", set_cell(E, EV, "summary", "Shelling of <b>Stepanakert</b>."),
             "text.hygiene", Where(E, row=EV, column="summary")),
    BadInput("control-character", "a tab pasted into a summary", set_cell(E, EV, "summary", "Shelling of\tStepanakert."),
             "text.hygiene", Where(E, row=EV, column="summary")),
    BadInput("formula", "a cell that a spreadsheet would run as a formula",
             set_cell(E, EV, "summary", '=HYPERLINK("http://example.org","click")'), "text.hygiene",
             Where(E, row=EV, column="summary")),
    BadInput("url-javascript", "a javascript: link as a source url", set_cell(S, SRC, "url", "javascript:alert(1)"),
             "schema.pattern", Where(S, row=SRC, column="url")),
    BadInput("url-ftp", "an ftp link as a source url", set_cell(S, SRC, "url", "ftp://example.org/a.txt"),
             "schema.pattern", Where(S, row=SRC, column="url")),
    BadInput("quote-not-in-archived-source", "an evidence quote that its archived source does not contain",
             _archive_and_misquote, "evidence.not_in_source",
             Where("data/event_sources.csv", row=QUOTED_EVENT, column="quote"), corpus=True),
    BadInput("reused-retired-id", "a new row given an id that an earlier release retired",
             edit_bytes("data/retired_ids.csv", lambda b: b + f"{EV},events,0.2.0,withdrawn,,Test\n".encode()),
             "id.retired_reused", Where(E, row=EV, column="event_id")),
    # the descriptor, the schemas, the files
    BadInput("path-dotdot", "the descriptor pointed at ../",
             edit_descriptor(lambda d: _resource(d, "events").update(path="../events.csv")), "package.path_outside",
             Where(DP), 2),
    BadInput("path-absolute", "the descriptor pointed at an absolute path",
             edit_descriptor(lambda d: _resource(d, "events").update(path="/etc/passwd")), "package.path_outside",
             Where(DP), 2),
    BadInput("schema-invalid-json", "a schema file broken in a text editor",
             edit_bytes("schemas/events.schema.json", lambda b: b.replace(b"{", b"", 1)), "package.invalid_json",
             Where("schemas/events.schema.json"), 2),
    BadInput("missing-data-file", "a data file deleted", lambda root: (root / "data/claims.csv").unlink(),
             "package.missing_file", Where("data/claims.csv"), 2),
]


def _swap_coordinates(root: Path) -> None:
    rows = _rows(root / PL)
    lat, lon = rows[0].index("latitude"), rows[0].index("longitude")
    for row in rows[1:]:
        if row[0] == PLACE:
            row[lat], row[lon] = row[lon], row[lat]
    _write(root / PL, rows)


# a dangling reference in every table that points at another: the first reference column set to an id
# that does not exist
def _dangling_cases() -> list[BadInput]:
    descriptor = json.loads((REPO / DP).read_text(encoding="utf-8"))
    cases = []
    for res in descriptor["resources"]:
        schema = json.loads((REPO / res["schema"]).read_text(encoding="utf-8"))
        foreign = [fk for fk in schema.get("foreignKeys", []) if fk["reference"].get("resource")]
        if not foreign or not res["name"].endswith(("_actors", "_sources", "_parties", "_addressees", "_aliases",
                                                   "_roles")):
            continue
        fk = foreign[0]
        column = fk["fields"] if isinstance(fk["fields"], str) else fk["fields"][0]
        rel = res["path"]
        rows = _rows(REPO / rel)
        i = rows[0].index(column)
        target = rows[1][i]
        prefix = target.rsplit("-", 1)[0]
        missing = f"{prefix}-99999" if target[-1].isdigit() else f"{prefix}-does-not-exist"

        def mutate(root: Path, rel=rel, i=i) -> None:
            rows = _rows(root / rel)
            rows[1][i] = missing
            _write(root / rel, rows)

        cases.append(BadInput(f"dangling-{res['name']}", f"{res['name']} points at {missing}, which does not exist",
                              mutate, "ref.foreign_key", Where(rel, line=2, column=column)))
    return cases


CASES += _dangling_cases()
