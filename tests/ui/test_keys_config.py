"""`[keys]` and `[ui] theme`: the table of actions matches the UI's bindings, and a rebound key
and a theme take effect in the running app (help and footer included)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import replace
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.keys import _character_to_key
from textual.theme import BUILTIN_THEMES
from uistore import make_config
from waiting import screen_text, settled, until

import crisiswatch.ui
from crisiswatch.keymap import ACTIONS, char_key, rebind
from crisiswatch.store import Store
from crisiswatch.store.reads import StoryFilter, stories_page
from crisiswatch.themes import THEMES
from crisiswatch.ui.screens.help import HelpScreen


def bindings_with_ids() -> list[tuple[str, str, tuple[str, ...]]]:
    found = []
    for info in pkgutil.walk_packages(crisiswatch.ui.__path__, "crisiswatch.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for b in cls.__dict__.get("BINDINGS", []):
                assert isinstance(b, Binding)
                if b.id is not None:
                    found.append((cls.__name__, b.id, tuple(k.strip() for k in b.key.split(","))))
    return found


def test_the_action_table_is_the_uis_bindings() -> None:
    found = bindings_with_ids()
    assert {i for _, i, _ in found} == set(ACTIONS), "every action is bound, every id listed"
    for owner, action, keys in found:
        assert keys == ACTIONS[action].keys, f"{owner}: {action}"


def test_the_defaults_do_not_clash() -> None:
    assert rebind({}) == {}


def test_the_theme_list_is_textuals() -> None:
    assert set(BUILTIN_THEMES) == THEMES


def test_key_names_are_textuals() -> None:
    for code in range(0x21, 0x7F):
        assert char_key(chr(code)) == _character_to_key(chr(code))


@pytest.mark.slow
async def test_a_rebound_key_and_the_theme_take_effect(db_path: Path, app_factory) -> None:
    with Store(db_path) as store:
        rows = stories_page(store, StoryFilter(), 0, 100)
        store.set_read(rows[1].id)
    config = replace(
        make_config(),
        keys=tuple(rebind({"next_unread": ["m"], "help": ["F1"]}).items()),
        theme="nord",
    )
    app = app_factory(db_path, config)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        assert app.theme == "nord"
        lst = app.main.headlines
        await pilot.press("n")
        await pilot.pause(0.2)
        assert lst.cursor == 0, "n no longer moves"
        await pilot.press("m")
        await until(pilot, lambda: lst.cursor == 2)
        assert "m Unread" in screen_text(app), "the footer shows the new key"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Your keys (feeds.toml [keys])" in text
        assert "next unread headline (in place of n)" in text
