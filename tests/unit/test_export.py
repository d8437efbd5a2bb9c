"""`crisiswatch export` and `tally --csv`, run as real processes on a store polled from a real
feed server through the real extractor, read back as CSV, JSON Lines and Markdown."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crisiswatch.models import Kind, Qual
from crisiswatch.store import Store
from crisiswatch.store.decisions import record
from crisiswatch.store.reads import figure_reports
from crisiswatch.tally.decisions import Action, Decision
from feedserver import Entry, FeedServer, Route, rss

pytestmark = pytest.mark.slow

DECIDED = datetime(2020, 10, 6, 12, 0, tzinfo=UTC)
HOSTILE = '=HYPERLINK("http://evil.example/x","Bishkek") *loud* [x](http://evil.example)'


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2020, 10, day, hour, minute, tzinfo=UTC)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisiswatch", *args], capture_output=True, text=True, timeout=120
    )


class Desk:
    def __init__(self, config: Path, db: Path) -> None:
        self.config, self.db = config, db
        self.ids: dict[int, int] = {}
        self.decisions: dict[str, Decision] = {}

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run(*args, "--config", str(self.config), "--db", str(self.db))

    def ok(self, *args: str) -> str:
        out = self.run(*args)
        assert out.returncode == 0, out.stderr
        return out.stdout


@pytest.fixture
def desk(feed_server: FeedServer, tmp_path: Path) -> Desk:
    feed_server.routes["/wire"] = Route(
        rss(
            [
                Entry(
                    "r1",
                    "Results in Bishkek",
                    "With 98 percent of polling stations counted in Bishkek, Birimdik had "
                    "24.52% and Mekenim Kyrgyzstan 23.89%.",
                    "https://news.example.org/results",
                    at(5, 2, 30),
                ),
                Entry(
                    "w1",
                    "Over 100 hurt in Bishkek",
                    "More than 100 people were injured in Bishkek, the health ministry said.",
                    "https://news.example.org/100",
                    at(5, 16),
                ),
                Entry(
                    "w2",
                    "Bishkek clashes",
                    "590 people were injured in Bishkek, the health ministry said.",
                    "https://news.example.org/590",
                    at(6, 0, 10),
                ),
                Entry(
                    "w3",
                    "Bishkek unrest",
                    "Over 600 people were injured in Bishkek, the UN said.",
                    "https://news.example.org/600",
                    at(6, 3),
                ),
                Entry(
                    "w4",
                    HOSTILE,
                    "Police detained 14 people in Bishkek over looting.",
                    "https://news.example.org/14",
                    at(6, 6, 30),
                ),
            ]
        )
    )
    config = tmp_path / "feeds.toml"
    config.write_text(
        f'[[feed]]\nname = "Wire"\nurl = "{feed_server.url("/wire")}"\n\n'
        '[[watch]]\nname = "KG"\nkeywords = ["Bishkek"]\n[watch.election]\nseats = 120\n'
        'threshold = 7\n[[watch.election.party]]\nname = "Birimdik"\n'
        '[[watch.election.party]]\nname = "Mekenim Kyrgyzstan"\n\n'
        '[[watch]]\nname = "Elsewhere"\nkeywords = ["Minsk"]\n'
    )
    d = Desk(config, tmp_path / "s.db")
    assert run("poll", "--once", "--config", str(config), "--db", str(d.db)).returncode == 0
    with Store(d.db) as store:
        reports = figure_reports(store, "KG")
        d.ids = {r.figure.value: r.item_id for r in reports}
        base = {"kind": Kind.INJURED, "user": "dana", "at": DECIDED}
        d.decisions["reject"] = record(
            store,
            Decision(0, Action.REJECT, item_id=d.ids[600], note="a misread", value=600, **base),  # type: ignore[arg-type]
        )
        d.decisions["confirm"] = record(
            store,
            Decision(0, Action.CONFIRM, item_id=d.ids[590], value=590, **base),  # type: ignore[arg-type]
        )
        d.decisions["pin"] = record(
            store,
            Decision(0, Action.PIN, item_id=d.ids[590], watch="KG", value=590, **base),  # type: ignore[arg-type]
        )
        d.decisions["add"] = record(
            store,
            Decision(
                0,
                Action.ADD,
                Kind.KILLED,
                "omar",
                at(6, 13),
                watch="KG",
                value=2,
                qual=Qual.AT_LEAST,
                source="the health ministry, press conference",
                note="said on the phone",
            ),
        )
    return d


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_figures_csv_has_provenance_and_every_decision(desk: Desk) -> None:
    table = rows(desk.ok("export", "--what", "figures", "--format", "csv"))
    by = {(r["kind"], r["value"]): r for r in table}
    ministry = by[("injured", "590")]
    assert ministry["source"] == "health ministry" and ministry["feed"] == "Wire"
    assert ministry["at"] == "2020-10-06T00:10:00+00:00"
    assert ministry["link"] == "https://news.example.org/590"
    assert ministry["sentence"] == "590 people were injured in Bishkek, the health ministry said."
    assert ministry["confirmed_by"] == "dana" and ministry["pinned_by"] == "dana"
    assert ministry["confirmed_at"] == DECIDED.isoformat() and ministry["headline"] == "yes"
    assert (
        f"#{desk.decisions['confirm'].id} confirm 590 by dana at 2020-10-06 12:00 UTC"
        in (ministry["decision_log"])
    )
    un = by[("injured", "600")]
    assert un["standing"] == "rejected" and un["rejected_why"] == "a misread"
    assert un["rejected_by"] == "dana" and un["confirmed_by"] == ""
    hand = by[("killed", "2")]
    assert hand["added_by"] == "omar" and hand["feed"] == "" and hand["item_id"] == ""
    assert hand["source"] == "health ministry"
    assert hand["attribution"] == "the health ministry, press conference"
    assert hand["sentence"] == "said on the phone" and hand["qual"] == "at_least"
    assert by[("injured", "100")]["standing"] == "revised"
    assert {r["watch"] for r in table} == {"KG"}


def test_figures_jsonl_round_trip_with_the_decision_log(desk: Desk) -> None:
    lines = desk.ok("export", "--what", "figures", "--format", "jsonl").splitlines()
    records = [json.loads(line) for line in lines]
    ministry = next(r for r in records if r["value"] == 590)
    assert ministry["item_id"] == desk.ids[590] and ministry["vague"] is False
    log = ministry["decision_log"]
    assert [(d["action"], d["user"]) for d in log] == [("confirm", "dana"), ("pin", "dana")]
    assert log[1]["id"] == desk.decisions["pin"].id and log[0]["at"] == DECIDED.isoformat()
    un = next(r for r in records if r["value"] == 600)
    assert un["decision_log"][0]["note"] == "a misread" and un["standing"] == "rejected"


def test_history_is_the_headline_as_reports_came_in(desk: Desk) -> None:
    table = rows(desk.ok("export", "--what", "history", "--format", "csv", "--watch", "KG"))
    injured = [(r["at"], r["headline"], r["pinned_by"]) for r in table if r["kind"] == "injured"]
    # 600 was rejected, so it never enters; the pin at 12:00 marks the headline as dana's.
    assert injured == [
        ("2020-10-05T16:00:00+00:00", "more than 100", ""),
        ("2020-10-06T00:10:00+00:00", "590", ""),
        ("2020-10-06T12:00:00+00:00", "590", "dana"),
    ]
    assert table[-1]["kind"] == "killed" and table[-1]["after"] == "figure added by hand"
    pin_row = next(r for r in table if r["after"] == "pin by dana")
    assert pin_row["decision_log"].startswith(f"#{desk.decisions['pin'].id} pin 590 by dana")
    added = f"#{desk.decisions['add'].id} add at least 2 by omar at 2020-10-06 13:00 UTC"
    assert table[-1]["decision_log"].startswith(added)
    jsonl = [
        json.loads(x)
        for x in desk.ok("export", "--what", "history", "--format", "jsonl").splitlines()
    ]
    assert [r["value"] for r in jsonl if r["kind"] == "injured"] == [100, 590, 590]


def test_since_and_until_pick_the_window_and_tally_as_of_its_end(desk: Desk) -> None:
    items = rows(
        desk.ok(
            "export", "--what", "items", "--format", "csv",
            "--since", "2020-10-05T12:00", "--until", "2020-10-06T01:00Z",
        )
    )  # fmt: skip
    assert [r["title"] for r in items] == ["Over 100 hurt in Bishkek", "Bishkek clashes"]
    assert items[1]["figures"] == "injured 590"
    assert f"#{desk.decisions['confirm'].id} confirm" in items[1]["decision_log"]
    figures = rows(
        desk.ok("export", "--what", "figures", "--format", "csv", "--until", "2020-10-05")
    )
    # A date alone for --until takes in that whole day.
    assert {r["value"] for r in figures} == {"100"}
    md = desk.ok("export", "--watch", "KG", "--until", "2020-10-06T02:00")
    assert "| injured | 590 |" in md and "as of 2020-10-06 02:00 UTC" in md
    # The pin and the hand-added figure came later than that: they are not in the tally yet.
    assert "pinned by dana" not in md and "| killed | — |" in md


def test_markdown_report_has_counters_decisions_results_and_headlines(desk: Desk) -> None:
    md = desk.ok("export", "--format", "md", "--watch", "KG")
    assert md.startswith("# Situation report: KG\n")
    assert "| injured | 590 |  | 1 | 2020-10-06 00:10 UTC | pinned by dana |" in md
    assert "confirmed by dana at 06 Oct 12:00 UTC" in md
    assert "rejected by dana at 06 Oct 12:00 UTC: a misread" in md
    assert "- pin (holds): 590, **pinned by dana at 06 Oct 12:00 UTC**" in md
    assert "- rejected: more than 600 from United Nations (Wire, 2020-10-06 03:00 UTC)" in md
    assert "by omar at 2020-10-06 13:00 UTC, source the health ministry, press conference" in md
    assert "| Birimdik | 24.52% |" in md and "98% counted" in md
    newest = md.split("## Newest headlines", 1)[1]
    assert newest.index("Bishkek unrest") < newest.index("Over 100 hurt in Bishkek")
    assert "<https://news.example.org/590>" in newest
    # The hostile title is text: no live link, no emphasis, and its address is not linkified.
    assert r"\[x\](http\://evil.example)" in md and r"\*loud\*" in md
    assert "(http://evil" not in md
    assert "as of its newest report, 2020-10-06 06:30 UTC" in md
    # Another watch's report lists none of this watch's decisions.
    other = desk.ok("export", "--format", "md", "--watch", "Elsewhere")
    assert other.startswith("# Situation report: Elsewhere") and "dana" not in other
    assert "| injured | — |" in other and "None in this window." in other


def test_csv_cells_that_start_a_formula_are_neutralised(desk: Desk) -> None:
    items = rows(desk.ok("export", "--what", "items", "--format", "csv"))
    [hostile] = [r for r in items if "HYPERLINK" in r["title"]]
    assert hostile["title"] == "'" + HOSTILE
    assert not any(v.startswith(("=", "+", "-", "@")) for r in items for v in r.values())


def test_output_file_and_the_errors_are_one_line(desk: Desk, tmp_path: Path) -> None:
    target = tmp_path / "sitrep.md"
    out = desk.run("export", "--watch", "KG", "-o", str(target))
    assert out.returncode == 0 and out.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Situation report: KG")
    for args, fragment in (
        (("--since", "2020-13-01"), "--since '2020-13-01': not a UTC date or time"),
        (("--until", "tomorrow"), "--until 'tomorrow': not a UTC date or time"),
        (("--since", "2020-10-06", "--until", "2020-10-05"), "is not before --until"),
        (("--what", "items", "--format", "md"), "--format md is the situation report"),
        (("--watch", "Nowhere"), "no watch named 'Nowhere'"),
    ):
        bad = desk.run("export", *args)
        assert bad.returncode == 2, args
        assert bad.stderr.count("\n") == 1 and fragment in bad.stderr, bad.stderr
        assert bad.stdout == ""
    missing = desk.run("export", "-o", str(tmp_path / "no" / "such" / "dir.md"))
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1
    assert "No such file or directory" in missing.stderr


def test_tally_csv_and_absolute_times(desk: Desk) -> None:
    table = rows(desk.ok("tally", "--csv"))
    injured = next(r for r in table if r["watch"] == "KG" and r["name"] == "injured")
    assert injured["what"] == "counter" and injured["figure"] == "590"
    assert injured["pinned_by"] == "dana" and injured["rejected_reports"] == "1"
    assert injured["confirmed_reports"] == "1" and injured["as_of"] == "2020-10-06T00:10:00+00:00"
    birimdik = next(r for r in table if r["name"] == "Birimdik")
    assert (birimdik["what"], birimdik["share"], birimdik["reporting_pct"]) == (
        "result",
        "24.52",
        "98.0",
    )
    assert {r["watch"] for r in table} == {"KG", "Elsewhere"}
    where = ["--config", str(desk.config), "--db", str(desk.db)]
    wide = subprocess.run(
        [sys.executable, "-m", "crisiswatch", "tally", "--watch", "KG", "--explain", *where],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "300"},
    )
    text = wide.stdout
    assert "2020-10-06 00:10 UTC" in text and " ago" not in text
    both = desk.run("tally", "--csv", "--json")
    assert both.returncode == 2
