"""Turn a plain-text article into candidate rows: mentions, dates, statements, events, agreements, claims.

Every candidate carries the character offsets (`start`, `end`) of its evidence in the article and the ids
the resolver found, so a curator can check it against the text. Nothing here writes to the curated tables:
candidates go to the screen or, with `--stage`, to a record file for `nkdata add` after review.

The method is deliberately plain and deterministic (no model, nothing downloaded), one module per kind:
names from the alias tables (nkdata.extract_mentions), dates (nkdata.dates), who said what when
(nkdata.extract_statements), and events, agreements and numeric claims (nkdata.extract_facts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from nkdata.dates import find_dates
from nkdata.extract_facts import claims as numeric_claims
from nkdata.extract_facts import events_and_agreements
from nkdata.extract_mentions import find_mentions
from nkdata.extract_statements import statements as find_statements
from nkdata.resolve import resolver
from nkdata.sentences import sentences


@dataclass
class Extraction:
    published: str
    source_id: str | None
    mentions: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def extract(text: str, published: dt.date | str, *, source_id: str | None = None, path=None) -> Extraction:
    """Every candidate the article supports, with offsets into TEXT and resolved ids."""
    day = dt.date.fromisoformat(published) if isinstance(published, str) else published
    res = resolver(path)
    spans = sentences(text)
    mentions = find_mentions(text, day, res)
    dates = find_dates(text, day)
    statements = find_statements(text, spans, mentions, dates, day, res)
    events, agreements = events_and_agreements(text, spans, mentions, dates)
    claims = numeric_claims(text, spans, statements, dates, day)
    return Extraction(day.isoformat(), source_id, [asdict(m) for m in mentions], [d.as_dict() for d in dates],
                      statements, events, agreements, claims)


def _quote(text: str, start: int, end: int) -> str:
    """The evidence sentence, cut to the schema's 300 characters (a verbatim excerpt, never rewritten)."""
    return text[start:end].strip()[:300].strip()


def staging_record(extraction: Extraction, text: str, sha256: str | None = None) -> dict:
    """A record file for `nkdata add` holding the candidates for review: provenance `extracted`, summaries left
    empty (a reviewer writes them, so the file cannot be merged unread), evidence quotes from the article."""
    source = extraction.source_id or "@article"
    record: dict = {}
    if extraction.source_id is None:
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")[:200]
        record["sources"] = [{"source_id": "@article", "kind": "news_report", "title": title,
                              "published": extraction.published, "sha256": sha256}]
    events = []
    for i, e in enumerate(extraction.events):
        if e["date"] is None:
            continue
        lo, hi = e["sentence"]
        row = {"event_id": f"@event-{i + 1}", "date_start": e["date"], "date_end": e["date"],
               "date_precision": "minute" if e["time_local"] and e["utc_offset"] else "day",
               "event_type": e["event_type"], "place_id": e["place_id"], "status": "claimed",
               "provenance": "extracted", "summary": None,
               "event_actors": [{"actor_id": a, "role": "participant"} for a in e["actor_ids"]],
               "event_sources": [{"source_id": source, "quote": _quote(text, lo, hi)}]}
        if row["date_precision"] == "minute":
            row.update(time_local=e["time_local"], utc_offset=e["utc_offset"])
        events.append(row)
    statements = []
    for i, s in enumerate(extraction.statements):
        claims = [c for c in extraction.claims if c["claimant_id"] == s["speaker_id"] and s["start"] <= c["start"] < s["end"]]
        statements.append({
            "statement_id": f"@statement-{i + 1}", "date": s["date"], "speaker_id": s["speaker_id"],
            "on_behalf_of_id": s["on_behalf_of_id"], "channel": s["channel"], "type": s["type"],
            "provenance": "extracted", "summary": None, "note": _date_note(s),
            "statement_sources": [{"source_id": source, "quote": _quote(text, s["start"], s["end"])}],
            "claims": [{"quantity": c["quantity"], "population": c["population"], "value": str(c["value"]),
                        "as_of": c["as_of"], "provenance": "extracted",
                        "claim_sources": [{"source_id": source, "quote": _quote(text, s["start"], s["end"])}]}
                       for c in claims]})
    record["events"], record["statements"] = events, statements
    return _drop_empty(record)


def _date_note(statement: dict) -> str | None:
    """Tell the reviewer when a statement's date is only the article's, and which day its paragraph names."""
    if statement["date_from"] != "publication":
        return None
    hint = f"; its paragraph names {statement['context_date']}" if statement["context_date"] else ""
    return f"Extracted: the text gives no date for this statement, so it has the publication date{hint}."


def _drop_empty(value):
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if v is not None and v != []} | \
            {k: "" for k, v in value.items() if k == "summary" and v is None}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value
