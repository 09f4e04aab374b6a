"""X's weighted length: twitter-text's parseTweet with its configuration v3.

NFC first; each URL (bare domains too) weighs the transformed URL length; each emoji
sequence weighs the default weight as a whole; every other code point weighs its range's
weight, or the default. U+FFFE, U+FEFF and U+FFFF make a text invalid. Weights are in
1/scale units: v3 gives Latin 100 and CJK 200, so 280 means 280 Latin or 140 CJK.

Fast where it matters: a pure-ASCII text is its length plus its URLs' adjustment; other
texts count heavy code points with one C-level regex pass; only a text over its limit or
holding an invalid character is walked token by token (for the valid range).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from smm.platforms import _emoji, _urls, _value
from smm.platforms._common import latin1

_INVALID = ("\ufffe", "\ufeff", "\uffff")


class Config(NamedTuple):
    """A twitter-text configuration (config/v*.json)."""

    max_weighted_length: int = 280
    scale: int = 100
    default_weight: int = 200
    transformed_url_length: int = 23
    emoji_parsing: bool = True
    ranges: tuple[tuple[int, int, int], ...] = (
        (0x0000, 0x10FF, 100), (0x2000, 0x200D, 100), (0x2010, 0x201F, 100), (0x2032, 0x2037, 100))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Config:
        return cls(data["maxWeightedTweetLength"], data["scale"], data["defaultWeight"],
                   data["transformedURLLength"], bool(data.get("emojiParsingEnabled")),
                   tuple((r["start"], r["end"], r["weight"]) for r in data["ranges"]))

    def weight(self, ch: str) -> int:
        cp = ord(ch)
        for start, end, w in self.ranges:
            if start <= cp <= end:
                return w
        return self.default_weight

    def with_limit(self, max_weighted_length: int) -> Config:
        """This configuration with another maximum length."""
        return Config(max_weighted_length, self.scale, self.default_weight,
                      self.transformed_url_length, self.emoji_parsing, self.ranges)


_value.strict(Config)


V3 = Config()
V2 = Config(emoji_parsing=False)
V1 = Config(140, 100, 100, 23, False, ())  # every code point 1: what `tweets` tests use

_heavy_cache: dict[tuple[tuple[int, int, int], ...], re.Pattern[str] | None] = {}
_heavy_last: list[Any] = [None, None]  # the last ranges looked up, and their pattern


def _heavy(cfg: Config) -> re.Pattern[str] | None:
    """Code points weighing the default weight, when every range shares one weight (all
    configs so far); None otherwise, and the slow walk weighs each code point."""
    last, pattern = _heavy_last
    if cfg.ranges is last:  # (the same config as last time: no hashing of its ranges)
        return pattern
    if cfg.ranges not in _heavy_cache:
        pat = None
        if len({w for _, _, w in cfg.ranges}) <= 1:
            cls = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b, _ in cfg.ranges)
            pat = re.compile(f"[^{cls}]" if cls else "(?s:.)")
        _heavy_cache[cfg.ranges] = pat
    _heavy_last[:] = cfg.ranges, _heavy_cache[cfg.ranges]
    return _heavy_cache[cfg.ranges]


class Parsed(NamedTuple):
    """parseTweet's result; ranges are UTF-16 indices, inclusive, as twitter-text gives."""

    weighted_length: int
    valid: bool
    permillage: int
    valid_range_start: int
    valid_range_end: int
    display_range_start: int
    display_range_end: int

    def as_conformance(self) -> dict[str, Any]:
        return {"weightedLength": self.weighted_length, "valid": self.valid,
                "permillage": self.permillage,
                "displayRangeStart": self.display_range_start,
                "displayRangeEnd": self.display_range_end,
                "validRangeStart": self.valid_range_start,
                "validRangeEnd": self.valid_range_end}


_value.strict(Parsed)


def _u16(s: str) -> int:
    return len(s) if s.isascii() else len(s.encode("utf-16-le", "surrogatepass")) // 2


def _nfc(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _weigh_plain(s: str, cfg: Config, emoji: bool = True, top: int = -1) -> int:
    """Units of a text without URLs (and without emoji sequences when not `emoji`).
    `top`: a code point that no character of `s` is above, when the caller knows one."""
    first = cfg.ranges[0] if cfg.ranges and cfg.ranges[0][0] == 0 else None
    if first is not None and s.isascii() and first[1] >= 0x7F:
        return len(s) * first[2]
    if first is not None and 0 <= top <= first[1]:
        units = len(s) * first[2]  # every character in the first range: none to look up
    else:
        heavy = _heavy(cfg)
        if heavy is None:
            units = sum(cfg.weight(c) for c in s)
        else:
            n_heavy = len(heavy.findall(s))
            light = cfg.ranges[0][2] if cfg.ranges else 0
            units = n_heavy * cfg.default_weight + (len(s) - n_heavy) * light
    if emoji and cfg.emoji_parsing:
        for a, b in _emoji.spans(s):  # a sequence weighs the default weight as a whole
            units += cfg.default_weight - sum(cfg.weight(c) for c in s[a:b])
    return units


def _units(text: str, urls: Sequence[tuple[int, int]], cfg: Config, top: int = -1) -> int:
    url_units = cfg.transformed_url_length * cfg.scale
    if not urls:
        return _weigh_plain(text, cfg, True, top)
    units, at = 0, 0
    for a, b in urls:
        units += _weigh_plain(text[at:a], cfg, True, top) + url_units
        at = b
    return units + _weigh_plain(text[at:], cfg, True, top)


def weighted_length(text: str, cfg: Config = V3) -> int:
    """The weighted length alone: what X shows as the count."""
    nfc = _nfc(text)
    return _units(nfc, _urls.extract_urls(nfc), cfg) // cfg.scale


def weighted(text: str, cfg: Config = V3) -> tuple[int, bool]:
    """The weighted length, and whether the text holds an invalid character: what a
    count needs of parse(), without its ranges."""
    if text.isascii() and cfg.ranges and cfg.ranges[0][0] == 0 and cfg.ranges[0][1] >= 0x7F:
        # _units in short: an ASCII text is NFC and valid, its characters outside URLs
        # all weigh the first range's weight.
        urls = _urls.extract_urls(text)
        plain = len(text)
        for a, b in urls:
            plain -= b - a
        return ((plain * cfg.ranges[0][2] + len(urls) * cfg.transformed_url_length * cfg.scale)
                // cfg.scale, False)
    if latin1(text):  # NFC already (no combining mark), no invalid character
        return _units(text, _urls.extract_urls(text), cfg, 0xFF) // cfg.scale, False
    nfc = _nfc(text)
    return (_units(nfc, _urls.extract_urls(nfc), cfg) // cfg.scale,
            not nfc.isascii() and any(c in nfc for c in _INVALID))


def parse(text: str, cfg: Config = V3) -> Parsed:
    """Every figure twitter-text's parseTweet gives, for the conformance suite and for
    pointing at where a text stops fitting."""
    nfc = _nfc(text)
    urls = _urls.extract_urls(nfc)
    units = _units(nfc, urls, cfg)
    invalid = not nfc.isascii() and any(c in nfc for c in _INVALID)
    length = units // cfg.scale
    display_end = max(_u16(text) - 1, 0)
    if invalid or units > cfg.max_weighted_length * cfg.scale:
        valid_end = _valid_end(nfc, urls, cfg) + _u16(text) - _u16(nfc)
    else:
        valid_end = display_end
    return Parsed(length, not invalid and 0 < length <= cfg.max_weighted_length,
                  length * 1000 // cfg.max_weighted_length, 0, valid_end, 0, display_end)


def _valid_end(nfc: str, urls: Sequence[tuple[int, int]], cfg: Config) -> int:
    """UTF-16 index of the last unit of the longest prefix that is valid and fits:
    parseTweet's walk over tokens (a URL, an emoji sequence, a code point), taking the
    plain text between tokens in one step while it fits."""
    limit = cfg.max_weighted_length * cfg.scale
    stop = min([i for i in (nfc.find(c) for c in _INVALID) if i >= 0] or [len(nfc)])
    tokens = [(a, 0, b, cfg.transformed_url_length * cfg.scale) for a, b in urls if b <= stop]
    if cfg.emoji_parsing:  # at one start, the URL wins; tokens inside a URL are skipped
        tokens += [(a, 1, b, cfg.default_weight) for a, b in _emoji.spans(nfc) if b <= stop]
    tokens.sort()
    units = pos16 = last = i = 0
    for a, _, b, w in tokens:
        if a < i:
            continue
        units, pos16, last, fits = _walk_plain(nfc[i:a], units, pos16, last, limit, cfg)
        units += w
        pos16 += _u16(nfc[a:b])
        if not fits or units > limit:
            return last
        last, i = pos16 - 1, b
    return _walk_plain(nfc[i:stop], units, pos16, last, limit, cfg)[2]


def _walk_plain(plain: str, units: int, pos16: int, last: int, limit: int, cfg: Config
                ) -> tuple[int, int, int, bool]:
    """Advance over text between tokens: in one step while it all fits, else code point
    by code point to where it stops fitting. Returns (units, pos16, last, fits)."""
    if not plain:
        return units, pos16, last, True
    plain_units = _weigh_plain(plain, cfg, emoji=False)
    if units + plain_units <= limit:
        pos16 += _u16(plain)
        return units + plain_units, pos16, pos16 - 1, True
    for ch in plain:
        units += cfg.weight(ch)
        pos16 += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            break
        last = pos16 - 1
    return units, pos16, last, False
