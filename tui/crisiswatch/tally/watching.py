"""Which items count toward a watch: whole-word, case-insensitive keyword matching."""

from __future__ import annotations

from crisiswatch.keywords import keyword_match

__all__ = ["keyword_match"]
