"""Evidence quotes checked against the archived text of their source (`nkdata validate --corpus DIR`).

A source row may record the sha256 of its archived text. For every such text found in DIR (any file, matched
by the sha256 of its bytes, whatever its name), each evidence quote that cites the source must occur in it,
after whitespace and quote marks are normalised (curly and straight quotes, runs of spaces and line breaks).
A quote that does not is reported on its link row: it was mistyped, paraphrased or taken from another page.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import polars as pl

from nkdata.package import DataPackage
from nkdata.reading import LINE
from nkdata.report import Finding

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "`": "'"})


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


def archived_texts(corpus: Path) -> dict[str, str]:
    """sha256 -> normalised text of every UTF-8 file under CORPUS."""
    out = {}
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        data = path.read_bytes()
        try:
            out[hashlib.sha256(data).hexdigest()] = normalise(data.decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return out


def check(package: DataPackage, frames: dict[str, pl.DataFrame], corpus: Path) -> list[Finding]:
    texts = archived_texts(corpus)
    sources = frames.get("sources")
    if sources is None or not texts:
        return []
    text_of = {sid: texts[sha] for sid, sha in sources.select("source_id", "sha256").iter_rows() if sha in texts}
    findings = []
    for name, frame in frames.items():
        if not {"source_id", "quote"} <= set(frame.columns):
            continue
        res = package.resources[name]
        cited = frame.filter(pl.col("source_id").is_in(list(text_of)) & pl.col("quote").is_not_null())
        for row in cited.iter_rows(named=True):
            if normalise(row["quote"]) not in text_of[row["source_id"]]:
                findings.append(Finding(res.relpath, row[LINE], "quote", "evidence.not_in_source", row["quote"][:80],
                                        f"the quote does not occur in the archived text of {row['source_id']} "
                                        f"(found in {corpus} by its sha256)", layers=("integrity",)))
    return findings
