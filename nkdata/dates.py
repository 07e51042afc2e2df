"""Find date expressions in a text and resolve them against the publication date.

News gives dates relative to its own day: "on Saturday", "on the 28th", "yesterday", "October 31" without a
year, "0:00 local time on the 18th". Each is resolved to a calendar date with an honest precision (day,
month or year), plus a clock time and UTC offset where the text gives them. Past is the default (news
reports what happened); a future cue in the same sentence ("will", "is scheduled to") looks forward instead.
Deterministic and offline: a small grammar of regular expressions, no model.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from nkdata.sentences import sentence_at, sentences

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_FULL_MONTH = "|".join(calendar.month_name[1:])
_BARE_MONTH = "|".join(m for m in calendar.month_name[1:] if m not in ("May", "March"))
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19[89]\d|20[0-4]\d))"
_FUTURE = re.compile(r"\b(will|would|is to|are to|scheduled|planned|plans to|next|upcoming|expected to)\b", re.I)
_NAMED_OFFSETS = {"moscow": "+03:00", "baku": "+04:00", "yerevan": "+04:00", "stepanakert": "+04:00",
                  "new york": "-04:00", "gmt": "+00:00", "utc": "+00:00"}
_LOCAL_PLACES = re.compile(r"\b(armenia|azerbaijan|karabakh|naka|baku|yerevan|stepanakert|ganja|tartar|terter|"
                           r"barda|shusha|shushi|martuni|hadrut)\w*", re.I)

# (name, pattern); tried in this order, and a span already taken by an earlier match is skipped
PATTERNS = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("month_day_year", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)),
    ("day_month_year", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?![:\d])", re.I)),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b", re.I)),
    ("month_year", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("day_of_month", re.compile(r"\b(?:(?P<by>by|until|till|to)\s+|on\s+)?the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)"
                                r"(?:\s+of\s+(?P<which>last|this|next)\s+month)?\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I)),
    ("relative", re.compile(r"\b(?P<rel>yesterday|today|tomorrow|last night|this morning|tonight)\b", re.I)),
    ("relative_period", re.compile(r"\b(?:earlier |later )?(?P<which>this|last|next) (?P<unit>month|year)\b", re.I)),
    # a month alone: after a preposition, or capitalised (never "May" or "March" alone: verbs too)
    ("month", re.compile(r"\b(?:(?:in|since|by|until|till|during|from|through|of|early|late|mid|end of)[\s-]+)"
                         rf"(?P<month>{_FULL_MONTH})\b(?![\s-]*\d)|\b(?P<bare>{_BARE_MONTH})\b(?![\s-]*\d)")),
    ("year", re.compile(rf"\b(?:in\s+|since\s+)?{_YEAR}\b(?![-/]\d)")),
]
_TIME = re.compile(r"\b(?:at\s+)?(?:about\s+|around\s+)?(?P<h>[0-2]?\d)(?::(?P<m>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?"
                   r"(?=\s*(?:\(|local|moscow|baku|yerevan|gmt|utc|hours|o'clock|on\s|a\.?m|p\.?m|,|\.|$))", re.I)
_OFFSET = re.compile(r"\(?(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?\)?|"
                     r"(?P<named>moscow|baku|yerevan|new york)\s+time|(?P<local>local time)", re.I)

_BARE_TIME = re.compile(r"\b(?P<time>[0-2]?\d:[0-5]\d\s*(?:a\.?m\.?|p\.?m\.?)?\s+(?:local|moscow|baku|yerevan) time)\b", re.I)


# dates that point back to the date mentioned just before them: (pattern, shift in days)
ANAPHORA = [(re.compile(r"\b(?:on\s+)?the same day\b|\bthat (?:same )?day\b|\b(?:earlier|later) (?:in|on) (?:the|that) "
                        r"day\b", re.I), 0),
            (re.compile(r"\b(?:on\s+)?the (?:next|following) (?:day|morning|evening|night)\b|\b(?:a|one) day later\b",
                        re.I), 1),
            (re.compile(r"\b(?:on\s+)?the (?:day before|previous day)\b|\b(?:a|one) day (?:earlier|before)\b", re.I), -1)]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day, month or year
    time: str | None = None  # HH:MM
    utc_offset: str | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, published: dt.date, future: bool) -> dt.date | None:
    """A month and day without a year: the occurrence nearest the publication date, a later one counting
    double (news mostly looks back), or the next one within four months when the sentence looks ahead."""
    options = [d for d in (_safe_date(y, month, day) for y in range(published.year - 1, published.year + 2)) if d]
    if future:  # news looks weeks ahead, not a year: "would abide by the truce agreed on Oct. 10" is past
        ahead = [d for d in options if published <= d <= published + dt.timedelta(days=120)]
        if ahead:
            return min(ahead)
    return min(options, key=lambda d: abs((d - published).days) * (2 if d > published else 1), default=None)


def _day_of_month(day: int, published: dt.date, future: bool) -> dt.date | None:
    """"the 28th": in the publication month if that fits (past or future), else the month before or after."""
    here = _safe_date(published.year, published.month, day)
    if here and (here >= published if future else here <= published):
        return here
    step = 1 if future else -1
    month_index = published.year * 12 + published.month - 1 + step
    return _safe_date(month_index // 12, month_index % 12 + 1, day)


def _resolve(name: str, m: re.Match, published: dt.date, future: bool) -> tuple[str, str] | None:
    g = m.groupdict()
    month = MONTHS.get((g.get("month") or "").lower().rstrip(".")) if g.get("month") and not g["month"].isdigit() \
        else (int(g["month"]) if g.get("month") else None)
    if name in ("iso", "month_day_year", "day_month_year"):
        d = _safe_date(int(g["year"]), month, int(g["day"]))
        return (d.isoformat(), "day") if d else None
    if name in ("month_day", "day_month"):
        d = _year_for(month, int(g["day"]), published, future)
        return (d.isoformat(), "day") if d else None
    if name == "month_year":
        return f"{int(g['year']):04d}-{month:02d}", "month"
    if name == "day_of_month":
        which = (g.get("which") or "").lower()
        if which:
            index = published.year * 12 + published.month - 1 + {"last": -1, "this": 0, "next": 1}[which]
            d = _safe_date(index // 12, index % 12 + 1, int(g["day"]))
        else:
            d = _day_of_month(int(g["day"]), published, future or bool(g.get("by")))
        return (d.isoformat(), "day") if d else None
    if name == "weekday":
        target = WEEKDAYS[g["weekday"].lower()]
        delta = (target - published.weekday()) % 7 if future else -((published.weekday() - target) % 7)
        return (published + dt.timedelta(days=delta)).isoformat(), "day"
    if name == "relative":
        shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(g["rel"].lower(), 0)
        return (published + dt.timedelta(days=shift)).isoformat(), "day"
    if name == "relative_period":
        step = {"this": 0, "last": -1, "next": 1}[g["which"].lower()]
        if g["unit"].lower() == "year":
            return f"{published.year + step:04d}", "year"
        index = published.year * 12 + published.month - 1 + step
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    if name == "month":
        month = MONTHS[(g.get("month") or g["bare"]).lower()]
        year = published.year + (1 if future and month < published.month else 0) \
            - (1 if not future and month > published.month else 0)
        return f"{year:04d}-{month:02d}", "month"
    if name == "year":
        return g["year"], "year"
    return None


def _time_near(text: str, start: int, end: int, sentence: tuple[int, int], rivals: list[tuple[int, int]] = ()
               ) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """A clock time within a few words before or after the date, its UTC offset if stated, and where the
    time stands in TEXT; a time nearer to one of RIVALS (other date expressions) is theirs."""
    window_start, window_end = max(sentence[0], start - 40), min(sentence[1], end + 40)
    window = text[window_start:window_end]
    here = (start - window_start, end - window_start)

    def distance(m: re.Match) -> int:
        return max(here[0] - m.end(), m.start() - here[1], 0)

    time, time_match = None, None
    for m in sorted(_TIME.finditer(window), key=distance):
        if m.group("m") is None and m.group("ampm") is None and not re.match(r"\s*(?:o'clock|hours)", window[m.end():]):
            continue
        at = (window_start + m.start(), window_start + m.end())
        if any(max(s - at[1], at[0] - e, 0) < distance(m) for s, e in rivals if (s, e) != (start, end)):
            continue
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        ampm = (m.group("ampm") or "").lower().replace(".", "")
        hour = hour % 12 + (12 if ampm == "pm" else 0) if ampm else hour
        if hour < 24:
            time, time_match = f"{hour:02d}:{minute:02d}", m
            break
    offset = None
    offsets = sorted(_OFFSET.finditer(window), key=lambda o: abs(o.start() - time_match.end()) if time_match else 0)
    o = offsets[0] if offsets else None
    if o:
        if o.group("sign"):
            offset = f"{o.group('sign')}{int(o.group('oh')):02d}:{o.group('om') or '00'}"
        elif o.group("named"):
            offset = _NAMED_OFFSETS[o.group("named").lower()]
        elif _LOCAL_PLACES.search(text[sentence[0]:sentence[1]]) or _LOCAL_PLACES.search(text):
            offset = "+04:00"  # "local time" in Armenia, Azerbaijan or Nagorno-Karabakh, the sentence's or the article's
    if not time:
        return None, None, None
    return time, offset, (window_start + time_match.start(), window_start + time_match.end())


def _background(text: str, d: DateMention) -> bool:
    """A date in a "since ..." clause ("the deadliest attack since fighting resumed on Sept. 27") sets the
    scene; "the same day" later in the text does not point back to it."""
    clause = re.split(r"[,;:.!?()\u2013\u2014]|\s-\s", text[max(0, d.start - 120):d.start])[-1]
    return bool(re.search(r"\bsince\b", clause, re.I))


def _anchor(text: str, found: list[DateMention], pos: int, forward: set[int], spans) -> DateMention | None:
    """The day a following "the same day" or a bare clock time refers to: the nearest day before POS that
    is not background, nor a date ahead ("will go on the 23rd", "postponed to the 25th") unless the
    sentence at POS looks ahead too ("will meet on the 21st ... will take place the same day")."""
    sentence = sentence_at(spans, pos)
    ahead = bool(_FUTURE.search(text[sentence[0]:pos]))
    before = [d for d in found if d.end <= pos and d.precision == "day" and (ahead or d.start not in forward)
              and not _background(text, d)]
    return max(before, key=lambda d: d.start, default=None)


def find_dates(text: str, published: dt.date) -> list[DateMention]:
    """Every date expression in TEXT, resolved against PUBLISHED, in text order."""
    spans = sentences(text)
    forward: set[int] = set()
    taken: list[tuple[int, int]] = []
    timed: list[tuple[int, int]] = []  # clock times already given to a date
    found = []

    anaphors = [m.span() for pattern, _ in ANAPHORA for m in pattern.finditer(text)]

    def add(start: int, end: int, value: str, precision: str) -> None:
        time, offset, where = _time_near(text, start, end, sentence_at(spans, start), anaphors) \
            if precision == "day" else (None, None, None)
        if where:
            timed.append(where)
        taken.append((start, end))
        found.append(DateMention(start, end, text[start:end], value, precision, time, offset))

    for name, pattern in PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            sentence = sentence_at(spans, start)
            future = bool(_FUTURE.search(text[sentence[0]:start]))
            resolved = _resolve(name, m, published, future)
            if resolved is None:
                continue
            lead = re.match(r"(?:(?:on|in|since|last|by|until|till|during|from|through|of|early|late|mid|end of)"
                            r"[\s-]+)+", m.group(0), re.I) if name not in ("relative_period", "day_of_month") \
                else re.match(r"on\s+", m.group(0), re.I)
            start += lead.end() if lead else 0
            if m.groupdict().get("by") or (future and resolved[0] > published.isoformat()):
                forward.add(start)  # "postponed to the 25th", "will go on the 23rd": not what "the same day" means
            add(start, end, *resolved)
    for pattern, shift in ANAPHORA:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            anchor = _anchor(text, found, m.start(), forward, spans)
            if anchor is None:
                continue
            lead = re.match(r"on\s+", m.group(0), re.I)
            day = dt.date.fromisoformat(anchor.value) + dt.timedelta(days=shift)
            add(m.start() + (lead.end() if lead else 0), m.end(), day.isoformat(), "day")
    # a clock time with no date beside it ("the first rockets landed at 13:30 local time") is on the day
    # the text was speaking of
    for m in _BARE_TIME.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in timed + taken):
            continue
        anchor = _anchor(text, found, m.start(), forward, spans)
        if anchor is not None:
            add(m.start("time"), m.end(), anchor.value, "day")
    return sorted(found, key=lambda d: d.start)
