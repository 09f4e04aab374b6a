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

    __slots__ = (*_FIELDS, "brand")

    path: str  # relative to the repository root, forward slashes
    line: int  # 1-based; 0 when the finding concerns the whole file
    column: int  # 1-based; 0 when unknown
    severity: str  # error | warning | suggestion
    rule: str  # e.g. "length.x", "yaml.syntax", "Fernwood.Hype"
    message: str  # says what is wrong and how to fix it
    channel: str | None
    fix: str | None  # a replacement, where one is known
    # The key of the brand the file belongs to (smm.review sets it): not compared, since
    # the path already tells brands apart.
    brand: str | None

    def __init__(self, path: str, line: int, column: int, severity: str, rule: str,
                 message: str, channel: str | None = None, fix: str | None = None,
                 brand: str | None = None) -> None:
        put = object.__setattr__
        put(self, "brand", brand)
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
        tail = f", brand={self.brand!r}" if self.brand is not None else ""
        return ("Diagnostic(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in _FIELDS)
                + tail + ")")

    def __reduce__(self) -> tuple[Any, ...]:  # pickled by value (worker processes)
        return Diagnostic, (*(getattr(self, f) for f in _FIELDS), self.brand)

    def to_json(self) -> dict[str, Any]:
        out = {f: getattr(self, f) for f in _FIELDS}
        if self.brand is not None:
            out["brand"] = self.brand
        return out

    def with_brand(self, brand: str) -> Diagnostic:
        """This finding, naming the brand whose file it is about."""
        return Diagnostic(self.path, self.line, self.column, self.severity, self.rule,
                          self.message, self.channel, self.fix, brand)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def has_errors(diags: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diags)
