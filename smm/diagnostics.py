"""Diagnostic: one finding about one place in one file. Everything checks produce."""

from __future__ import annotations

from typing import Any

SEVERITIES = ("error", "warning", "suggestion")

_FIELDS = ("path", "line", "column", "severity", "rule", "message", "channel", "fix")


class Diagnostic:
    """A value: immutable, equal and ordered by every field but `fix`.

    Written out rather than a frozen dataclass: every smm run imports this, and the
    dataclass machinery (its import and the code it generates) costs pre-commit more
    than the checks of a post."""

    __slots__ = _FIELDS

    path: str  # relative to the repository root, forward slashes
    line: int  # 1-based; 0 when the finding concerns the whole file
    column: int  # 1-based; 0 when unknown
    severity: str  # error | warning | suggestion
    rule: str  # e.g. "length.x", "yaml.syntax", "Fernwood.Hype"
    message: str  # says what is wrong and how to fix it
    channel: str | None
    fix: str | None  # a replacement, where one is known

    def __init__(self, path: str, line: int, column: int, severity: str, rule: str,
                 message: str, channel: str | None = None, fix: str | None = None) -> None:
        put = object.__setattr__
        put(self, "path", path)
        put(self, "line", line)
        put(self, "column", column)
        put(self, "severity", severity)
        put(self, "rule", rule)
        put(self, "message", message)
        put(self, "channel", channel)
        put(self, "fix", fix)

    def _key(self) -> tuple[Any, ...]:
        return (self.path, self.line, self.column, self.severity, self.rule, self.message,
                self.channel)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: a Diagnostic is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: a Diagnostic is immutable")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Diagnostic:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: Diagnostic) -> bool:
        if other.__class__ is not Diagnostic:
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: Diagnostic) -> bool:
        if other.__class__ is not Diagnostic:
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: Diagnostic) -> bool:
        if other.__class__ is not Diagnostic:
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: Diagnostic) -> bool:
        if other.__class__ is not Diagnostic:
            return NotImplemented
        return self._key() >= other._key()

    def __repr__(self) -> str:
        return "Diagnostic(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in _FIELDS) + ")"

    def __reduce__(self) -> tuple[Any, ...]:  # pickled by value (worker processes)
        return Diagnostic, tuple(getattr(self, f) for f in _FIELDS)

    def to_json(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in _FIELDS}

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def has_errors(diags: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diags)
