"""The real app in a real pseudo-terminal: NO_COLOR, a 16-colour TERM=xterm and 256 colours, at
80×24 as over SSH. The bytes the terminal receives are what is checked."""

from __future__ import annotations

import re
import time

import pytest
from ptyapp import PtyApp

SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def run_in_pty(env: dict[str, str]) -> tuple[int, bytes]:
    """Start `crisiswatch --demo` at 80×24, wait for the headline pane, press q."""
    app = PtyApp(["--demo"], env=env)
    try:
        app.until(lambda out: b"DEMO" in out and b"Headlines" in out)
        time.sleep(1.0)  # let a poll or two land
        app.pump()
        code = app.quit()
        return code, bytes(app.out)
    finally:
        app.close()


def colour_params(out: bytes) -> list[str]:
    """SGR parameters that set a colour: 30–37, 40–47, 90–97, 100–107, 38;… and 48;…"""
    found = []
    for m in SGR.finditer(out):
        parts = m.group(1).decode().replace(":", ";").split(";")
        i = 0
        while i < len(parts):
            p = parts[i]
            if p in ("38", "48"):
                found.append(";".join(parts[i : i + 3]))
                i += 5 if parts[i + 1 : i + 2] == ["2"] else 3
                continue
            if p.isdigit() and (30 <= int(p) <= 37 or 40 <= int(p) <= 47 or 90 <= int(p) <= 107):
                found.append(p)
            i += 1
    return found


@pytest.mark.parametrize(
    ("env", "expect"),
    [
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, "none"),
        ({"TERM": "xterm"}, "16"),
        ({"TERM": "xterm-256color"}, "256"),
    ],
    ids=["no-color", "xterm-16", "xterm-256"],
)
def test_the_app_speaks_the_terminals_colours(env: dict[str, str], expect: str) -> None:
    code, out = run_in_pty(env)
    assert code == 0
    assert b"Traceback" not in out
    colours = colour_params(out)
    if expect == "none":
        assert colours == [], colours[:10]
    elif expect == "16":
        assert colours, "a 16-colour terminal still gets colour"
        assert not [c for c in colours if c.startswith(("38", "48"))], colours[:10]
    else:
        assert any(c.startswith(("38;5", "48;5")) for c in colours)
        assert not [c for c in colours if c.startswith(("38;2", "48;2"))], "no truecolor asked"
