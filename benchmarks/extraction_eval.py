"""Evaluate `nkdata extract` against the gold annotations in tests/fixtures/extraction/.

    python benchmarks/extraction_eval.py [--set NAME|all] [--json] [--verbose]

Every sub-folder of tests/fixtures/extraction holding gold JSON files is a set; GUIDE.md there is the one
annotation guide they follow. Scores per set and overall:
- mentions: precision/recall/F1 over distinct (normalised name, id) pairs per article;
- dates: accuracy, a gold date counting as right when the extractor found that expression and gave the same
  value and precision;
- statements: precision/recall/F1 over distinct (speaker id, date) pairs;
- events (type, date), agreements (kind, date, effective time) and claims (quantity, value): precision/recall/F1,
  plus claimant accuracy over the claims found; scored only for gold files that annotate them.
The development set (`dev`) is the three corpus articles, read from ../shared/corpus and skipped when absent.
`tuning*` sets were looked at while developing. HELDOUT is the blind set: written without sight of the
extractor, never used to change it; the targets (mentions F1 >= 0.95, date accuracy >= 0.95, statements
F1 >= 0.85) are checked on it and the script exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "extraction"
SHARED = REPO.parent / "shared"
HELDOUT = "heldout5"
TARGETS = {"mentions": 0.95, "dates": 0.95, "statements": 0.85}
PAIRED = ("mentions", "statements", "events", "agreements", "claims")


def set_names() -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and any(p.glob("*.json")))


def articles(which: str):
    """(set name, gold dict, article text) for every annotated article that can be read."""
    for name in set_names():
        if which not in (name, "all"):
            continue
        for gold_path in sorted((FIXTURES / name).glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            text_path = (SHARED if name == "dev" else gold_path.parent) / gold["article"]
            if not text_path.is_file():
                print(f"skipped {gold_path.relative_to(REPO)}: {text_path} not found", file=sys.stderr)
                continue
            yield name, gold, text_path.read_text(encoding="utf-8")


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0, 3),
            "tp": tp, "fp": fp, "fn": fn}


def _pairs(predicted: set, expected: set) -> tuple[tuple[int, int, int], list, list]:
    return ((len(predicted & expected), len(predicted - expected), len(expected - predicted)),
            sorted(expected - predicted, key=str), sorted(predicted - expected, key=str))


def score(gold: dict, extraction) -> dict:
    from nkdata.resolve import normalise

    def strip(text: str) -> str:
        words = normalise(text).split()
        return " ".join(w for w in words if w not in ("on", "in", "at", "since", "the"))

    result: dict = {}
    sets = {
        "mentions": ({(normalise(m["text"]), m["id"]) for m in extraction.mentions},
                     {(normalise(m["text"]), m["id"]) for m in gold["mentions"]}),
        "statements": ({(s["speaker_id"], s["date"]) for s in extraction.statements},
                       {(s["speaker"], s["date"]) for s in gold["statements"]}),
    }
    if "events" in gold:
        sets["events"] = ({(e["event_type"], e["date"]) for e in extraction.events},
                          {(e["type"], e["date"]) for e in gold["events"]})
    if "agreements" in gold:
        sets["agreements"] = ({(a["kind"], a["date"], a["effective_local"]) for a in extraction.agreements},
                              {(a["kind"], a["date"], a["effective"]) for a in gold["agreements"]})
    if "claims" in gold:
        sets["claims"] = ({(c["quantity"], c["value"]) for c in extraction.claims},
                          {(c["quantity"], c["value"]) for c in gold["claims"]})
        claimants = {(c["quantity"], c["value"]): c.get("claimant") for c in gold["claims"]}
        found = [c for c in extraction.claims if (c["quantity"], c["value"]) in claimants]
        result["claimants"] = (sum(claimants[(c["quantity"], c["value"])] == c["claimant_id"] for c in found),
                               len(found))
    for kind, (predicted, expected) in sets.items():
        result[kind], result[f"missed_{kind}"], result[f"extra_{kind}"] = _pairs(predicted, expected)

    right, missed = 0, []
    for d in gold["dates"]:  # the extractor's span may be shorter ("the 18th" in "0:00 local time on the 18th")
        text = strip(d["text"])
        found = [f for f in extraction.dates if strip(f["text"]) and (strip(f["text"]) in text or text in strip(f["text"]))]
        if any(f["value"] == d["value"] and f["precision"] == d["precision"] for f in found):
            right += 1
        else:
            missed.append((d["text"], d["value"], [f["value"] for f in found]))
    result["dates"], result["missed_dates"] = (right, len(gold["dates"])), missed
    return result


def _figures(t: dict) -> dict:
    out = {kind: _prf(*t[kind]) for kind in PAIRED if kind in t}
    out["dates"] = {"accuracy": round(t["dates"][0] / t["dates"][1], 3) if t["dates"][1] else 1.0,
                    "right": t["dates"][0], "gold": t["dates"][1]}
    if "claimants" in t:
        out["claimants"] = {"accuracy": round(t["claimants"][0] / t["claimants"][1], 3) if t["claimants"][1] else 1.0,
                            "right": t["claimants"][0], "of": t["claimants"][1]}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=set_names() + ["all"], default="all")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--verbose", action="store_true", help="list misses and false positives per article")
    args = parser.parse_args()

    from nkdata.extract import extract

    totals: dict[str, dict[str, list[int]]] = {}
    for name, gold, text in articles(args.set):
        result = score(gold, extract(text, gold["published"]))
        for key in (name, "all"):
            t = totals.setdefault(key, {})
            for kind in (*PAIRED, "dates", "claimants"):
                if kind in result:
                    t[kind] = [a + b for a, b in zip(t.get(kind, [0] * len(result[kind])), result[kind])]
        if args.verbose:
            print(f"--- {gold['article']}")
            for k, v in result.items():
                if k.startswith(("missed_", "extra_")) and v:
                    print(f"  {k}: {v}")
    figures = {key: _figures(t) for key, t in sorted(totals.items(), key=lambda kv: kv[0] == "all")}
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, f in figures.items():
            line = (f"{key:8} mentions F1 {f['mentions']['f1']:.3f} (P {f['mentions']['precision']:.3f} "
                    f"R {f['mentions']['recall']:.3f})  dates {f['dates']['accuracy']:.3f} "
                    f"({f['dates']['right']}/{f['dates']['gold']})  statements F1 {f['statements']['f1']:.3f} "
                    f"(P {f['statements']['precision']:.3f} R {f['statements']['recall']:.3f})")
            for kind in ("events", "agreements", "claims"):
                if kind in f:
                    line += f"  {kind} F1 {f[kind]['f1']:.3f} (P {f[kind]['precision']:.3f} R {f[kind]['recall']:.3f})"
            if "claimants" in f:
                line += f"  claimants {f['claimants']['right']}/{f['claimants']['of']}"
            print(line)
    held = figures.get(HELDOUT)
    if held is None:
        return 0
    misses = [k for k, target in TARGETS.items()
              if (held[k]["accuracy"] if k == "dates" else held[k]["f1"]) < target]
    print(f"targets on {HELDOUT}: " + ("all met" if not misses else "missed: " + ", ".join(misses)))
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
