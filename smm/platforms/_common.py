"""What the platform modules share: the media table's shape, unverified-limit notes, and
the small counters (graphemes, UTF-8 bytes, UTF-16 units) several platforms use."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from smm.platforms.base import Count, TextIssue

# Every key a `media` table has, so a generic media check can read any platform's table
# the same way. None means "no rule known": the check skips it (see LIMITS.md).
MEDIA_KEYS: dict[str, Any] = {
    "required": False,  # False | True (an image or a video) | "video"
    "max_items": None,
    "max_videos": None,
    "max_gifs": None,
    "video_alone": False,  # a video (or GIF) cannot share a post with other media
    "carousel_max": None,
    "image_types": None,  # lower-case format names: jpeg, png, gif, webp, ...
    "video_types": None,
    "image_max_bytes": None,
    "gif_max_bytes": None,
    "video_max_bytes": None,
    "video_min_seconds": None,
    "video_max_seconds": None,
    "aspect_min": None,  # images: width / height
    "aspect_max": None,
    "video_aspect_min": None,
    "video_aspect_max": None,
    "alt_max": None,
}


def media(**rules: Any) -> dict[str, Any]:
    """A complete media table: MEDIA_KEYS with this platform's known rules laid over."""
    unknown = set(rules) - set(MEDIA_KEYS)
    if unknown:  # a typo here would silently disable a rule
        raise KeyError(f"unknown media keys: {sorted(unknown)}")
    return {**MEDIA_KEYS, **rules}


def unverified_note(key: str) -> str:
    return f"limit unverified: override limits.{key} in strategy.yaml"


class BasePlatform:
    """Defaults shared by the platform objects; each module subclasses it once."""

    name: str = ""
    label: str = ""
    threads: bool = False
    defaults: Mapping[str, Any] = {}
    unverified: frozenset[str] = frozenset()  # dotted keys of `defaults`: "text", "media.max_items"

    def count(self, text: str, limits: Mapping[str, Any]) -> list[Count]:
        raise NotImplementedError

    def check_text(self, text: str, limits: Mapping[str, Any]) -> list[TextIssue]:
        return []

    def note(self, key: str, limits: Mapping[str, Any]) -> str:
        """The unverified-limit note for `key`, unless the channel set its own value."""
        if key not in self.unverified:
            return ""
        if "." not in key:  # a top-level limit, the common case
            return unverified_note(key) if limits.get(key) == self.defaults.get(key) else ""
        value: Any = limits
        default: Any = self.defaults
        for part in key.split("."):  # (a dict is a Mapping: the cheaper test first)
            value = value.get(part) if isinstance(value, (dict, Mapping)) else None
            default = default.get(part) if isinstance(default, (dict, Mapping)) else None
        return unverified_note(key) if value == default else ""

    def measure(self, length: int, key: str, limits: Mapping[str, Any], unit: str,
                field: str = "text") -> Count:
        """A Count of `length` against limits[key] (0 or absent: no limit)."""
        limit = int(limits.get(key) or 0)
        return _new(Count, (self.name, length, limit, unit, limit <= 0 or length <= limit,
                            field, self.note(key, limits) if key in self.unverified else ""))


_new = tuple.__new__  # Count(...) without its __new__'s call: every view makes some


@functools.cache
def _grapheme_re() -> Any:
    import regex  # ~20 ms to import: only texts beyond ASCII pay for it

    return regex.compile(r"\X")


# Characters outside the ranges whose every code point is a cluster of its own, whatever
# its neighbours (Grapheme_Cluster_Break Other, Control, CR, LF: no combining mark, ZWJ,
# variation selector, spacing mark, prepend, regional indicator or Hangul): Latin, Greek,
# Cyrillic, punctuation, symbols, CJK, emoji without modifier or joiner. A text without
# one counts its code points, a CR LF pair as one; tests/test_views_fast.py checks the
# ranges against `regex`'s Unicode data and the counts against the general path.
_NOT_OWN_CLUSTER = re.compile(
    "[^\x00-\u02ff\u0370-\u0482\u048a-\u0590\u1e00-\u200b\u200e-\u20cf\u20f1-\u2cee"
    "\u2e00-\u3029\u309b-\ua66e\U0001f200-\U0001f3fa\U0001f400-\U0001faff]")


def graphemes(text: str) -> int:
    """User-perceived characters (extended grapheme clusters, UAX #29)."""
    if text.isascii():
        return len(text) - text.count("\r\n") if "\r" in text else len(text)
    if not _NOT_OWN_CLUSTER.search(text):
        return len(text) - text.count("\r\n")
    return len(_grapheme_re().findall(text))


def latin1(text: str) -> bool:
    """Whether every character of `text` is below U+0100 (Latin-1 encodes the text whole:
    one C call, where a pattern would test each character)."""
    return len(text.encode("latin-1", "ignore")) == len(text)


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
