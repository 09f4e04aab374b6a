"""The counting fast paths agree with the general code on arbitrary text: graphemes
without `regex`, X's count without parse(), Mastodon's countable text, the hashtag and
link rules of Bluesky, Instagram and Threads."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from smm import platforms
from smm.platforms import _common, _emoji, _twitter, _urls, bluesky, instagram, mastodon
from smm.platforms.base import TextIssue, merged_limits

# Characters where counts, tags, links and mentions get subtle, and arbitrary Unicode.
_PIECES = st.sampled_from([
    "a", "Z", "é", "e\u0301", "\u00a0", "\u202f", "\r", "\n", "\r\n", " ", "#", "＃", "@",
    "@a@b.example", "@ana", "https://a.example/x", "a.example", "http://b.example/y/",
    "#tag", "#12", "#a_b!", ".", "!", "☕", "☕\ufe0f", "👍🏽", "🇫🇷", "👩\u200d🔬", "\u200d",
    "\u200c", "\ufe0f", "\u0903", "\u0600", "क्ष", "한", "\u1100\u1161", "各", "ｱ", "\ufeff",
    "\ufffe", "\U0001f3fb", "\u20e3", "1", "_", "a" * 70, "#" + "b" * 70, "#" + "é" * 65,
    "©", "®", "°", "«", "ÿ", "©\ufe0f", "n°2",
])
_TEXTS = st.one_of(st.text(), st.lists(_PIECES, max_size=30).map("".join))
_BAD = regex.compile(r"[\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}\p{GCB=Prepend}"
                     r"\p{GCB=Regional_Indicator}\p{GCB=L}\p{GCB=V}\p{GCB=T}\p{GCB=LV}"
                     r"\p{GCB=LVT}]")


def test_own_cluster_ranges_hold_no_joining_character() -> None:
    """Every code point the grapheme fast path accepts is a cluster of its own by the
    `regex` module's Unicode data (Grapheme_Cluster_Break Other, Control, CR or LF)."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    accepted = "".join(filter(_common.own_clusters, every))
    assert len(accepted) > 30_000
    assert _BAD.findall(accepted) == []
    # The bounds are those of the character class they replaced, code point by code point.
    assert accepted == _OWN_CLASS.sub("", every)


# The fast path's first form: a character class of the code points outside the ranges.
_OWN_CLASS = re.compile(
    "[^\x00-\u02ff\u0370-\u0482\u048a-\u0590\u1e00-\u200b\u200e-\u20cf\u20f1-\u2cee"
    "\u2e00-\u3029\u309b-\ua66e\U0001f200-\U0001f3fa\U0001f400-\U0001faff]")


@settings(max_examples=1000, deadline=None)
@given(text=st.one_of(_TEXTS, st.text(st.characters(min_codepoint=0x2F0, max_codepoint=0x3100))))
def test_own_clusters_is_the_character_class(text: str) -> None:
    want = _OWN_CLASS.search(text) is None
    kept = list(_common._own_class)
    try:
        _common._own_class[:] = [None, 0]  # the distinct characters placed among bounds
        assert _common.own_clusters(text) == want
        _common._own_class[:] = [_common._not_own_search(), 0]  # the class made of them
        assert _common.own_clusters(text) == want
    finally:
        _common._own_class[:] = kept


def test_the_class_is_compiled_once_enough_texts_needed_it() -> None:
    kept = list(_common._own_class)
    try:
        _common._own_class[:] = [None, 0]
        for _ in range(_common._OWN_CLASS_AFTER + 1):
            assert _common.own_clusters("Bonne dégustation\u202f! ☕") is True
            assert _common.own_clusters("plain ascii text")  # never counted
        assert _common._own_class[0] is not None
        assert _common.own_clusters("e\u0301") is False
    finally:
        _common._own_class[:] = kept


def test_latin1_texts_are_nfc() -> None:
    """X's count takes a text below U+0100 as NFC: no such character combines with
    another or changes under NFC."""
    latin1 = [chr(c) for c in range(256)]
    assert all(unicodedata.is_normalized("NFC", a + b) for a in latin1 for b in latin1)


@settings(max_examples=1000, deadline=None)
@given(text=st.one_of(_TEXTS, st.text(st.characters(max_codepoint=0xFF))))
def test_emoji_spans_fast_paths_agree(text: str) -> None:
    assert _emoji.spans(text) == [m.span() for m in _emoji._emoji_re().finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(text=_TEXTS)
def test_graphemes_fast_path_agrees(text: str) -> None:
    assert _common.graphemes(text) == len(_common._grapheme_re().findall(text))


def _x_count_by_parse(text: str, limit: int) -> tuple[int, bool]:
    p = _twitter.parse(text, _twitter.Config(limit, 100, 200, 23, True, _twitter.V3.ranges))
    return p.weighted_length, p.valid or p.weighted_length == 0


@settings(max_examples=1000, deadline=None)
@given(text=_TEXTS, limit=st.sampled_from([1, 5, 280, 25_000]))
def test_x_count_agrees_with_parse(text: str, limit: int) -> None:
    x = platforms.get("x")
    [c] = x.count(text, merged_limits(x.defaults, {"text": limit}))
    assert (c.length, c.valid, c.limit) == (*_x_count_by_parse(text, limit), limit)


def _countable_general(text: str) -> str:
    out, at = [], 0
    for a, b in _urls.extract_urls(text, without_protocol=False):
        out += [mastodon._REMOTE_MENTION.sub(r"@\1", text[at:a]), "x" * 23]
        at = b
    out.append(mastodon._REMOTE_MENTION.sub(r"@\1", text[at:]))
    return "".join(out)


@settings(max_examples=1000, deadline=None)
@given(text=_TEXTS)
def test_mastodon_countable_agrees(text: str) -> None:
    assert mastodon.countable(text) == _countable_general(text)


def _bluesky_general(text: str, limits: dict[str, Any]) -> list[TextIssue]:
    cap = int(limits.get("tag_graphemes") or 0)
    out = []
    for m in bluesky._HASHTAG.finditer(text):
        tag = bluesky._TRAILING_PUNCT.sub("", m.group(1))
        if not tag or tag.isdigit():
            continue
        n = _common.graphemes(tag)
        if cap and n > cap:
            out.append(TextIssue(
                "bluesky.tag-length", "error",
                f"hashtag #{tag[:20]}… is {n} graphemes; a Bluesky tag holds at most {cap}: "
                "shorten it or drop the #", m.start(), m.end() - m.start()))
    return out


@settings(max_examples=1000, deadline=None)
@given(text=_TEXTS, cap=st.sampled_from([0, 1, 3, 64]))
def test_bluesky_hashtag_rule_agrees(text: str, cap: int) -> None:
    limits = merged_limits(bluesky.PLATFORM.defaults, {"tag_graphemes": cap})
    assert bluesky.PLATFORM.check_text(text, limits) == _bluesky_general(text, limits)


def _instagram_tags_general(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in instagram._HASHTAG.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(text=_TEXTS, most=st.sampled_from([0, 1, 2, 30]))
def test_instagram_and_threads_rules_agree(text: str, most: int) -> None:
    ig = instagram.PLATFORM
    got = ig.check_text(text, merged_limits(ig.defaults, {"hashtags_max": most}))
    tags = _instagram_tags_general(text)
    assert len([i for i in got if i.rule == "instagram.hashtags"]) == int(
        bool(most) and len(tags) > most)
    th = platforms.get("threads")
    spans = _urls.extract_urls(text)
    distinct = {text[a:b].lower().rstrip("/") for a, b in spans}
    issues = th.check_text(text, merged_limits(th.defaults, {"links_max": most}))
    assert len(issues) == int(bool(most) and len(distinct) > most)


def _may_start_tld(text: str, dot: int) -> bool:
    word = re.compile(r"[0-9a-zA-Z]*").match(text, dot + 1)
    assert word is not None
    w = word.group().lower()
    return (w in _urls._ascii_tlds() or not text[dot + 1].isascii()
            or (w == "xn" and text.startswith("--", word.end())))


def _extract_urls_one_mode(text: str, without_protocol: bool) -> list[tuple[int, int]]:
    """extract_urls as it was before both modes shared one scan (twitter-text's port)."""
    if ("." not in text) or (not without_protocol and "://" not in text):
        return []
    spans: list[tuple[int, int]] = []
    n, done, rev = len(text), -1, ""
    for hit in re.finditer(r"\.[^\W\d_]", text):
        dot = hit.start()
        if dot < done or not _may_start_tld(text, dot):
            continue
        rev = rev or text[::-1]
        left = _urls._SPACE.search(rev, n - dot)
        right = _urls._SPACE.search(text, dot)
        base, done = (n - left.start() - 1 if left else 0), (right.start() if right else n)
        for m in _urls._url_re().finditer(text[base:done]):
            before, url, protocol, domain, path = m.group(1, 2, 3, 4, 5)
            start, end = m.start(2), m.end(2)
            if not _urls._valid(url, protocol or "https://", domain):
                continue
            if protocol is None:
                if not without_protocol or before[-1:] in ("-", "_", ".", "/"):
                    continue
                found = [(base + start + a, base + start + b)
                         for a, b in _urls._ascii_domains(domain)]
                if found and path:
                    found[-1] = (found[-1][0], base + end)
                spans.extend(found)
                continue
            tco = _urls._TCO.match(url)
            if tco:
                if len(tco.group(1)) > _urls._MAX_TCO_SLUG:
                    continue
                end = start + tco.end()
            spans.append((base + start, base + end))
    return spans


_URL_PIECES = st.sampled_from([
    "a", "é", " ", "\n", ".", "/", "-", "_", "@", "a.example", "example.com", "b.co",
    "xn--bcher-kva.example", "bücher.de", "hو.no", "http://", "https://", "HTTPS://",
    "t.co/", "t.co/abc", "a" * 45, "?q=1", "#f", "(x)", ":8080", "www.", ".com", ".fr",
])


@settings(max_examples=1500, deadline=None)
@given(text=st.one_of(_TEXTS, st.lists(_URL_PIECES, max_size=25).map("".join)))
def test_url_modes_share_one_scan(text: str) -> None:
    for mode in (True, False):
        assert _urls.extract_urls(text, mode) == _extract_urls_one_mode(text, mode)
