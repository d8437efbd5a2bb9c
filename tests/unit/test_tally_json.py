"""`crisiswatch tally --json` and `--explain` carry the analysts' decisions with each counter."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crisiswatch.models import Kind
from crisiswatch.store import Store
from crisiswatch.store.decisions import record
from crisiswatch.store.reads import figure_reports
from crisiswatch.tally.casualties import HEADLINE_RULE
from crisiswatch.tally.decisions import Action, Decision
from crisiswatch.tally.export import RESULTS_RULE
from feedserver import Entry, FeedServer, Route, rss

pytestmark = pytest.mark.slow

AT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisiswatch", *args], capture_output=True, text=True, timeout=60
    )


def desk(feed_server: FeedServer, tmp_path: Path) -> tuple[Path, Path]:
    feed_server.routes["/wire"] = Route(
        rss(
            [
                Entry(
                    "w1",
                    "Clashes in Bishkek",
                    "590 were injured in Bishkek, the health ministry said.",
                ),
                Entry("w2", "Bishkek unrest", "Over 600 were injured in Bishkek, the UN said."),
                Entry(
                    "w3",
                    "Results in Bishkek",
                    "With 98 percent of polling stations counted in Bishkek, Birimdik had 24.52% "
                    "and Mekenim Kyrgyzstan 23.89%.",
                ),
            ]
        )
    )
    config = tmp_path / "feeds.toml"
    config.write_text(
        f'[[feed]]\nname = "Wire"\nurl = "{feed_server.url("/wire")}"\n\n'
        '[[watch]]\nname = "KG"\nkeywords = ["Bishkek"]\n[watch.election]\nseats = 120\n'
        'threshold = 7\n[[watch.election.party]]\nname = "Birimdik"\n'
        '[[watch.election.party]]\nname = "Mekenim Kyrgyzstan"\n'
    )
    db = tmp_path / "s.db"
    assert run("poll", "--once", "--config", str(config), "--db", str(db)).returncode == 0
    return config, db


def test_json_has_rules_reports_and_every_decision(feed_server: FeedServer, tmp_path: Path) -> None:
    config, db = desk(feed_server, tmp_path)
    with Store(db) as store:
        by_value = {r.figure.value: r for r in figure_reports(store, "KG")}
        ministry, un = by_value[590], by_value[600]
        base = {"kind": Kind.INJURED, "user": "dana", "at": AT}
        rej = record(
            store, Decision(0, Action.REJECT, item_id=ministry.item_id, note="old", **base)
        )  # type: ignore[arg-type]
        record(store, Decision(0, Action.CONFIRM, item_id=un.item_id, **base))  # type: ignore[arg-type]
        pin = record(store, Decision(0, Action.PIN, item_id=un.item_id, watch="KG", **base))  # type: ignore[arg-type]
        record(store, Decision(0, Action.UNDO, undoes=pin.id, **base))  # type: ignore[arg-type]
    out = run("tally", "--json", "--config", str(config), "--db", str(db))
    assert out.returncode == 0, out.stderr
    [watch] = json.loads(out.stdout)["watches"]
    assert watch["watch"] == "KG" and watch["rule"] == HEADLINE_RULE
    assert [d["action"] for d in watch["decisions"]] == ["reject", "confirm", "pin", "undo"]
    assert watch["decisions"][3]["undoes"] == pin.id and watch["decisions"][0]["user"] == "dana"
    injured = watch["counters"]["injured"]
    assert injured["headline"]["value"] == 600 and injured["pin"] is None and not injured["pinned"]
    [current] = injured["current"]
    assert current["headline"] and current["confirmed_by"] == "dana"
    assert current["reports"][0]["decision"] == "confirm"
    [rejected] = injured["rejected"]
    assert rejected["value"] == 590 and rejected["rejection"]["id"] == rej.id
    assert rejected["rejection"]["note"] == "old"
    assert set(watch["counters"]) == {k.value for k in Kind}
    assert "superseded" in injured and injured["why"]
    results = watch["results"]
    assert results["rule"] == RESULTS_RULE and results["reporting_pct"] == 98.0
    assert [r["party"] for r in results["rows"]] == ["Birimdik", "Mekenim Kyrgyzstan"]


def test_explain_prints_each_decision_with_who_when_and_why(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    config, db = desk(feed_server, tmp_path)
    with Store(db) as store:
        by_value = {r.figure.value: r for r in figure_reports(store, "KG")}
        base = {"kind": Kind.INJURED, "user": "dana", "at": AT}
        record(
            store,
            Decision(0, Action.REJECT, item_id=by_value[590].item_id, note="last year's", **base),
        )  # type: ignore[arg-type]
        record(store, Decision(0, Action.PIN, item_id=by_value[600].item_id, watch="KG", **base))  # type: ignore[arg-type]
    out = run("tally", "--explain", "--config", str(config), "--db", str(db))
    assert out.returncode == 0, out.stderr
    text = " ".join(out.stdout.split())
    assert "analysts' decisions:" in text
    assert "pin (holds): more than 600, pinned by dana at 01 Dec 12:00 UTC" in text
    assert (
        "590 from Wire (out of the tally): rejected by dana at 01 Dec 12:00 UTC: last year's"
        in text
    )
    assert "pinned by dana" in text and "Pinned by dana" in text
