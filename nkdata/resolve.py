"""Resolve a name as written in a source ("Dijarik", "Naka", "the UN Secretary-General") to an actor or place.

Order of evidence, strongest first: an exact match of the normalised text with a recorded name or alias; an
office held on the given date ("Secretary-General of the United Nations" in 2020 -> Guterres); then fuzzy
string similarity (rapidfuzz) and phonetic similarity of Metaphone keys (jellyfish) for spellings no table
records yet. A fuzzy match is refused when two different actors score close to each other, when the best
score is low, or when the text is made of common English words (wordfreq), so "said" or "the ministry" never
turns into an actor. Refusing (None) is always preferred to guessing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

from nkdata.package import open_package
from nkdata.reading import read_text

KINDS = {"actor": ("actors", "actor_id", "actor_aliases"), "place": ("places", "place_id", "place_aliases")}
FUZZY_MIN = 85.0  # best fuzzy or phonetic score accepted
MARGIN = 6.0  # the runner-up (another id) must score at least this much lower
PHONETIC_WEIGHT = 0.95  # a sound-alike counts a little less than a look-alike
COMMON_ZIPF = 3.5  # words at least this frequent in English are common words
_FOLD = str.maketrans({"ə": "a", "Ə": "a", "ı": "i", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l"})
_SPELLINGS = {"defence": "defense", "organisation": "organization", "organisations": "organizations"}  # UK -> US
_LEADING = re.compile(r"^(the|a|an) ")


@dataclass(frozen=True)
class Match:
    id: str
    name: str
    score: float
    method: str  # "exact", "surname", "role", "fuzzy" or "phonetic"

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "score": round(self.score, 1), "method": self.method}


def normalise(text: str) -> str:
    """Casefolded, without diacritics, possessives, punctuation or a leading article, in US spelling; single
    spaces."""
    text = re.sub(r"\b(?:[^\W\d_]\.)+[^\W\d_]\b\.?", lambda m: m.group(0).replace(".", ""), text)  # U.S(.) -> US
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    text = " ".join(_SPELLINGS.get(word, word) for word in text.split())
    return _LEADING.sub("", text)


def phonetic_key(normalised: str) -> str:
    import jellyfish

    return " ".join(jellyfish.metaphone(token) for token in normalised.split() if token)


@dataclass
class _Index:
    names: dict[str, str]  # id -> canonical name
    kinds: dict[str, str]  # id -> kind in its table (person, state, city, ...)
    exact: dict[str, set[str]]  # normalised alias -> ids
    surnames: dict[str, set[str]]  # a person's last name -> ids (news writes "Guterres", "Erdogan")
    keys: list[str]  # normalised aliases, for fuzzy search
    key_ids: list[str]
    sounds: list[str]  # phonetic keys, parallel to keys
    roles: pl.DataFrame  # for actors: person_id, title (normalised), organisation_id, start, end


class Resolver:
    """Name resolution against one data package (default: the installed data); build once, query often."""

    def __init__(self, path: str | Path | None = None):
        self.package = open_package(path)
        self._indexes: dict[str, _Index] = {}

    def _index(self, kind: str) -> _Index:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if kind not in self._indexes:
            self._indexes[kind] = self._build(kind)
        return self._indexes[kind]

    def _build(self, kind: str) -> _Index:
        table, key, alias_table = KINDS[kind]
        frames = self.package.resources
        entities = read_text(frames[table])
        people = entities.filter(pl.col("kind") == "person") if kind == "actor" else entities.clear()
        aliases = read_text(frames[alias_table]).select(key, "alias")
        kinds = dict(entities.select(key, "kind").iter_rows())
        entities = entities.select(key, "name")
        names = dict(entities.iter_rows())
        pairs = [*entities.iter_rows(), *aliases.iter_rows()]
        exact: dict[str, set[str]] = {}
        for ident, alias in pairs:
            norm = normalise(alias)
            if norm:
                exact.setdefault(norm, set()).add(ident)
        surnames: dict[str, set[str]] = {}
        for ident, name in people.select(key, "name").iter_rows():
            parts = normalise(name).split()
            if len(parts) > 1:
                surnames.setdefault(parts[-1], set()).add(ident)
        for ident, name in aliases.filter(pl.col(key).is_in(people[key].implode())).iter_rows():
            last = (normalise(name).split() or [""])[-1]
            # "Nicol pashiniyan" gives "pashiniyan" too; not "armenia" of "Prime Minister of Armenia", not a common
            # word, and not a spelling of a last name others share ("Mnatsakanian": Zohrab or Levon)
            if len(normalise(name).split()) > 1 and last not in exact and last not in surnames \
                    and not _common_words(last) and not _near_other(last, ident, surnames):
                surnames.setdefault(last, set()).add(ident)
        if kind == "actor":
            parents = read_text(frames[table]).filter(pl.col("parent_id").is_not_null()).select(key, "parent_id")
            canonical = {ident: normalise(name) for ident, name in names.items()}
            for name, ids in _owned_names(exact, dict(parents.iter_rows()), canonical).items():
                exact.setdefault(name, ids)
        candidates = {**surnames, **exact}  # an alias outranks a derived last name
        keys = list(candidates)
        key_ids = [next(iter(candidates[k])) if len(candidates[k]) == 1 else "" for k in keys]
        roles = pl.DataFrame()
        if kind == "actor":
            roles = read_text(frames["actor_roles"]).select(
                "person_id", pl.col("title").map_elements(normalise, return_dtype=pl.String), "organisation_id",
                pl.col("start").str.to_date(), pl.col("end").str.to_date())
        return _Index(names, kinds, exact, surnames, keys, key_ids, [phonetic_key(k) for k in keys], roles)

    def resolve(self, text: str, kind: str = "actor", date: dt.date | str | None = None) -> Match | None:
        index = self._index(kind)
        norm = normalise(text)
        if not norm:
            return None
        day = dt.date.fromisoformat(date) if isinstance(date, str) else date
        ids = index.exact.get(norm, set())
        if len(ids) == 1:
            (ident,) = ids
            return Match(ident, index.names[ident], 100.0, "exact")
        if len(ids) > 1:
            return None  # an alias shared by several actors: ambiguous by itself
        people = index.surnames.get(norm, set())
        if len(people) == 1:
            (ident,) = people
            return Match(ident, index.names[ident], 100.0, "surname")
        if len(people) > 1:
            return None
        if kind == "actor":
            role = self._role(index, norm, day)
            if role is not None:
                return role
        if _common_words(norm):
            return None
        return self._fuzzy(index, norm)

    def _role(self, index: _Index, norm: str, day: dt.date | None) -> Match | None:
        """'secretary general of the united nations', 'un secretary general', 'president of azerbaijan'."""
        if index.roles.is_empty():
            return None
        holders = set()
        for person, title, org, start, end in index.roles.iter_rows():
            if not title or title not in norm:
                continue
            rest = normalise(re.sub(r"\bof\b", " ", norm.replace(title, " ")))
            if rest and index.exact.get(rest) != {org}:
                continue
            if day is None or start is None or day < start or (end is not None and day > end):
                continue
            holders.add(person)
        if len(holders) != 1:
            return None
        (person,) = holders
        return Match(person, index.names[person], 100.0, "role")

    def _fuzzy(self, index: _Index, norm: str) -> Match | None:
        from rapidfuzz import process

        best: dict[str, tuple[float, str]] = {}

        def consider(choices, query, weight, method):
            for _, score, i in process.extract(query, choices, scorer=_similarity, limit=12):
                ident = index.key_ids[i]
                if not ident or not _words_agree(query, choices[i]):
                    continue
                score *= weight
                if score > best.get(ident, (0.0, ""))[0]:
                    best[ident] = (score, method)

        consider(index.keys, norm, 1.0, "fuzzy")
        sound = phonetic_key(norm)
        if len(norm) >= 4 and len(sound.replace(" ", "")) >= 4:  # short keys (XX, NK) sound like too much
            consider(index.sounds, sound, PHONETIC_WEIGHT, "phonetic")
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda item: -item[1][0])
        ident, (score, method) = ranked[0]
        runner_up = ranked[1][1][0] if len(ranked) > 1 else 0.0
        if score < FUZZY_MIN or score - runner_up < MARGIN:
            return None
        return Match(ident, index.names[ident], score, method)


_IRREGULAR_DEMONYMS = {"french": "france", "american": "united states", "turkish": "turkey", "british": "united kingdom"}


def _demonyms(name: str) -> set[str]:
    """Adjectives news makes of a one-word country name: 'russian', 'azerbaijani', 'iranian', 'french'."""
    if " " in name:
        return set()
    forms = {name + "i", name + "ian", name + "ese"} | ({name + "n"} if name.endswith("a") else set())
    return forms | {word for word, country in _IRREGULAR_DEMONYMS.items() if country == name}


def _ministry_forms(rest: str) -> set[str]:
    """'ministry of national defense' is also 'national defense ministry' and 'defense ministry';
    'ministry of foreign affairs' is also 'foreign ministry'."""
    forms = {rest}
    topic = re.fullmatch(r"ministry of (?:the )?(.+)", rest)
    if topic:
        for subject in {topic.group(1), re.sub(r"^national ", "", topic.group(1))}:
            forms |= {f"{subject} ministry", f"ministry of {subject}"}
            if subject == "foreign affairs":
                forms.add("foreign ministry")
    return forms


def _owned_names(exact: dict[str, set[str]], parent_of: dict[str, str], names: dict[str, str]
                 ) -> dict[str, set[str]]:
    """Names news builds from a body's recorded names and its parent's: "Ministry of Foreign Affairs of
    Russia" and "Russian Foreign Ministry" give "russia ministry of foreign affairs" and "russia foreign
    ministry" (what "Russia's Foreign Ministry" normalises to). Names that would point to two ids are left out."""
    names_of: dict[str, list[str]] = {}
    for name, ids in exact.items():
        if len(ids) == 1:
            names_of.setdefault(next(iter(ids)), []).append(name)
    derived: dict[str, set[str]] = {}
    for child, parent in parent_of.items():
        owners = sorted((n for n in names_of.get(parent, []) if len(n) >= 4), key=len, reverse=True)
        canonical = names.get(parent, "")
        prefixes = set(owners) | _demonyms(canonical)  # adjectives only of the usual name: "russian", not "asian"
        for name in names_of.get(child, []):
            words = name.split()
            # the longest owner name first: "... of the republic of armenia", not "... of the republic"
            owned = next((m for o in owners if (m := re.fullmatch(rf"(.+) of (?:the )?{re.escape(o)}", name))), None)
            rest = owned.group(1) if owned else (
                " ".join(words[1:]) if len(words) > 1 and words[0] in _demonyms(canonical) else None)
            for form in _ministry_forms(rest) if rest else ():
                for prefix in prefixes:
                    derived.setdefault(f"{prefix} {form}", set()).add(child)
    return {name: ids for name, ids in derived.items() if len(ids) == 1 and name not in exact}


def _near_other(word: str, ident: str, surnames: dict[str, set[str]]) -> bool:
    from rapidfuzz import fuzz

    return any(fuzz.ratio(word, other) >= 80 and ids - {ident} for other, ids in surnames.items())


def _words_agree(query: str, key: str) -> bool:
    """Each word of a several-word query is close to some word of the name: "lake sevan" is not "sev lake"
    (Lake Sevan is another lake), while "himket hajiyev" is "hikmet hajiyev"."""
    from rapidfuzz import fuzz

    words = key.split()
    return len(query.split()) < 2 or all(max(fuzz.ratio(w, k) for k in words) >= 80 for w in query.split() if len(w) > 2)


def _similarity(a: str, b: str, **kwargs) -> float:
    """Whole-string similarity, word order ignored; no partial matching (so 'un' is not inside 'union')."""
    from rapidfuzz import fuzz

    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def _common_words(norm: str) -> bool:
    from wordfreq import zipf_frequency

    return all(zipf_frequency(token, "en") >= COMMON_ZIPF for token in norm.split())


@lru_cache(maxsize=4)
def resolver(path: str | None = None) -> Resolver:
    return Resolver(path)


def resolve(text: str, kind: str = "actor", date: dt.date | str | None = None, *, path: str | None = None
            ) -> Match | None:
    """The best match for TEXT among actors or places, or None when there is none or it is not clear."""
    return resolver(path).resolve(text, kind, date)
