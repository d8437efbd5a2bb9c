"""`crisiswatch export`: items, figures and counters' histories as CSV, JSON Lines, and a
Markdown situation report a desk can paste. Pure shaping here; the command is `command.py`."""
