"""Alerts through real polls: a real feed server on 127.0.0.1, a real store, `crisiswatch poll
--once` as a user runs it, and hook scripts (real Python programs written here) that record
what they received."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from configs import make_config
from crisiswatch.alerts.changes import watch_headlines
from crisiswatch.alerts.runner import AlertRunner
from crisiswatch.config import AlertHook, FeedConfig, Watch
from crisiswatch.pollers.poller import Poller
from crisiswatch.store import Store
from crisiswatch.store.alerts import announce
from feedserver import Entry, FeedServer, Route, rss, wait_until

RECORDER = """\
import json, sys
data = sys.stdin.read()
with open(sys.argv[1], "a", encoding="utf-8") as f:
    f.write(json.dumps({"argv": sys.argv[2:], "stdin": data}) + "\\n")
"""

HANGER = """\
import os, sys, time
with open(sys.argv[1], "w") as f:
    f.write(str(os.getpid()))
time.sleep(600)
"""


def script(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def toll(n: int, words: str) -> Entry:
    return Entry(
        guid=f"toll-{n}",
        title=f"{words} killed in Bishkek unrest",
        summary=f"{words} people were killed in Bishkek, the health ministry said.",
        link=f"https://news.example/toll/{n}",
    )


def received(log: Path) -> list[dict[str, object]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]


CLI = (sys.executable, "-m", "crisiswatch")


def poll_once(config: Path, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "poll", "--once", "--config", str(config), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def write_config(server: FeedServer, tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(
        '[settings]\ntimeout = "2s"\nhost_spacing = "0s"\n\n'
        f'[[feed]]\nname = "wire"\nurl = "{server.url("/wire")}"\n\n'
        '[[watch]]\nname = "KG"\nkeywords = ["Bishkek"]\n\n' + extra
    )
    return path


@pytest.mark.slow
def test_poll_once_fires_each_change_once_with_its_payload(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    log = tmp_path / "hook.jsonl"
    only_status = tmp_path / "status.jsonl"
    recorder = script(tmp_path, "recorder.py", RECORDER)
    config = write_config(
        feed_server,
        tmp_path,
        f'[[alert]]\ncommand = ["{sys.executable}", "{recorder}", "{log}", "desk"]\n\n'
        f'[[alert]]\ncommand = ["{sys.executable}", "{recorder}", "{only_status}"]\n'
        'kinds = ["status"]\n',
    )
    db = tmp_path / "store.db"
    feed_server.routes["/wire"] = Route(rss([toll(1, "Two")]))

    first = poll_once(config, db)
    assert first.returncode == 0, first.stderr
    got = received(log)
    assert len(got) == 1, got
    assert got[0]["argv"] == ["desk"]
    payload = json.loads(str(got[0]["stdin"]))
    assert payload["watch"] == "KG"
    assert payload["kind"] == "count"
    assert payload["subject"] == "killed"
    assert payload["old"] is None and payload["new"] == "2"
    assert payload["source"] == "health ministry"
    assert payload["sentence"] == "Two people were killed in Bishkek, the health ministry said."
    assert payload["link"] == "https://news.example/toll/1"
    assert payload["title"] == "Two killed in Bishkek unrest"
    assert str(payload["time"]).endswith("+00:00")
    assert "ALERT" in first.stdout and "KG: killed none \u2192 2" in first.stdout

    # Nothing changed: a second run (a restart, as far as the store can tell) fires nothing.
    second = poll_once(config, db)
    assert second.returncode == 0, second.stderr
    assert len(received(log)) == 1
    assert "ALERT" not in second.stdout

    # The toll rises: one more alert, from 2 to 5.
    feed_server.routes["/wire"] = Route(rss([toll(2, "Five"), toll(1, "Two")]))
    third = poll_once(config, db)
    assert third.returncode == 0, third.stderr
    got = received(log)
    assert len(got) == 2
    payload = json.loads(str(got[1]["stdin"]))
    assert (payload["old"], payload["new"]) == ("2", "5")
    assert payload["link"] == "https://news.example/toll/2"
    # The second hook asked for status changes only: there were none.
    assert received(only_status) == []


@pytest.mark.slow
def test_a_hung_hook_is_killed_and_the_poll_ends(feed_server: FeedServer, tmp_path: Path) -> None:
    pid_file = tmp_path / "hung.pid"
    hanger = script(tmp_path, "hang.py", HANGER)
    log = tmp_path / "after.jsonl"
    recorder = script(tmp_path, "recorder.py", RECORDER)
    config = write_config(
        feed_server,
        tmp_path,
        f'[[alert]]\ncommand = ["{sys.executable}", "{hanger}", "{pid_file}"]\ntimeout = "1s"\n\n'
        f'[[alert]]\ncommand = ["{sys.executable}", "{recorder}", "{log}"]\n',
    )
    feed_server.routes["/wire"] = Route(rss([toll(1, "Two")]))
    out = poll_once(config, tmp_path / "store.db")
    assert out.returncode == 0, out.stderr
    assert "ok   wire" in out.stdout
    assert "killed after 1 s" in out.stderr
    assert len(received(log)) == 1, "the other hook still ran"
    pid = int(pid_file.read_text())
    assert wait_until(lambda: not _alive(pid)), "the hung hook's process is gone"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purposes, but only its parent (gone now) could reap it.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@pytest.mark.slow
async def test_polling_goes_on_while_a_hook_hangs(feed_server: FeedServer, tmp_path: Path) -> None:
    pid_file = tmp_path / "hung.pid"
    hanger = script(tmp_path, "hang.py", HANGER)
    feed_server.routes["/wire"] = Route(rss([toll(1, "Two")]))
    watch = Watch(name="KG", keywords=("Bishkek",))
    base = make_config([FeedConfig(name="wire", url=feed_server.url("/wire"))], (watch,))
    hook = AlertHook(command=(sys.executable, str(hanger), str(pid_file)), timeout=300.0)
    config = type(base)(
        path=base.path,
        settings=base.settings,
        feeds=base.feeds,
        watches=base.watches,
        hooks=(hook,),
    )
    problems: list[str] = []
    with Store(tmp_path / "store.db") as store:
        runner = AlertRunner(config, store, on_problem=problems.append, settle=0.0)
        poller = Poller(config, store, alerts=runner)
        try:
            await poller.poll_once()
            await asyncio.wait_for(_until(lambda: pid_file.exists()), 30)
            pid = int(pid_file.read_text())
            # The hook hangs; more polls run to their end beside it.
            feed_server.routes["/wire"] = Route(rss([toll(2, "Five"), toll(1, "Two")]))
            outcomes = await poller.poll_once()
            assert outcomes[0].ok and outcomes[0].new_items == 1
            await runner.checked()
            assert _alive(pid)
            assert len(runner.fired) == 2  # 2, then 5: each announced while the hook hung
        finally:
            await poller.aclose()
            await runner.aclose()
        assert wait_until(lambda: not _alive(pid)), "closing the runner kills the hook"


async def _until(predicate: object) -> None:
    assert callable(predicate)
    while not predicate():
        await asyncio.sleep(0.05)


def test_two_processes_on_one_store_announce_a_change_once(tmp_path: Path) -> None:
    """The check and the write are one transaction: whoever comes second finds it announced."""
    from crisiswatch.alerts.changes import ChangeKind, Headline

    db = tmp_path / "store.db"
    with Store(db) as a, Store(db) as b:
        assert announce(a, "KG", [Headline("killed", ChangeKind.COUNT, None)]) == []  # baseline
        now = [Headline("killed", ChangeKind.COUNT, "3")]
        first = announce(a, "KG", now)
        second = announce(b, "KG", now)
        assert [x.new for x in first] == ["3"] and second == []
        rows = a.conn.execute("SELECT count(*) FROM alerts").fetchone()[0]
        assert rows == 1


def test_a_store_that_never_announced_takes_its_figures_as_the_baseline(tmp_path: Path) -> None:
    from crisiswatch.tally.casualties import casualty_counters

    with Store(tmp_path / "store.db") as store:
        heads = watch_headlines(casualty_counters([]), [])
        assert announce(store, "KG", heads) == []
        assert announce(store, "KG", heads) == []
        count = store.conn.execute("SELECT count(*) FROM alert_state WHERE watch = 'KG'")
        assert count.fetchone()[0] == len(heads)


@pytest.mark.slow
def test_notify_program_hears_of_new_items_once(feed_server: FeedServer, tmp_path: Path) -> None:
    log = tmp_path / "notify.jsonl"
    recorder = script(tmp_path, "recorder.py", RECORDER)
    config = tmp_path / "feeds.toml"
    config.write_text(
        f'[settings]\ntimeout = "2s"\nhost_spacing = "0s"\n'
        f'notify_program = ["{sys.executable}", "{recorder}", "{log}"]\n\n'
        f'[[feed]]\nname = "wire"\nurl = "{feed_server.url("/wire")}"\n\n'
        f'[[feed]]\nname = "other"\nurl = "{feed_server.url("/other")}"\n'
    )
    feed_server.routes["/wire"] = Route(rss([toll(1, "Two"), toll(2, "Five")]))
    feed_server.routes["/other"] = Route(rss([toll(3, "Six")]))
    db = tmp_path / "store.db"
    assert poll_once(config, db).returncode == 0
    got = received(log)
    assert len(got) == 1
    assert got[0]["argv"] == ["crisiswatch: 3 new items from 2 feeds (wire 2, other 1)"]
    data = json.loads(str(got[0]["stdin"]))
    assert data["new_items"] == 3 and data["feeds"] == {"wire": 2, "other": 1}
    assert poll_once(config, db).returncode == 0
    assert len(received(log)) == 1, "no new items, no call"


async def test_a_results_alert_names_its_count_with_link_and_sentence(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    from crisiswatch.config import Election, Party

    text = (
        "With 98% of polling stations counted, Birimdik had 24.52% of the vote and "
        "Mekenim Kyrgyzstan 23.89%, the commission in Bishkek said."
    )
    feed_server.routes["/wire"] = Route(
        rss([Entry("r1", "Kyrgyz vote count", text, "https://news.example/results/1")])
    )
    election = Election(
        seats=120, threshold=7.0, parties=(Party("Birimdik"), Party("Mekenim Kyrgyzstan"))
    )
    watch = Watch(name="KG", keywords=("Bishkek",), election=election)
    config = make_config([FeedConfig(name="wire", url=feed_server.url("/wire"))], (watch,))
    with Store(tmp_path / "store.db") as store:
        runner = AlertRunner(config, store, settle=0.0)
        poller = Poller(config, store, alerts=runner)
        try:
            await poller.poll_once()
            await runner.drain()
        finally:
            await poller.aclose()
            await runner.aclose()
    results = [a for a in runner.fired if a.kind.value == "results"]
    assert len(results) == 1
    a = results[0]
    assert a.new == "Birimdik leads with 24.52%, 98% counted, count from wire"
    assert a.link == "https://news.example/results/1"
    assert a.sentence is not None and "Birimdik had 24.52%" in a.sentence
    assert a.title == "Kyrgyz vote count"


@pytest.mark.slow
def test_a_running_poll_fires_the_hook_and_stops_cleanly(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    import signal

    log = tmp_path / "hook.jsonl"
    recorder = script(tmp_path, "recorder.py", RECORDER)
    config = write_config(
        feed_server, tmp_path, f'[[alert]]\ncommand = ["{sys.executable}", "{recorder}", "{log}"]\n'
    )
    feed_server.routes["/wire"] = Route(rss([toll(1, "Two")]))
    proc = subprocess.Popen(
        [*CLI, "poll", "--config", str(config), "--db", str(tmp_path / "store.db")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_until(lambda: len(received(log)) == 1, timeout=60), "the hook ran"
        payload = json.loads(str(received(log)[0]["stdin"]))
        assert (payload["subject"], payload["new"]) == ("killed", "2")
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "ALERT KG: killed none \u2192 2 (health ministry)" in out
    assert len(received(log)) == 1


def test_alerts_older_than_the_retention_leave_the_log(tmp_path: Path) -> None:
    from crisiswatch.alerts.changes import ChangeKind, Headline
    from crisiswatch.store.alerts import alerts_after, prune_alerts

    with Store(tmp_path / "store.db") as store:
        announce(store, "KG", [Headline("killed", ChangeKind.COUNT, None)], now=1000.0)
        announce(store, "KG", [Headline("killed", ChangeKind.COUNT, "3")], now=2000.0)
        announce(store, "KG", [Headline("killed", ChangeKind.COUNT, "4")], now=3000.0)
        assert prune_alerts(store, 2500.0) == 1
        assert [p["new"] for _, p in alerts_after(store, 0)] == ["4"]
        # What was last announced stays: the same value again is no alert.
        assert announce(store, "KG", [Headline("killed", ChangeKind.COUNT, "4")]) == []
