"""Every rule id the validator can report, with its severity and what it means.

Ids are stable: contributors and CI scripts match on them. The codebook and the tests read this table;
a finding with an id missing here is a bug (a test checks it).
"""

RULES: dict[str, tuple[str, str]] = {
    # unusable input (exit 2)
    "package.missing_file": ("error", "the descriptor, a schema or a data file is missing"),
    "package.descriptor": ("error", "datapackage.json is not a usable data package descriptor"),
    "package.invalid_json": ("error", "a JSON file does not parse"),
    "package.schema": ("error", "a Table Schema is not usable (no fields, unknown type, bad primaryKey)"),
    "package.path_outside": ("error", "a path in the descriptor leaves the package (../ or absolute)"),
    "package.encoding": ("error", "a file is not UTF-8 text"),
    "package.hash": ("error", "a data file's size or sha256 differs from what datapackage.json records (changed "
                              "after the release was built, or `nkdata build` not run)"),
    # the file as a spreadsheet saved it
    "csv.bom": ("error", "a data file starts with a byte-order mark (Excel's 'CSV UTF-8')"),
    "csv.line_endings": ("error", "a data file has Windows (CRLF) line endings"),
    "csv.delimiter": ("error", "cells are separated by semicolons or tabs instead of commas"),
    "csv.quote": ("error", "a quoted cell is not closed, so it swallows the following lines"),
    "table.empty": ("warning", "a data file has its header but no rows (all its rows deleted?)"),
    # Table Schema constraints (Frictionless and pandera layers)
    "schema.header": ("error", "the header row does not list the schema's columns in order"),
    "schema.row_shape": ("error", "a row has more or fewer cells than the header, or the CSV does not parse"),
    "schema.type": ("error", "a cell does not parse as the column's type (e.g. an impossible date)"),
    "schema.required": ("error", "a required cell is empty"),
    "schema.unique": ("error", "a value that must be unique is repeated"),
    "schema.primary_key": ("error", "a primary key is repeated or has an empty cell"),
    "schema.enum": ("error", "a value is not in the column's vocabulary"),
    "schema.pattern": ("error", "a value does not match the column's pattern (ids, codes, urls)"),
    "schema.range": ("error", "a number is outside the column's minimum/maximum"),
    "schema.length": ("error", "a text is longer or shorter than allowed (quotes: at most 300 characters)"),
    # row rules (pandera cross-column checks)
    "date.order": ("error", "an end date is before its start date"),
    "date.precision": ("error", "dates or time do not fit the stated precision"),
    "time.offset_pair": ("error", "a local time is given without its UTC offset, or an offset without a time"),
    "claim.range": ("error", "a claim's value_low <= value <= value_high does not hold"),
    "agreement.effective_before_signed": ("error", "an agreement takes effect before the date it was signed"),
    # integrity rules across rows and tables
    "date.range": ("error", "a date is before 1988-01-01 (for facts and sources) or after the release date"),
    "date.after_source": ("error", "an occurred event or a statement is dated after a source that reports it"),
    "role.period": ("error", "a statement made in an office falls outside the office's dates"),
    "role.holder": ("error", "a statement's office belongs to someone other than its speaker"),
    "actor.active": ("error", "an actor takes part in an event or agreement outside its active dates"),
    "ref.foreign_key": ("error", "a reference to another row does not resolve"),
    "ref.cycle": ("error", "a self reference (parent, supersedes) forms a cycle"),
    "provenance.unsourced": ("error", "a fact row (or given coordinates) has no source"),
    "provenance.unreviewed": ("error", "a row proposed by `nkdata extract` was merged without review "
                                       "(provenance `extracted`)"),
    "place.region": ("error", "a place in Armenia, Azerbaijan or Nagorno-Karabakh has coordinates outside the "
                              "South Caucasus (often latitude and longitude swapped)"),
    "evidence.not_in_source": ("error", "with --corpus: an evidence quote does not occur in the archived text of "
                                        "its source"),
    "id.retired_reused": ("error", "a row takes an id listed in retired_ids (ids are never reused)"),
    "retired.merged_into": ("error", "a merged id in retired_ids lacks an existing merged_into row, or a withdrawn "
                                     "one has one"),
    "alias.ambiguous": ("warning", "one alias string names two different actors"),
    "frictionless.other": ("error", "any other problem Frictionless reports (its own error type is in the message)"),
    "text.hygiene": ("error", "text holds control characters, HTML remnants, a leading formula character "
                              "(= + - @) or leading/trailing spaces"),
}


def severity(rule: str) -> str:
    return RULES[rule][0]
