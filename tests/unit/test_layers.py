"""The layers the README draws, enforced: each package loads, with everything it imports,
without the packages that come after it in the data flow."""

from __future__ import annotations

import subprocess
import sys

import pytest

LAYERS = {
    "extract": ("tally", "facts", "store", "pollers", "ui"),
    "facts": ("tally", "store", "pollers", "ui"),
    "tally": ("store", "pollers", "ui"),
    "store": ("pollers", "ui"),
    "pollers": ("ui",),
    "wording": ("store", "pollers", "ui", "console_views"),
}
"""Each package (or module), and the packages it must never load, directly or through another
module. `wording` is below both front ends and beside the tally: words only."""

_PROBE = """
import importlib, pkgutil, sys
layer, forbidden = sys.argv[1], sys.argv[2].split(",")
pkg = importlib.import_module("crisiswatch." + layer)
for m in pkgutil.walk_packages(getattr(pkg, "__path__", []), pkg.__name__ + "."):
    importlib.import_module(m.name)
names = [f if f.startswith("!") else "crisiswatch." + f for f in forbidden]
names = [n.removeprefix("!") for n in names]
loaded = sorted(m for m in sys.modules for n in names if m == n or m.startswith(n + "."))
print(" ".join(loaded))
sys.exit(1 if loaded else 0)
"""


OUTSIDE = {"wording": ("!textual", "!rich")}
"""Libraries outside the project a layer must not load either ("!" marks them)."""


@pytest.mark.slow
@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_a_layer_never_loads_what_comes_after_it(layer: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, layer, ",".join(LAYERS[layer] + OUTSIDE.get(layer, ()))],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"crisiswatch.{layer} loads {done.stdout.strip()}{done.stderr}"


def test_errors_import_nothing_of_crisiswatch() -> None:
    """Every layer may import crisiswatch.errors, so it loads no other module of the project."""
    probe = (
        "import sys, crisiswatch.errors\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('crisiswatch.')"
        " and m != 'crisiswatch.errors')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"crisiswatch.errors loads {done.stdout.strip()}"


@pytest.mark.slow
def test_the_probe_sees_a_forbidden_import() -> None:
    """The check itself can fail: the UI does load the store."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "ui", "store"], capture_output=True, text=True
    )
    assert done.returncode == 1 and "crisiswatch.store" in done.stdout


def test_the_probe_sees_a_library_loaded() -> None:
    """The check on libraries can fail too: the headless views do load Rich."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "console_views", "!rich"], capture_output=True, text=True
    )
    assert done.returncode == 1 and "rich" in done.stdout.split()


@pytest.mark.slow
def test_the_ui_words_things_through_wording_not_the_headless_views() -> None:
    """Loading every module of the TUI loads no `console_views`: the screens and panes get
    their words from `wording`, which both front ends share."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "ui", "console_views"], capture_output=True, text=True
    )
    assert done.returncode == 0, f"crisiswatch.ui loads {done.stdout.strip()}{done.stderr}"
