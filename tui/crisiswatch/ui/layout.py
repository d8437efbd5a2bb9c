"""Widths that follow the terminal: how the main screen shares its columns between panes."""

from __future__ import annotations

WIDE = 120
"""Columns from which the panes sit side by side; below, one pane per tab."""
SIDE_SHARE = 0.45
"""The counters-and-results column's share of a wide screen; the headlines take the rest."""
SIDE_MIN = 64
"""Below this the three counter cards cannot hold "changed 16 h ago" on one line."""
SIDE_MAX = 96
"""Above this the results table only gains blank space, which the headlines can use."""
HEADLINES_MIN = 56
"""Room for a headline's marks, age and source and still about 30 characters of its title."""


def side_width(total: int) -> int | None:
    """Columns for the right column on a screen `total` wide: a share, within its bounds,
    never leaving the headlines less than their minimum; None below `WIDE` (tabs)."""
    if total < WIDE:
        return None
    wanted = max(SIDE_MIN, min(SIDE_MAX, round(total * SIDE_SHARE)))
    return max(0, min(wanted, total - HEADLINES_MIN))
