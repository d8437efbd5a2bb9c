"""The TUI's rebindable actions and their keys (`[keys]` in feeds.toml), checked before the app
starts: an unknown action, a key name no terminal sends, or two actions on one key in the same
place are errors naming the action. Key names are Textual's, spelled as the user may write them
("?" or "question_mark", "ctrl+x", "]")."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from crisiswatch.errors import BadKeys as BadKeys

EVERYWHERE = "everywhere"
PLACES = {
    EVERYWHERE: "every screen",
    "main": "the main screen",
    "story": "the story screen",
    "counter": "the counter screen",
    "bookmarks": "the bookmarks screen",
}


@dataclass(frozen=True, slots=True)
class Action:
    places: tuple[str, ...]
    keys: tuple[str, ...]
    what: str


ACTIONS: dict[str, Action] = {
    "quit": Action((EVERYWHERE,), ("q",), "close the screen on top; quit from the main one"),
    "quit_now": Action((EVERYWHERE,), ("Q",), "quit from any screen"),
    "help": Action((EVERYWHERE,), ("question_mark",), "the key help"),
    "poll_now": Action((EVERYWHERE,), ("r",), "poll every feed now"),
    "next_watch": Action((EVERYWHERE,), ("w",), "next watch"),
    "show_read": Action((EVERYWHERE,), ("u",), "show or hide headlines already read"),
    "feed_health": Action((EVERYWHERE,), ("f",), "feed health"),
    "bookmarks": Action((EVERYWHERE,), ("B",), "the bookmarks"),
    "next_tag": Action(("main",), ("t",), "next tag: only the stories of that tag's feeds"),
    "export_report": Action((EVERYWHERE,), ("e",), "write the watch's situation report to a file"),
    "search": Action(("main",), ("slash",), "search headlines"),
    "mark_all_read": Action(("main",), ("A",), "mark every headline shown read"),
    "next_unread": Action(("main", "story"), ("n",), "next unread headline"),
    "toggle_read": Action(("main", "story"), ("N",), "mark read or unread"),
    "bookmark": Action(("main", "story", "bookmarks"), ("b",), "bookmark, or take it away"),
    "next_race": Action(("main",), ("right_square_bracket",), "next race in the results"),
    "previous_race": Action(("main",), ("left_square_bracket",), "previous race"),
    "copy_link": Action(("story",), ("c",), "copy the link (OSC 52)"),
    "open_link": Action(("story",), ("o",), "open the link in a browser"),
    "confirm": Action(("story", "counter"), ("v",), "confirm the report"),
    "reject": Action(("story", "counter"), ("x",), "reject the report"),
    "pin": Action(("story", "counter"), ("p",), "pin the figure as the headline"),
    "add": Action(("story", "counter"), ("a",), "add a figure by hand"),
    "undo": Action(("story", "counter"), ("z",), "undo the newest decision here"),
}
"""Each action's id (as `[keys]` and the UI's bindings name it), where it acts, its keys."""

_MOVES = ("j", "k", "up", "down", "space", "pagedown", "pageup", "enter", "escape")
FIXED: dict[str, tuple[str, ...]] = {
    EVERYWHERE: ("escape", "ctrl+q", "ctrl+p", "ctrl+c"),
    "main": (*_MOVES, "tab", "shift+tab", "home", "end", "g", "G", "h", "l", "left", "right"),
    "story": _MOVES,
    "counter": _MOVES,
    "bookmarks": _MOVES,
}
"""Keys that are not rebound (moving, opening, going back): a rebinding may not take them."""

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED = frozenset(
    {
        "enter",
        "escape",
        "tab",
        "space",
        "backspace",
        "delete",
        "insert",
        "home",
        "end",
        "pageup",
        "pagedown",
        "up",
        "down",
        "left",
        "right",
        *(f"f{n}" for n in range(1, 25)),
    }
)
_REPLACEMENTS = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


def char_key(ch: str) -> str:
    """Textual's name for the key that types `ch` ("?" is "question_mark", "x" is "x")."""
    if ch.isalnum():
        return ch
    name = unicodedata.name(ch, ch).lower().replace("-", "_").replace(" ", "_")
    return _REPLACEMENTS.get(name, name)


_CHARS = {char_key(chr(c)): chr(c) for c in range(0x21, 0x7F)}
_CHAR_NAMES = set(_CHARS)


def shown(key: str) -> str:
    """A key as the help spells it: `question_mark` is `?`, `ctrl+right_square_bracket` `ctrl+]`."""
    *mods, base = key.split("+") if "+" in key[:-1] else [key]
    return "+".join([*mods, _CHARS.get(base, base)])


def normalise(key: str) -> str:
    """One key as Textual names it, or ValueError: `?` → `question_mark`, `Ctrl+X` → `ctrl+x`."""
    text = key.strip()
    if not text:
        raise ValueError("an empty key name")
    if len(text) == 1:
        if not text.isprintable() or text.isspace():
            raise ValueError(f"{key!r} is not a key name")
        return char_key(text)
    *mods, base = text.split("+") if "+" in text[:-1] else [text]
    mods = [m.lower() for m in mods]
    if any(m not in MODIFIERS for m in mods) or not base:
        raise ValueError(f"{key!r} is not a key name (modifiers: {', '.join(sorted(MODIFIERS))})")
    if len(base) == 1:
        if not base.isprintable() or base.isspace():
            raise ValueError(f"{key!r} is not a key name")
        base = char_key(base)
        if mods and base.isalpha():
            base = base.lower()
    elif base.lower() in NAMED or base.lower() in _CHAR_NAMES:
        base = base.lower()
    else:
        raise ValueError(
            f"{key!r} is not a key name: a character, or a name such as enter, escape, tab, "
            "space, up, pagedown, home, f1 to f24 (with ctrl+, alt+, shift+ before it)"
        )
    return "+".join([*mods, base])


def rebind(raw: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """The `[keys]` table checked: action → its keys, normalised. Raises BadKeys."""
    out: dict[str, tuple[str, ...]] = {}
    for action, keys in raw.items():
        if action not in ACTIONS:
            raise BadKeys(action, f"unknown action (known: {', '.join(sorted(ACTIONS))})")
        try:
            norm = tuple(dict.fromkeys(normalise(k) for k in keys))
        except ValueError as exc:
            raise BadKeys(action, str(exc)) from None
        if not norm:
            raise BadKeys(action, "needs at least one key")
        out[action] = norm
    _check_clashes(out)
    return out


def effective(rebound: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {a: rebound.get(a, spec.keys) for a, spec in ACTIONS.items()}


def _check_clashes(rebound: Mapping[str, tuple[str, ...]]) -> None:
    keys = effective(rebound)
    for place in PLACES:
        taken: dict[str, str] = {}
        for k in FIXED[EVERYWHERE] + (FIXED[place] if place != EVERYWHERE else ()):
            taken[k] = "fixed"
        here = [a for a, s in ACTIONS.items() if EVERYWHERE in s.places or place in s.places]
        # The rebound actions last, so the error names the entry the user wrote.
        for action in sorted(here, key=lambda a: a in rebound):
            for k in keys[action]:
                owner = taken.get(k)
                if owner is not None and owner != action:
                    whose = "a fixed key" if owner == "fixed" else f"{owner}'s key"
                    raise BadKeys(action, f"{k!r} is already {whose} on {PLACES[place]}")
                taken[k] = action
