"""One exception tree and one set of exit statuses (crisiswatch.errors): every public exception
is a CrisiswatchError, the tree its docstring draws is the real one, and every way a process
exits names an ExitCode rather than a number."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import crisiswatch
from crisiswatch import errors
from crisiswatch.cli_help import EXIT_CODES, EXIT_STATUSES
from crisiswatch.errors import CliError, CrisiswatchError, ExitCode

PACKAGE = Path(crisiswatch.__file__).parent

PRIVATE = {"_OutOfTime", "_NotFast", "_Permanent"}
"""The control-flow exceptions that stay private where they are used (errors.py says why)."""


def _exception_classes() -> dict[str, type[BaseException]]:
    """Every exception class a crisiswatch module defines, by name."""
    found: dict[str, type[BaseException]] = {}
    for module in pkgutil.walk_packages(crisiswatch.__path__, "crisiswatch."):
        if module.name.endswith("__main__"):
            continue
        mod = importlib.import_module(module.name)
        for name, obj in vars(mod).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__.startswith("crisiswatch.")
                and obj.__name__ == name
            ):
                found[name] = obj
    return found


def test_every_public_exception_is_a_crisiswatch_error() -> None:
    classes = _exception_classes()
    assert {"ConfigError", "FetchFailed", "WorkerDied", "StoreRefused", "CliError"} <= set(classes)
    public = {n: c for n, c in classes.items() if not n.startswith("_")}
    outside = sorted(n for n, c in public.items() if not issubclass(c, CrisiswatchError))
    assert outside == [], f"not under CrisiswatchError: {outside}"
    assert {n for n in classes if n.startswith("_")} == PRIVATE


def test_the_docstring_draws_every_public_exception() -> None:
    """The tree in errors.py's docstring names each class once per parent, indented under it."""
    drawn: dict[str, list[str]] = {}
    parents: list[tuple[int, str]] = []
    for line in (errors.__doc__ or "").splitlines():
        m = re.match(r"^( *)[*x+-] (\w+)", line)
        if m is None:
            continue
        depth, name = len(m[1]), m[2]
        parents = [(d, n) for d, n in parents if d < depth]
        drawn.setdefault(name, []).append(parents[-1][1] if parents else "")
        parents.append((depth, name))
    public = {n: c for n, c in _exception_classes().items() if not n.startswith("_")}
    assert set(drawn) == set(public)
    for name, cls in public.items():
        bases = {b.__name__ for b in cls.__bases__ if issubclass(b, CrisiswatchError)}
        assert set(drawn[name]) == (bases or {""}), name


def test_old_names_still_import_from_their_old_modules() -> None:
    from crisiswatch.browser import BadBrowser
    from crisiswatch.exports.period import BadTime
    from crisiswatch.keymap import BadKeys
    from crisiswatch.pollers.parse import FeedParseError
    from crisiswatch.pollers.unreadable import FeedUnreadable
    from crisiswatch.store import SchemaTooNew, StoreError, StoreRefused
    from crisiswatch.store.schema import NotAStore
    from crisiswatch.subscriptions.feedsfile import EditError
    from crisiswatch.ui.launch import LaunchError

    assert LaunchError is CliError
    assert issubclass(FeedParseError, FeedUnreadable)
    assert issubclass(StoreRefused, StoreError) and issubclass(SchemaTooNew, StoreError)
    assert issubclass(NotAStore, StoreRefused) and issubclass(EditError, CrisiswatchError)
    for cls in (BadBrowser, BadTime, BadKeys):  # callers that catch ValueError still do
        assert issubclass(cls, ValueError)


def test_exit_statuses_follow_the_branch() -> None:
    from crisiswatch.config import ConfigError
    from crisiswatch.errors import FeedParseError, NoSuchFeed, NotAStore, SchemaTooNew

    assert ConfigError("f.toml", 3, "k", "bad").exit_code is ExitCode.USAGE
    assert NotAStore("x").exit_code is ExitCode.USAGE
    assert NoSuchFeed("x").exit_code is ExitCode.USAGE
    assert SchemaTooNew("x").exit_code is ExitCode.FAIL
    assert FeedParseError("x").exit_code is ExitCode.FAIL
    assert CliError("x").exit_code is ExitCode.FAIL
    assert CliError("x", ExitCode.USAGE).exit_code is ExitCode.USAGE


def test_the_documented_exit_statuses_are_the_enum() -> None:
    assert list(EXIT_STATUSES) == sorted(ExitCode)
    for code in ExitCode:
        assert f"\n  {code.value:<5}{EXIT_STATUSES[code]}" in f"\n{EXIT_CODES}"
    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    [said] = re.findall(r"^Exit status: (.*?)\.\s", readme, re.M | re.S)
    assert [int(n) for n in re.findall(r"\b(\d+) [a-z]", said)] == [c.value for c in ExitCode]


def test_main_gives_an_unwrapped_error_its_branchs_status(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CrisiswatchError that no command wrapped is still one line, with its branch's status."""
    from crisiswatch import cli
    from crisiswatch.store import StoreRefused

    def refused(args: object) -> ExitCode:
        raise StoreRefused("/dev/null is a device: not a crisiswatch store")

    monkeypatch.setitem(cli.COMMANDS, "check", refused)
    assert cli.main(["check"]) is ExitCode.USAGE
    assert (
        capsys.readouterr().err == "crisiswatch: /dev/null is a device: not a crisiswatch store\n"
    )


_EXITS = {"exit", "_exit", "SystemExit"}
_COMMANDS = re.compile(r"^(cmd_\w+|main|run_ui|serve|run_opml_export)$")


def _literal_exits(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Where a process's status is written as a number: `sys.exit(2)`, `os._exit(0)`,
    `app.exit(0)`, `SystemExit(1)`, `CliError("…", 2)`, `return 0` in a command."""

    def is_int(node: ast.expr | None) -> bool:
        return isinstance(node, ast.Constant) and type(node.value) is int

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name in _EXITS and node.args and is_int(node.args[0]):
                yield node.lineno, f"{name}({ast.unparse(node.args[0])})"
            if name in ("CliError", "LaunchError") and len(node.args) > 1 and is_int(node.args[1]):
                yield node.lineno, f"{name}(…, {ast.unparse(node.args[1])})"
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _COMMANDS.match(node.name):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and is_int(inner.value):
                    yield inner.lineno, f"{node.name}: return {ast.unparse(inner.value)}"


@pytest.mark.slow
def test_every_exit_names_an_exit_code() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(PACKAGE)}:{n}: {what}" for n, what in _literal_exits(tree)]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "import sys\nsys.exit(2)\n",
        "import os\nos._exit(0)\n",
        "raise SystemExit(1)\n",
        "self.exit(0)\n",
        "raise CliError('no', 2)\n",
        "def cmd_check(args):\n    return 0\n",
    ],
)
def test_the_scan_sees_a_literal_exit(source: str) -> None:
    assert list(_literal_exits(ast.parse(source)))
