"""Integrity rules across rows and tables, in polars: keys, references, cycles, dates, provenance, text.

Which tables hold facts is read from the package, not listed here: a table is a fact table when a
`<thing>_sources` link table points at it. Each rule is a function registered as a table check (it needs
every column of one table, and runs as soon as that table is read) or a cross-table check (it reads only
keys, codes, dates and numbers, so the runner may drop the free-text columns of big tables before the
cross-table checks run, keeping memory near the size of the keys). Both get typed frames (enums as strings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import polars as pl

from nkdata.package import DataPackage, Resource
from nkdata.reading import LINE
from nkdata.report import Finding
from nkdata.validation.rules import severity

EARLIEST = dt.date(1988, 1, 1)
Frames = dict[str, pl.DataFrame]
Check = Callable[[DataPackage, Frames], Iterator[Finding]]
TABLE_CHECKS: list[Check] = []  # given one table at a time, with all its columns
CROSS_CHECKS: list[Check] = []  # given every table, free-text columns possibly dropped


def table_check(fn: Check) -> Check:
    TABLE_CHECKS.append(fn)
    return fn


def cross_check(fn: Check) -> Check:
    CROSS_CHECKS.append(fn)
    return fn


def _finding(resource: Resource, line, column, rule, value, message) -> Finding:
    return Finding(resource.relpath, None if line is None else int(line), column, rule,
                   None if value is None else str(value), message, severity(rule), ("integrity",))


def fact_tables(package: DataPackage) -> dict[str, str]:
    """Fact table name -> the link table that cites its sources (e.g. events -> event_sources)."""
    out = {}
    for name, res in package.resources.items():
        if not name.endswith("_sources"):
            continue
        targets = {fk["resource"] for fk in res.foreign_keys} - {"sources", name}
        for target in targets:
            out[target] = name
    return out


def _repeated(res: Resource, frame: pl.DataFrame, key: list[str], what: str) -> Iterator[Finding]:
    """Rows whose KEY columns repeat an earlier row; a row with an empty key cell is not compared.

    Keys are first compared by their 64-bit hashes, which is ten times faster than comparing the strings:
    distinct hashes prove distinct keys, and only the rows whose hash repeats have their keys compared."""
    keyed = frame.select(LINE, *key)
    if any(keyed[k].null_count() for k in key):
        keyed = keyed.filter(pl.all_horizontal(pl.col(key).is_not_null()))
    hashes = keyed.select(pl.struct(key).hash()).to_series()
    if hashes.n_unique() == hashes.len():
        return
    ordered = hashes.sort()
    repeated = ordered.filter(ordered == ordered.shift(1)).unique()
    suspects = keyed.filter(hashes.is_in(repeated.implode()))  # equal keys have equal hashes: the rest differ
    rule, column = ("schema.primary_key", key[0]) if what == "primary key" else ("schema.unique", key[-1])
    for row in suspects.filter(~pl.struct(key).is_first_distinct()).iter_rows(named=True):
        value = "|".join(str(row[k]) for k in key)
        yield _finding(res, row[LINE], column, rule, value, f"{what} ({', '.join(key)}) = {value} is repeated")


@table_check
def primary_keys(package, frames):
    """Each row has its own key, and every cell of it is filled: Table Schema makes primary-key fields required
    even where a schema forgets to say so (Frictionless reports an empty one as a primary-key error)."""
    for name, frame in frames.items():
        res = package.resources[name]
        if not res.primary_key:
            continue
        for column in (c for c in res.primary_key if frame[c].null_count()):
            for line in frame.filter(pl.col(column).is_null())[LINE]:
                yield _finding(res, line, column, "schema.primary_key", None,
                               f"{column} is part of the primary key ({', '.join(res.primary_key)}) and is empty")
        yield from _repeated(res, frame, res.primary_key, "primary key")


@table_check
def unique_keys(package, frames):
    """uniqueKeys (e.g. one source row per url), which Frictionless accepts but does not enforce."""
    for name, frame in frames.items():
        res = package.resources[name]
        for key in res.unique_keys:
            yield from _repeated(res, frame, key, "unique key")


@cross_check
def foreign_keys(package, frames):
    """Every reference names an existing row. References to the same key (events.event_id from four tables)
    are checked in one anti-join, so the referenced keys are hashed once rather than once per reference."""
    by_target: dict[tuple, list] = {}
    for name, frame in frames.items():
        for fk in package.resources[name].foreign_keys:
            if fk["resource"] in frames:
                by_target.setdefault((fk["resource"], tuple(fk["ref_fields"])), []).append((name, fk))
    for (target, ref_fields), references in by_target.items():
        width = len(ref_fields)
        keys = frames[target].select(pl.col(f).alias(f"__k{i}") for i, f in enumerate(ref_fields))
        asked = pl.concat([
            frames[name].select(pl.lit(i, pl.Int32).alias("__ref"), LINE,
                                *(pl.col(f).alias(f"__k{j}") for j, f in enumerate(fk["fields"])))
            .drop_nulls([f"__k{j}" for j in range(width)])
            for i, (name, fk) in enumerate(references)])
        missing = asked.join(keys, on=[f"__k{j}" for j in range(width)], how="anti", nulls_equal=False)
        for row in missing.sort("__ref", LINE).iter_rows(named=True):
            name, fk = references[row["__ref"]]
            value = "|".join(str(row[f"__k{j}"]) for j in range(width))
            yield _finding(package.resources[name], row[LINE], fk["fields"][0], "ref.foreign_key", value,
                           f"{value} not found in {target}.{', '.join(ref_fields)}")


@cross_check
def self_reference_cycles(package, frames):
    for name, frame in frames.items():
        res = package.resources[name]
        for fk in res.foreign_keys:
            if fk["resource"] != name or len(fk["fields"]) != 1:
                continue
            child, key = fk["fields"][0], fk["ref_fields"][0]
            links = frame.select(key, child, LINE).drop_nulls([key, child])
            parent_of = dict(zip(links[key], links[child]))
            line_of = dict(zip(links[key], links[LINE]))
            in_cycle: set = set()
            for start in parent_of:
                seen, node = [], start
                while node in parent_of and node not in seen and node not in in_cycle:
                    seen.append(node)
                    node = parent_of[node]
                if node in seen:
                    in_cycle.update(seen[seen.index(node):])
            for node in sorted(in_cycle):
                yield _finding(res, line_of[node], child, "ref.cycle", parent_of[node],
                               f"{key} {node} is its own ancestor through {child}")


@cross_check
def unsourced(package, frames):
    for fact, link in fact_tables(package).items():
        if fact not in frames or link not in frames:
            continue
        res = package.resources[fact]
        key = res.primary_key[0]
        link_key = next(fk["fields"][0] for fk in package.resources[link].foreign_keys if fk["resource"] == fact)
        cited = frames[link].select(pl.col(link_key).alias(key))
        for row in frames[fact].select(LINE, key).join(cited, on=key, how="anti").sort(LINE).iter_rows(named=True):
            yield _finding(res, row[LINE], key, "provenance.unsourced", row[key],
                           f"{fact} row {row[key]} cites no source: add a row to {link}")
    places = frames.get("places")
    if places is not None:
        bad = places.filter(pl.col("latitude").is_not_null() & pl.col("source_id").is_null())
        for row in bad.iter_rows(named=True):
            yield _finding(package.resources["places"], row[LINE], "source_id", "provenance.unsourced", None,
                           f"coordinates of {row['place_id']} are given without a source_id")


# The places in the conflict's region (these and everything under them) lie in the South Caucasus; a point
# outside this box is a typo or latitude and longitude swapped (39.8, 46.75 written as 46.75, 39.8).
REGION_ROOTS = {"plc-armenia", "plc-azerbaijan", "plc-nagorno-karabakh"}
REGION_BOX = {"latitude": (38.3, 42.0), "longitude": (43.4, 50.9)}


@cross_check
def places_in_region(package, frames):
    places = frames.get("places")
    if places is None:
        return
    parent_of = dict(places.select("place_id", "parent_id").iter_rows())

    def in_region(place: str) -> bool:
        seen = set()
        while place and place not in seen:
            if place in REGION_ROOTS:
                return True
            seen.add(place)
            place = parent_of.get(place)
        return False

    (lat_lo, lat_hi), (lon_lo, lon_hi) = REGION_BOX["latitude"], REGION_BOX["longitude"]
    located = places.filter(pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null())
    for row in located.iter_rows(named=True):
        lat, lon = row["latitude"], row["longitude"]
        if in_region(row["place_id"]) and not (lat_lo <= lat <= lat_hi and lon_lo <= lon <= lon_hi):
            swapped = lat_lo <= lon <= lat_hi and lon_lo <= lat <= lon_hi
            yield _finding(package.resources["places"], row[LINE], "latitude", "place.region", f"{lat}, {lon}",
                           f"{row['place_id']} lies in the South Caucasus, but ({lat}, {lon}) is outside it"
                           + ("; latitude and longitude look swapped" if swapped else ""))


@cross_check
def retired_ids(package, frames):
    """A retired id stays retired (never reused), and a merged one points at a row that exists."""
    retired = frames.get("retired_ids")
    if retired is None:
        return
    res = package.resources["retired_ids"]
    for row in retired.iter_rows(named=True):
        table = row["table"]
        if table not in package.resources or len(package.resources[table].primary_key) != 1:
            yield _finding(res, row[LINE], "table", "ref.foreign_key", table,
                           f"{table} is not a table of this package with a one-column id")
            continue
        key = package.resources[table].primary_key[0]
        frame = frames.get(table)
        if frame is None:
            continue
        reused = frame.filter(pl.col(key) == row["id"])
        for hit in reused.iter_rows(named=True):
            yield _finding(package.resources[table], hit[LINE], key, "id.retired_reused", row["id"],
                           f"{row['id']} was retired in {row['retired_in']} ({row['reason']}): a new row needs a new "
                           "id, so that citations of older releases keep pointing at one thing")
        target = row["merged_into"]
        if (row["reason"] == "merged") != (target is not None) or (
                target is not None and frame.filter(pl.col(key) == target).is_empty()):
            yield _finding(res, row[LINE], "merged_into", "retired.merged_into", target,
                           f"a merged id needs merged_into naming an existing {table} row; a withdrawn one has none")


@table_check
def unreviewed(package, frames):
    """Extracted candidates reach the tables only after a curator checked them (`extracted_reviewed`)."""
    for name, frame in frames.items():
        if "provenance" not in frame.columns:
            continue
        res = package.resources[name]
        key = res.primary_key[0]
        for row in frame.filter(pl.col("provenance") == "extracted").iter_rows(named=True):
            yield _finding(res, row[LINE], "provenance", "provenance.unreviewed", "extracted",
                           f"{name} row {row[key]} was proposed by nkdata extract and not reviewed: check it "
                           "against its source, then set provenance to extracted_reviewed")


def _date_columns(res: Resource) -> list[str]:
    return [f["name"] for f in res.fields if f.get("type") in ("date", "datetime")]


@table_check
def date_range(package, frames):
    release = package.release_date
    floored = set(fact_tables(package)) | {"sources"}
    for name, frame in frames.items():
        res = package.resources[name]
        for column in _date_columns(res):
            day = pl.col(column).cast(pl.Date)
            too_late = day > release
            too_early = (day < EARLIEST) if name in floored else pl.lit(False)
            rows = frame.filter(too_late | too_early).with_columns(day.alias("__day"))
            for row in rows.iter_rows(named=True):
                message = (f"{column} is after the release date {release}" if row["__day"] > release else
                           f"{column} is before {EARLIEST}, the start of the period the dataset covers")
                yield _finding(res, row[LINE], column, "date.range", row[column], message)


_FACT_DATES = {"events": ("date_start", pl.col("status") != "planned"), "statements": ("date", pl.lit(True)),
               "agreements": ("date_signed", pl.lit(True))}


@cross_check
def dated_after_source(package, frames):
    sources = frames.get("sources")
    if sources is None:
        return
    published = sources.select("source_id", pl.col("published").alias("__published")).drop_nulls()
    if published.is_empty():
        return
    for fact, link in fact_tables(package).items():
        if fact not in _FACT_DATES or fact not in frames or link not in frames:
            continue
        column, applies = _FACT_DATES[fact]
        key = package.resources[fact].primary_key[0]
        # Only a fact dated after the earliest publication can be late, and only a source published before
        # the latest fact can be too early for one: two cheap filters that usually leave a few rows to join.
        facts = frames[fact].filter(applies & (pl.col(column) > published["__published"].min()))
        if facts.is_empty():
            continue
        cited = published.filter(pl.col("__published") < facts[column].max())
        links = frames[link].select(key, "source_id").join(cited, on="source_id")
        late = (facts.select(LINE, key, column).join(links, on=key)
                .filter(pl.col(column) > pl.col("__published")).sort(LINE, "source_id"))
        for row in late.iter_rows(named=True):
            yield _finding(package.resources[fact], row[LINE], column, "date.after_source", row[column],
                           f"{fact} {row[key]} is dated {row[column]}, after source {row['source_id']} "
                           f"that reports it was published ({row['__published']})")


@cross_check
def role_periods(package, frames):
    statements, roles = frames.get("statements"), frames.get("actor_roles")
    if statements is None or roles is None:
        return
    res = package.resources["statements"]
    joined = statements.join(roles.select("role_id", "person_id", "start", "end"), left_on="speaker_role_id",
                             right_on="role_id")
    outside = joined.filter((pl.col("date") < pl.col("start")) | (pl.col("date") > pl.col("end")).fill_null(False))
    for row in outside.iter_rows(named=True):
        yield _finding(res, row[LINE], "date", "role.period", row["date"],
                       f"made on {row['date']} in office {row['speaker_role_id']}, held {row['start']} to "
                       f"{row['end'] or 'now'}")
    for row in joined.filter(pl.col("person_id") != pl.col("speaker_id")).iter_rows(named=True):
        yield _finding(res, row[LINE], "speaker_role_id", "role.holder", row["speaker_role_id"],
                       f"office {row['speaker_role_id']} is held by {row['person_id']}, not by speaker "
                       f"{row['speaker_id']}")


_ACTOR_LINKS = {"event_actors": ("events", "event_id", "date_start", "date_end"),
                "agreement_parties": ("agreements", "agreement_id", "date_signed", "date_signed")}


@cross_check
def actor_active(package, frames):
    actors = frames.get("actors")
    if actors is None:
        return
    spans = actors.select("actor_id", "active_from", "active_to").filter(
        pl.col("active_from").is_not_null() | pl.col("active_to").is_not_null())  # only these can be broken
    for link, (fact, key, start, end) in _ACTOR_LINKS.items():
        if link not in frames or fact not in frames:
            continue
        dates = frames[fact].select(key, pl.col(start).alias("__start"), pl.col(end).alias("__end"))
        joined = frames[link].join(spans, on="actor_id").join(dates, on=key)
        bad = joined.filter(((pl.col("__end") < pl.col("active_from")) | (pl.col("__start") > pl.col("active_to")))
                            .fill_null(False))
        for row in bad.iter_rows(named=True):
            yield _finding(package.resources[link], row[LINE], "actor_id", "actor.active", row["actor_id"],
                           f"{row['actor_id']} is active {row['active_from'] or '…'} to {row['active_to'] or '…'}, "
                           f"but {fact} {row[key]} is dated {row['__start']}")


def normalise_name(expr: pl.Expr) -> pl.Expr:
    """Case-, accent- and spacing-insensitive form of a name, for comparing aliases."""
    return (expr.str.normalize("NFKD").str.replace_all(r"\p{Mn}", "").str.to_lowercase()
            .str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars())


@table_check
def ambiguous_aliases(package, frames):
    aliases = frames.get("actor_aliases")
    if aliases is None:
        return
    keyed = aliases.with_columns(normalise_name(pl.col("alias")).alias("__norm"))
    shared = keyed.filter(pl.col("actor_id").n_unique().over("__norm") > 1).sort(LINE)
    for row in shared.iter_rows(named=True):
        others = sorted(set(keyed.filter(pl.col("__norm") == row["__norm"])["actor_id"]) - {row["actor_id"]})
        yield _finding(package.resources["actor_aliases"], row[LINE], "alias", "alias.ambiguous", row["alias"],
                       f"{row['alias']!r} also names {', '.join(others)}")


_CONTROL = r"[\x00-\x1f\x7f-\x9f]"
_HTML = r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>|&(#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z]+);"
_FORMULA = r"^[=+\-@]"
_EDGE_SPACE = r"^\s|\s$"


def free_text_columns(res: Resource) -> list[str]:
    """String columns without an enum or a pattern: where people type prose."""
    return [f["name"] for f in res.fields if f.get("type", "string") == "string"
            and not {"enum", "pattern"} & set(f.get("constraints", {}))]


_ANY_PROBLEM = "|".join(f"(?:{pattern})" for pattern in (_CONTROL, _HTML, _FORMULA, _EDGE_SPACE))


@table_check
def text_hygiene(package, frames):
    """One pass of one combined pattern over every free-text cell; only the cells it hits are told apart."""
    problems = [(_CONTROL, "a control character (tab, newline, ...)"), (_HTML, "an HTML tag or entity"),
                (_FORMULA, "a leading = + - or @ (spreadsheet formula injection)"),
                (_EDGE_SPACE, "leading or trailing whitespace (including non-breaking spaces)")]
    for name, frame in frames.items():
        res = package.resources[name]
        columns = free_text_columns(res)
        if not columns or not frame.height:
            continue
        hits = frame.filter(pl.any_horizontal(pl.col(c).str.contains(_ANY_PROBLEM) for c in columns))
        for column in columns if hits.height else ():
            for pattern, what in problems:
                for row in hits.filter(pl.col(column).str.contains(pattern)).iter_rows(named=True):
                    yield _finding(res, row[LINE], column, "text.hygiene", row[column][:80], f"{column} holds {what}")


def check_table(package: DataPackage, name: str, frame: pl.DataFrame) -> list[Finding]:
    return [finding for fn in TABLE_CHECKS for finding in fn(package, {name: frame})]


def check_across(package: DataPackage, frames: Frames) -> list[Finding]:
    return [finding for fn in CROSS_CHECKS for finding in fn(package, frames)]
