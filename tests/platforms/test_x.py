"""X counting beyond the conformance suite: current emoji, URLs, overrides, speed path."""

from __future__ import annotations

import pytest

from smm import platforms
from smm.platforms import _twitter, _urls
from smm.platforms.base import merged_limits

X = platforms.get("x")


def _len(text: str) -> int:
    return X.count(text, X.defaults)[0].length


@pytest.mark.parametrize("emoji", ["🐦‍🔥", "🫱🏽‍🫲🏿", "🧑‍🧑‍🧒", "🙂‍↔️", "🏳️‍⚧️", "👩🏽‍🦰", "🇫🇷",
                                   "#️⃣", "1⃣", "🏴󠁧󠁢󠁳󠁣󠁴󠁿"])
def test_current_emoji_sequences_weigh_two(emoji: str) -> None:
    assert _len(emoji) == 2
    assert _len(f"a{emoji}b") == 4


@pytest.mark.parametrize(("text", "expected"), [
    ("hello", 5),
    ("héllo", 5),  # NFC: the decomposed é weighs 1
    ("e\u0301", 1),
    ("日本", 4),
    ("see example.com now", 31),  # bare domain: 23
    ("see example.notatld now", 23),
    ("https://t.co/abc and http://x.co/" + "a" * 100, 23 + 5 + 23),
    ("©", 2),  # © is an emoji (text style) for twitter-text
    ("a\u200db", 3),  # a lone ZWJ is in a weight-1 range
    ("\u2000\u2010\u2032", 3),
    ("a\r\nb", 4),
])
def test_weighted_lengths(text: str, expected: int) -> None:
    assert _len(text) == expected


def test_limit_and_validity() -> None:
    assert X.count("a" * 280, X.defaults)[0].valid
    over = X.count("a" * 281, X.defaults)[0]
    assert (over.length, over.limit, over.unit, over.valid) == (281, 280, "weighted", False)
    assert not X.count("ok\ufeff", X.defaults)[0].valid  # invalid character
    assert X.count("", X.defaults)[0].valid  # an image alone is a post


def test_override_changes_the_limit() -> None:
    limits = merged_limits(X.defaults, {"text": 25_000})  # X Premium
    c = X.count("a" * 1000, limits)[0]
    assert (c.limit, c.valid) == (25_000, True)
    assert _twitter.parse("a" * 281).valid_range_end == 279


def test_valid_range_points_where_it_stops_fitting() -> None:
    p = _twitter.parse("日" * 150)
    assert (p.weighted_length, p.valid_range_end, p.display_range_end) == (300, 139, 149)
    p = _twitter.parse("😷" * 150)  # surrogate pairs: UTF-16 indices
    assert (p.weighted_length, p.valid_range_end, p.display_range_end) == (300, 279, 299)


def test_url_extraction_spans() -> None:
    text = "Go to www.fernwood.coffee/winter, or https://t.co/abc123/extra and a_b.example.com."
    assert [text[a:b] for a, b in _urls.extract_urls(text)] == [
        "www.fernwood.coffee/winter", "https://t.co/abc123", "b.example.com"]
    assert [text[a:b] for a, b in _urls.extract_urls(text, without_protocol=False)] == [
        "https://t.co/abc123"]
    assert _urls.extract_urls("end. Start again.") == []
    assert _urls.extract_urls("هوe.no") == []  # the IDNA bidi rule refuses that domain


def test_fast_and_slow_paths_agree() -> None:
    text = ("Winter Blend is back 😷🎉 — 日本語 https://example.com/x?y=1 fernwood.coffee " * 6)
    p = _twitter.parse(text)
    assert p.weighted_length == _twitter.weighted_length(text) > 280
    assert 0 < p.valid_range_end < p.display_range_end
