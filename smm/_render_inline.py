"""The inline fast path of smm.render: paragraphs with the inline Markdown posts use
(emphasis, `[text](url)` links, code spans, backslash escapes, bare URLs), rendered by
hand without markdown-it (about 8x faster than parsing).

It is deliberately narrow: anything it cannot render exactly as markdown-it does
returns None and the full parser runs. That covers block syntax (caught by the caller),
HTML and autolinks (`<`), entities, strikethrough, images, reference links and any
bracket that is not a plain inline link, link destinations that markdown-it would
normalise or refuse, and emphasis that is not plainly balanced: a delimiter run that
can both open and close, runs of three or more, an opener or closer left unmatched,
or runs that pair up crossed or with different lengths (CommonMark's rules for those
are subtle; the tests compare this path with markdown-it on generated text).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from operator import itemgetter

from smm._render_text import scheme_at_end, short_url, tags_and_mentions, tidy, url_end
from smm.render import Span

_span = tuple.__new__  # Span(...) without its __new__'s call: _span(Span, (fields))
_by_start = itemgetter(0)  # a Span's start

_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# markdown-it's whitespace for delimiter flanking (the caller has already sent texts
# with other Unicode spaces, tabs and CR to the full parser).
_SPACE = frozenset(" \n\u00a0\u202f")
# The two non-breaking spaces French posts use are plain text inside a paragraph; at a
# paragraph's ends markdown-it strips them, so such a paragraph goes to it.
_NBSP = frozenset("\u00a0\u202f")
# A destination markdown-it keeps exactly as written: http(s), then only characters
# mdurl neither escapes nor decodes (a `%` only before two hex digits).
_DEST = re.compile(r"https?://(?:[A-Za-z0-9\-._~:/?#@!$'*+,;=]|%[0-9A-Fa-f]{2})+\Z")
_ENTITY_START = re.compile(r"&[#A-Za-z0-9]")
# Characters the inline scanner stops at: everything else is plain text.
_SPECIAL = re.compile(r"[\\`*_\[\]:\n]")


def _punct(c: str) -> bool:
    if c in _ASCII_PUNCT:
        return True
    if c < "\x80":
        return False
    return unicodedata.category(c)[0] in "PS"  # markdown-it-py 4: punctuation or symbol


def render_inline(markdown: str, platform: str) -> tuple[str, list[Span]] | None:
    """`markdown` (no block syntax: the caller checked) as `platform` shows it, or None
    when it needs markdown-it."""
    if "<" in markdown or "~~" in markdown or "![" in markdown or (
            "&" in markdown and _ENTITY_START.search(markdown)):
        return None
    src = tidy(markdown)
    if src and (src[0] in _NBSP or src[-1] in _NBSP or (
            "\n\n" in src and ("\u00a0\n\n" in src or "\u202f\n\n" in src
                                or "\n\n\u00a0" in src or "\n\n\u202f" in src))):
        return None
    # One pass over all paragraphs: no construct of this path crosses a blank line
    # (code and link text hold no newline; emphasis must be closed at one, see below).
    buf: list[str] = []
    spans: list[Span] = []
    protected: list[tuple[int, int]] = []
    # Emphasis runs: (index in buf, offset in the output, char, length, can open).
    runs: list[tuple[int, int, str, int, bool]] = []
    n = 0  # length of the output so far
    pending = 0  # where markdown-it's pending text starts (after the last token)
    pos = 0
    end = len(src)
    search = _SPECIAL.search

    def add(s: str, protect: bool = False, kind: str = "", value: str = "") -> None:
        nonlocal n
        if protect and s:
            protected.append((n, n + len(s)))
        if kind and s:
            spans.append(_span(Span, (n, n + len(s), kind, value)))
        buf.append(s)
        n += len(s)

    while pos < end:
        m = search(src, pos)
        if m is None:
            buf.append(src[pos:])
            n += end - pos
            break
        i = m.start()
        if i > pos:
            buf.append(src[pos:i])
            n += i - pos
        c = src[i]
        if c == "\n":
            buf.append("\n")
            n += 1
            pos = pending = i + 1
            if src.startswith("\n", pos):
                # A paragraph ends: markdown-it pairs emphasis within it only.
                runs.append((-1, 0, "", 0, False))
        elif c == "\\":
            if i + 1 >= end or src[i + 1] == "\n":
                return None  # a hard break by backslash, or one ending a paragraph
            if src[i + 1] in _ASCII_PUNCT:
                add(src[i + 1], protect=True)
                pos = pending = i + 2
            else:
                # markdown-it makes a text token of the backslash and the next character
                buf.append(src[i : i + 2])
                n += 2
                pos = pending = i + 2
        elif c == "`":
            j = src.find("`", i + 1)
            if j < 0 or src.startswith("``", i) or src.startswith("``", j):
                return None  # no closer, or runs of two or more: left to markdown-it
            code = src[i + 1 : j]
            if "\n" in code:
                return None
            if len(code) > 1 and code[0] == " " and code[-1] == " " and code.strip(" "):
                code = code[1:-1]
            add(code, protect=True)
            pos = pending = j + 1
        elif c == "*" or c == "_":
            j = i + 1
            while j < end and src[j] == c:
                j += 1
            length = j - i
            if length > 2:
                return None
            last = src[i - 1] if i > 0 else " "
            nxt = src[j] if j < end else " "
            last_ws, next_ws = last in _SPACE, nxt in _SPACE
            # (_punct's ASCII part inline: a call per run costs more than the test)
            last_p = last in _ASCII_PUNCT or (last >= "\x80" and _punct(last))
            next_p = nxt in _ASCII_PUNCT or (nxt >= "\x80" and _punct(nxt))
            left = not next_ws and (not next_p or last_ws or last_p)
            right = not last_ws and (not last_p or next_ws or next_p)
            if c == "*":
                can_open, can_close = left, right
            else:
                can_open = left and (not right or last_p)
                can_close = right and (not left or next_p)
            if can_open and can_close:
                return None
            if can_open or can_close:
                runs.append((len(buf), n, c, length, can_open))
            buf.append(src[i:j])
            n += length
            pos = pending = j
        elif c == "[":
            got = _link(src, i, platform, add)
            if got < 0:
                return None
            pos = pending = got
        elif c == ":":
            scheme = scheme_at_end(src[pending:i]) if src.startswith("//", i + 1) else 0
            stop = url_end(src, i - scheme) if scheme else -1
            if stop < 0:
                buf.append(":")
                n += 1
                pos = i + 1
                continue
            # The scheme went out as text already (always the end of the last piece:
            # letters only, after a character this loop stops at): take it back.
            buf[-1] = buf[-1][: len(buf[-1]) - scheme]
            n -= scheme
            url = src[i - scheme : stop]
            add(short_url(url) if platform == "bluesky" else url, True, "link", url)
            pos = pending = stop
        else:  # "]" outside a link
            return None
    if runs:
        removed = _balanced(runs, buf)
        if removed is None:
            return None
        if removed:
            # Paired markers show nothing: what follows them moves back.
            def moved(x: int) -> int:
                return x - sum(length for off, length in removed if off < x)

            if spans:
                spans = [_span(Span, (moved(s.start), moved(s.end), s.kind, s.value))
                         for s in spans]
            if protected:
                protected = [(moved(a), moved(b)) for a, b in protected]
    text = "".join(buf)
    tags_and_mentions(text, protected, platform, spans)
    if len(spans) > 1:
        spans.sort(key=_by_start)
    return text, spans


def _balanced(runs: list[tuple[int, int, str, int, bool]], buf: list[str]
              ) -> list[tuple[int, int]] | None:
    """Pair openers and closers as a stack and blank the paired markers in `buf`;
    returns the (output offset, length) of each marker removed. None (markdown-it
    decides) unless every run pairs with one of its own kind and length."""
    stack: list[tuple[int, int, str, int]] = []
    removed: list[tuple[int, int]] = []
    for idx, off, c, length, can_open in runs:
        if idx < 0:  # a paragraph's end: nothing may stay open across it
            if stack:
                return None
            continue
        if can_open:
            stack.append((idx, off, c, length))
            continue
        if not stack or stack[-1][2] != c or stack[-1][3] != length:
            return None
        o_idx, o_off, _, _ = stack.pop()
        buf[o_idx] = buf[idx] = ""
        removed += [(o_off, length), (off, length)]
    return None if stack else removed


def _link(src: str, i: int, platform: str, add: Callable[..., None]) -> int:
    """A plain `[label](http(s)://dest)` at `i`: rendered through `add`, returns where
    it ends; -1 when it is anything else."""
    close = src.find("]", i + 1)
    if close < 0 or not src.startswith("(", close + 1):
        return -1
    label = src[i + 1 : close]
    if not label or any(ch in "[\\`*_\n!&~" for ch in label) or "://" in label:
        return -1
    if label[0] == " " or label[-1] == " ":
        return -1  # markdown-it keeps the spaces; rare, left to it
    stop = src.find(")", close + 2)
    if stop < 0:
        return -1
    href = src[close + 2 : stop]
    if not _DEST.match(href):
        return -1
    from smm._render_md import _link as render_link

    if not _decidable(label, href):
        return -1
    render_link(label, href, platform, add)
    return stop + 1


def _decidable(label: str, href: str) -> bool:
    """Whether `_same_url` decides without markdown-it's normalizeLink (which would
    import markdown-it: the slow path can do that)."""
    if label == href:
        return True
    if label.split("://", 1)[-1].rstrip("/") == href.split("://", 1)[-1].rstrip("/"):
        return True
    return " " in label or "." not in label
