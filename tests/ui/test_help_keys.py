"""The help screen lists every key a binding answers to: a new binding without a help line fails."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

from textual.binding import Binding

import crisiswatch.ui
from crisiswatch.ui.screens.help import KEYS

# How the help screen spells Textual's key names.
SPELLING = {
    "question_mark": "?",
    "slash": "/",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "space": "Space",
    "home": "Home",
    "end": "End",
    "enter": "Enter",
    "escape": "Escape",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
}


def our_bindings() -> list[tuple[str, str]]:
    """(class name, key) for every binding declared in crisiswatch's UI package."""
    found = []
    for module_info in pkgutil.walk_packages(crisiswatch.ui.__path__, "crisiswatch.ui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                assert isinstance(binding, Binding)
                found += [(cls.__name__, key.strip()) for key in binding.key.split(",")]
    return found


def listed_keys() -> set[str]:
    rows = [key for _, section in KEYS for key, _ in section]
    return {token for row in rows for token in re.split(r",\s*|\s+/\s+|\s+", row) if token}


def test_the_walk_finds_the_bindings() -> None:
    keys = {key for _, key in our_bindings()}
    assert {"q", "question_mark", "slash", "enter", "tab", "c", "o"} <= keys


def test_every_binding_has_a_help_line() -> None:
    listed = listed_keys()
    missing = sorted(
        f"{owner}: {key}" for owner, key in our_bindings() if SPELLING.get(key, key) not in listed
    )
    assert missing == []
