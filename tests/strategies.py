"""Hypothesis strategies generated from the Table Schemas in schemas/*.schema.json.

`field_values(table, column)` gives CSV text for one column straight from its schema (enum -> one of its
values, pattern -> `st.from_regex`, type -> dates/times/numbers in range, free text -> unicode text that obeys
the text.hygiene rule), or None for a nullable column. `valid_packages()` builds whole packages parents-first,
with references drawn from generated parents and dates chosen to satisfy every integrity rule.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from hypothesis import strategies as st

from package_builder import Row, Rows, release_date, schema, table_names

RELEASE = release_date()
EARLIEST = dt.date(1988, 1, 1)
SCHEMAS = {t: schema(t) for t in table_names()}
FIELDS = {t: {f["name"]: f for f in s["fields"]} for t, s in SCHEMAS.items()}
_DEFAULT_FORMATS = {"date": "%Y-%m-%d", "time": "%H:%M:%S", "datetime": "%Y-%m-%dT%H:%M:%S"}

# Unicode names of the kind the dataset holds; free text mixes these with generated text.
UNICODE_NAMES = [
    "Stéphane Dujarric", "António Guterres", "Ստեփանակերտ", "Ханкенди", "Şuşa", "Əliyev", "Փաշինյան",
    "Степанакерт", "Ağdam", "Jeyhun Bayramov 'spokesperson'", "Zoë Müller-Łukasiewicz", "Test «quoted» name",
    "Ереван, 10 ноября", "Ñandú \"test\"",
]
# Free text: letters, marks, numbers, punctuation, symbols and the plain space. No control or format
# characters, no other whitespace, and no < or & so that no HTML tag or entity can appear.
_TEXT_ALPHABET = st.characters(categories=("L", "M", "N", "P", "S"), include_characters=" ",
                               exclude_characters="<>&")
# For patterns with negated classes such as [^\s]: printable, non-space characters only.
_PATTERN_ALPHABET = st.characters(categories=("L", "N", "P", "S"), codec="utf-8")
_FORMULA = "=+-@"


def hygienic(text: str) -> bool:
    return bool(text) and text == text.strip() and text[0] not in _FORMULA and not re.search(
        r"[\x00-\x1f\x7f-\x9f]", text)


def free_text(max_size: int = 60) -> st.SearchStrategy[str]:
    generated = st.text(_TEXT_ALPHABET, min_size=1, max_size=max_size).map(str.strip).filter(hygienic)
    return st.one_of(st.sampled_from(UNICODE_NAMES), generated)


def field_format(field: dict) -> str:
    fmt = field.get("format", "default")
    return _DEFAULT_FORMATS[field["type"]] if fmt in (None, "default") else fmt


def dates(lo: dt.date = EARLIEST, hi: dt.date = RELEASE) -> st.SearchStrategy[dt.date]:
    return st.dates(lo, hi)


def _required(field: dict) -> bool:
    return bool(field.get("constraints", {}).get("required"))


def value_strategy(field: dict) -> st.SearchStrategy[str]:
    """Non-null CSV text for FIELD, from its type and constraints."""
    c = field.get("constraints", {})
    kind = field.get("type", "string")
    if kind == "string":
        if "enum" in c:
            return st.sampled_from(c["enum"])
        if "pattern" in c:
            return st.from_regex(c["pattern"], fullmatch=True, alphabet=_PATTERN_ALPHABET)
        return free_text(min(60, c.get("maxLength", 60)))
    fmt = field_format(field) if kind in _DEFAULT_FORMATS else None
    if kind == "date":
        return dates().map(lambda d: d.strftime(fmt))
    if kind == "time":
        return st.times().map(lambda t: t.strftime(fmt))
    if kind == "datetime":
        return st.datetimes(dt.datetime.combine(EARLIEST, dt.time()),
                            dt.datetime.combine(RELEASE, dt.time(23, 59))).map(lambda t: t.strftime(fmt))
    if kind == "integer":
        return st.integers(c.get("minimum", -10**9), c.get("maximum", 10**9)).map(str)
    if kind == "number":
        return st.floats(c.get("minimum"), c.get("maximum"), allow_nan=False, allow_infinity=False,
                         allow_subnormal=False).map(repr)
    if kind == "boolean":
        return st.sampled_from(["true", "false"])
    raise ValueError(f"no strategy for type {kind}")


def field_values(table: str, column: str) -> st.SearchStrategy[str | None]:
    """CSV text for one column: never None when the schema says required, sometimes None otherwise."""
    field = FIELDS[table][column]
    values = value_strategy(field)
    if column == "provenance":  # unreviewed extracted rows are invalid by design (provenance.unreviewed)
        values = values.filter(lambda v: v != "extracted")
    return values if _required(field) else st.none() | values


def fmt(table: str, column: str, value) -> str | None:
    """A Python value as the CSV text of TABLE.COLUMN."""
    if value is None:
        return None
    field = FIELDS[table][column]
    if field.get("type") in ("date", "time", "datetime"):
        return value.strftime(field_format(field))
    return str(value)


def month_end(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _draw_row(draw, table: str, **fixed) -> Row:
    """One row: FIXED values (already CSV text or None), every other column drawn from its schema."""
    unknown = set(fixed) - set(FIELDS[table])
    if unknown:
        raise KeyError(f"{table}: unknown column(s) {sorted(unknown)}")
    return {name: fixed[name] if name in fixed else draw(field_values(table, name)) for name in FIELDS[table]}


def _ids(draw, table: str, column: str, n: int, taken=()) -> list[str]:
    pattern = FIELDS[table][column]["constraints"]["pattern"]
    ids = st.from_regex(pattern, fullmatch=True).filter(lambda v: v not in taken)
    return draw(st.lists(ids, min_size=n, max_size=n, unique=True))


def _maybe(draw, options: list, probability_none: float = 0.3):
    if not options or draw(st.floats(0, 1)) < probability_none:
        return None
    return draw(st.sampled_from(options))


def _event_dates(draw, bound: dt.date) -> dict:
    """date_start/date_end/date_precision/time_local/utc_offset consistent with each other, start <= bound."""
    precision = draw(st.sampled_from(FIELDS["events"]["date_precision"]["constraints"]["enum"]))
    d = draw(dates(EARLIEST, bound))
    start = end = None
    if precision == "month":
        start = d.replace(day=1)
        last = RELEASE if month_end(RELEASE) == RELEASE else RELEASE.replace(day=1) - dt.timedelta(days=1)
        if last >= start:
            end = month_end(draw(dates(start, last)))
    elif precision == "year":
        start = dt.date(d.year, 1, 1)
        last_year = RELEASE.year if (RELEASE.month, RELEASE.day) == (12, 31) else RELEASE.year - 1
        if last_year >= start.year:
            end = dt.date(draw(st.integers(start.year, last_year)), 12, 31)
    if end is None:  # minute or day, or a month/year that has not ended by the release date
        precision = precision if precision in ("minute", "day") else "day"
        start = d
        end = draw(dates(start, RELEASE))
    timed = precision == "minute"
    return {"date_start": start, "date_end": end, "date_precision": precision,
            "time_local": draw(st.times()) if timed else None,
            "utc_offset": draw(value_strategy(FIELDS["events"]["utc_offset"])) if timed else None}


def _covers(actor: dict, start: dt.date, end: dt.date) -> bool:
    return (actor["from"] is None or actor["from"] <= end) and (actor["to"] is None or actor["to"] >= start)


def _link_actors(draw, rows, table: str, key: dict, actors: list[dict], start, end) -> None:
    """Up to three (actor, role) links for one fact, drawn from the actors active over [start, end]."""
    eligible = [a["id"] for a in actors if _covers(a, start, end)]
    if eligible:
        roles = FIELDS[table]["role"]["constraints"]["enum"]
        pairs = draw(st.lists(st.tuples(st.sampled_from(eligible), st.sampled_from(roles)), max_size=3, unique=True))
        rows[table] += [_draw_row(draw, table, **key, actor_id=a, role=r) for a, r in pairs]


@st.composite
def valid_packages(draw, max_rows: int = 3) -> Rows:
    """A whole valid package (table -> rows of CSV text), built parents first."""
    rows: Rows = {t: [] for t in table_names()}
    n = lambda lo=1: draw(st.integers(lo, max_rows))  # noqa: E731

    # sources: their publication dates bound the dates of the facts they report
    published = {}
    for sid in _ids(draw, "sources", "source_id", n()):
        pub = draw(st.none() | dates()) if draw(st.booleans()) else draw(dates())
        published[sid] = pub
        row = _draw_row(draw, "sources", source_id=sid, published=fmt("sources", "published", pub))
        if row["url"] is not None:  # uniqueKeys: one source row per url
            row["url"] += f"#{sid}"
        rows["sources"].append(row)
    source_ids = list(published)

    def cite(fact_is_planned: bool = False):
        cited = draw(st.lists(st.sampled_from(source_ids), min_size=1, max_size=2, unique=True))
        bound = min([published[s] for s in cited if published[s] is not None], default=RELEASE)
        return cited, RELEASE if fact_is_planned else bound

    # actors: parents come earlier in the table, so parent_id never forms a cycle
    actors = []
    for i, aid in enumerate(_ids(draw, "actors", "actor_id", n(2))):
        start = draw(st.none() | st.dates(dt.date(1900, 1, 1), RELEASE))
        end = draw(st.none() | st.dates(start or dt.date(1900, 1, 1), RELEASE))
        actors.append({"id": aid, "from": start, "to": end})
        rows["actors"].append(_draw_row(draw, "actors", actor_id=aid, parent_id=_maybe(draw, [a["id"] for a in actors[:i]]),
                                        active_from=fmt("actors", "active_from", start),
                                        active_to=fmt("actors", "active_to", end)))
    actor_ids = [a["id"] for a in actors]

    # offices: start after 1988-01-01 (so a statement can be dated the day before), end optional
    roles = []
    for rid in _ids(draw, "actor_roles", "role_id", n()):
        start = draw(dates(EARLIEST + dt.timedelta(days=1), RELEASE))
        end = draw(st.none() | dates(start, RELEASE))
        person = draw(st.sampled_from(actor_ids))
        roles.append({"id": rid, "person": person, "start": start, "end": end})
        rows["actor_roles"].append(_draw_row(draw, "actor_roles", role_id=rid, person_id=person,
                                             organisation_id=draw(st.sampled_from(actor_ids)),
                                             start=fmt("actor_roles", "start", start),
                                             end=fmt("actor_roles", "end", end),
                                             source_id=draw(st.sampled_from(source_ids))))

    # places: coordinates only with a source
    place_ids = _ids(draw, "places", "place_id", n())
    for i, pid in enumerate(place_ids):
        lat = draw(field_values("places", "latitude"))
        rows["places"].append(_draw_row(draw, "places", place_id=pid, parent_id=_maybe(draw, place_ids[:i]),
                                        latitude=lat, source_id=draw(st.sampled_from(source_ids)) if lat else
                                        _maybe(draw, source_ids)))

    # events, their actors (active over the event) and sources (published no earlier than the event)
    events = []
    for eid in _ids(draw, "events", "event_id", n()):
        status = draw(field_values("events", "status"))
        cited, bound = cite(status == "planned")
        d = _event_dates(draw, bound)
        events.append(eid)
        rows["events"].append(_draw_row(draw, "events", event_id=eid, status=status,
                                        place_id=_maybe(draw, place_ids),
                                        **{k: fmt("events", k, v) for k, v in d.items()}))
        _link_actors(draw, rows, "event_actors", {"event_id": eid}, actors, d["date_start"], d["date_end"])
        rows["event_sources"] += [_draw_row(draw, "event_sources", event_id=eid, source_id=s) for s in cited]

    # agreements: signed no later than their sources, effective no earlier than signed
    agreements = []
    for gid in _ids(draw, "agreements", "agreement_id", n()):
        cited, bound = cite()
        signed = draw(dates(EARLIEST, bound))
        effective = draw(st.none() | st.datetimes(dt.datetime.combine(signed, dt.time()),
                                                  dt.datetime.combine(RELEASE, dt.time(23, 59))))
        rows["agreements"].append(_draw_row(
            draw, "agreements", agreement_id=gid, date_signed=fmt("agreements", "date_signed", signed),
            effective_local=fmt("agreements", "effective_local", effective),
            utc_offset=draw(value_strategy(FIELDS["agreements"]["utc_offset"])) if effective else None,
            supersedes_id=_maybe(draw, agreements), place_id=_maybe(draw, place_ids)))
        agreements.append(gid)
        _link_actors(draw, rows, "agreement_parties", {"agreement_id": gid}, actors, signed, signed)
        rows["agreement_sources"] += [_draw_row(draw, "agreement_sources", agreement_id=gid, source_id=s)
                                      for s in cited]

    # statements: dated within the speaker's office (if any) and no later than their sources
    statements = []
    for i, sid in enumerate(_ids(draw, "statements", "statement_id", n())):
        cited, bound = cite()
        usable = [r for r in roles if r["start"] <= min(bound, r["end"] or RELEASE)]
        role = draw(st.sampled_from(usable)) if usable and (i == 0 or draw(st.booleans())) else None
        if role:
            date = draw(dates(role["start"], min(bound, role["end"] or RELEASE)))
            speaker = role["person"]
        else:
            date, speaker = draw(dates(EARLIEST, bound)), draw(st.sampled_from(actor_ids))
        time = draw(st.none() | st.times())
        statements.append(sid)
        rows["statements"].append(_draw_row(
            draw, "statements", statement_id=sid, date=fmt("statements", "date", date),
            time_local=fmt("statements", "time_local", time),
            utc_offset=draw(value_strategy(FIELDS["statements"]["utc_offset"])) if time else None,
            speaker_id=speaker, speaker_role_id=role["id"] if role else None,
            on_behalf_of_id=_maybe(draw, actor_ids), event_id=_maybe(draw, events),
            agreement_id=_maybe(draw, agreements)))
        addressees = draw(st.lists(st.sampled_from(actor_ids), max_size=2, unique=True))
        rows["statement_addressees"] += [_draw_row(draw, "statement_addressees", statement_id=sid, actor_id=a)
                                         for a in addressees]
        rows["statement_sources"] += [_draw_row(draw, "statement_sources", statement_id=sid, source_id=s)
                                      for s in cited]

    # claims: value_low <= value <= value_high, period_start <= as_of
    for cid in _ids(draw, "claims", "claim_id", n()):
        value = draw(st.integers(0, 10**6))
        low = draw(st.none() | st.integers(0, value))
        high = draw(st.none() | st.integers(value, 2 * 10**6))
        as_of = draw(dates())
        period_start = draw(st.none() | dates(EARLIEST, as_of))
        cited, _ = cite()
        rows["claims"].append(_draw_row(
            draw, "claims", claim_id=cid, statement_id=draw(st.sampled_from(statements)),
            subject_actor_id=_maybe(draw, actor_ids), value=str(value), value_low=fmt("claims", "value_low", low),
            value_high=fmt("claims", "value_high", high), as_of=fmt("claims", "as_of", as_of),
            period_start=fmt("claims", "period_start", period_start), event_id=_maybe(draw, events)))
        rows["claim_sources"] += [_draw_row(draw, "claim_sources", claim_id=cid, source_id=s) for s in cited]

    # aliases: a unique trailing number keeps two actors from sharing an alias (alias.ambiguous) and one
    # owner from listing the same alias twice (uniqueKeys)
    for i, aid in enumerate(_ids(draw, "actor_aliases", "alias_id", n(0))):
        alias = f"{draw(free_text(40))} {i + 1}"
        rows["actor_aliases"].append(_draw_row(draw, "actor_aliases", alias_id=aid, alias=alias,
                                               actor_id=draw(st.sampled_from(actor_ids)),
                                               source_id=_maybe(draw, source_ids)))
    for i, pid in enumerate(_ids(draw, "place_aliases", "alias_id", n(0))):
        alias = f"{draw(free_text(40))} {i + 1}"
        rows["place_aliases"].append(_draw_row(draw, "place_aliases", alias_id=pid, alias=alias,
                                               place_id=draw(st.sampled_from(place_ids)),
                                               source_id=_maybe(draw, source_ids)))
    return rows
