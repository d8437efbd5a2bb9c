"""How one key's value is read, written beside its field in schema.py's dataclasses
(`Annotated[float, duration("30s", "7d")]`), so the type, range and message of a key are
declared once. Each step raises ValueError with the words the user will read; walk.py adds
the file, the line and the key."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, NamedTuple, TypeVar

from crisiswatch.config.located import At
from crisiswatch.errors import InputError


class Bad(InputError, ValueError):
    """A refusal that names a place below the key being read (`Bad("duplicate party", "party",
    2, "name")`): `table` names that place's table header rather than a key, and `line_at`
    another place whose line to show (a missing table is best shown by the key that asks
    for it)."""

    def __init__(
        self, message: str, *at: str | int, table: bool = False, line_at: At | None = None
    ) -> None:
        super().__init__(message)
        self.at: At = at
        self.table = table
        self.line_at = line_at


class Parse(NamedTuple):
    """Reads the raw TOML value itself, in place of the check of the field's type."""

    read: Callable[[Any], Any]


class Check(NamedTuple):
    """Runs once the value has its type: returns it, perhaps tidied, or raises ValueError."""

    run: Callable[[Any], Any]


class Given:
    """Marks a field that is no key of the file: the caller gives it (Config.path)."""


GIVEN = Given()


AFTER: dict[type, Callable[[Any, Mapping[str, Any]], Any]] = {}
"""Per dataclass, the check of what spans its keys (a surplus names another party), run on
the built value and the raw table; it returns the value, perhaps completed, or raises Bad."""

C = TypeVar("C")


def after(cls: type) -> Callable[[C], C]:
    """Registers the decorated function as `cls`'s check across keys (AFTER)."""

    def register(check: C) -> C:
        AFTER[cls] = check  # type: ignore[assignment]
        return check

    return register


class As(NamedTuple):
    """The key's name in feeds.toml, when it is not the field's (`party` for `parties`)."""

    key: str


class Table(NamedTuple):
    """The value is the `attr` of a table read as `schema` (`[ui] theme` for Config.theme)."""

    schema: type
    attr: str


TYPE_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "an array",
    dict: "a table",
}


def expected(what: type, value: object) -> ValueError:
    """ "expected an array, got a string"."""
    got = TYPE_NAMES.get(type(value), type(value).__name__)
    return ValueError(f"expected {TYPE_NAMES[what]}, got {got}")


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_DURATION_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, None: 1.0}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {
    "b": 1,
    "kb": 1000,
    "mb": 10**6,
    "gb": 10**9,
    "kib": 1024,
    "mib": 2**20,
    "gib": 2**30,
}


def parse_duration(value: object) -> float:
    """Seconds from "90s", "2m", "1h", "30d" or a bare number of seconds."""
    if isinstance(value, bool):
        raise ValueError('expected a duration such as "90s", "2m" or "1h"')
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        m = _DURATION.match(value)
        if m:
            return float(m.group(1)) * _DURATION_UNITS[m.group(2)]
    raise ValueError(f'{value!r} is not a duration such as "90s", "2m" or "1h"')


def parse_size(value: object) -> int:
    """Bytes from "5MB", "512KiB" or a bare integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        m = _SIZE.match(value)
        if m:
            size = float(m.group(1)) * _SIZE_UNITS[(m.group(2) or "b").lower()]
            # float() of 400 digits is inf, and int(inf) raises OverflowError.
            if math.isfinite(size):
                return int(size)
    raise ValueError(f'{value!r} is not a size such as "5MB"')


def _bounded(
    read: Callable[[Any], Any], low: float, high: float, problem: str, below: bool = False
) -> Callable[[Any], Any]:
    """`read`, then refuse what falls outside low..high (below `high` if `below`)."""

    def run(value: Any) -> Any:
        got = read(value)
        if not low <= got <= high or (below and got == high):
            raise ValueError(problem)
        return got

    return run


def duration(low: str, high: str | None = None) -> Parse:
    """A duration from `low` to `high` (or at least `low`), said in the same words."""
    problem = f"out of range ({low} to {high})" if high else f"must be at least {low}"
    top = parse_duration(high) if high else math.inf
    return Parse(_bounded(parse_duration, parse_duration(low), top, problem))


def size(low: int, high: int, shown: str) -> Parse:
    """A size in bytes from `low` to `high`, shown as `shown` ("1KB to 1GiB")."""
    return Parse(_bounded(parse_size, low, high, f"out of range ({shown})"))


def within(low: float, high: float, problem: str, below: bool = False) -> Check:
    """A number from `low` to `high` (below `high` when `below`)."""
    return Check(_bounded(lambda v: v, low, high, problem, below))


def percent(problem: str = "must be a percentage from 0 to 100") -> Check:
    """A share of 100, as a threshold is: 0 up to, not including, 100."""
    return within(0, 100, problem, below=True)


def text(strip: str | None = None, problem: str = "must not be empty") -> Check:
    """A string trimmed (of whitespace, or of the characters `strip`) and not blank."""

    def run(value: str) -> str:
        value = value.strip(strip)
        if not value.strip():
            raise ValueError(problem)
        return value

    return Check(run)


STRIP = Check(str.strip)
TEXT = text()
AT_LEAST_ONE = within(1, math.inf, "must be at least 1")


def each(run: Callable[[str], str]) -> Check:
    """Every element of an array through `run`."""
    return Check(lambda values: tuple(run(v) for v in values))


def one_of(known: Collection[str], problem: str) -> Callable[[object], str]:
    """A value from `known`; `problem` has `{}` where the refused value goes, as repr."""

    def run(value: object) -> str:
        if not isinstance(value, str) or value not in known:
            raise ValueError(problem.format(repr(value)))
        return value

    return run


def members(known: Collection[str], problem: str) -> Parse:
    """An array whose every element is one of `known` (anything else is named by `problem`)."""
    pick = one_of(known, problem)

    def read(value: object) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise expected(list, value)
        return tuple(pick(v) for v in value)

    return Parse(read)


def unique(problem: str) -> Check:
    """An array that names nothing twice."""

    def run(values: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(values)) != len(values):
            raise ValueError(problem)
        return values

    return Check(run)


def once_each(values: Iterable[str]) -> tuple[str, ...]:
    """The values in order, a repeat dropped."""
    return tuple(dict.fromkeys(values))


def _program(value: object) -> tuple[str, ...]:
    """A program as a string (one path, newsboat's way) or an array (its argv)."""
    argv = [value] if isinstance(value, str) else value
    if (
        not isinstance(argv, list)
        or not argv
        or not all(isinstance(v, str) and v and "\x00" not in v for v in argv)
        or not argv[0].strip()
    ):
        raise ValueError("expected a program: a string or an array of strings")
    return tuple(argv)


def _argv(value: object) -> tuple[str, ...]:
    """A program as an array only: a hook runs without a shell, so a string would mislead."""
    if not isinstance(value, list):
        raise ValueError("expected an array of strings (argv, no shell)")
    return _program(value)


PROGRAM = Parse(_program)
ARGV = Parse(_argv)
