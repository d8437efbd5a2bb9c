"""Precision, recall, F1 and exact-match of extraction over a labelled corpus.

    python benchmarks/extraction_quality.py [--corpus PATH] [--part all|dev|held] [-v]

Reads either corpus format: the project's own (`tests/data/extraction/corpus.jsonl`: `totals`,
`results` and the facts at the top level) or the shared annotation format (a `gold` object per
passage, see `../shared/extraction/ANNOTATION.md`). Run it on the shared corpus by hand, never
from the test suite:

    python benchmarks/extraction_quality.py --corpus ../shared/extraction/dev.jsonl

Definitions (each passage counts once per field):
- casualty kinds: a total is right when value, qualifier and range top all match the gold; a
  passage whose gold is null and which yields nothing is right for exact-match only (F1 counts
  figures). "Qualifier accuracy" is the share of passages with the right value whose qualifier
  is right too.
- results: a share is right when its party matches a gold party loosely (case, accents,
  punctuation, an abbreviation in brackets, one name's words inside the other's) and its per
  cent is within 0.01. Read twice: without a ballot (names found from the text), and with one
  (per passage, a watch that lists the gold parties, as a user who configured the race would).
- reporting, turnout, threshold: right when stated and read within 0.01; false when read but
  wrong or not stated; missed when stated and not read.

`--part held` keeps to the held-back fifth: the passages whose page address hashes into the
fifth bucket (by page, so one page's passages never sit on both sides). `--part dev` is the other
four fifths, the part to study and tune on; a shared-format corpus prints both parts by default.
`-v` lists every miss of the dev part (the held-back part's only with `--show-held`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crisiswatch.config import Election, Party
from crisiswatch.extract import extract
from crisiswatch.models import Extraction, Kind

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "tests/data/extraction/corpus.jsonl"

KYRGYZ_BALLOT = Election(
    seats=120,
    threshold=7.0,
    parties=(
        Party("Birimdik", ("Unity",)),
        Party("Mekenim Kyrgyzstan", ("Native Kyrgyzstan", "My Homeland Kyrgyzstan")),
        Party("Kyrgyzstan"),
        Party("Butun Kyrgyzstan", ("United Kyrgyzstan",)),
        Party("Ata-Jurt Kyrgyzstan"),
        Party("Social Democrats"),
        Party("Respublika"),
        Party("Ata Meken"),
        Party("Reforma"),
    ),
)
"""The ballot the project's own corpus is read with (the 2020 Kyrgyz election)."""

FACTS = ("reporting_pct", "turnout_pct", "threshold_pct")
HELD_BUCKETS = 5
"""One page in five is held back."""


@dataclass(frozen=True, slots=True)
class Passage:
    """One labelled passage, whichever format it came in."""

    id: str
    page: str
    text: str
    totals: dict[str, dict[str, Any] | None]
    results: list[dict[str, Any]]
    facts: dict[str, float | None]
    own_format: bool


def read_corpus(path: str | Path) -> list[Passage]:
    """Every passage of a corpus file, in either format."""
    out: list[Passage] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        gold = rec.get("gold")
        own = gold is None
        src = rec if own else gold
        totals = (
            dict(rec["totals"])
            if own
            else {k.value: gold[k.value] for k in Kind if k.value in gold}
        )
        out.append(
            Passage(
                id=rec["id"],
                page=rec.get("source") or rec["id"],
                text=rec["text"],
                totals=totals,
                results=list(src.get("results") or []),
                facts={f: src.get(f) for f in FACTS},
                own_format=own,
            )
        )
    return out


def is_held_back(page: str) -> bool:
    """Whether a page belongs to the held-back fifth (stable across runs and machines)."""
    digest = hashlib.sha256(page.encode("utf-8")).digest()
    return digest[0] % HELD_BUCKETS == 0


def select(passages: Iterable[Passage], part: str) -> list[Passage]:
    if part == "all":
        return list(passages)
    want_held = part == "held"
    return [p for p in passages if is_held_back(p.page) == want_held]


_NOT_WORD = re.compile(r"[^\w\s]+")
_BRACKETED = re.compile(r"\(([^)]*)\)")


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold()).split())


def _name_forms(name: str) -> set[str]:
    """A name, its bracketed abbreviation and the name without it, all plain."""
    forms = {_plain(name), _plain(_BRACKETED.sub(" ", name))}
    forms.update(_plain(m) for m in _BRACKETED.findall(name))
    return {f for f in forms if f}


def names_match(gold: str, got: str) -> bool:
    """Loose party-name match: any plain form equal, or one form's words inside the other's."""
    gold_forms, got_forms = _name_forms(gold), _name_forms(got)
    if gold_forms & got_forms:
        return True
    for a in gold_forms:
        for b in got_forms:
            wa, wb = set(a.split()), set(b.split())
            if wa <= wb or wb <= wa:
                return True
    return False


def match_shares(
    gold: list[tuple[str, float]], got: list[tuple[str, float]]
) -> tuple[int, list[tuple[str, float]], list[tuple[str, float]]]:
    """Greedy one-to-one matching: (right, false shares, missed shares)."""
    left = list(gold)
    false: list[tuple[str, float]] = []
    for name, pct in got:
        hit = next((g for g in left if abs(g[1] - pct) <= 0.0101 and names_match(g[0], name)), None)
        if hit is None:
            false.append((name, pct))
        else:
            left.remove(hit)
    return len(gold) - len(left), false, left


@dataclass
class Count:
    """Figures right, false and missed for one field, plus passage-level agreement."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    passages: int = 0
    value_right: int = 0
    qual_right: int = 0

    def as_dict(self) -> dict[str, Any]:
        p = _ratio(self.tp, self.tp + self.fp)
        r = _ratio(self.tp, self.tp + self.fn)
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "exact_match": _ratio(self.exact, self.passages),
            "qualifier_accuracy": _ratio(self.qual_right, self.value_right),
        }


@dataclass
class FactCount:
    right: int = 0
    false: int = 0
    missed: int = 0
    stated: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "right": self.right,
            "false": self.false,
            "missed": self.missed,
            "stated": self.stated,
            "right_share": _ratio(self.right, self.stated),
        }


@dataclass
class Scores:
    kinds: dict[str, Count] = field(default_factory=lambda: {k.value: Count() for k in Kind})
    results_no_ballot: Count = field(default_factory=Count)
    results_ballot: Count = field(default_factory=Count)
    facts: dict[str, FactCount] = field(default_factory=lambda: {f: FactCount() for f in FACTS})
    passages: int = 0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _total_dict(ex: Extraction, kind: Kind) -> dict[str, Any] | None:
    got = ex.totals.get(kind)
    if got is None:
        return None
    return {"value": got.value, "qual": got.qual.value, "high": got.high}


def _gold_ballot(passage: Passage) -> Election | None:
    if passage.own_format:
        return KYRGYZ_BALLOT
    names = list(dict.fromkeys(r["party"] for r in passage.results))
    if not names:
        return None
    return Election(seats=100, threshold=0.0, parties=tuple(Party(n) for n in names))


def _score_kinds(
    scores: Scores, passage: Passage, ex: Extraction, misses: list[str] | None
) -> None:
    for kind in Kind:
        if kind.value not in passage.totals:
            continue  # the shared format has no crowd label
        gold = passage.totals[kind.value]
        pred = _total_dict(ex, kind)
        c = scores.kinds[kind.value]
        c.passages += 1
        if gold is not None and pred is not None and gold["value"] == pred["value"]:
            c.value_right += 1
            c.qual_right += gold["qual"] == pred["qual"]
        norm_gold = None if gold is None else {k: gold[k] for k in ("value", "qual", "high")}
        if pred == norm_gold:
            c.exact += 1
            if pred is not None:
                c.tp += 1
            continue
        if pred is not None:
            c.fp += 1
        if gold is not None:
            c.fn += 1
        if misses is not None:
            misses.append(f"{passage.id} {kind.value}: got {pred} want {norm_gold}")


def _score_results(
    c: Count, passage: Passage, ex: Extraction, label: str, misses: list[str] | None
) -> None:
    gold = [(r["party"], float(r["pct"])) for r in passage.results]
    got = [(s.party, s.pct) for s in ex.results]
    right, false, missed = match_shares(gold, got)
    c.passages += 1
    c.tp += right
    c.fp += len(false)
    c.fn += len(missed)
    if not false and not missed:
        c.exact += 1
    elif misses is not None:
        misses.append(f"{passage.id} {label}: false {false} missed {missed}")


def _score_facts(
    scores: Scores, passage: Passage, ex: Extraction, misses: list[str] | None
) -> None:
    for name in FACTS:
        gold = passage.facts[name]
        got = getattr(ex, name)
        c = scores.facts[name]
        c.stated += gold is not None
        if gold is not None and got is not None and abs(gold - got) <= 0.0101:
            c.right += 1
            continue
        if got is None and gold is None:
            continue  # nothing stated, nothing read: right, and no miss
        if got is not None:
            c.false += 1
        elif gold is not None:
            c.missed += 1
        if misses is not None:
            misses.append(f"{passage.id} {name}: got {got} want {gold}")


def score_passages(passages: Iterable[Passage], misses: list[str] | None = None) -> Scores:
    scores = Scores()
    for passage in passages:
        scores.passages += 1
        before = len(misses) if misses is not None else 0
        ballot = _gold_ballot(passage)
        with_ballot = extract(passage.text, ballot)
        _score_kinds(scores, passage, with_ballot, misses)
        _score_facts(scores, passage, with_ballot, misses)
        _score_results(scores.results_ballot, passage, with_ballot, "results+ballot", misses)
        if not passage.own_format:
            bare = with_ballot if ballot is None else extract(passage.text, None)
            _score_results(scores.results_no_ballot, passage, bare, "results", misses)
        if misses is not None and len(misses) > before:
            misses.insert(before, f"--- {passage.id} {passage.page}\n    {passage.text[:300]!r}")
    return scores


def score(
    corpus_path: str | Path = DEFAULT_CORPUS, misses: list[str] | None = None
) -> dict[str, Any]:
    """The project's own corpus as the test suite's floors read it: per kind, `results` and
    `facts` (all three facts together), each with precision and recall."""
    scores = score_passages(read_corpus(corpus_path), misses)
    out: dict[str, Any] = {"passages": scores.passages}
    out.update({k: c.as_dict() for k, c in scores.kinds.items()})
    out["results"] = scores.results_ballot.as_dict()
    right = sum(f.right for f in scores.facts.values())
    false = sum(f.false for f in scores.facts.values())
    missed = sum(f.missed for f in scores.facts.values())
    out["facts"] = {
        "precision": _ratio(right, right + false),
        "recall": _ratio(right, right + missed),
    }
    return out


def report(scores: Scores, title: str) -> Iterator[str]:
    """The printed table for one part of a corpus."""
    yield f"{title}: {scores.passages} passages"
    yield f"  {'field':<17} {'P':>5} {'R':>5} {'F1':>5} {'exact':>5} {'qual':>5}   tp  fp  fn"
    rows: list[tuple[str, Count]] = [(k, c) for k, c in scores.kinds.items() if c.passages]
    if scores.results_no_ballot.passages:
        rows.append(("results, no ballot", scores.results_no_ballot))
    rows.append(("results, ballot", scores.results_ballot))
    for name, c in rows:
        d = c.as_dict()
        qual = f"{d['qualifier_accuracy']:>5.2f}" if name in scores.kinds else "    -"
        yield (
            f"  {name:<17} {d['precision']:>5.2f} {d['recall']:>5.2f} {d['f1']:>5.2f}"
            f" {d['exact_match']:>5.2f} {qual}  {c.tp:>3} {c.fp:>3} {c.fn:>3}"
        )
    for name, f in scores.facts.items():
        yield (
            f"  {name:<17} right {f.right}/{f.stated} ({f.as_dict()['right_share']:.2f}),"
            f" false {f.false}, missed {f.missed}"
        )


HELD_SEEN = Path(__file__).with_name("held_seen.txt")
"""Ids of held-back passages that were read while tuning, by accident (see the file): the
held part is also reported without them, so that one figure stays never seen."""


def held_seen(path: Path = HELD_SEEN) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return frozenset(line for line in lines if line)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("legacy_corpus", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", default=None, help="a corpus file (JSON Lines)")
    parser.add_argument("--part", choices=("all", "dev", "held"), default=None)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("-v", action="store_true", help="list every miss (of the dev part)")
    parser.add_argument(
        "--show-held", action="store_true", help="with -v, list the held-back part's misses too"
    )
    args = parser.parse_args(argv)
    path = args.corpus or args.legacy_corpus or DEFAULT_CORPUS
    passages = read_corpus(path)
    parts = [args.part] if args.part else (["all"] if passages[0].own_format else ["dev", "held"])
    misses: list[str] | None = [] if args.v else None
    as_json: dict[str, Any] = {}
    seen = held_seen()
    if "held" in parts and seen:
        parts.append("held-unseen")
    for part in parts:
        chosen = (
            [p for p in select(passages, "held") if p.id not in seen]
            if part == "held-unseen"
            else select(passages, part)
        )
        # The held-back fifth is for measuring only: its misses stay unread unless asked for.
        if part == "held-unseen" or (part == "held" and not args.show_held):
            listed = None
        elif part == "all" and not args.show_held and misses is not None:
            listed = None
            score_passages(select(passages, "dev"), misses)
        else:
            listed = misses
        scores = score_passages(chosen, listed)
        if args.json:
            as_json[part] = {
                "passages": scores.passages,
                **{k: c.as_dict() for k, c in scores.kinds.items() if c.passages},
                "results_no_ballot": scores.results_no_ballot.as_dict(),
                "results_ballot": scores.results_ballot.as_dict(),
                **{k: f.as_dict() for k, f in scores.facts.items()},
            }
        else:
            print("\n".join(report(scores, f"{Path(path).name} [{part}]")))
    if args.json:
        print(json.dumps(as_json, indent=2))
    for m in misses or ():
        print(m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
