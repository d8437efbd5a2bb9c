"""Writes docs/crisiswatch.1 from the parser `--help` prints (argparse-manpage), so the man page
says what `--help` says. Run it after changing a command: python docs/manpage.py"""

from __future__ import annotations

from pathlib import Path

from argparse_manpage.manpage import Manpage  # type: ignore[import-untyped]

from crisiswatch import __version__
from crisiswatch.cli import build_parser

PAGE = Path(__file__).with_name("crisiswatch.1")


def render() -> str:
    page = Manpage(build_parser())
    # No build date: the page is the same wherever and whenever it is made.
    page.date = f"crisiswatch {__version__}"
    page.manual = "crisiswatch manual"
    return str(page)


if __name__ == "__main__":
    PAGE.write_text(render(), encoding="utf-8")
    print(f"wrote {PAGE}")
