"""Evaluate `nkdata extract` against the gold annotations in tests/fixtures/extraction/.

    python benchmarks/extraction_eval.py [--set dev|heldout|all] [--json]

Prints precision, recall and F1 per kind and per set: mention resolution over distinct (name, id) pairs per
article; date normalisation accuracy (a gold date counts as right when the extractor found that expression
and gave the same value and precision); statement speaker-and-date over distinct (speaker, date) pairs.
The development set is the three corpus articles (read from ../shared/corpus, skipped when absent); the
tuning set is five synthetic articles whose errors were looked at; the held-out set is five synthetic
articles written blind to the extractor and never used to change it. Targets: mentions F1 >= 0.95, dates accuracy >= 0.95,
statements F1 >= 0.85; exits 1 when the held-out set misses one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "extraction"
SHARED = REPO.parent / "shared"
TARGETS = {"mentions": 0.95, "dates": 0.95, "statements": 0.85}


def articles(which: str):
    """(set name, gold dict, article text) for every annotated article that can be read."""
    for name in ("dev", "tuning", "tuning2", "heldout", "heldout2"):
        if which not in (name, "all"):
            continue
        for gold_path in sorted((FIXTURES / name).glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            base = SHARED if name == "dev" else FIXTURES
            text_path = base / gold["article"]
            if not text_path.is_file():
                print(f"skipped {gold_path.relative_to(REPO)}: {text_path} not found", file=sys.stderr)
                continue
            yield name, gold, text_path.read_text(encoding="utf-8")


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0, 3),
            "tp": tp, "fp": fp, "fn": fn}


def score(gold: dict, extraction) -> dict:
    from nkdata.resolve import normalise

    def strip(text: str) -> str:
        words = normalise(text).split()
        return " ".join(w for w in words if w not in ("on", "in", "at", "since", "the"))

    predicted = {(normalise(m["text"]), m["id"]) for m in extraction.mentions}
    expected = {(normalise(m["text"]), m["id"]) for m in gold["mentions"]}
    mentions = (len(predicted & expected), len(predicted - expected), len(expected - predicted))

    right = 0
    for d in gold["dates"]:  # the extractor's span may be shorter ("the 18th" in "0:00 local time on the 18th")
        text = strip(d["text"])
        found = [f for f in extraction.dates if strip(f["text"]) and (strip(f["text"]) in text or text in strip(f["text"]))]
        if any(f["value"] == d["value"] and f["precision"] == d["precision"] for f in found):
            right += 1
    dates = (right, len(gold["dates"]))

    said = {(s["speaker_id"], s["date"]) for s in extraction.statements}
    gold_said = {(s["speaker"], s["date"]) for s in gold["statements"]}
    statements = (len(said & gold_said), len(said - gold_said), len(gold_said - said))
    return {"mentions": mentions, "dates": dates, "statements": statements,
            "missed_mentions": sorted(expected - predicted), "wrong_mentions": sorted(predicted - expected),
            "missed_statements": sorted(gold_said - said), "extra_statements": sorted(said - gold_said)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["dev", "tuning", "tuning2", "heldout", "heldout2", "all"], default="all")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--verbose", action="store_true", help="list misses and false positives per article")
    args = parser.parse_args()

    from nkdata.extract import extract

    totals: dict[str, dict[str, list[int]]] = {}
    for name, gold, text in articles(args.set):
        result = score(gold, extract(text, gold["published"]))
        for key in (name, "all"):
            t = totals.setdefault(key, {"mentions": [0, 0, 0], "dates": [0, 0], "statements": [0, 0, 0]})
            for kind in t:
                t[kind] = [a + b for a, b in zip(t[kind], result[kind])]
        if args.verbose:
            print(f"--- {gold['article']}")
            for k in ("missed_mentions", "wrong_mentions", "missed_statements", "extra_statements"):
                if result[k]:
                    print(f"  {k}: {result[k]}")
    figures = {}
    for key, t in totals.items():
        figures[key] = {"mentions": _prf(*t["mentions"]),
                        "dates": {"accuracy": round(t["dates"][0] / t["dates"][1], 3) if t["dates"][1] else 1.0,
                                  "right": t["dates"][0], "gold": t["dates"][1]},
                        "statements": _prf(*t["statements"])}
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, f in figures.items():
            print(f"{key:8} mentions F1 {f['mentions']['f1']:.3f} (P {f['mentions']['precision']:.3f} "
                  f"R {f['mentions']['recall']:.3f})  dates accuracy {f['dates']['accuracy']:.3f} "
                  f"({f['dates']['right']}/{f['dates']['gold']})  statements F1 {f['statements']['f1']:.3f} "
                  f"(P {f['statements']['precision']:.3f} R {f['statements']['recall']:.3f})")
    held = figures.get("heldout2") or figures.get("heldout")
    if held is None:
        return 0
    misses = [k for k, target in TARGETS.items()
              if (held[k]["accuracy"] if k == "dates" else held[k]["f1"]) < target]
    print("targets on the held-out set: " + ("all met" if not misses else "missed: " + ", ".join(misses)))
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
