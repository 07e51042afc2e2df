"""Actor and place mentions in an article: the names the alias tables know, then unseen spellings.

Word n-grams are looked up in the resolver's exact index, longest first, so "Ministry of Foreign Affairs of
Azerbaijan" is one mention and not three. A first name no table spells that way is attached to a known last
name; a last name several people share resolves to the one the article already named in full. Capitalised
runs (and words English does not use, such as "pashiniyan") left over are resolved fuzzily, as a whole and
then in shorter windows, so titles in front of a garbled name do not hide it. Demonyms are never mentions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from nkdata.resolve import Match, Resolver, normalise

MAX_NGRAM = 12  # the longest name looked up (the longest alias, if shorter)
_TOKEN = re.compile(r"[^\W_][\w’'.-]*[^\W_]|[^\W_]", re.UNICODE)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str  # actor or place
    id: str
    name: str
    method: str
    score: float
    entity_kind: str  # the kind in the actors or places table: person, state, media_outlet, city, ...


_STOP = {"in", "on", "at", "of", "the", "from", "to", "by", "for", "and", "with", "as", "a", "an"}
_DEMONYM_ENDINGS = ("i", "n", "an", "ian", "ese")


def find_mentions(text: str, published: dt.date, res: Resolver) -> list[Mention]:
    """Names in TEXT: first the longest word n-grams that are a recorded name or alias, then, among the words
    left, whole capitalised names (never a part of one) that the resolver matches fuzzily."""
    tokens = list(_TOKEN.finditer(text))
    taken = [False] * len(tokens)
    found: list[Mention] = []
    longest = max(len(key.split()) for kind in ("actor", "place") for key in res._index(kind).exact)

    def span(i: int, size: int) -> tuple[int, int, str] | None:
        start, end = tokens[i].start(), tokens[i + size - 1].end()
        gaps = [text[tokens[j].end():tokens[j + 1].start()] for j in range(i, i + size - 1)]
        if any(not gap.isspace() or "\n" in gap for gap in gaps):
            return None  # a name does not run across punctuation or lines
        surface = text[start:end].rstrip(".")
        return start, start + len(surface), surface

    def claim(i: int, size: int, start: int, end: int, surface: str, match, kind: str) -> None:
        found.append(Mention(start, end, surface, kind, match.id, match.name, match.method, match.score,
                             res._index(kind).kinds.get(match.id, "")))
        for j in range(i, i + size):
            taken[j] = True

    for size in range(min(longest, MAX_NGRAM), 0, -1):
        for i in range(len(tokens) - size + 1):
            if any(taken[i:i + size]) or tokens[i].group(0).lower() in _STOP and size > 1:
                continue
            where = span(i, size)
            if where is None:
                continue
            match, kind = _exact(res, where[2])
            if match is not None:
                claim(i, size, *where, match, kind)
    # a first name in a spelling no table has, before a known last name: "Himket Hajiyev"
    for mention in list(found):
        i = next(k for k, t in enumerate(tokens) if t.start() == mention.start)
        if i == 0 or taken[i - 1] or not tokens[i - 1].group(0)[:1].isupper() or mention.entity_kind != "person":
            continue
        where = span(i - 1, 2)
        if where is None or tokens[i - 1].group(0).lower() in _STOP:
            continue
        match = res.resolve(where[2], "actor", published)
        if match is not None and match.id == mention.id:
            found.remove(mention)
            claim(i - 1, 2, *where, match, "actor")
    # a last name several people share, after the article named one of them in full: "Armen Grigoryan ...
    # Grigoryan said"
    named = {m.id for m in found if m.entity_kind == "person"}
    for i, token in enumerate(tokens):
        people = res._index("actor").surnames.get(normalise(token.group(0)), set()) & named
        if not taken[i] and token.group(0)[:1].isupper() and len(people) == 1:
            ident = next(iter(people))
            earlier = next(m for m in found if m.id == ident)
            if earlier.start < token.start():
                claim(i, 1, token.start(), token.end(), token.group(0),
                      Match(ident, earlier.name, 100.0, "surname"), "actor")
    # fuzzy pass: maximal runs of capitalised words not yet claimed, each tried as a whole name
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and not taken[j] and _name_like(tokens[j].group(0)) \
                and (j == i or span(i, j - i + 1) is not None):
            j += 1
        if j > i and any(t.group(0)[:1].isupper() for t in tokens[i:j]):
            # the whole run first, then shorter windows inside it: "Armenian Prime Minister pasinian"
            for size in range(min(3, j - i), 0, -1):
                for k in range(i, j - size + 1):
                    where = None if any(taken[k:k + size]) else span(k, size)
                    if where is None or _is_demonym(res, where[2]):
                        continue
                    match, kind = _fuzzy(res, where[2], published)
                    if match is not None:
                        claim(k, size, *where, match, kind)
        i = max(j, i + 1)
    return sorted(found, key=lambda m: m.start)


def _name_like(word: str) -> bool:
    """Capitalised, or a word English does not use (a garbled name such as 'pashiniyan')."""
    from wordfreq import zipf_frequency

    if word.lower() in _STOP:
        return False
    return word[:1].isupper() or (word.isalpha() and zipf_frequency(word, "en") < 2.0)


def _is_demonym(res: Resolver, surface: str) -> bool:
    """'Azerbaijani', 'Armenians': a name plus an adjective ending is not a mention of the name."""
    norm = normalise(surface)
    norm = norm[:-1] if norm.endswith("s") and len(norm) > 4 else norm  # "Azerbaijanis", "Armenians"
    for ending in _DEMONYM_ENDINGS:
        stem = norm[: -len(ending)]
        if norm.endswith(ending) and (stem in res._index("actor").exact or stem + "a" in res._index("actor").exact):
            return True
    return False


def _exact(res: Resolver, surface: str):
    norm = normalise(surface)
    if not norm:
        return None, None
    for kind in ("actor", "place"):  # a country is an actor first (Armenia the state)
        index = res._index(kind)
        ids = index.exact.get(norm, set())
        if len(ids) == 1:
            return res.resolve(surface, kind), kind
        people = index.surnames.get(norm, set()) if kind == "actor" else set()
        if len(people) == 1 and surface[:1].isupper():
            return res.resolve(surface, kind), kind
    return None, None


_TITLE = re.compile(r"\b(?:minister|president|secretary|spokes(?:man|woman|person)|ambassador|chairman|envoy|"
                    r"governor|commander|chief|advis[eo]r|aide|representative|speaker)\b", re.I)


def _fuzzy(res: Resolver, surface: str, published: dt.date):
    if _TITLE.search(surface):
        return None, None  # "Azerbaijani Foreign Minister" is a title, not a near-spelling of the ministry
    for kind in ("actor", "place"):
        match = res.resolve(surface, kind, published)
        if match is not None and match.method in ("fuzzy", "phonetic"):
            return match, kind
    return None, None
