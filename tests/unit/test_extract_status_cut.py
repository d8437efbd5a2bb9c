"""The status reader's trigger scan and sentence cut give what their plain forms give: every
trigger's positions listed for each rule, and the nearest end either side of each position."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crisiswatch.extract.results import status
from crisiswatch.extract.sentences import Sentence
from crisiswatch.extract.words import find_all

PIECES = [
    "The commission annulled the results",
    " of the parliamentary vote",
    ". ",
    "! ",
    "? ",
    "\n",
    "Protesters demanded that the vote be re-run",
    "A second round will be held",
    " final results",
    " preliminary results were cancelled",
    "x" * 150,
    " ",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _hits_plain(low: str, reports_results: bool) -> tuple[list[status.StatusRule], list[int]]:
    hit: list[status.StatusRule] = []
    positions: list[int] = []
    for rule in status.STATUS_RULES:
        if not (reports_results or rule.anywhere):
            continue
        at = [i for t in rule.triggers for i in find_all(low, t)]
        if at:
            hit.append(rule)
            positions += at
    return hit, positions


def _cut_plain(text: str, positions: list[int]) -> list[Sentence]:
    out: list[Sentence] = []
    done_to = -1
    for pos in sorted(positions):
        if pos < done_to:
            continue
        lo, hi = max(0, pos - status._REACH), min(len(text), pos + status._REACH)
        ends = status._ENDS
        start = max([lo, *(i + len(e) for e in ends if (i := text.rfind(e, lo, pos)) >= 0)])
        after = [i + 1 for e in ends if (i := text.find(e, pos, hi)) >= 0]
        end = min(after) if after else hi
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            lead = start + len(piece) - len(piece.lstrip())
            out.append(Sentence(stripped, lead, lead + len(stripped)))
        done_to = end
    return out


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.booleans())
def test_trigger_hits_as_every_trigger_scanned(text: str, results: bool) -> None:
    low = text.lower()
    assert status.trigger_hits(low, results) == _hits_plain(low, results)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_status_cut_as_the_plain_cut(text: str, data: st.DataObject) -> None:
    positions = data.draw(st.lists(st.integers(0, max(0, len(text) - 1)), max_size=8))
    assert status._sentences(text, positions) == _cut_plain(text, positions)


def test_the_cut_finds_the_sentence_of_a_trigger() -> None:
    text = "Calm returned. The commission annulled the results of the vote. Shops opened."
    hit, positions = status.trigger_hits(text.lower(), False)
    assert [r.name for r in hit] == ["annulled"]
    (sentence,) = status._sentences(text, positions)
    assert sentence.text == "The commission annulled the results of the vote."
