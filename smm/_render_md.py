"""The markdown-it half of smm.render: block and inline tokens to text and spans.

A block renders to (text, spans); containers (lists, quotes) prefix the lines of their
children and shift the spans with them. Tags and mentions are found per inline block,
in its rendered text, the way a platform finds them in what it shows.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from smm._render_text import scheme_at_end, short_url, tags_and_mentions, url_end
from smm.render import Span

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

Block = tuple[str, list[Span]]

_COMMENT = regex.compile(r"<!--.*?(?:-->|\Z)", regex.DOTALL)
_SCHEME = regex.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_md: MarkdownIt | None = None


def parser() -> MarkdownIt:
    global _md
    if _md is None:
        from markdown_it import MarkdownIt  # ~70 ms: only when something renders

        md = MarkdownIt("commonmark", {"linkify": False})
        md.enable("strikethrough")
        # Keep escapes as separate `text_special` tokens: an escaped `\#` or `\@` is how
        # an author says "not a tag / not a mention".
        md.disable("text_join")
        md.inline.ruler.after("text", "smm_url", _url_rule)
        # mdurl reads "urn:li:organization:123" as host:port and reorders it.
        normalize = md.normalizeLink
        md.normalizeLink = lambda url: url if url[:4].lower() == "urn:" else normalize(url)  # type: ignore[method-assign]
        _md = md
    return _md


def _url_rule(state: StateInline, silent: bool) -> bool:
    """Bare http(s) URLs as `smm_url` tokens, before emphasis can cut them: in
    "https://a.b/_x_" the underscores are part of the URL. Fires at ':' like
    markdown-it's own linkify rule, taking the scheme back from the pending text."""
    pos = state.pos
    if state.src[pos] != ":" or state.linkLevel > 0:
        return False
    scheme = scheme_at_end(state.pending)
    if not scheme:
        return False
    start = pos - scheme
    end = url_end(state.src, start)
    if end < 0:
        return False
    if not silent:
        state.pending = state.pending[: len(state.pending) - scheme]
        state.push("smm_url", "", 0).content = state.src[start:end]
    state.pos = end
    return True


@lru_cache(maxsize=256)
def _parse(markdown: str) -> list[Token]:
    """Tokens do not depend on the platform, and a part renders for each channel in turn:
    parsing (most of the cost) happens once. Tokens are only read, never changed."""
    return parser().parse(markdown)


def render_md(markdown: str, platform: str) -> Block:
    tokens = _parse(markdown)
    return _join(_blocks(tokens, 0, len(tokens), platform), "\n\n")


def _close(tokens: list[Token], i: int) -> int:
    level = tokens[i].level
    j = i + 1
    while tokens[j].level != level or tokens[j].nesting != -1:
        j += 1
    return j


def _blocks(tokens: list[Token], i: int, end: int, platform: str) -> list[Block]:
    out: list[Block] = []
    while i < end:
        t = tokens[i]
        if t.type in ("paragraph_open", "heading_open"):
            out.append(_inline(tokens[i + 1].children or [], platform))
            i += 3
            continue
        if t.nesting == 1:
            j = _close(tokens, i)
            if t.type == "blockquote_open":
                # "> " keeps a quotation visibly someone else's words; platforms show
                # it literally and it costs two characters a line.
                inner = _join(_blocks(tokens, i + 1, j, platform), "\n\n")
                out.append(_prefix(inner, "> ", "> "))
            elif t.type in ("bullet_list_open", "ordered_list_open"):
                out.append(_list(tokens, i, j, platform))
            i = j + 1
            continue
        if t.type in ("fence", "code_block"):
            out.append(("\n".join(x.rstrip() for x in t.content.rstrip().split("\n")), []))
        elif t.type == "html_block":
            text = _COMMENT.sub("", t.content)
            out.append(("\n".join(x.rstrip() for x in text.strip().split("\n")), []))
        # hr: the blank line between blocks already separates; nothing to show.
        i += 1
    return [b for b in out if b[0]]


def _list(tokens: list[Token], i: int, j: int, platform: str) -> Block:
    ordered = tokens[i].type == "ordered_list_open"
    number = int(tokens[i].attrGet("start") or 1) if ordered else 0
    # markdown-it hides the paragraphs of a tight list; a loose one keeps blank lines.
    item_level = tokens[i].level + 2
    loose = any(
        t.type == "paragraph_open" and t.level == item_level and not t.hidden
        for t in tokens[i + 1 : j]
    )
    sep = "\n\n" if loose else "\n"
    items: list[Block] = []
    k = i + 1
    while k < j:
        e = _close(tokens, k)
        inner = _join(_blocks(tokens, k + 1, e, platform), sep)
        items.append(_prefix(inner, f"{number}. " if ordered else "• ", "  "))
        number += 1
        k = e + 1
    return _join(items, sep)


def _join(blocks: list[Block], sep: str) -> Block:
    if len(blocks) == 1:
        return blocks[0]
    texts: list[str] = []
    spans: list[Span] = []
    n = 0
    for text, sp in blocks:
        if texts:
            n += len(sep)
        spans.extend(Span(s.start + n, s.end + n, s.kind, s.value) for s in sp)
        texts.append(text)
        n += len(text)
    return sep.join(texts), spans


def _prefix(block: Block, first: str, rest: str) -> Block:
    text, spans = block
    lines = text.split("\n")
    starts: list[int] = []  # where each old line starts
    shifts: list[int] = []  # how far that line moves
    out: list[str] = []
    old = shift = 0
    for idx, line in enumerate(lines):
        p = first if idx == 0 else rest
        if not line:
            p = p.rstrip()
        shift += len(p)
        starts.append(old)
        shifts.append(shift)
        out.append(p + line)
        old += len(line) + 1

    def move(pos: int) -> int:
        return pos + shifts[bisect_right(starts, pos) - 1]

    moved = [Span(move(s.start), move(s.end - 1) + 1, s.kind, s.value) for s in spans]
    return "\n".join(out), moved


def _same_url(label: str, href: str) -> bool:
    """Whether a link's text just repeats its target ("[example.com](https://example.com/)")."""
    if not label or label == href:
        return True

    def bare(u: str) -> str:
        return u.split("://", 1)[-1].rstrip("/")

    if bare(label) == bare(href):
        return True
    if " " in label or "." not in label:
        return False  # words, not an address: skip the costly normalisation
    norm = parser().normalizeLink(label)  # the href is normalised: "ä" -> "%C3%A4"
    return norm == href or bare(norm) == bare(href)


def _inline(children: list[Token], platform: str) -> Block:
    buf: list[str] = []
    spans: list[Span] = []
    protected: list[tuple[int, int]] = []
    n = 0

    def add(s: str, protect: bool = False, kind: str = "", value: str = "") -> None:
        nonlocal n
        if protect and s:
            protected.append((n, n + len(s)))
        if kind and s:
            spans.append(Span(n, n + len(s), kind, value))
        buf.append(s)
        n += len(s)

    i = 0
    while i < len(children):
        c = children[i]
        typ = c.type
        if typ == "text":
            add(c.content)
        elif typ == "text_special":
            add(c.content, protect=c.info == "escape")
        elif typ in ("softbreak", "hardbreak"):
            add("\n")
        elif typ == "code_inline":
            add(c.content, protect=True)
        elif typ == "html_inline":
            if not c.content.startswith("<!--"):
                add(c.content, protect=True)
        elif typ == "smm_url":
            shown = short_url(c.content) if platform == "bluesky" else c.content
            add(shown, True, "link", c.content)
        elif typ == "link_open":
            j = i + 1
            while children[j].type != "link_close":
                j += 1
            href = str(c.attrGet("href") or "")
            if href[:7].lower() == "urn:li:" and buf and buf[-1].endswith("@"):
                buf[-1] = buf[-1][:-1]  # the '@' of LinkedIn's @[Name](urn:li:...)
                n -= 1
            _link(_inline(children[i + 1 : j], "")[0], href, platform, add)
            i = j
        # emphasis, strong, strikethrough markers and images (alt text) show nothing
        i += 1
    text = "".join(buf)
    if platform:  # a link label (platform "") is protected whole: nothing to find
        tags_and_mentions(text, protected, platform, spans)
    spans.sort(key=lambda s: s.start)
    return text, spans


def _link(label: str, href: str, platform: str, add: Callable[..., None]) -> None:
    if href[:7].lower() == "urn:li:":
        # LinkedIn's mention syntax @[Name](urn:li:...). Elsewhere just the name: an
        # "@Name" there would tag some unrelated account, and a URN is no link.
        if platform == "linkedin":
            add(label, True, "mention", href)
        else:
            add(label, True)
    elif href[:7].lower() == "mailto:" and label == href[7:]:
        add(label, True)  # <name@example.com>: the address, which every app links
    elif not _SCHEME.match(href):
        add(label, True)  # a relative link works nowhere off the site: its text only
    elif _same_url(label, href):
        add(short_url(href) if platform == "bluesky" else href, True, "link", href)
    elif platform == "bluesky":
        add(label, True, "link", href)  # a facet links the words themselves
    else:
        add(label + " (", True)
        add(href, True, "link", href)
        add(")", True)
