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
    ("year", re.compile(rf"\b(?:in\s+|since\s+)?{_YEAR}\b(?![-/]\d)")),
]
_TIME = re.compile(r"\b(?:at\s+)?(?:about\s+|around\s+)?(?P<h>[0-2]?\d)(?::(?P<m>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?"
                   r"(?=\s*(?:\(|local|moscow|baku|yerevan|gmt|utc|hours|o'clock|on\s|a\.?m|p\.?m|,|\.|$))", re.I)
_OFFSET = re.compile(r"\(?(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?\)?|"
                     r"(?P<named>moscow|baku|yerevan|new york)\s+time|(?P<local>local time)", re.I)


# dates that point back to the date mentioned just before them: (pattern, shift in days)
ANAPHORA = [(re.compile(r"\b(?:on\s+)?the same day\b|\bthat (?:same )?day\b|\b(?:earlier|later) (?:in|on) (?:the|that) "
                        r"day\b", re.I), 0),
            (re.compile(r"\b(?:on\s+)?the (?:next|following) (?:day|morning|evening|night)\b|\ba day later\b", re.I), 1),
            (re.compile(r"\b(?:on\s+)?the (?:day before|previous day)\b|\ba day earlier\b", re.I), -1)]


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
    double (news mostly looks back), or the next one on or after publication when the sentence looks ahead."""
    options = [d for d in (_safe_date(y, month, day) for y in range(published.year - 1, published.year + 2)) if d]
    if future:
        ahead = [d for d in options if d >= published]
        return min(ahead) if ahead else None
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
    if name == "year":
        return g["year"], "year"
    return None


def _time_near(text: str, start: int, end: int, sentence: tuple[int, int]) -> tuple[str | None, str | None]:
    """A clock time within a few words before or after the date, and its UTC offset if stated."""
    window_start, window_end = max(sentence[0], start - 40), min(sentence[1], end + 40)
    window = text[window_start:window_end]
    here = (start - window_start, end - window_start)

    def distance(m: re.Match) -> int:
        return max(here[0] - m.end(), m.start() - here[1], 0)

    time, time_match = None, None
    for m in sorted(_TIME.finditer(window), key=distance):
        if m.group("m") is None and m.group("ampm") is None:
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
        elif _LOCAL_PLACES.search(text[sentence[0]:sentence[1]]):
            offset = "+04:00"  # "local time" in Armenia, Azerbaijan or Nagorno-Karabakh
    return (time, offset) if time else (None, None)


def find_dates(text: str, published: dt.date) -> list[DateMention]:
    """Every date expression in TEXT, resolved against PUBLISHED, in text order."""
    spans = sentences(text)
    forward: set[int] = set()
    taken: list[tuple[int, int]] = []
    found = []
    for name, pattern in PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            sentence = sentence_at(spans, start)
            future = bool(_FUTURE.search(text[sentence[0]:start]))
            if m.groupdict().get("by"):
                forward.add(m.start())  # "postponed to the 25th": a target date, not when things happened
            resolved = _resolve(name, m, published, future)
            if resolved is None:
                continue
            value, precision = resolved
            time, offset = _time_near(text, start, end, sentence) if precision == "day" else (None, None)
            lead = re.match(r"(?:on|in|since|last)\s+", m.group(0), re.I)
            if lead and name != "relative_period":
                start += lead.end()
            taken.append((start, end))
            found.append(DateMention(start, end, text[start:end], value, precision, time, offset))
    found.sort(key=lambda d: d.start)
    for pattern, shift in ANAPHORA:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            before = [d for d in found if d.end <= m.start() and d.precision == "day" and d.start not in forward]
            if not before:
                continue
            day = dt.date.fromisoformat(before[-1].value) + dt.timedelta(days=shift)
            taken.append(m.span())
            lead = re.match(r"on\s+", m.group(0), re.I)
            start = m.start() + (lead.end() if lead else 0)
            found.append(DateMention(start, m.end(), text[start:m.end()], day.isoformat(), "day"))
    return sorted(found, key=lambda d: d.start)
