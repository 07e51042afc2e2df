"""Dates resolved against the publication date, and candidates extracted from a synthetic article with
offsets that point at their evidence. The evaluation against gold annotations is benchmarks/extraction_eval.py."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import nkdata
from nkdata.dates import WEEKDAYS, find_dates
from nkdata.extract import extract
from nkdata.resolve import resolve

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"
PUBLISHED = st.dates(dt.date(1990, 1, 1), dt.date(2024, 12, 31))

ARTICLE = """Synthetic test article for nkdata extraction tests.

BAKU, October 5 - Azerbaijan's defence ministry said on Saturday that the city of Ganja was shelled at 10:00 local time.
Hikmet Hajiyev, an aide to the president, said that 1 civilian was killed and 4 were injured.
The Armenian Ministry of Defense denied the claim on the same day.
Dijarik said on the 4th that Guterres urged both sides to stop the fighting in Naka.
Foreign ministers met in Moscow on October 9 and agreed a humanitarian ceasefire in Naka from 12:00 local time on the 10th.
"""


def test_dates_in_the_article():
    found = {d.text: d for d in find_dates(ARTICLE, dt.date(2020, 10, 11))}
    assert found["October 5"].value == "2020-10-05"
    assert found["Saturday"].value == "2020-10-10"
    assert found["the 4th"].value == "2020-10-04"
    assert found["October 9"].value == "2020-10-09"
    assert (found["the 10th"].value, found["the 10th"].time, found["the 10th"].utc_offset) == ("2020-10-10",
                                                                                            "12:00", "+04:00")
    assert found["the same day"].value == "2020-10-10"  # points back to the date just before it


@given(PUBLISHED)
def test_yesterday_and_today_follow_the_publication_date(published):
    [y, t] = find_dates("It happened yesterday and again today.", published)
    assert (y.value, t.value) == ((published - dt.timedelta(days=1)).isoformat(), published.isoformat())


@given(PUBLISHED, st.sampled_from(sorted(WEEKDAYS)))
def test_a_weekday_is_the_latest_such_day_up_to_publication(published, weekday):
    [d] = find_dates(f"The ministry said on {weekday.title()} that talks went on.", published)
    day = dt.date.fromisoformat(d.value)
    assert 0 <= (published - day).days < 7 and day.weekday() == WEEKDAYS[weekday]


@given(PUBLISHED, st.integers(1, 28), st.integers(1, 400))
def test_shifting_publication_shifts_relative_days_of_month(published, day, shift):
    """'on the Nth' is the latest day N on or before publication: never after it, less than two months before."""
    for pub in (published, published + dt.timedelta(days=shift)):
        [d] = find_dates(f"Fighting resumed on the {day}th.", pub)
        value = dt.date.fromisoformat(d.value)
        assert value.day == day and value <= pub and (pub - value).days < 62


@given(PUBLISHED, st.integers(1, 28))
def test_a_future_day_of_month_looks_forward(published, day):
    [d] = find_dates(f"The ministers will meet on the {day}th.", published)
    value = dt.date.fromisoformat(d.value)
    assert value.day == day and value >= published and (value - published).days < 62


@given(st.dates(dt.date(1990, 1, 1), dt.date(2024, 12, 31)))
def test_a_full_date_does_not_depend_on_publication(day):
    text = f"Talks took place on {day.strftime('%B')} {day.day}, {day.year}."
    for pub in (dt.date(2000, 1, 1), dt.date(2025, 6, 1)):
        assert find_dates(text, pub)[0].value == day.isoformat()


def test_extraction_finds_mentions_statements_claims_and_events():
    x = extract(ARTICLE, "2020-10-11")
    for section in ("mentions", "dates", "statements", "events", "claims"):
        for item in getattr(x, section):
            assert 0 <= item["start"] < item["end"] <= len(ARTICLE), (section, item)
    for m in x.mentions:
        assert ARTICLE[m["start"]:m["end"]] == m["text"]
    ids = {m["id"] for m in x.mentions}
    assert {"act-hikmet-hajiyev", "act-stephane-dujarric", "act-antonio-guterres", "plc-ganja",
            "plc-nagorno-karabakh", "plc-moscow"} <= ids
    said = {(s["speaker_id"], s["date"], s["type"]) for s in x.statements}
    assert ("act-stephane-dujarric", "2020-10-04", "announcement") in said
    assert ("act-hikmet-hajiyev", "2020-10-11", "announcement") in said
    assert any(s["speaker_id"] == "act-armenia-mod" and s["type"] == "denial" for s in x.statements)
    claims = {(c["quantity"], c["population"], c["value"], c["claimant_id"]) for c in x.claims}
    assert ("killed", "civilians", 1, "act-hikmet-hajiyev") in claims
    assert ("injured", "civilians", 4, "act-hikmet-hajiyev") in claims
    kinds = {e["event_type"] for e in x.events}
    assert {"shelling_strike", "ceasefire_agreed"} <= kinds
    [agreement] = x.agreements
    assert agreement["kind"] == "humanitarian_ceasefire"


def test_no_common_word_becomes_an_actor():
    x = extract("The ministry said the talks and the ceasefire were said to be over on Monday.", "2020-10-05")
    assert x.mentions == [] and x.statements == []


def _run(*args):
    return subprocess.run([sys.executable, "-m", "nkdata", *args], capture_output=True, text=True)


def test_cli_extract_json_and_stage(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    stage = tmp_path / "stage.yaml"
    result = _run("extract", str(article), "--published", "2020-10-05", "--stage", str(stage))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"mentions", "dates", "statements", "events", "agreements", "claims"}
    staged = stage.read_text(encoding="utf-8")
    assert "provenance: extracted" in staged and "summary: ''" in staged
    csv_out = _run("extract", str(article), "--published", "2020-10-05", "--format", "csv")
    assert csv_out.stdout.splitlines()[0] == "section,start,end,id,value,detail"


def test_cli_extract_bad_input_exits_without_traceback(tmp_path):
    missing = _run("extract", str(tmp_path / "nope.txt"), "--published", "2020-10-05")
    assert missing.returncode == 2 and "nope.txt" in missing.stderr and "Traceback" not in missing.stderr
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    bad_date = _run("extract", str(tmp_path / "a.txt"), "--published", "5 Oct 2020")
    assert bad_date.returncode == 1 and "--published" in bad_date.stderr


@pytest.mark.parametrize("gold", sorted(FIXTURES.glob("*/*.json")), ids=lambda p: p.name)
def test_gold_annotations_are_well_formed(gold):
    data = json.loads(gold.read_text(encoding="utf-8"))
    actors = set(nkdata.load("actors")["actor_id"])
    places = set(nkdata.load("places")["place_id"])
    for m in data["mentions"]:
        assert m["id"] in (actors if m["kind"] == "actor" else places), m
    for s in data["statements"]:
        assert s["speaker"] in actors and dt.date.fromisoformat(s["date"])
    if gold.parent.name != "dev":
        text = (gold.parent / data["article"]).read_text(encoding="utf-8")
        assert all(m["text"] in text for m in data["mentions"] + data["dates"])
    assert pl.Series([d["precision"] for d in data["dates"]]).is_in(["day", "month", "year"]).all()


def test_speakers_in_passive_inverted_and_according_to_sentences():
    text = ('The attack was condemned by Turkey. "We will respond," said Hikmet Hajiyev. '
            "According to Armenia, fighting continued. The Kremlin said Putin and Aliyev discussed the situation.")
    said = [(s["speaker_id"], s["verb"]) for s in extract(text, "2020-10-05").statements]
    assert said == [("act-turkey", "condemned"), ("act-hikmet-hajiyev", "said"), ("act-armenia", "According to")]


@given(PUBLISHED)
def test_this_last_and_next_month_or_year(published):
    found = {d.text: d.value for d in find_dates("It began last month, ends next year and peaks this month.", published)}
    last = published.replace(day=1) - dt.timedelta(days=1)
    assert found == {"last month": f"{last.year:04d}-{last.month:02d}", "next year": str(published.year + 1),
                     "this month": f"{published.year:04d}-{published.month:02d}"}


def test_passive_lists_quotes_and_news_sources():
    text = ('The strike was also condemned by France and the United States. "Talks with Azerbaijan will go on," '
            "the ministry said. According to TASS, Lavrov said on Monday that talks went on.")
    said = [(s["speaker_id"], s["date"]) for s in extract(text, "2020-10-07").statements]
    assert said == [("act-france", "2020-10-07"), ("act-united-states", "2020-10-07"),
                    ("act-sergey-lavrov", "2020-10-05")]


# one sentence per attribution form the annotation guide counts (GUIDE.md), with its (speaker, date) pairs;
# published 2020-10-11, a Sunday
ATTRIBUTIONS = [
    ('"We will not allow it," Ilham Aliyev said in a televised address on Sunday.', {("act-ilham-aliyev", "2020-10-11")}),
    ("Nikol Pashinyan told parliament on Tuesday that the army would hold.", {("act-nikol-pashinyan", "2020-10-06")}),
    ("Armenian Prime Minister Nikol Pashinyan, in a Facebook post on Monday, accused Azerbaijan of shelling.",
     {("act-nikol-pashinyan", "2020-10-05")}),
    ("Azerbaijan's Defence Ministry said in a statement on the 8th that Armenian forces had shelled Tartar.",
     {("act-azerbaijan-mod", "2020-10-08")}),
    ("Speaking to reporters in Moscow on Wednesday, Sergei Lavrov said the talks would go on.",
     {("act-sergey-lavrov", "2020-10-07")}),
    ("In a phone call with Ilham Aliyev on Saturday, Recep Tayyip Erdogan expressed support for Baku.",
     {("act-recep-tayyip-erdogan", "2020-10-10")}),
    ("Maria Zakharova told a weekly briefing on Thursday that Moscow was concerned.", {("act-maria-zakharova", "2020-10-08")}),
    ("Russian President Vladimir Putin and French President Emmanuel Macron expressed concern on Thursday.",
     {("act-vladimir-putin", "2020-10-08"), ("act-emmanuel-macron", "2020-10-08")}),
    ('"The ceasefire must hold," said Antony Blinken.', {("act-antony-blinken", "2020-10-11")}),
    ('"Shells hit Stepanakert," said Armenian Defence Ministry spokeswoman Shushan Stepanyan on Monday.',
     {("act-shushan-stepanyan", "2020-10-05")}),
    ("Ilham Aliyev's aide Hikmet Hajiyev said on Friday that Ganja was hit.", {("act-hikmet-hajiyev", "2020-10-09")}),
    ("Recep Tayyip Erdogan said on Twitter on Monday that Turkey stands with Azerbaijan.",
     {("act-recep-tayyip-erdogan", "2020-10-05")}),
    ("The Kremlin said Vladimir Putin had spoken to Nikol Pashinyan.", set()),
    ("Officials in Baku said Armenia had violated the truce.", set()),
    ("Armenia and Azerbaijan have agreed on the border, the two commissions said.", set()),
    ("Armenia and Azerbaijan accused each other of breaking the truce.",
     {("act-armenia", "2020-10-11"), ("act-azerbaijan", "2020-10-11")}),
    ("Jeyhun Bayramov, who met Lavrov in Moscow, said on Saturday that Baku was ready.",
     {("act-jeyhun-bayramov", "2020-10-10")}),
    ("On October 9, Zohrab Mnatsakanyan told Russian media that Yerevan wanted peace.",
     {("act-zohrab-mnatsakanyan", "2020-10-09")}),
    ("On the 9th the Ministry of foreign affairs of Azerbaijan in statement accused Asia of shelling Ganja.",
     {("act-azerbaijan-mfa", "2020-10-09")}),
    ("The statement was condemned by Turkey, while Iran urged restraint.",
     {("act-turkey", "2020-10-11"), ("act-iran", "2020-10-11")}),
    ("The deal was welcomed by Russia's foreign ministry spokeswoman Maria Zakharova.",
     {("act-maria-zakharova", "2020-10-11")}),
    ("The co-chairs of the OSCE Minsk Group - Russia, France and the United States - said yesterday that talks "
     "would resume.", {("act-osce-minsk-group-co-chairs", "2020-10-10")}),
    ("Mher Grigoryan, Armenia's deputy prime minister, who heads the commission, told reporters on Saturday that "
     "work went on.", {("act-mher-grigoryan", "2020-10-10")}),
    ("According to Armenia's Defence Ministry, 21 soldiers were killed.", {("act-armenia-mod", "2020-10-11")}),
    ("According to the statement, the Russian peacekeeping contingent will deploy.", set()),
    ("According to TASS, Lavrov met Bayramov.", set()),
    ("A senior EU diplomat said the talks would resume.", set()),
    ("The UN Secretary-General condemns the attacks on civilians.", set()),
    ("The Armenian side claims control of Shushi.", set()),
    ("Pashinian hails court ruling on Lachin corridor", {("act-nikol-pashinyan", "2020-10-11")}),
    ("Antonio Guterres spoke with Ilham Aliyev and Nikol Pashinyan on the 8th, again calling on both to stop.",
     {("act-antonio-guterres", "2020-10-08")}),
    ("Fighting went on, with Armenia accused of breaking the truce.", set()),
    ("Stephane Dujarric said on the 10th that Antonio Guterres welcomes the agreement.",
     {("act-stephane-dujarric", "2020-10-10")}),
    ("According to the defense ministries of Armenia and Azerbaijan, fighting stopped.",
     {("act-armenia-mod", "2020-10-11"), ("act-azerbaijan-mod", "2020-10-11")}),
    ("In December 2019, Ilham Aliyev said the talks had stalled.", {("act-ilham-aliyev", "2019-12-01")}),
    ("Charles Michel, who hosted both leaders in Brussels in July, said he hoped for progress.",
     {("act-charles-michel", "2020-10-11")}),
    ("UN Secretary-General Antonio Guterres called on both sides on Sunday to stop fighting.",
     {("act-antonio-guterres", "2020-10-11")}),
]


@pytest.mark.parametrize(("text", "said"), ATTRIBUTIONS, ids=range(len(ATTRIBUTIONS)))
def test_attribution_forms(text, said):
    assert {(s["speaker_id"], s["date"]) for s in extract(text, "2020-10-11").statements} == said


def test_anaphoric_days_bare_months_and_clock_times():
    text = ("Rockets hit Barda on Wednesday, the worst strike since fighting resumed on Sept. 27. The first landed at "
            "13:30 local time. Aliyev spoke the same day. Talks were agreed on Oct. 25, to take effect at 08:00 local "
            "time the following day. Work began in July. The envoy will arrive on the 30th and meet the ministers "
            "the same day.")
    found = [(d.text, d.value, d.time, d.utc_offset) for d in find_dates(text, dt.date(2020, 10, 28))]
    assert found == [("Wednesday", "2020-10-28", None, None), ("Sept. 27", "2020-09-27", None, None),
                     ("13:30 local time", "2020-10-28", "13:30", "+04:00"),
                     ("the same day", "2020-10-28", None, None),  # not Sept. 27, which is background
                     ("Oct. 25", "2020-10-25", None, None), ("the following day", "2020-10-26", "08:00", "+04:00"),
                     ("July", "2020-07", None, None), ("the 30th", "2020-10-30", None, None),
                     ("the same day", "2020-10-30", None, None)]  # a future day for a future clause


def test_possessive_and_demonym_forms_of_a_body_resolve():
    assert resolve("Azerbaijan's Prosecutor General's Office").id == "act-azerbaijan-prosecutor-general"
    assert resolve("Russia's foreign ministry").id == "act-russia-mfa"
    assert resolve("Azerbaijan's Defence Ministry").id == "act-azerbaijan-mod"


def test_a_pronoun_statement_without_a_date_gets_publication_date_and_a_context_hint(tmp_path):
    text = "Synthetic.\n\nSergei Lavrov met Jeyhun Bayramov in Moscow on Friday. He said talks would go on.\n"
    [said] = extract(text, "2020-10-11").statements
    assert (said["speaker_id"], said["date"], said["date_from"], said["context_date"]) == \
        ("act-sergey-lavrov", "2020-10-11", "publication", "2020-10-09")
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    staged = tmp_path / "staged.yaml"
    run = subprocess.run([sys.executable, "-m", "nkdata", "extract", str(article), "--published", "2020-10-11",
                          "--stage", str(staged)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    [row] = yaml.safe_load(staged.read_text(encoding="utf-8"))["statements"]
    assert row["date"] == "2020-10-11" and "its paragraph names 2020-10-09" in row["note"]


def test_events_agreements_and_claims_from_a_ceasefire_report():
    text = ("A humanitarian truce that Armenia and Azerbaijan agreed to in Washington on Sunday was broken almost as "
            "soon as it took effect at 8 a.m. local time on Monday. The humanitarian truce was the third attempt "
            "since fighting erupted on Sept. 27. Armenia lost 105 soldiers, according to Nikol Pashinyan. "
            "The number of civilians killed has risen to 47. One Su-25 fighter plane was downed near Tartar, and "
            "29 Armenian servicemen had been killed, 28 had gone missing and 101 had been wounded.")
    x = extract(text, "2020-10-26")
    assert {(e["event_type"], e["date"]) for e in x.events} == {
        ("ceasefire_agreed", "2020-10-25"), ("ceasefire_takes_effect", "2020-10-26"),
        ("ceasefire_violation_reported", "2020-10-26")}  # not Sept. 27: background
    assert [(a["kind"], a["date"], a["effective_local"], a["utc_offset"]) for a in x.agreements] == [
        ("humanitarian_ceasefire", "2020-10-25", "2020-10-26T08:00", "+04:00")]  # two mentions, one agreement
    assert {(c["quantity"], c["value"], c["population"], c["claimant_id"]) for c in x.claims} == {
        ("killed", 105, "military", "act-nikol-pashinyan"), ("killed", 47, "civilians", None),
        ("aircraft_downed", 1, "equipment", None), ("killed", 29, "military", None), ("missing", 28, "unspecified", None),
        ("injured", 101, "unspecified", None)}


def test_a_deal_that_stops_the_fighting_signed_by_three_leaders_is_the_trilateral_statement():
    text = ("Under the deal, signed on Monday by Nikol Pashinyan, Ilham Aliyev and Vladimir Putin, the fighting was "
            "to stop from 1 a.m. local time on Tuesday.")
    x = extract(text, "2020-11-10")
    assert [(a["kind"], a["date"], a["effective_local"]) for a in x.agreements] == [
        ("trilateral_statement", "2020-11-09", "2020-11-10T01:00")]
    assert {(e["event_type"], e["date"]) for e in x.events} == {("ceasefire_agreed", "2020-11-09"),
                                                              ("ceasefire_takes_effect", "2020-11-10")}


@pytest.mark.parametrize(("sentence", "claims"), [
    ("The conflict already caused 16 officers and soldiers death, more than 100 officers and soldiers wounded.",
     {("killed", 16, "military"), ("injured", 100, "military")}),
    ("Two armed helicopters and three drones of Azerbaijan were shot down.",
     {("aircraft_downed", 2, "equipment"), ("drones_downed", 3, "equipment")}),
    ("The army shot down two helicopters and three drones.", {("aircraft_downed", 2, "equipment"),
                                                               ("drones_downed", 3, "equipment")}),
    ("The republic says it has lost 154 soldiers and 11 civilians since Sept. 27.",
     {("killed", 154, "military"), ("killed", 11, "civilians")}),
    ("A strike on Oct. 27 that killed at least four civilians and injured 10.",
     {("killed", 4, "civilians"), ("injured", 10, "civilians")}),
    ("The war claimed about 6,000 lives.", {("killed", 6000, "unspecified")}),
    ("Baku handed over to Yerevan 15 Armenian prisoners of war.", {("prisoners_returned", 15, "unspecified")}),
    ("Among them 68 residents lost their lives in the blast.", {("killed", 68, "civilians")}),
])
def test_claim_forms(sentence, claims):
    assert {(c["quantity"], c["value"], c["population"]) for c in extract(sentence, "2020-10-28").claims} == claims
