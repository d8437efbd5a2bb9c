"""Lets `python -m crisiswatch` run the same entry point as the console script."""

from crisiswatch.cli import main

raise SystemExit(main())
