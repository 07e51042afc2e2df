"""A deterministic synthetic package in nkdata's own schema, at any size, with a known number of errors.

    python benchmarks/synthetic.py OUTDIR --events 1000000 [--inject 10] [--seed 0]

Every table is filled (about 4.6 rows per event over the link tables), with realistic text lengths and only
valid references, dates and vocabularies, so that a run with --inject 0 is VALID. --inject K then breaks K
rows for each error kind in INJECTED (rule id -> what is broken), at rows chosen by the seed; the list of
injected (file, rule) pairs is written to OUTDIR/injected.json for the runner (benchmarks/scale.py).
Built with polars column expressions: a million events take a few seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

import polars as pl

from nkdata import fingerprints

REPO = Path(__file__).resolve().parents[1]
# rule id -> (table, how a row is broken)
INJECTED = {
    "schema.primary_key": ("events", "an event row repeated"),
    "ref.foreign_key": ("event_actors", "an actor id that does not exist"),
    "schema.type": ("events", "an impossible date (2020-02-30)"),
    "schema.enum": ("events", "an event type outside the vocabulary"),
    "date.order": ("events", "an end date before the start"),
    "date.range": ("statements", "a statement dated after the release"),
    "claim.range": ("claims", "a value below its low bound"),
    "provenance.unsourced": ("events", "an event with no event_sources row"),
}
# Mean length in characters of the long text columns in the shipped data (release 0.2.0), so that a synthetic
# package weighs what a real one of its size would.
TEXT = {"events.summary": 172, "events.note": 113, "event_sources.quote": 171, "agreements.summary": 316,
        "agreement_sources.quote": 174, "statements.summary": 162, "statements.quote": 163,
        "statement_sources.quote": 163, "claim_sources.quote": 139}
_WORDS = ("ceasefire shelling ministry statement village district artillery forces reported according "
          "negotiations humanitarian corridor civilians border mediation delegation").split()


def _text(n: int, seed: int, chars: int) -> pl.Series:
    """N sentences averaging CHARS characters (between 0.5 and 1.5 times it), deterministic, without leading or
    trailing spaces."""
    rnd = random.Random(seed)
    pool = []
    for _ in range(997):
        target, words = rnd.randint(chars // 2, chars * 3 // 2), []
        while len(" ".join(words)) < target - 1:
            words.append(rnd.choice(_WORDS))
        pool.append((" ".join(words)[: target - 1].rstrip() + ".").capitalize())
    return pl.Series([pool[(i * 7919) % len(pool)] for i in range(n)], dtype=pl.String)


def _ids(prefix: str, n: int, width: int = 7) -> pl.Expr:
    return pl.format(prefix + "-{}", pl.int_range(n).add(1).cast(pl.String).str.zfill(width))


def generate(outdir: Path, events: int, inject: int = 0, seed: int = 0, text_scale: float = 1.0) -> dict:
    """Write the package into OUTDIR. TEXT_SCALE shrinks the long texts: 1.0, the default, gives the shipped
    data's lengths (about 960 MB of CSV at a million events); 0.05 about 60 bytes a row (350 MB), near the
    222 MB reference package of issue 7."""
    length = {column: max(4, round(n * text_scale)) for column, n in TEXT.items()}
    outdir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "schemas", outdir / "schemas", dirs_exist_ok=True)
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    descriptor.pop("nkdata:frictionless", None)  # the shipped data's verdict says nothing about these rows
    for resource in descriptor["resources"]:
        resource.pop("bytes", None)
        resource.pop("hash", None)
    (outdir / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    (outdir / "data").mkdir(exist_ok=True)

    n_src, n_act, n_plc = max(10, events // 10), 1000, 500
    n_agr, n_stm, n_clm = max(2, events // 1000), events // 2, events // 4
    day = pl.date(2020, 9, 27) + pl.duration(days=pl.int_range(pl.len()) % 45)
    frame = pl.DataFrame
    tables = {
        "sources": frame({"x": pl.Series(range(n_src))}).select(
            _ids("src", n_src).alias("source_id"), pl.lit("news_report").alias("kind"),
            pl.format("Report {}", pl.int_range(n_src)).alias("title"), pl.lit("Synthetic Agency").alias("publisher"),
            pl.lit(None, pl.String).alias("author"), pl.lit("2020-12-31").alias("published"),
            pl.lit("en").alias("language"), pl.lit(None, pl.String).alias("original_language"),
            pl.lit("none").alias("translation"),
            pl.format("https://example.org/report/{}", pl.int_range(n_src)).alias("url"),
            pl.lit("2024-01-15").alias("accessed"), pl.lit("independent").alias("affiliation"),
            pl.lit(None, pl.String).alias("sha256"), pl.lit(None, pl.String).alias("note")),
        "actors": frame({"x": pl.Series(range(n_act))}).select(
            _ids("act-synthetic", n_act, 5).alias("actor_id"), pl.format("Actor {}", pl.int_range(n_act)).alias("name"),
            pl.lit("state").alias("kind"), pl.lit(None, pl.String).alias("country"),
            pl.lit(None, pl.String).alias("parent_id"), pl.lit(None, pl.String).alias("active_from"),
            pl.lit(None, pl.String).alias("active_to"), pl.lit(None, pl.String).alias("wikidata"),
            pl.lit(None, pl.String).alias("note")),
        "places": frame({"x": pl.Series(range(n_plc))}).select(
            _ids("plc-synthetic", n_plc, 5).alias("place_id"), pl.format("Place {}", pl.int_range(n_plc)).alias("name"),
            pl.lit("village").alias("kind"), pl.lit(None, pl.String).alias("parent_id"),
            pl.lit(None, pl.String).alias("latitude"), pl.lit(None, pl.String).alias("longitude"),
            pl.lit(None, pl.String).alias("source_id"), pl.lit(None, pl.String).alias("note")),
    }
    tables["actor_aliases"] = frame({"x": pl.Series(range(2 * n_act))}).select(
        _ids("aal", 2 * n_act, 5).alias("alias_id"), tables["actors"]["actor_id"].gather(
            pl.Series(range(2 * n_act)) % n_act).alias("actor_id"),
        pl.format("Alias {}", pl.int_range(2 * n_act)).alias("alias"), pl.lit("common").alias("kind"),
        pl.lit("en").alias("language"), pl.lit(None, pl.String).alias("source_id"))
    tables["place_aliases"] = frame({"x": pl.Series(range(2 * n_plc))}).select(
        _ids("pal", 2 * n_plc, 5).alias("alias_id"), tables["places"]["place_id"].gather(
            pl.Series(range(2 * n_plc)) % n_plc).alias("place_id"),
        pl.format("Place alias {}", pl.int_range(2 * n_plc)).alias("alias"), pl.lit("international").alias("usage"),
        pl.lit("en").alias("language"), pl.lit(None, pl.String).alias("source_id"))
    tables["actors"] = tables["actors"].with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("person")).otherwise(pl.col("kind")).alias("kind"))
    tables["actor_roles"] = frame({"role_id": ["rol-00001"], "person_id": [tables["actors"]["actor_id"][0]],
                                   "title": ["President"], "organisation_id": [tables["actors"]["actor_id"][1]],
                                   "start": ["2000-01-01"], "end": [None], "source_id": [tables["sources"]["source_id"][0]],
                                   "note": [None]}, schema={c: pl.String for c in ("role_id", "person_id", "title",
                                                                                  "organisation_id", "start", "end",
                                                                                  "source_id", "note")})
    idx = pl.Series(range(events))
    tables["events"] = frame({"x": idx}).select(
        _ids("evt", events).alias("event_id"), day.dt.strftime("%Y-%m-%d").alias("date_start"),
        day.dt.strftime("%Y-%m-%d").alias("date_end"), pl.lit("day").alias("date_precision"),
        pl.lit(None, pl.String).alias("time_local"), pl.lit(None, pl.String).alias("utc_offset"),
        pl.lit("shelling_strike").alias("event_type"),
        tables["places"]["place_id"].gather(idx % n_plc).alias("place_id"), pl.lit("claimed").alias("status"),
        _text(events, seed, length["events.summary"]).alias("summary"), pl.lit("curated").alias("provenance"),
        pl.when(pl.int_range(pl.len()) % 3 == 0).then(_text(events, seed + 7, length["events.note"])).alias("note"))
    event_ids, actor_ids, source_ids = tables["events"]["event_id"], tables["actors"]["actor_id"], tables["sources"]["source_id"]
    tables["event_actors"] = pl.concat([frame({"event_id": event_ids, "actor_id": actor_ids.gather(idx % n_act),
                                               "role": ["initiator"] * events}),
                                        frame({"event_id": event_ids, "actor_id": actor_ids.gather((idx + 1) % n_act),
                                               "role": ["target"] * events})])
    tables["event_sources"] = frame({"event_id": event_ids, "source_id": source_ids.gather(idx % n_src),
                                     "quote": _text(events, seed + 1, length["event_sources.quote"])})
    agr = pl.Series(range(n_agr))
    tables["agreements"] = frame({"x": agr}).select(
        _ids("agr", n_agr, 5).alias("agreement_id"), pl.format("Agreement {}", pl.int_range(n_agr)).alias("name"),
        pl.lit("ceasefire").alias("kind"), pl.lit("2020-10-10").alias("date_signed"),
        pl.lit(None, pl.String).alias("place_id"), pl.lit(None, pl.String).alias("effective_local"),
        pl.lit(None, pl.String).alias("utc_offset"), pl.lit("violated").alias("status"),
        pl.lit(None, pl.String).alias("supersedes_id"), _text(n_agr, seed + 2, length["agreements.summary"]).alias("summary"),
        pl.lit("curated").alias("provenance"), pl.lit(None, pl.String).alias("note"))
    agreement_ids = tables["agreements"]["agreement_id"]
    tables["agreement_parties"] = frame({"agreement_id": pl.concat([agreement_ids, agreement_ids]),
                                         "actor_id": pl.concat([actor_ids.gather(agr % n_act),
                                                                actor_ids.gather((agr + 1) % n_act)]),
                                         "role": ["party"] * (2 * n_agr)})
    tables["agreement_sources"] = frame({"agreement_id": agreement_ids, "source_id": source_ids.gather(agr % n_src),
                                         "quote": _text(n_agr, seed + 3, length["agreement_sources.quote"])})
    stm = pl.Series(range(n_stm))
    tables["statements"] = frame({"x": stm}).select(
        _ids("stm", n_stm).alias("statement_id"), (pl.date(2020, 9, 27) + pl.duration(days=pl.int_range(pl.len()) % 45))
        .dt.strftime("%Y-%m-%d").alias("date"), pl.lit(None, pl.String).alias("time_local"),
        pl.lit(None, pl.String).alias("utc_offset"), actor_ids.gather(stm % n_act).alias("speaker_id"),
        pl.lit(None, pl.String).alias("speaker_role_id"), pl.lit(None, pl.String).alias("on_behalf_of_id"),
        pl.lit("press_statement").alias("channel"), pl.lit("claim").alias("type"),
        _text(n_stm, seed + 4, length["statements.summary"]).alias("summary"),
        pl.when(pl.int_range(pl.len()) % 20 != 0).then(_text(n_stm, seed + 8, length["statements.quote"])).alias("quote"),
        pl.lit(None, pl.String).alias("event_id"), pl.lit(None, pl.String).alias("agreement_id"),
        pl.lit("curated").alias("provenance"), pl.lit(None, pl.String).alias("note"))
    statement_ids = tables["statements"]["statement_id"]
    tables["statement_addressees"] = frame({"statement_id": statement_ids.head(n_stm // 2),
                                            "actor_id": actor_ids.gather((stm.head(n_stm // 2) + 3) % n_act)})
    tables["statement_sources"] = frame({"statement_id": statement_ids, "source_id": source_ids.gather(stm % n_src),
                                         "quote": _text(n_stm, seed + 5, length["statement_sources.quote"])})
    clm = pl.Series(range(n_clm))
    tables["claims"] = frame({"x": clm}).select(
        _ids("clm", n_clm).alias("claim_id"), statement_ids.gather(clm % n_stm).alias("statement_id"),
        pl.lit(None, pl.String).alias("subject_actor_id"), pl.lit("killed").alias("quantity"),
        pl.lit("civilians").alias("population"), (clm % 90 + 1).cast(pl.String).alias("value"),
        pl.lit(None, pl.String).alias("value_low"), pl.lit(None, pl.String).alias("value_high"),
        pl.lit(None, pl.String).alias("period_start"),
        (pl.date(2020, 9, 27) + pl.duration(days=pl.int_range(pl.len()) % 45)).dt.strftime("%Y-%m-%d").alias("as_of"),
        pl.lit(None, pl.String).alias("event_id"), pl.lit("curated").alias("provenance"),
        pl.lit(None, pl.String).alias("note"))
    tables["claim_sources"] = frame({"claim_id": tables["claims"]["claim_id"], "source_id": source_ids.gather(clm % n_src),
                                     "quote": _text(n_clm, seed + 6, length["claim_sources.quote"])})
    tables["retired_ids"] = frame(schema={c: pl.String for c in ("id", "table", "retired_in", "reason",
                                                                 "merged_into", "note")})
    injected = _inject(tables, inject, seed) if inject else []
    for resource in descriptor["resources"]:
        table = tables[resource["name"]].with_columns(pl.all().cast(pl.String))
        table.write_csv(outdir / resource["path"], null_value="", quote_style="necessary", line_terminator="\n")
    fingerprints.record(outdir)  # as `nkdata build` would: validation then checks every file's sha256
    rows = {name: t.height for name, t in tables.items()}
    (outdir / "injected.json").write_text(json.dumps({"rows": rows, "injected": injected}, indent=1), encoding="utf-8")
    return {"rows": rows, "injected": injected}


def _inject(tables: dict[str, pl.DataFrame], k: int, seed: int) -> list[dict]:
    """Break K rows per kind, far apart, each on a different event or statement."""
    rnd = random.Random(seed)
    n = tables["events"].height
    chosen = rnd.sample(range(1, n - 1), k * 7)
    out = []

    def events_set(rows, column, value):
        ev = tables["events"]
        tables["events"] = ev.with_columns(pl.when(pl.int_range(pl.len()).is_in(rows)).then(pl.lit(value))
                                           .otherwise(pl.col(column)).alias(column))

    groups = [chosen[i * k:(i + 1) * k] for i in range(7)]
    events_set(groups[0], "date_start", "2020-02-30")
    out += [{"rule": "schema.type", "file": "data/events.csv"}] * k
    events_set(groups[1], "event_type", "skirmish")
    out += [{"rule": "schema.enum", "file": "data/events.csv"}] * k
    events_set(groups[2], "date_end", "1990-01-01")
    out += [{"rule": "date.order", "file": "data/events.csv"}] * k
    ids = tables["events"]["event_id"]
    unsourced = set(ids.gather(groups[3]).to_list())
    tables["event_sources"] = tables["event_sources"].filter(~pl.col("event_id").is_in(list(unsourced)))
    out += [{"rule": "provenance.unsourced", "file": "data/events.csv"}] * k
    tables["events"] = pl.concat([tables["events"], tables["events"][groups[4]]])
    out += [{"rule": "schema.primary_key", "file": "data/events.csv"}] * k
    tables["event_actors"] = tables["event_actors"].with_columns(
        pl.when(pl.int_range(pl.len()).is_in(groups[5])).then(pl.lit("act-missing-actor")).otherwise(pl.col("actor_id"))
        .alias("actor_id"))
    out += [{"rule": "ref.foreign_key", "file": "data/event_actors.csv"}] * k
    st = tables["statements"]
    rows = [r % st.height for r in groups[6]]
    tables["statements"] = st.with_columns(pl.when(pl.int_range(pl.len()).is_in(rows)).then(pl.lit("2099-01-01"))
                                           .otherwise(pl.col("date")).alias("date"))
    out += [{"rule": "date.range", "file": "data/statements.csv"}] * k
    cl = tables["claims"]
    rows = [r % cl.height for r in rnd.sample(range(cl.height), k)]
    tables["claims"] = cl.with_columns(pl.when(pl.int_range(pl.len()).is_in(rows)).then(pl.lit("1000"))
                                       .otherwise(pl.col("value_low")).alias("value_low"))
    out += [{"rule": "claim.range", "file": "data/claims.csv"}] * k
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--inject", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--text-scale", type=float, default=1.0, help="shrink the long texts (default 1: realistic)")
    args = parser.parse_args()
    info = generate(args.outdir, args.events, args.inject, args.seed, args.text_scale)
    print(f"{sum(info['rows'].values())} rows in {args.outdir}; {len(info['injected'])} injected errors")


if __name__ == "__main__":
    main()
