"""What every platform module provides: its limits table and its counting.

A platform module (smm/platforms/<name>.py) exposes one object `PLATFORM` satisfying
`Platform`. The registry in smm/platforms/__init__.py maps names to modules and
imports a module only when it is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from smm.platforms._value import Frozen, setters


class Count(Frozen):
    """One length measure of a text. A platform may apply several (Bluesky: graphemes
    and UTF-8 bytes); the text is valid only when every one is."""

    __slots__ = _fields = ("platform", "length", "limit", "unit", "valid", "field", "note")
    platform: str
    length: int
    limit: int
    unit: str  # "weighted", "graphemes", "bytes", "characters", "utf16"
    valid: bool
    field: str  # which part of a post: "text", "title", "description", ...
    note: str  # e.g. "limit unverified: set limits.text in strategy.yaml"

    def __init__(self, platform: str, length: int, limit: int, unit: str, valid: bool,
                 field: str = "text", note: str = "") -> None:
        _c_platform(self, platform)
        _c_length(self, length)
        _c_limit(self, limit)
        _c_unit(self, unit)
        _c_valid(self, valid)
        _c_field(self, field)
        _c_note(self, note)


_c_platform, _c_length, _c_limit, _c_unit, _c_valid, _c_field, _c_note = setters(Count)


class TextIssue(Frozen):
    """A platform rule about the text other than its length (LinkedIn reserved
    characters, Instagram caption links, YouTube angle brackets, hashtag caps)."""

    __slots__ = _fields = ("rule", "severity", "message", "offset", "length")
    rule: str  # e.g. "instagram.caption-link"
    severity: str  # error | warning
    message: str  # what is wrong and how to fix it
    offset: int | None  # character offset in the rendered text, when known
    length: int

    def __init__(self, rule: str, severity: str, message: str, offset: int | None = None,
                 length: int = 0) -> None:
        _t_rule(self, rule)
        _t_severity(self, severity)
        _t_message(self, message)
        _t_offset(self, offset)
        _t_length(self, length)


_t_rule, _t_severity, _t_message, _t_offset, _t_length = setters(TextIssue)


class Platform(Protocol):
    name: str  # registry key, e.g. "x"
    label: str  # what a person calls it, e.g. "X"
    threads: bool  # supports reply chains (a post body split by `---`)
    defaults: Mapping[str, Any]  # the limits table: text, media, ...; see LIMITS.md

    def count(self, text: str, limits: Mapping[str, Any]) -> list[Count]:
        """Length of one rendered text part, counted the way the platform counts."""
        ...

    def check_text(self, text: str, limits: Mapping[str, Any]) -> list[TextIssue]:
        """Platform rules on one rendered text part beyond its length."""
        ...


def merged_limits(
    defaults: Mapping[str, Any], overrides: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Defaults with a channel's `limits:` from strategy.yaml laid over them (one level of
    nested mappings merged, so `media: {max_items: 2}` keeps the other media limits)."""
    out: dict[str, Any] = {
        k: (dict(v) if isinstance(v, Mapping) else v) for k, v in defaults.items()
    }
    for k, v in (overrides or {}).items():
        if isinstance(v, Mapping) and isinstance(out.get(k), dict):
            out[k].update(v)
        else:
            out[k] = v
    return out
