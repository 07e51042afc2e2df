"""Split text into sentences with character offsets (dates, speakers and claims are looked for per sentence).

A full stop ends a sentence unless it closes an abbreviation news writes all the time (a.m., Gen., Oct.,
U.S.); a line break always does. Good enough for wire copy and machine translations, and deterministic.
"""

from __future__ import annotations

import re

ABBREVIATIONS = {"a.m", "p.m", "mr", "mrs", "ms", "dr", "gen", "col", "lt", "maj", "sgt", "st", "no", "vs", "u.s",
                 "u.n", "u.k", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                 "nov", "dec", "approx", "est"}
_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])|\n+")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, leading and trailing spaces excluded."""
    spans, start = [], 0
    for m in _END.finditer(text):
        if m.group(0).startswith("."):
            word = re.search(r"([\w.]+)$", text[start:m.start()])
            if word and (word.group(1).lower() in ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1))):
                continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def sentence_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return (pos, pos)
