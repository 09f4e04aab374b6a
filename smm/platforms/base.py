"""What every platform module provides: its limits table and its counting.

A platform module (smm/platforms/<name>.py) exposes one object `PLATFORM` satisfying
`Platform`. The registry in smm/platforms/__init__.py maps names to modules and
imports a module only when it is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple, Protocol

from smm.platforms import _value


class Count(NamedTuple):
    """One length measure of a text. A platform may apply several (Bluesky: graphemes
    and UTF-8 bytes); the text is valid only when every one is."""

    platform: str
    length: int
    limit: int
    unit: str  # "weighted", "graphemes", "bytes", "characters", "utf16"
    valid: bool
    field: str = "text"  # which part of a post: "text", "title", "description", ...
    note: str = ""  # e.g. "limit unverified: set limits.text in strategy.yaml"


_value.strict(Count)


class TextIssue(NamedTuple):
    """A platform rule about the text other than its length (LinkedIn reserved
    characters, Instagram caption links, YouTube angle brackets, hashtag caps)."""

    rule: str  # e.g. "instagram.caption-link"
    severity: str  # error | warning
    message: str  # what is wrong and how to fix it
    offset: int | None = None  # character offset in the rendered text, when known
    length: int = 0


_value.strict(TextIssue)


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
