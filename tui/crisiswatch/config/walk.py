"""Parsed TOML into schema.py's dataclasses, read from their own declarations: a field's
type, default and Annotated rules (rules.py) are its key's schema, so one walker serves every
table, and a refusal anywhere becomes a ConfigError naming the file, the line and the key."""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin, get_type_hints

from crisiswatch.config.located import At, ConfigError, Lines, label
from crisiswatch.config.rules import AFTER, GIVEN, As, Bad, Check, Parse, Table, expected

T = TypeVar("T")

Reader = Callable[["Walker", Any, At], Any]
"""Reads one key's raw value at its place; raises ValueError (or Bad) to refuse it."""


@dataclass(frozen=True, slots=True)
class _Schema:
    """A dataclass as a table: its keys by their feeds.toml names."""

    keys: dict[str, tuple[str, Reader]]
    """TOML name → (field name, reader)."""
    required: tuple[str, ...]
    known: str
    """The keys, sorted, as the unknown-key message lists them."""


_SCHEMAS: dict[type, _Schema] = {}


def _schema(cls: type) -> _Schema:
    found = _SCHEMAS.get(cls)
    if found is None:
        hints = get_type_hints(cls, include_extras=True)
        keys: dict[str, tuple[str, Reader]] = {}
        required = []
        for f in dataclasses.fields(cls):
            tp: Any = hints[f.name]
            meta: tuple[Any, ...] = ()
            if get_origin(tp) is Annotated:
                tp, meta = get_args(tp)[0], get_args(tp)[1:]
            if GIVEN in meta:
                continue
            key = next((m.key for m in meta if isinstance(m, As)), f.name)
            keys[key] = (f.name, _reader(tp, meta))
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                required.append(key)
        found = _SCHEMAS[cls] = _Schema(keys, tuple(required), ", ".join(sorted(keys)))
    return found


def _reader(tp: Any, meta: tuple[Any, ...]) -> Reader:
    """The reader of one field: its Table or Parse if declared, else its type's, then its
    Checks in order."""
    base = _base(tp, meta)
    checks = [m.run for m in meta if isinstance(m, Check)]
    if not checks:
        return base

    def checked(w: Walker, value: Any, at: At) -> Any:
        got = base(w, value, at)
        for run in checks:
            got = run(got)
        return got

    return checked


def _base(tp: Any, meta: tuple[Any, ...]) -> Reader:
    for m in meta:
        if isinstance(m, Table):
            schema, attr = m
            return lambda w, value, at: getattr(w.decode(schema, value, at), attr)
        if isinstance(m, Parse):
            read = m.read
            return lambda w, value, at: read(value)
    return _typed(tp)


def _typed(tp: Any) -> Reader:
    """The reader that checks a value against the field's type (bool is no int here:
    `seats = true` is a mistake, not 1)."""
    if get_origin(tp) in (Union, types.UnionType):
        # `X | None`: TOML has no null, so a key present is an X.
        (tp,) = (a for a in get_args(tp) if a is not type(None))
    if tp is float:
        return _float
    if tp in (str, int, bool):
        return _exact(tp)
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        return _enum(tp)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        table: type = tp
        return lambda w, value, at: w.decode(table, value, at)
    if get_origin(tp) is tuple and get_args(tp)[1:] == (Ellipsis,):
        item = get_args(tp)[0]
        if item is str:
            return _strings
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return _tables(item)
    raise TypeError(f"no reader for {tp!r}: declare a Parse")


def _float(w: Walker, value: Any, at: At) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise expected(float, value)
    return float(value)


def _exact(tp: type) -> Reader:
    def read(w: Walker, value: Any, at: At) -> Any:
        if not isinstance(value, tp) or (isinstance(value, bool) and tp is not bool):
            raise expected(tp, value)
        return value

    return read


def _enum(tp: type[StrEnum]) -> Reader:
    known = ", ".join(m.value for m in tp)

    def read(w: Walker, value: Any, at: At) -> StrEnum:
        if not isinstance(value, str):
            raise expected(str, value)
        try:
            return tp(value)
        except ValueError:
            raise ValueError(f"{value!r} is not one of {known}") from None

    return read


def _strings(w: Walker, value: Any, at: At) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise expected(list, value)
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("expected an array of non-empty strings")
    return tuple(value)


def _tables(item: type) -> Reader:
    def read(w: Walker, value: Any, at: At) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise expected(list, value)
        return tuple(w.decode(item, v, (*at, i)) for i, v in enumerate(value))

    return read


class Walker:
    """Reads one file's tables, knowing its path and text to say where a problem is."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = Lines(text)

    def error(
        self, at: At, message: str, table: bool = False, line_at: At | None = None
    ) -> ConfigError:
        line = self.lines.of(line_at, False) if line_at else self.lines.of(at, table)
        return ConfigError(self.path, line, label(at), message)

    def _refused(self, at: At, bad: ValueError) -> ConfigError:
        if isinstance(bad, Bad):
            line_at = (*at, *bad.line_at) if bad.line_at else None
            return self.error((*at, *bad.at), str(bad), bad.table, line_at)
        return self.error(at, str(bad))

    def decode(self, cls: type[T], raw: object, at: At, **given: Any) -> T:
        """`raw` as a `cls`: each key read by its field's declaration, then the class's
        after-check (rules.AFTER), if it has one, on the whole."""
        if not isinstance(raw, dict):
            raise self.error(at, str(expected(dict, raw)))
        schema = _schema(cls)
        # A misspelt key first, then a missing one: either may explain the rest.
        if not schema.keys.keys() >= raw.keys():
            key = next(k for k in raw if k not in schema.keys)
            raise self.error((*at, key), f"unknown key (known keys: {schema.known})")
        for key in schema.required:
            if key not in raw:
                raise self.error((*at, key), "missing required key")
        values = given
        keys = schema.keys
        for key, value in raw.items():
            name, read = keys[key]
            try:
                values[name] = read(self, value, (*at, key))
            except ValueError as exc:
                raise self._refused((*at, key), exc) from None
        made = cls(**values)
        after = AFTER.get(cls)
        if after is None:
            return made
        try:
            return after(made, raw)  # type: ignore[no-any-return]
        except ValueError as exc:
            raise self._refused(at, exc) from None
