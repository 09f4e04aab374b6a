"""The rendering's text scans that skip the regular expressions' walk over every
character agree with that walk on arbitrary text."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from smm import _render_text as rt
from smm.render import PLATFORMS, Span

_PIECES = st.sampled_from([
    "#", "#tag", "#12", "#_", "#a_1", "##b", "C#", "&#35;", "é", "#é", "#\u0301", "#٣",
    "@", "@ana", "@a.b", "@alice.bsky.social", "@u@d.example", "@u@d", "a@b.example", "@@x",
    "@josé", "/@x", ".@x", "http://", "https://", "HTTPS://", "httpſ://", "xhttp://",
    "_https://", "://", ":/", "http://a.b/x", "https://a.example/p?q=1#f", "(", ")", ".",
    " ", "\n", "\n\n", "\n\n\n", "  \n", " ", "a", "Z", "5", "_", "-", "\u00a0", "\t",
    "’", "☕", "日", "\u0301", "\x1c", "\u3000", "\u202f", "K", "ſ", "https://é.fr", "http://a.b",
])
_TEXTS = st.one_of(st.text(), st.lists(_PIECES, max_size=30).map("".join))


def _tags_and_mentions_by_finditer(text: str, protected: list[tuple[int, int]],
                                   platform: str) -> list[Span]:
    def free(a: int, b: int) -> bool:
        return all(b <= ps or a >= pe for ps, pe in protected)

    out = []
    for m in rt._TAG.finditer(text):
        if rt._LETTER.search(m.group(1)) and free(m.start(), m.end()):
            out.append(Span(m.start(), m.end(), "tag", m.group(1)))
    if platform not in rt._NO_TEXT_MENTIONS:
        for m in rt._MENTION.finditer(text):
            name = m.group(1)
            if platform == "bluesky" and not rt._BSKY_HANDLE.fullmatch(name):
                continue
            if free(m.start(), m.end()):
                out.append(Span(m.start(), m.end(), "mention", name))
    return out


@settings(max_examples=1500, deadline=None)
@given(text=_TEXTS, platform=st.sampled_from(sorted(PLATFORMS)),
       cuts=st.lists(st.integers(0, 40), max_size=4))
def test_tags_and_mentions_agree_with_finditer(text: str, platform: str,
                                              cuts: list[int]) -> None:
    bounds = sorted(cuts)
    protected = list(zip(bounds[::2], bounds[1::2], strict=False))
    got: list[Span] = []
    rt.tags_and_mentions(text, protected, platform, got)
    assert got == _tags_and_mentions_by_finditer(text, protected, platform)


@settings(max_examples=1500, deadline=None)
@given(text=_TEXTS)
def test_scheme_starts_agree_with_finditer(text: str) -> None:
    found = []
    colon = text.find("://")
    while colon >= 0:
        if (start := rt.scheme_start(text, colon)) >= 0:
            found.append(start)
        colon = text.find("://", colon + 1)
    assert found == [m.start() for m in rt._SCHEME_START.finditer(text)]
    colon = text.find("://")
    while colon >= 0:  # _plain's shortcut: "https" after a space, a newline or nothing
        if colon >= 5 and text.startswith("https", colon - 5) and (
                colon == 5 or text[colon - 6] in " \n"):
            assert rt.scheme_start(text, colon) == colon - 5
        colon = text.find("://", colon + 1)


@settings(max_examples=1500, deadline=None)
@given(text=_TEXTS)
def test_url_pattern_in_re_agrees_with_regex(text: str) -> None:
    """url_end's `re` pattern, where it matches, matches as the `regex` one."""
    for i in range(len(text)):
        fast = rt._URL_ASCII.match(text, i)
        if fast is not None:
            slow = rt._URL.match(text, i)
            assert slow is not None and fast.end() == slow.end(), (text, i)


def _short_url_by_urlsplit(url: str) -> str:
    try:
        p = urlsplit(url)
        host, port = p.hostname, p.port
    except ValueError:
        return url
    if p.scheme.lower() not in ("http", "https") or not host:
        return url
    if port is not None and port != (443 if p.scheme.lower() == "https" else 80):
        host = f"{host}:{port}"
    path = "" if p.path in ("", "/") else p.path
    path += (f"?{p.query}" if p.query else "") + (f"#{p.fragment}" if p.fragment else "")
    return host + (path[:13] + "..." if len(path) > 15 else path)


_URL_BITS = st.sampled_from([
    "a", "Z", "0", ".", "-", "/", "?", "#", "@", ":", "%", "%2F", "_", "~", "!", "'", "(",
    ")", "*", "+", ",", ";", "=", "&", "$", "[", "]", "é", " ", "\t", "\n", "a" * 20, "",
])


@settings(max_examples=2000, deadline=None)
@given(scheme=st.sampled_from(["http://", "https://", "HTTPS://", "hTtP://", "ftp://", ""]),
       rest=st.one_of(st.text(max_size=30), st.lists(_URL_BITS, max_size=12).map("".join)))
def test_short_url_reads_simple_urls_as_urlsplit_does(scheme: str, rest: str) -> None:
    assert rt.short_url(scheme + rest) == _short_url_by_urlsplit(scheme + rest)


@settings(max_examples=1500, deadline=None)
@given(text=_TEXTS)
def test_scheme_at_end_agrees_with_the_pattern(text: str) -> None:
    for k in range(len(text) + 1):
        m = rt.SCHEME_AT_END.search(text[:k])
        assert rt.scheme_at_end(text[:k]) == (len(m.group()) if m else 0)


@settings(max_examples=1500, deadline=None)
@given(text=_TEXTS)
def test_tidy_agrees_with_the_patterns(text: str) -> None:
    expected = rt._BLANK_LINES.sub("\n\n", rt._LINE_END_SPACES.sub("", text)).strip("\n")
    assert rt.tidy(text) == expected


_SYNTAX = st.sampled_from([
    "a", " ", "\n", "#", "# ", "##", "#a", ">", "=", "+", "-", "1.", "1)", "123456789.",
    "* ", "*", "**", "_ _ _", "***", "```", "~~~", "~", " *",
    "1234567890.", "٣.", "\\", "`", "*", "_", "[", "]", "<", ">", "&", "~", "\t", "\r",
    "\x00", "\x1c", "\x85", "\xa0", "\u1680", "\u2000", "\u200a", "\u200b", "\u2028",
    "\u202f", "\u205f", "\u3000", "é", "☕", "\ud800",
])


@settings(max_examples=2000, deadline=None)
@given(text=st.one_of(st.text(), st.lists(_SYNTAX, max_size=20).map("".join)))
def test_syntax_screens_agree_with_the_patterns(text: str) -> None:
    chars = rt.screen(text)
    assert rt.inline_syntax(chars) == (rt._INLINE_SYNTAX.search(text) is not None)
    assert (rt._ODD_SPACE.search(chars) is None) == (rt._ODD_SPACE.search(text) is None)
    assert rt.inline_block("\n" + text, chars) == (rt._INLINE_BLOCK.search(text) is not None)
    assert rt.block_syntax(text) == (rt._BLOCK_SYNTAX.search(text) is not None)
    if "\n" not in text:  # fast() tries the patterns at the start of a one-line text only
        assert (rt._BLOCK_SYNTAX.match(text) is None) == (rt._BLOCK_SYNTAX.search(text) is None)
        assert (rt._INLINE_BLOCK.match(text) is None) == (rt._INLINE_BLOCK.search(text) is None)
        first = text[:1]  # and only when its first character can start a match
        if rt._BLOCK_SYNTAX.match(text):
            assert first in rt._BLOCK_FIRST or first.isdecimal()


def test_block_syntax_digits_are_the_decimal_characters() -> None:
    """_BLOCK_SYNTAX's \\d (`re`: Unicode digits) is what str.isdecimal() says."""
    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    assert [c for c in every if re.match(r"\d", c)] == [c for c in every if c.isdecimal()]
