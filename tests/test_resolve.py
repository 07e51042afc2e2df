"""Name resolution: every recorded alias finds its owner, garbles and variants resolve, ties and common
words are refused, and an office resolves to the person holding it on the given date."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nkdata.resolve import normalise, resolver

R = resolver()


def _unique_aliases(kind: str) -> list[tuple[str, str]]:
    index = R._index(kind)
    return [(next(iter(ids)), alias) for alias, ids in index.exact.items() if len(ids) == 1]


def _raw_aliases(kind: str) -> list[tuple[str, str]]:
    """(id, alias as recorded) for aliases that name one entity only."""
    import polars as pl

    import nkdata

    table, key = ("actor_aliases", "actor_id") if kind == "actor" else ("place_aliases", "place_id")
    unique = {alias for _, alias in _unique_aliases(kind)}
    rows = nkdata.load(table).select(key, "alias").filter(pl.col("alias").map_elements(
        normalise, return_dtype=pl.String).is_in(list(unique)))
    return list(rows.iter_rows())


ACTOR_ALIASES = _raw_aliases("actor")
PLACE_ALIASES = _raw_aliases("place")


@given(st.sampled_from(ACTOR_ALIASES), st.sampled_from([str, str.upper, str.lower, lambda s: f"  the {s}. "]))
def test_any_recorded_actor_alias_resolves_to_its_actor(pair, variant):
    actor, alias = pair
    match = R.resolve(variant(alias), "actor")
    assert match is not None and match.id == actor and match.method == "exact"


@given(st.sampled_from(PLACE_ALIASES))
def test_any_recorded_place_alias_resolves_to_its_place(pair):
    place, alias = pair
    assert R.resolve(alias, "place").id == place


@pytest.mark.parametrize("text, kind, expected", [
    ("Dijarik", "actor", "act-stephane-dujarric"),           # machine-translation garble, recorded
    ("Dujarrick", "actor", "act-stephane-dujarric"),         # unseen spelling: phonetic match
    ("jehon bairamov", "actor", "act-jeyhun-bayramov"),
    ("Gyanja", "place", "plc-ganja"),                        # unseen spelling: fuzzy match
    ("Naka", "place", "plc-nagorno-karabakh"),
    ("Khankendi", "place", "plc-stepanakert"),               # each side's name
    ("Shushi", "place", "plc-shusha"),
    ("Erdogan", "actor", "act-recep-tayyip-erdogan"),        # a person's last name, when only one has it
    ("Stéphane  DUJARRIC", "actor", "act-stephane-dujarric"),
])
def test_variants_resolve(text, kind, expected):
    assert R.resolve(text, kind).id == expected


@pytest.mark.parametrize("text", ["said", "the ministry", "Foreign Ministry", "ceasefire", "talks", "co-chairs",
                                  "Mnatsakanian",  # two persons share the last name: refuse, don't guess
                                  "Wang Jiangang", ""])
def test_refuses_common_words_ties_and_unknowns(text):
    assert R.resolve(text, "actor") is None


def test_office_resolves_by_date():
    assert R.resolve("the UN Secretary-General", "actor", "2020-10-31").id == "act-antonio-guterres"
    assert R.resolve("Secretary-General of the United Nations", "actor", "2020-09-28").method == "role"
    assert R.resolve("the UN Secretary-General", "actor", "2010-01-01") is None  # before this holder's term
    assert R.resolve("the UN Secretary-General", "actor") is None  # no date, no office holder
    assert R.resolve("Prime Minister of Armenia", "actor", "2020-10-01").id == "act-nikol-pashinyan"
    # successive holders of one office: the date decides; a date no recorded holder covers gets no answer
    assert R.resolve("President of Armenia", "actor", "2005-06-01").id == "act-robert-kocharyan"
    assert R.resolve("President of Armenia", "actor", "2010-06-01").id == "act-serzh-sargsyan"
    assert R.resolve("President of Armenia", "actor", "2020-10-01") is None


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        R.resolve("Naka", "city")


def test_cli_resolve_json_and_exit_codes():
    ok = subprocess.run([sys.executable, "-m", "nkdata", "resolve", "Dijarik", "--format", "json"],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and '"act-stephane-dujarric"' in ok.stdout
    none = subprocess.run([sys.executable, "-m", "nkdata", "resolve", "said"], capture_output=True, text=True)
    assert none.returncode == 1 and "no confident match" in none.stdout
    bad = subprocess.run([sys.executable, "-m", "nkdata", "resolve", "x", "--date", "31/10/2020"],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "--date" in bad.stderr and "Traceback" not in bad.stderr
