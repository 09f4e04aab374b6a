"""What the platform modules share: the media table's shape, unverified-limit notes, and
the small counters (graphemes, UTF-8 bytes, UTF-16 units) several platforms use."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
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


# Where the ranges start and end whose every code point is a cluster of its own, whatever
# its neighbours (Grapheme_Cluster_Break Other, Control, CR, LF: no combining mark, ZWJ,
# variation selector, spacing mark, prepend, regional indicator or Hangul): Latin, Greek,
# Cyrillic, punctuation, symbols, CJK, emoji without modifier or joiner. A code point is
# in one when an even number of these bounds is at or below it. A text whose characters
# all are counts its code points, a CR LF pair as one; tests/platforms/test_fast_paths.py
# checks the ranges against `regex`'s Unicode data and the counts against the general
# path.
_OWN_BOUNDS = (0x300, 0x370, 0x483, 0x48A, 0x591, 0x1E00, 0x200C, 0x200E, 0x20D0, 0x20F1,
               0x2CEF, 0x2E00, 0x302A, 0x309B, 0xA66F, 0x1F200, 0x1F3FB, 0x1F400, 0x1FB00)
_OWN_BELOW = "\u0300"  # every character before the first bound
# The same test as one search for a character outside the ranges is 7 times faster, but
# `re` compiles the class in 19 ms (one loop step for each of its 35,000 code points), a
# tenth of a pre-commit run: it is compiled once this many texts needed the test.
_OWN_CLASS_AFTER = 32
_own_class: list[Any] = [None, 0]  # the compiled class's search, texts tested without


def _not_own_search() -> Any:
    ranges = "".join(f"{chr(a)}-{chr(b - 1)}" for a, b in zip(
        (0, *_OWN_BOUNDS[1::2]), _OWN_BOUNDS[::2], strict=True))
    return re.compile(f"[^{ranges}]").search


def own_clusters(text: str) -> bool:
    """Whether every character of `text` is a grapheme cluster of its own."""
    search, n = _own_class
    if search is not None:
        return search(text) is None
    if len(text.encode("latin-1", "ignore")) == len(text):  # all below U+0100
        return True
    if n >= _OWN_CLASS_AFTER:
        _own_class[0] = _not_own_search()
    _own_class[1] = n + 1
    # The distinct characters beyond U+02FF, each placed among the bounds.
    return not any(bisect_right(_OWN_BOUNDS, ord(c)) & 1 for c in set(text)
                   if c >= _OWN_BELOW)


def graphemes(text: str) -> int:
    """User-perceived characters (extended grapheme clusters, UAX #29)."""
    if text.isascii():
        return len(text) - text.count("\r\n") if "\r" in text else len(text)
    if own_clusters(text):
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
