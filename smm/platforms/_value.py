"""Base classes for the views' result objects (spans, renderings, counts, text issues,
parts and channel views): what @dataclass gave them, written out.

Every smm run builds these, and a pre-commit run would otherwise import `dataclasses`
and run its code generation for them alone. `Frozen` behaves as a frozen dataclass
(equal by class and fields, hashed by fields, immutable), `Record` as a plain one
(equal by class and fields, unhashable, mutable); both have the dataclass repr.
tests/test_views_fast.py holds them to the dataclasses they replace.
"""

from __future__ import annotations

from typing import Any


class _Fields:
    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def _key(self) -> tuple[Any, ...]:
        return tuple([getattr(self, f) for f in self._fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __repr__(self) -> str:
        return (f"{type(self).__qualname__}("
                + ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields) + ")")


class Record(_Fields):
    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]


class Frozen(_Fields):
    """Subclasses set their fields in __init__ through setters(): the slots' own
    descriptors, which the __setattr__ that makes the object immutable does not see."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: "
                             f"a {type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: "
                             f"a {type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[Any, ...]:  # by value: unpickling cannot setattr
        return self.__class__, self._key()


def setters(cls: type) -> tuple[Any, ...]:
    """The __set__ of each of `cls`'s fields, in order."""
    return tuple(cls.__dict__[f].__set__ for f in cls._fields)  # type: ignore[attr-defined]
