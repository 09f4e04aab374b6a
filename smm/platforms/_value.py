"""What @dataclass gave the views' result objects (spans, renderings, counts, text
issues, parts and channel views), written out.

Every smm run builds these, and a pre-commit run would otherwise import `dataclasses`
and run its code generation for them alone. The immutable ones are NamedTuple classes
made `strict`: equal only to their own class, unordered, hashed and shown as the frozen
dataclasses they were (immutable too; built by tuple.__new__ where it is hot, which is
cheaper than any __init__). A `Record` is as a plain dataclass: equal by class and
fields, unhashable, mutable. tests/test_views_fast.py holds them all to the dataclasses
they replace.
"""

from __future__ import annotations

from typing import Any


def strict(cls: type) -> None:
    """Make a NamedTuple class compare as a dataclass does: only with its own class."""
    cls.__eq__ = _eq  # type: ignore[assignment]
    cls.__ne__ = _ne  # type: ignore[assignment]
    for name in ("__lt__", "__le__", "__gt__", "__ge__"):
        setattr(cls, name, _unordered)


def _eq(self: tuple[Any, ...], other: object) -> bool:
    if other.__class__ is self.__class__:
        return tuple.__eq__(self, other)
    return False if isinstance(other, tuple) else NotImplemented


def _ne(self: tuple[Any, ...], other: object) -> bool:
    if other.__class__ is self.__class__:
        return tuple.__ne__(self, other)
    return True if isinstance(other, tuple) else NotImplemented


def _unordered(self: object, other: object) -> bool:
    return NotImplemented


class Record:
    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def _key(self) -> tuple[Any, ...]:
        return tuple([getattr(self, f) for f in self._fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"{type(self).__qualname__}("
                + ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields) + ")")
