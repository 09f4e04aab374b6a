"""Text-level pieces of smm.render: bare URLs, hashtags, mentions, Bluesky's short
link text, and the fast path for bodies that hold no Markdown syntax at all.

Imported on the first render only: `regex` alone costs ~30 ms to import.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import regex

from smm.render import Span

# A bare URL: scheme, then a host that starts with a letter or digit, then anything up
# to whitespace or a character no linkifier takes (`<>"` and backtick end Markdown
# constructs, so a URL never swallows them).
_URL = regex.compile(r"https?://[\p{L}\p{N}][^\s<>\"`]*", regex.IGNORECASE)
# The scheme as the inline rule sees it: at the end of the pending text and not glued
# to a word ("xhttps://" is no URL), the way GitHub and twitter-text decide.
SCHEME_AT_END = regex.compile(r"(?<![\p{L}\p{N}_])https?\Z", regex.IGNORECASE)
_SCHEME_START = regex.compile(r"(?<![\p{L}\p{N}_])https?://", regex.IGNORECASE)
# Sentence punctuation right after a URL belongs to the sentence (GFM's rule).
_TRAIL = frozenset(".,:;!?'\"*_~…")
_OPENER = {")": "(", "]": "[", "}": "{"}

# A tag holds letters, marks (Indic scripts need them), digits and `_`, and at least
# one letter: "#1" and "#2024" are not tags on X or Bluesky. Not after a word
# character or `&` ("C#", "&#35;").
_TAG = regex.compile(r"(?<![\p{L}\p{M}\p{N}_&#])#([\p{L}\p{M}\p{N}_]+)")
_LETTER = regex.compile(r"[\p{L}\p{M}]")
# @name (X, Instagram: dots allowed inside), @user@domain (Mastodon), @alice.bsky.social
# (Bluesky). Not after a word character, `@`, `.` or `/` (emails, URLs); the lookahead
# rejects a name cut off by a letter the class lacks ("@josé" is no mention).
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_MENTION = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}\p{{N}}_@./+-])@([A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*"
    rf"(?:@{_LABEL}(?:\.{_LABEL})+)?)(?![\p{{L}}\p{{M}}\p{{N}}_@])"
)
_BSKY_HANDLE = regex.compile(rf"{_LABEL}(?:\.{_LABEL})*\.[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
# LinkedIn and Facebook show "@name" as plain text: no mention span there.
_NO_TEXT_MENTIONS = frozenset({"linkedin", "facebook"})

# Anything that could make CommonMark read a body as more than paragraphs of text:
# inline syntax characters anywhere, whitespace markdown-it treats specially (tabs, CR,
# NUL, and the Unicode spaces str.strip removes from a paragraph's ends), and block
# syntax at a line start. Stdlib `re`: a plain character class is 5x faster there.
_INLINE_SYNTAX = re.compile(
    r"[\\`*_\[\]<>&~\x00\t\r\x0b\x0c\x1c-\x1f\x85\xa0"
    r"\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_BLOCK_SYNTAX = re.compile(r"^(?: |#+(?: |$)|[>=+-]|\d{1,9}[.)])", re.MULTILINE)
# What the inline fast path (smm._render_inline) leaves to markdown-it besides block
# syntax: whitespace markdown-it treats specially (the two no-break spaces excepted).
# Block syntax made of inline characters, which plain text could not hold: a `*` list
# item, a thematic break of `*` or `_`, a code fence.
_INLINE_BLOCK = re.compile(r"^(?:\*(?: |$)|[*_](?: *[*_]){2,} *$|```|~~~)", re.MULTILINE)
_ODD_SPACE = re.compile(
    r"[\x00\t\r\x0b\x0c\x1c-\x1f\x85\u1680\u2000-\u200a\u2028\u2029\u205f\u3000]")
_LINE_END_SPACES = re.compile(r" +$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")


def url_end(s: str, start: int) -> int:
    """End of the bare URL starting at `start` (its scheme), or -1 when none starts there."""
    m = _URL.match(s, start)
    if m is None:
        return -1
    end = m.end()
    while True:
        c = s[end - 1]
        # A closing bracket stays only when the URL opened it: "(see https://a.b/x)".
        unbalanced = c in _OPENER and s.count(c, start, end) > s.count(_OPENER[c], start, end)
        if c not in _TRAIL and not unbalanced:
            return end  # the host's first character is never trimmed: this ends
        end -= 1


def short_url(url: str) -> str:
    """Bluesky's visible text for a long link, as the app makes it (toShortUrl): host,
    then path+query+fragment cut to 13 characters and "..." when longer than 15. The
    host keeps its Unicode form: it is what a reader recognises."""
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


def tags_and_mentions(
    text: str, protected: list[tuple[int, int]], platform: str, out: list[Span]
) -> None:
    """Append tag and mention spans found in `text`, skipping any that touch a protected
    range (URLs, link text, code, escaped characters, raw HTML)."""

    def free(a: int, b: int) -> bool:
        return all(b <= ps or a >= pe for ps, pe in protected)

    if "#" in text:
        for m in _TAG.finditer(text):
            if _LETTER.search(m.group(1)) and free(m.start(), m.end()):
                out.append(Span(m.start(), m.end(), "tag", m.group(1)))
    if "@" in text and platform not in _NO_TEXT_MENTIONS:
        for m in _MENTION.finditer(text):
            name = m.group(1)
            # A Bluesky mention must resolve to a DID: only a domain handle can.
            if platform == "bluesky" and not _BSKY_HANDLE.fullmatch(name):
                continue
            if free(m.start(), m.end()):
                out.append(Span(m.start(), m.end(), "mention", name))


def fast(markdown: str, platform: str) -> tuple[str, list[Span]] | None:
    """The rendering without markdown-it when a fast path can do it exactly: `plain`
    for text without Markdown, else `smm._render_inline` for paragraphs with inline
    Markdown only; None when the body needs the full parser."""
    if not _INLINE_SYNTAX.search(markdown):
        if _BLOCK_SYNTAX.search(markdown):
            return None
        return _plain(markdown, platform)
    if (_BLOCK_SYNTAX.search(markdown) or _ODD_SPACE.search(markdown)
            or _INLINE_BLOCK.search(markdown)):
        return None
    from smm._render_inline import render_inline

    return render_inline(markdown, platform)


def plain(markdown: str, platform: str) -> tuple[str, list[Span]] | None:
    """The rendering of a body that is only paragraphs of plain text, without running
    markdown-it (about 5x faster); None when the body needs the full parser. The tests
    check that both paths agree on arbitrary input."""
    if _INLINE_SYNTAX.search(markdown) or _BLOCK_SYNTAX.search(markdown):
        return None
    return _plain(markdown, platform)


def _plain(markdown: str, platform: str) -> tuple[str, list[Span]]:
    # Lines lose trailing spaces (hard breaks are newlines too); blank lines in a row
    # are one paragraph break. Leading spaces never get here.
    src = _BLANK_LINES.sub("\n\n", _LINE_END_SPACES.sub("", markdown)).strip("\n")
    spans: list[Span] = []
    protected: list[tuple[int, int]] = []
    if "://" in src:
        pieces: list[str] = []
        n = pos = 0  # n: length of the output so far; pos: index into src
        for m in _SCHEME_START.finditer(src):
            if m.start() < pos:
                continue
            end = url_end(src, m.start())
            if end < 0:
                continue
            url = src[m.start() : end]
            shown = short_url(url) if platform == "bluesky" else url
            pieces.append(src[pos : m.start()])
            n += m.start() - pos
            spans.append(Span(n, n + len(shown), "link", url))
            protected.append((n, n + len(shown)))
            pieces.append(shown)
            n += len(shown)
            pos = end
        pieces.append(src[pos:])
        src = "".join(pieces)
    tags_and_mentions(src, protected, platform, spans)
    spans.sort(key=lambda s: s.start)
    return src, spans
