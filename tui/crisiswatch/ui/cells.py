"""Text whose width every terminal measures alike, so a wide title never moves a border.

Terminals disagree about a few kinds of character: an emoji ZWJ sequence ("👨‍👩‍👧") is one
two-cell glyph in kitty or WezTerm and three glyphs, six cells, in tmux or xterm; a variation
selector makes "❤️" two cells in some and one in others; skin-tone modifiers and keycaps
likewise. Rich measures the way the newest terminals draw, so in the others a row holding such a
sequence pushed the pane's border out of line. Without those joiners and selectors, every
character stands for itself: its width is the same in Rich and in every terminal, and the emoji
are still shown, one by one.
"""

from __future__ import annotations

import re

AMBIGUOUS_JOINERS = re.compile(
    "["
    "\u200d"  # zero-width joiner: glues emoji into one glyph, where a terminal can
    "\ufe00-\ufe0f"  # variation selectors: text or emoji presentation
    "\U0001f3fb-\U0001f3ff"  # skin-tone modifiers
    "\U000e0000-\U000e007f"  # tag characters (subdivision flags)
    "\u20e3"  # combining enclosing keycap
    "]"
)


def steady_width(text: str) -> str:
    """`text` without the characters whose width terminals disagree on."""
    return AMBIGUOUS_JOINERS.sub("", text) if not text.isascii() else text
