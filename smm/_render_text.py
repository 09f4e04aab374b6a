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
# Both in a cheaper form. _BLOCK_SYNTAX with a newline for `^` (searched in "\n" + text):
# a literal first character lets `re` skip to the line starts instead of trying the
# pattern at every character. _INLINE_SYNTAX on what is left of the text without the
# ASCII characters it does not hold (deleted from the UTF-8 bytes in one C call).
_BLOCK_AFTER_NEWLINE = re.compile(r"\n(?: |#+(?: |\n|\Z)|[>=+-]|\d{1,9}[.)])")
_NOT_INLINE_SYNTAX = bytes(
    c for c in range(128) if not _INLINE_SYNTAX.match(chr(c)))
# What the inline fast path (smm._render_inline) leaves to markdown-it besides block
# syntax: whitespace markdown-it treats specially (the two no-break spaces excepted).
# Block syntax made of inline characters, which plain text could not hold: a `*` list
# item, a thematic break of `*` or `_`, a code fence.
_INLINE_BLOCK = re.compile(r"^(?:\*(?: |$)|[*_](?: *[*_]){2,} *$|```|~~~)", re.MULTILINE)
_ODD_SPACE = re.compile(
    r"[\x00\t\r\x0b\x0c\x1c-\x1f\x85\u1680\u2000-\u200a\u2028\u2029\u205f\u3000]")
_LINE_END_SPACES = re.compile(r" +$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")


def scheme_start(s: str, colon: int) -> int:
    """Where the scheme of the `://` at `colon` starts, when _SCHEME_START matches there
    ("http" or "https", not glued to a word); -1 otherwise. Every match of the pattern
    ends at a `://`: found so, without scanning the text character by character."""
    if colon >= 5 and _SCHEME_START.match(s, colon - 5, colon + 3):
        return colon - 5
    if colon >= 4 and _SCHEME_START.match(s, colon - 4, colon + 3):
        return colon - 4
    return -1


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

    # The patterns are tried only where a match can start, at a `#` or an `@`: the same
    # matches as finditer (which walks every character), for a fraction of the cost.
    at = text.find("#")
    while at >= 0:
        m = _TAG.match(text, at)
        if m:  # (a tag holds no `#`: the next one is after it)
            tag = m.group(1)
            letter = tag.strip("0123456789_") if tag.isascii() else _LETTER.search(tag)
            if letter and free(at, m.end()):
                out.append(Span(at, m.end(), "tag", tag))
        at = text.find("#", at + 1)
    if platform in _NO_TEXT_MENTIONS:
        return
    at = text.find("@")
    while at >= 0:
        m = _MENTION.match(text, at)
        if m is None:
            at = text.find("@", at + 1)
            continue
        name = m.group(1)
        # A Bluesky mention must resolve to a DID: only a domain handle can.
        if (platform != "bluesky" or _BSKY_HANDLE.fullmatch(name)) and free(at, m.end()):
            out.append(Span(at, m.end(), "mention", name))
        at = text.find("@", m.end())  # (user@domain: the match may hold another `@`)


def fast(markdown: str, platform: str) -> tuple[str, list[Span]] | None:
    """The rendering without markdown-it when a fast path can do it exactly: `plain`
    for text without Markdown, else `smm._render_inline` for paragraphs with inline
    Markdown only; None when the body needs the full parser."""
    if not inline_syntax(markdown):
        if block_syntax(markdown):
            return None
        return _plain(markdown, platform)
    if (block_syntax(markdown) or _ODD_SPACE.search(markdown)
            or _INLINE_BLOCK.search(markdown)):
        return None
    from smm._render_inline import render_inline

    return render_inline(markdown, platform)


def plain(markdown: str, platform: str) -> tuple[str, list[Span]] | None:
    """The rendering of a body that is only paragraphs of plain text, without running
    markdown-it (about 5x faster); None when the body needs the full parser. The tests
    check that both paths agree on arbitrary input."""
    if inline_syntax(markdown) or block_syntax(markdown):
        return None
    return _plain(markdown, platform)


def inline_syntax(markdown: str) -> bool:
    """Whether _INLINE_SYNTAX finds something in `markdown`."""
    rest = markdown.encode("utf-8", "surrogatepass").translate(None, _NOT_INLINE_SYNTAX)
    return bool(rest) and _INLINE_SYNTAX.search(rest.decode("utf-8", "surrogatepass")) is not None


def block_syntax(markdown: str) -> bool:
    """Whether _BLOCK_SYNTAX finds something in `markdown`."""
    return _BLOCK_AFTER_NEWLINE.search("\n" + markdown) is not None


def tidy(markdown: str) -> str:
    """Lines without trailing spaces, runs of blank lines as one, no blank line at the
    ends: the paragraphs of a body the fast paths render. (Each pattern scans the whole
    text: it runs only when what it removes is there.)"""
    if " \n" in markdown or markdown.endswith(" "):
        markdown = _LINE_END_SPACES.sub("", markdown)
    if "\n\n\n" in markdown:
        markdown = _BLANK_LINES.sub("\n\n", markdown)
    return markdown.strip("\n")


def _plain(markdown: str, platform: str) -> tuple[str, list[Span]]:
    # Lines lose trailing spaces (hard breaks are newlines too); blank lines in a row
    # are one paragraph break. Leading spaces never get here.
    src = tidy(markdown)
    spans: list[Span] = []
    protected: list[tuple[int, int]] = []
    if "://" in src:
        pieces: list[str] = []
        n = pos = 0  # n: length of the output so far; pos: index into src
        colon = src.find("://")
        while colon >= 0:
            start = scheme_start(src, colon)
            end = url_end(src, start) if 0 <= pos <= start else -1
            colon = src.find("://", colon + 3)
            if end < 0:
                continue
            url = src[start:end]
            shown = short_url(url) if platform == "bluesky" else url
            pieces.append(src[pos:start])
            n += start - pos
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
