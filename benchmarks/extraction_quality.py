"""Precision and recall of extraction over the labelled corpus, per kind and for election results.

    python benchmarks/extraction_quality.py [corpus.jsonl] [-v]

A total counts as right only when value, qualifier and range top all match the label; a share
only when party and per cent both match. `-v` lists every miss and every false figure.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from crisiswatch.config import Election, Party
from crisiswatch.extract import extract
from crisiswatch.models import Kind

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "tests/data/extraction/corpus.jsonl"

WATCH_ELECTION = Election(
    seats=120,
    threshold=7.0,
    parties=(
        Party("Birimdik", ("Unity",)),
        Party("Mekenim Kyrgyzstan", ("Native Kyrgyzstan", "My Homeland Kyrgyzstan")),
        Party("Kyrgyzstan"),
        Party("Butun Kyrgyzstan", ("United Kyrgyzstan",)),
        Party(
            "Ata-Jurt Kyrgyzstan",
        ),
        Party(
            "Social Democrats",
        ),
        Party(
            "Respublika",
        ),
        Party(
            "Ata Meken",
        ),
        Party(
            "Reforma",
        ),
    ),
)
"""The watch the corpus is read with: the 2020 Kyrgyz ballot (other countries' names are unknown)."""

FACTS = ("reporting_pct", "threshold_pct", "turnout_pct")


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def score(
    corpus_path: str | Path = DEFAULT_CORPUS, misses: list[str] | None = None
) -> dict[str, Any]:
    """Per kind (and for `results` and `facts`): tp, fp, fn, precision, recall."""
    counts: dict[str, list[int]] = {
        k: [0, 0, 0] for k in [*(k.value for k in Kind), "results", "facts"]
    }
    passages = 0
    for line in Path(corpus_path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        passages += 1
        ex = extract(rec["text"], WATCH_ELECTION)
        for kind in Kind:
            gold = rec["totals"].get(kind.value)
            got = ex.totals.get(kind)
            pred = (
                None
                if got is None
                else {"value": got.value, "qual": got.qual.value, "high": got.high}
            )
            c = counts[kind.value]
            if pred is not None and pred == gold:
                c[0] += 1
                continue
            if pred is not None:
                c[1] += 1
            if gold is not None:
                c[2] += 1
            if misses is not None and pred != gold:
                misses.append(
                    f"{rec['id']} {kind.value}: got {pred} want {gold} | {rec['text'][:140]!r}"
                )
        gold_res = {(r["party"].casefold(), round(r["pct"], 2)) for r in rec["results"]}
        got_res = {(r.party.casefold(), round(r.pct, 2)) for r in ex.results}
        _tally(counts["results"], gold_res, got_res, rec, misses, "results")
        gold_f = {(f, rec[f]) for f in FACTS if rec[f] is not None}
        got_f = {(f, getattr(ex, f)) for f in FACTS if getattr(ex, f) is not None}
        _tally(counts["facts"], gold_f, got_f, rec, misses, "facts")
    out: dict[str, Any] = {"passages": passages}
    for name, (tp, fp, fn) in counts.items():
        out[name] = {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": _ratio(tp, tp + fp),
            "recall": _ratio(tp, tp + fn),
        }
    return out


def _tally(
    c: list[int],
    gold: set[Any],
    got: set[Any],
    rec: dict[str, Any],
    misses: list[str] | None,
    label: str,
) -> None:
    c[0] += len(gold & got)
    c[1] += len(got - gold)
    c[2] += len(gold - got)
    if misses is not None and gold != got:
        misses.append(
            f"{rec['id']} {label}: extra {sorted(got - gold)} missing {sorted(gold - got)} "
            f"| {rec['text'][:140]!r}"
        )


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    misses: list[str] | None = [] if "-v" in argv else None
    result = score(args[0] if args else DEFAULT_CORPUS, misses)
    print(f"{result['passages']} passages")
    print(f"{'kind':<10} {'precision':>9} {'recall':>7}   tp  fp  fn")
    for name, r in result.items():
        if name == "passages":
            continue
        print(
            f"{name:<10} {r['precision']:>9.3f} {r['recall']:>7.3f}  {r['tp']:>3} {r['fp']:>3} {r['fn']:>3}"
        )
    for m in misses or ():
        print(m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
