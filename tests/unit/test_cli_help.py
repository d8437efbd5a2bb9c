"""Every command's --help ends with examples, the look-up order and the exit statuses; the
completion script and the man page come from the same parser."""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from crisiswatch.cli import build_parser, main
from crisiswatch.cli_help import EXAMPLES
from crisiswatch.errors import ExitCode

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", sorted(EXAMPLES))
def test_help_shows_examples_lookup_and_exit_codes(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"] if command else ["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and EXAMPLES[command][0] in out
    assert "$CRISISWATCH_CONFIG, ./feeds.toml" in out and "$CRISISWATCH_DB" in out
    for code in ExitCode:
        assert f"\n  {code.value} " in out


def test_every_command_has_examples() -> None:
    """Every subcommand the parser knows, and the bare command, has examples, and no example
    names a command that is gone."""
    parser = build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(EXAMPLES) == {"", *sub.choices}
    assert all(EXAMPLES[name] for name in EXAMPLES)


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_knows_the_commands(shell: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--print-completion", shell])
    script = capsys.readouterr().out
    for word in ("check", "poll", "tally", "--explain", "--keep"):
        assert word in script


def test_the_completion_script_is_valid_bash(tmp_path: Path) -> None:
    script = tmp_path / "crisiswatch.bash"
    out = subprocess.run(
        [sys.executable, "-m", "crisiswatch", "--print-completion", "bash"],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO / "tui")},
    ).stdout
    script.write_text(out)
    subprocess.run(["bash", "-n", str(script)], check=True)


def test_the_man_page_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("manpage", REPO / "docs" / "manpage.py")
    assert spec is not None and spec.loader is not None
    manpage = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(manpage)
    committed = (REPO / "docs" / "crisiswatch.1").read_text(encoding="utf-8")
    assert manpage.render() == committed, "run: python docs/manpage.py"
    assert "exit status:" in committed and "--keep" in committed


def test_the_completion_shells_are_shtabs() -> None:
    import shtab

    from crisiswatch.cli_help import SHELLS

    assert list(SHELLS) == list(shtab.SUPPORTED_SHELLS)
