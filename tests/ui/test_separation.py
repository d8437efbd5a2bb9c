"""Only `crisiswatch.ui` imports Textual: every other module loads without it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import crisiswatch

pytestmark = pytest.mark.slow


def test_no_module_outside_ui_imports_textual() -> None:
    names = [
        m.name
        for m in pkgutil.walk_packages(crisiswatch.__path__, "crisiswatch.")
        if not m.name.startswith("crisiswatch.ui") and m.name != "crisiswatch.__main__"
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad[:3])\n"
        "sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
