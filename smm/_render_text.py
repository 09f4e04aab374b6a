"""Text-level pieces of smm.render: bare URLs, hashtags, mentions, Bluesky's short
link text, and the fast path for bodies that hold no Markdown syntax at all.

Imported on the first render only: `regex` alone costs ~30 ms to import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import itemgetter
from urllib.parse import urlsplit

import regex

from smm.render import Span

_span = tuple.__new__  # Span(...) without its __new__'s call: _span(Span, (fields))
_by_start = itemgetter(0)  # a Span's start

# A bare URL: scheme, then a host that starts with a letter or digit, then anything up
# to whitespace or a character no linkifier takes (`<>"` and backtick end Markdown
# constructs, so a URL never swallows them).
_URL = regex.compile(r"https?://[\p{L}\p{N}][^\s<>\"`]*", regex.IGNORECASE)
# The same with `re` (a third of the cost) for a URL whose scheme and first host
# character are ASCII; the class lists `regex`'s White_Space, which differs from `re`'s
# \s. When it does not match, _URL decides (tests/test_views_render.py).
_URL_ASCII = re.compile(
    "[hH][tT][tT][pP][sS]?://[A-Za-z0-9]"
    "[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000<>\"`]*")
# The scheme as the inline rule sees it: at the end of the pending text and not glued
# to a word ("xhttps://" is no URL), the way GitHub and twitter-text decide.
SCHEME_AT_END = regex.compile(r"(?<![\p{L}\p{N}_])https?\Z", regex.IGNORECASE)
# A URL that urlsplit reads as scheme, host and path alone (no user, port, query or
# fragment), in characters it leaves as they are: short_url reads it directly.
_SIMPLE_URL = re.compile(r"[hH][tT][tT][pP][sS]?://([A-Za-z0-9.-]+)(/[A-Za-z0-9._~!$&'()*+,;=:@/%-]*|)\Z")
_SCHEME_START = regex.compile(r"(?<![\p{L}\p{N}_])https?://", regex.IGNORECASE)
_WORD_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
# Sentence punctuation right after a URL belongs to the sentence (GFM's rule).
_TRAIL = frozenset(".,:;!?'\"*_~…")
_OPENER = {")": "(", "]": "[", "}": "{"}

# A tag holds letters, marks (Indic scripts need them), digits and `_`, and at least
# one letter: "#1" and "#2024" are not tags on X or Bluesky. Not after a word
# character or `&` ("C#", "&#35;").
_TAG = regex.compile(r"(?<![\p{L}\p{M}\p{N}_&#])#([\p{L}\p{M}\p{N}_]+)")
_TAG_ASCII = re.compile(r"#([A-Za-z0-9_]*)")
_NOT_BEFORE_TAG = _WORD_ASCII | {"&", "#"}
_LETTER = regex.compile(r"[\p{L}\p{M}]")
# @name (X, Instagram: dots allowed inside), @user@domain (Mastodon), @alice.bsky.social
# (Bluesky). Not after a word character, `@`, `.` or `/` (emails, URLs); the lookahead
# rejects a name cut off by a letter the class lacks ("@josé" is no mention).
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_MENTION = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}\p{{N}}_@./+-])@([A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*"
    rf"(?:@{_LABEL}(?:\.{_LABEL})+)?)(?![\p{{L}}\p{{M}}\p{{N}}_@])"
)
# The same with `re`, the character before the `@` and the lookahead's character beyond
# ASCII left to the caller (see tags_and_mentions).
_MENTION_ASCII = re.compile(
    rf"@([A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*(?:@{_LABEL}(?:\.{_LABEL})+)?)(?![A-Za-z0-9_@])")
_NOT_BEFORE_MENTION = _WORD_ASCII | set("@./+-")
# ASCII classes only: `re` matches as `regex` would.
_BSKY_HANDLE = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
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
# The characters a match of _BLOCK_SYNTAX starts with besides a digit (`re`'s \d, which
# is str.isdecimal: Unicode category Nd).
_BLOCK_FIRST = frozenset(" #>=+-")
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
_INLINE_BLOCK_AFTER_NEWLINE = re.compile(
    r"\n(?:\*(?: |\n|\Z)|[*_](?: *[*_]){2,} *(?:\n|\Z)|```|~~~)")
_ODD_SPACE = re.compile(
    r"[\x00\t\r\x0b\x0c\x1c-\x1f\x85\u1680\u2000-\u200a\u2028\u2029\u205f\u3000]")
_LINE_END_SPACES = re.compile(r" +$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")


def scheme_start(s: str, colon: int) -> int:
    """Where the scheme of the `://` at `colon` starts, when _SCHEME_START matches there
    ("http" or "https", not glued to a word); -1 otherwise. Every match of the pattern
    ends at a `://`: found so, without scanning the text character by character."""
    w = s[colon - 6 if colon > 6 else 0 : colon]  # the scheme and the character before
    if w.isascii():  # str methods decide, as the pattern would for ASCII
        w = w.lower()
        start = colon - 5 if w.endswith("https") else colon - 4 if w.endswith("http") else -1
        return start if start == 0 or (start > 0 and s[start - 1] not in _WORD_ASCII) else -1
    if colon >= 5 and _SCHEME_START.match(s, colon - 5, colon + 3):
        return colon - 5
    if colon >= 4 and _SCHEME_START.match(s, colon - 4, colon + 3):
        return colon - 4
    return -1


def scheme_at_end(s: str) -> int:
    """Length of the scheme ("http" or "https") that SCHEME_AT_END finds at the end of
    `s`, 0 when there is none."""
    w = s[-6:]
    if w.isascii():
        w = w.lower()
        n = 5 if w.endswith("https") else 4 if w.endswith("http") else 0
        return n if n and (len(s) == n or s[-n - 1] not in _WORD_ASCII) else 0
    m = SCHEME_AT_END.search(s, len(s) - 5 if len(s) > 5 else 0)
    return len(m.group()) if m else 0


def url_end(s: str, start: int) -> int:
    """End of the bare URL starting at `start` (its scheme), or -1 when none starts there."""
    m = _URL_ASCII.match(s, start) or _URL.match(s, start)
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
    simple = _SIMPLE_URL.match(url)
    if simple:  # what urlsplit gives such a URL, without its work
        host, path = simple.group(1).lower(), simple.group(2)
        path = "" if path == "/" else path
        return host + (path[:13] + "..." if len(path) > 15 else path)
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
    range (URLs, link text, code, escaped characters, raw HTML).

    The patterns are tried only where a match can start, at a `#` or an `@`: the same
    matches as finditer (which walks every character). Where the characters around a
    match are ASCII, an ASCII pattern in `re` finds it at a third of the cost; the
    `regex` pattern decides the others (tests/test_views_render.py)."""
    n = len(text)
    at = text.find("#") if "#" in text else -1  # (`in` is the cheaper call: no arguments
    while at >= 0:  # to parse)
        before = text[at - 1] if at else " "
        m = _TAG_ASCII.match(text, at)
        end = m.end()  # type: ignore[union-attr]  # (`*`: always matches)
        if before.isascii() and (end == n or text[end].isascii()):
            if before in _NOT_BEFORE_TAG or end == at + 1:
                at = text.find("#", at + 1)
                continue
            tag = text[at + 1 : end]
            letter: object = tag.strip("0123456789_")
        else:
            g = _TAG.match(text, at)
            if g is None:
                at = text.find("#", at + 1)
                continue
            tag, end = g.group(1), g.end()
            letter = tag.strip("0123456789_") if tag.isascii() else _LETTER.search(tag)
        if letter and (not protected or all(end <= ps or at >= pe for ps, pe in protected)):
            out.append(_span(Span, (at, end, "tag", tag)))
        at = text.find("#", at + 1)  # (a tag holds no `#`: the next one is after it)
    if platform in _NO_TEXT_MENTIONS or "@" not in text:
        return
    at = text.find("@")
    while at >= 0:
        before = text[at - 1] if at else " "
        if before.isascii():
            m = None if before in _NOT_BEFORE_MENTION else _MENTION_ASCII.match(text, at)
            if m is not None and m.end() < n and not text[m.end()].isascii():
                m = _MENTION.match(text, at)
        else:
            m = _MENTION.match(text, at)
        if m is None:
            at = text.find("@", at + 1)
            continue
        name, end = m.group(1), m.end()
        # A Bluesky mention must resolve to a DID: only a domain handle can.
        if ((platform != "bluesky" or _BSKY_HANDLE.fullmatch(name))
                and (not protected or all(end <= ps or at >= pe for ps, pe in protected))):
            out.append(_span(Span, (at, end, "mention", name)))
        at = text.find("@", end)  # (user@domain: the match may hold another `@`)


def fast(markdown: str, platform: str) -> tuple[str, list[Span]] | None:
    """The rendering without markdown-it when a fast path can do it exactly: `_plain`
    for text without Markdown, else `smm._render_inline` for paragraphs with inline
    Markdown only; None when the body needs the full parser. The tests check that the
    paths agree with markdown-it on arbitrary input."""
    chars = screen(markdown)
    if "\n" not in markdown:  # one line: the block patterns can only match at its start
        first = markdown[:1]
        if (first in _BLOCK_FIRST or first.isdecimal()) and _BLOCK_SYNTAX.match(markdown):
            return None
        if not inline_syntax(chars):
            return _plain(markdown, platform)
        if _ODD_SPACE.search(chars) or _INLINE_BLOCK.match(markdown):
            return None
    else:
        newline_first = "\n" + markdown
        if _BLOCK_AFTER_NEWLINE.search(newline_first):
            return None
        if not inline_syntax(chars):
            return _plain(markdown, platform)
        if _ODD_SPACE.search(chars) or inline_block(newline_first, chars):
            return None
    return (_inline or _load_inline())(markdown, platform)


_inline: Callable[[str, str], tuple[str, list[Span]] | None] | None = None


def _load_inline() -> Callable[[str, str], tuple[str, list[Span]] | None]:
    global _inline
    from smm._render_inline import render_inline

    _inline = render_inline
    return render_inline


def screen(markdown: str) -> str:
    """What of `markdown` the screens below need to look at: the ASCII characters of
    _INLINE_SYNTAX and every character beyond ASCII, in order (the rest deleted from
    the UTF-8 bytes in one C call). Most posts leave nothing or a few characters."""
    rest = markdown.encode("utf-8", "surrogatepass").translate(None, _NOT_INLINE_SYNTAX)
    return rest.decode("utf-8", "surrogatepass") if rest else ""


def inline_syntax(chars: str) -> bool:
    """Whether _INLINE_SYNTAX finds something in the text `chars` is the screen() of.
    (Its characters beyond ASCII are all in the class; _ODD_SPACE's are a subset.)"""
    return bool(chars) and (chars.isascii() or _INLINE_SYNTAX.search(chars) is not None)


def inline_block(newline_first: str, chars: str) -> bool:
    """Whether _INLINE_BLOCK finds something in the text that `newline_first` is with a
    newline before it, and `chars` the screen() of (the pattern needs `*`, `_`, a
    backtick or `~`: only then is the text searched, from line start to line start)."""
    return ("*" in chars or "_" in chars or "`" in chars or "~" in chars) and \
        _INLINE_BLOCK_AFTER_NEWLINE.search(newline_first) is not None


def block_syntax(markdown: str) -> bool:
    """Whether _BLOCK_SYNTAX finds something in `markdown`."""
    return _BLOCK_AFTER_NEWLINE.search("\n" + markdown) is not None


def tidy(markdown: str) -> str:
    """Lines without trailing spaces, runs of blank lines as one, no blank line at the
    ends: the paragraphs of a body the fast paths render. (Each pattern scans the whole
    text: it runs only when what it removes is there.)"""
    if "\n" not in markdown:  # one line, the common case: only trailing spaces to remove
        return markdown.rstrip(" ")
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
        colon = src.find("://")
        pieces: list[str] = []
        n = pos = 0  # n: length of the output so far; pos: index into src
        while colon >= 0:
            # scheme_start's usual answer: "https" after a space, a newline or nothing
            if colon >= 5 and src.startswith("https", colon - 5) and (
                    colon == 5 or src[colon - 6] in " \n"):
                start = colon - 5
            else:
                start = scheme_start(src, colon)
            end = url_end(src, start) if 0 <= pos <= start else -1
            colon = src.find("://", colon + 3)
            if end < 0:
                continue
            url = src[start:end]
            shown = short_url(url) if platform == "bluesky" else url
            pieces.append(src[pos:start])
            n += start - pos
            spans.append(_span(Span, (n, n + len(shown), "link", url)))
            protected.append((n, n + len(shown)))
            pieces.append(shown)
            n += len(shown)
            pos = end
        pieces.append(src[pos:])
        src = "".join(pieces)
    tags_and_mentions(src, protected, platform, spans)
    if len(spans) > 1:
        spans.sort(key=_by_start)
    return src, spans
