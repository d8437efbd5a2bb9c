"""Lets `python -m crisiswatch` run the same entry point as the console script."""

from crisiswatch.cli import main

# Guarded: the parsing worker processes are spawned, and spawn re-imports the main module.
if __name__ == "__main__":
    raise SystemExit(main())
