"""The shipped data meets the coverage floors promised for this release (issue: curation to 0.2.0).

Floors are minimums, not goals; they guard against a merge that silently drops rows. The war itself is
checked day by day: every day from 27 September to 10 November 2020 has at least one event.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

import nkdata

FLOORS = {"events": 250, "statements": 120, "agreements": 15, "actors": 120, "actor_aliases": 400,
          "claims": 150, "sources": 200}


@pytest.mark.parametrize("table, floor", FLOORS.items())
def test_table_meets_its_floor(table, floor):
    assert nkdata.load(table).height >= floor


def test_places_with_coordinates_and_both_sides_names():
    places = nkdata.load("places")
    assert places.filter(pl.col("latitude").is_not_null()).height >= 80
    aliases = nkdata.load("place_aliases")
    for place in ("plc-stepanakert", "plc-shusha", "plc-lachin", "plc-agdam"):
        usages = set(aliases.filter(pl.col("place_id") == place)["usage"].cast(pl.String))
        assert {"armenian", "azerbaijani"} <= usages, place


def test_every_day_of_the_2020_war_has_an_event():
    events = nkdata.load("events")
    war = pl.date_range(dt.date(2020, 9, 27), dt.date(2020, 11, 10), "1d", eager=True)
    covered = set(events["date_start"].to_list())
    missing = [d for d in war.to_list() if d not in covered]
    assert not missing, missing
