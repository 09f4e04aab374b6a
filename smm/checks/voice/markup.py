"""Vale's view of a post's Markdown: the blocks its rules read, each with its scope,
its text as Vale reads it, and where each of its characters is in the source.

Vale renders Markdown (GitHub-flavoured) to HTML and walks the tags. This module
follows that walk, so that a rule sees what it sees in Vale:

- A block ends at every closing tag that is not inline (`</p>`, `</li>`, `</h2>`,
  `</td>`...). Its scope comes from the tags opened since the previous block ended:
  `li` makes it `text.list`, `blockquote` `text.blockquote`, `th`/`td`
  `text.table.header`/`text.table.cell`, `h1`-`h6` `text.heading.hN`; other blocks
  (paragraphs) are `text`, and only they are cut into sentences and paragraphs.
  As in Vale, a second paragraph inside a list item or a quotation is a plain
  paragraph (the tags seen are reset at each block's end).
- Text comes in runs between tags. Each run is stripped of surrounding white space;
  once an inline tag (emphasis, link, code, image...) has opened in the block, each
  run is joined to what came before by one space, unless it starts with `.?!,:;`.
- Code spans are kept as `*` characters (so sentences keep their shape and no rule
  matches inside), as is a link whose text is its URL (autolinks, bare URLs). Fenced
  and indented code blocks are left out (scope `code` reads them). Image alt text is
  a block of its own (`text.attr.alt`). HTML comments are scope `comment`.
- The summary (scope `summary`, for metric and readability rules) is the text of the
  paragraphs, list items and quotations, each followed by a blank line: no headings,
  table cells or code.

Where a social post is not a web page (documented in brand/README.md):

- A line holding only `---` is a thread break, not Markdown: it ends a block.
- Each channel's variant section is read on its own; `raw` reads that section.
- Links are not prose, whatever their form: a bare `www.` or `domain.tld/path` link
  is kept as `*` characters like a URL with a scheme (Vale reads the text of the
  former). @mentions are handles, not prose: kept as `*` characters unless
  `voice.markup: {mentions: check}`.

Positions are exact: every character of a block maps to a source offset, so a
finding is placed where its match is, whatever else the post holds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from smm.checks.voice.text import Doc

if TYPE_CHECKING:
    from markdown_it.token import Token

    from smm.checks.voice.rules.base import Rule

PARAGRAPH = ("text",)
LIST = ("text", "list")
QUOTE = ("text", "blockquote")
HEADER = ("text", "table", "header")
CELL = ("text", "table", "cell")
ALT = ("text", "attr", "alt")
CODE = ("code",)
COMMENT = ("comment",)
TITLE = ("title",)
SUMMARY = ("summary",)
RAW = ("raw",)
SENTENCE = ("sentence", "text")
PARA_SPLIT = ("paragraph", "text")

_INLINE_TAGS = frozenset({"em", "strong", "a", "br", "img", "code", "del", "s", "span",
                          "b", "i", "small", "sub", "sup", "kbd", "abbr", "cite", "tt"})
_STARTERS = frozenset(".?!,:;")
_THREAD_BREAK = re.compile(r"^[ \t]*---[ \t]*$", re.M)
# A line that may start a Markdown block other than a paragraph: without any, the
# section is plain paragraphs and markdown-it's block parser is not needed.
_BLOCK_SYNTAX = re.compile(r"^(?: {0,3}(?:[#>*+\-=|`~<_]|\d{1,9}[.)])| {4}|\t)", re.M)
# Characters that may start inline Markdown: without any, a paragraph's text is its
# content as written.
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<]|~~|&#?[A-Za-z0-9]+;|  \n")
# Links as platforms linkify them: a scheme, `www.`, or a domain with a path.
_URL = re.compile(r"(?:https?://|www\.|(?<![\w@./])(?:[\w\-]+\.)+[a-z]{2,24}/)[^\s<]*")
_URL_TAIL = "?!.,:;*_~'\")]"
# A link or a mention may be there (see _Walker.text).
_LINKY = re.compile(r"[/@]|www\.")
_MENTION = re.compile(r"(?<![\w@/])@[\w.\-]+(?:@[\w.\-]+)?")
_SWITCH = re.compile(r"^\s*vale\b", re.I)


class Block:
    """A piece of text a rule reads: `text`, with `scope` (its sections) and the source
    offset of each character (`source(i)`). `origin` says what it came from ("source"
    for blocks of the Markdown source)."""

    __slots__ = ("text", "scope", "origin", "offset", "_tpos", "_spos", "end")

    def __init__(self, text: str, scope: tuple[str, ...], tpos: list[int],
                 spos: list[int], end: int = -1) -> None:
        self.text = text
        self.scope = scope
        self.origin = "source"
        self._tpos = tpos
        self._spos = spos
        self.offset = spos[0] if spos else 0
        self.end = end  # source offset just past the block (for exclusions)

    def source(self, i: int) -> int:
        """The source offset of text index `i` (the end of the text maps past its last
        character)."""
        k = bisect_right(self._tpos, i) - 1
        if k < 0:
            return self._spos[0] if self._spos else 0
        return self._spos[k] + (i - self._tpos[k])

    def sub(self, start: int, end: int, scope: tuple[str, ...]) -> Block:
        """The block of text[start:end] (a sentence, say), mapped as this one."""
        tpos = [0]
        spos = [self.source(start)]
        for j in range(bisect_right(self._tpos, start), len(self._tpos)):
            t = self._tpos[j]
            if t >= end:
                break
            tpos.append(t - start)
            spos.append(self._spos[j])
        return Block(self.text[start:end], scope, tpos, spos)

    def pieces(self) -> list[tuple[str, int]]:
        """(text, source offset) of each stretch mapped one to one."""
        t, n = self._tpos, len(self.text)
        return [(self.text[a:t[i + 1] if i + 1 < len(t) else n], self._spos[i])
                for i, a in enumerate(t)]


class _Builder:
    """Text with its source map, built piece by piece."""

    __slots__ = ("parts", "tpos", "spos", "n")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.tpos: list[int] = []
        self.spos: list[int] = []
        self.n = 0

    def add(self, s: str, src: int) -> None:
        """`s`, whose characters are at src, src+1... in the source."""
        if not s:
            return
        if not self.tpos or self.spos[-1] + (self.n - self.tpos[-1]) != src:
            self.tpos.append(self.n)
            self.spos.append(src)
        self.parts.append(s)
        self.n += len(s)

    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""

    def block(self, scope: tuple[str, ...], end: int = -1) -> Block:
        return Block(self.text(), scope, self.tpos, self.spos, end)


class Markup:
    """A Markdown section as Vale reads it (see the module docstring)."""

    def __init__(self, source: str, start: int, end: int, mentions: bool = False) -> None:
        self.source = source
        self.start = start
        self.end = end
        self.mentions = mentions  # True: @mentions are text rules read
        self.blocks: list[Block] = []  # text blocks, in order
        self.extra: list[Block] = []  # code and comment blocks
        self.counts: dict[str, int] = {}  # Vale's metrics: heading.h1, list, pre...
        self._summary: Block | None = None
        self._raw: Block | None = None
        self._summary_parts: list[Block] = []
        self._sentences: dict[int, list[Block]] = {}
        self._contexts: dict[tuple[Any, ...], Context] = {}
        self._by_scope: dict[tuple[Any, ...], list[Block]] = {}
        text = source[start:end]
        if "---" in text:
            text = _THREAD_BREAK.sub(lambda m: " " * len(m.group()), text)
        self._text = text
        # True while every block's text is the source's, characters masked in place:
        # the source then holds every literal a block does (see Context).
        self.exact = True
        if _BLOCK_SYNTAX.search(text):
            self.exact = False
            self._parse_blocks(text)
        else:
            self._paragraphs(text)

    # --- the summary, sentences ---------------------------------------------------
    @property
    def summary(self) -> Block:
        if self._summary is None:
            b = _Builder()
            for blk in self._summary_parts:
                for piece, at in blk.pieces():
                    b.add(piece, at)
                b.add("\n\n", blk.source(len(blk.text)))
            self._summary = b.block(SUMMARY)
        return self._summary

    def raw(self) -> Block:
        if self._raw is None:
            self._raw = Block(self.source[self.start:self.end], RAW, [0], [self.start],
                              self.end)
        return self._raw

    def sentences(self, blk: Block) -> list[Block]:
        got = self._sentences.get(id(blk))
        if got is None:
            got = self._sentences[id(blk)] = [
                blk.sub(a, b, SENTENCE) for a, b in sentence_spans(blk.text)]
        return got

    def context(self, lang: str, fields: tuple[tuple[str, str, int, int], ...] = ()
                ) -> Context:
        """The rules' context for one language and set of front-matter fields (made
        once, shared by the post's channels)."""
        key = (lang, fields)
        ctx = self._contexts.get(key)
        if ctx is None:
            ctx = self._contexts[key] = Context(self, lang, fields)
        return ctx

    def blocks_for(self, rule: Rule, ctx: Context) -> list[Block]:
        """The blocks `rule` reads, in document order (see smm.checks.voice.scope);
        rules with the same scope share the list."""
        if rule.whole_doc:
            return [self.summary]
        key = (rule.scope.key, id(ctx))
        got = self._by_scope.get(key)
        if got is None:
            got = self._by_scope[key] = list(self._blocks_for(rule, ctx))
        return got

    def _blocks_for(self, rule: Rule, ctx: Context) -> Iterator[Block]:
        scope = rule.scope
        sentences = scope.asks("sentence")
        for b in self.blocks:
            if b.scope is PARAGRAPH:
                if scope.matches(PARAGRAPH) or scope.matches(PARA_SPLIT, PARAGRAPH):
                    yield b
                if sentences and scope.matches(SENTENCE, PARAGRAPH):
                    yield from self.sentences(b)
            elif scope.matches(b.scope):
                yield b
        for b in self.extra:
            if scope.matches(b.scope):
                yield b
        for b in ctx.fields:
            if scope.matches(b.scope):
                yield b
        if scope.matches(SUMMARY):
            yield self.summary
        if scope.matches(RAW):
            yield self.raw()

    # --- parsing ------------------------------------------------------------------
    def _paragraphs(self, text: str) -> None:
        """A section without block syntax: paragraphs, runs of non-blank lines."""
        base = self.start
        pos = 0
        lines: list[tuple[str, int]] = []
        for line in text.split("\n"):
            if line.strip():
                lines.append((line, base + pos))
            elif lines:
                self._paragraph(lines)
                lines = []
            pos += len(line) + 1
        if lines:
            self._paragraph(lines)

    def _paragraph(self, lines: list[tuple[str, int]]) -> None:
        b = _Builder()
        last = len(lines) - 1
        for k, (line, at) in enumerate(lines):
            stripped = line.lstrip(" \t")
            at += len(line) - len(stripped)
            if k == last:
                stripped = stripped.rstrip(" \t")
            if k:
                b.add("\n", at - 1)
            b.add(stripped, at)
        content = b.text()
        end = lines[-1][1] + len(lines[-1][0])
        if not _INLINE_SYNTAX.search(content):
            # Plain text (most posts): the block is the content, as mapped, links and
            # mentions masked in place when Vale's joining of runs around them (one
            # space, no space before punctuation) gives the content's own spacing.
            masked: str | None = content
            if _LINKY.search(content):
                masked = _mask_in_place(content, _marks(content, self.mentions))
            if masked is not None:
                blk = Block(masked, PARAGRAPH, b.tpos, b.spos, end)
                self.blocks.append(blk)
                self._summary_parts.append(blk)
                return
            self.exact = False
        self.exact = False
        walker = _Walker(self)
        walker.history = ["p"]
        walker.inline(content, b)
        walker.close(end)

    def _parse_blocks(self, text: str) -> None:
        from smm.checks.voice._md import block_tokens

        tokens = block_tokens(text)
        starts = [0]
        for line in text.split("\n"):
            starts.append(starts[-1] + len(line) + 1)
        walker = _Walker(self)
        for tok in tokens:
            nesting = tok.nesting
            if tok.type == "inline":
                b = _content_map(tok, text, starts, self.start)
                walker.inline(tok.content, b)
            elif nesting == 1:
                if not tok.hidden:
                    walker.open(tok.tag)
            elif nesting == -1:
                if not tok.hidden:
                    end = self.start + starts[min(len(starts) - 1, tok.map[1])] if \
                        tok.map else -1
                    walker.close(end if end >= 0 else self.start + len(text))
            elif tok.type in ("fence", "code_block"):
                self.counts["pre"] = self.counts.get("pre", 0) + 1
                self._code_block(tok, text, starts)
                walker.reset()
            elif tok.type == "html_block":
                self._html(tok.content, self.start + starts[tok.map[0]] if tok.map else
                           self.start)
            elif tok.type == "hr":
                walker.history.append("hr")

    def _code_block(self, tok: Token, text: str, starts: list[int]) -> None:
        if not tok.map:
            return
        first = tok.map[0] + (1 if tok.type == "fence" else 0)
        last = tok.map[1] - (1 if tok.type == "fence" else 0)
        last = min(last, len(starts) - 1)
        if last <= first:
            return
        a, z = starts[first], starts[last] - 1
        body = text[a:max(a, z)]
        if body.strip():
            self.extra.append(Block(body, CODE, [0], [self.start + a], self.start + z))

    def _html(self, html: str, at: int) -> None:
        for m in re.finditer(r"<!--(.*?)(?:-->|\Z)", html, re.S):
            inner = m.group(1)
            if inner.strip() and not _SWITCH.match(inner) and \
                    not inner.strip().startswith("channel:"):
                lead = len(inner) - len(inner.lstrip())
                body = inner.strip()
                src = at + m.start(1) + lead
                self.extra.append(Block(body, COMMENT, [0], [src], src + len(body)))


class FieldBlock(Block):
    """A front-matter text (media alt text, the title): placed by its own line and
    column, not in the body."""

    __slots__ = ("line", "column")

    def __init__(self, text: str, scope: tuple[str, ...], line: int, column: int) -> None:
        super().__init__(text, scope, [0], [0])
        self.origin = "field"
        self.line = line
        self.column = column

    def field_position(self, i: int) -> tuple[int, int]:
        return self.line, self.column + i


_COUNTED = ("list", "blockquote", "pre", *(f"heading_h{i}" for i in range(1, 7)))
_FIELD_SCOPES = {"alt": ALT, "title": TITLE}


class Context(Doc):
    """What rules see of one section besides a block: its text (every block, the
    section's source and the fields, joined: literal screens and cheap proofs that a
    rule cannot match hold for any block), memory shared across blocks (`state`), the
    summary's metrics, and what each rule found (`found`)."""

    __slots__ = ("markup", "fields", "_summary_doc", "emitted")

    def __init__(self, markup: Markup, lang: str,
                 fields: tuple[tuple[str, str, int, int], ...]) -> None:
        self.markup = markup
        self.fields = [FieldBlock(t, _FIELD_SCOPES.get(k, (k,)), line, col)
                       for k, t, line, col in fields if t and t.strip()]
        parts = [markup.source[markup.start:markup.end]]
        if not markup.exact:  # joined runs, decoded entities: texts the source lacks
            parts += [b.text for b in markup.blocks]
            parts += [b.text for b in markup.extra]
        parts += [b.text for b in self.fields]
        super().__init__("\n".join(parts), lang, blank=False)
        self._summary_doc: Doc | None = None
        # Findings of Vale's rules by plan shape and path (see engine.Voice._check).
        self.emitted: dict[tuple[Any, ...], dict[Any, Any]] = {}

    @property
    def summary_doc(self) -> Doc:
        """The summary's words, sentences and metrics (Vale's metric variables)."""
        if self._summary_doc is None:
            self._summary_doc = Doc(self.markup.summary.text, self.lang, blank=False,
                                    soft_breaks=True)
        return self._summary_doc

    def counts(self) -> dict[str, int]:
        """Vale's block counts as metric variables: heading_h1..., list, blockquote,
        pre."""
        out = dict.fromkeys(_COUNTED, 0)
        out.update((k.replace(".", "_"), v) for k, v in self.markup.counts.items()
                   if not k.startswith("table"))
        return out


class _Walker:
    """Vale's walk over the tags (lint/ast.go): the tags seen since the last block
    ended, the block being read, and the text run being read (text between tags)."""

    def __init__(self, markup: Markup) -> None:
        self.m = markup
        self.history: list[str] = []
        self.buf = _Builder()
        self.run = _Builder()
        self.inline_seen = False

    def open(self, tag: str) -> None:
        self.history.append(tag)
        self.inline_seen = False

    def reset(self) -> None:
        self.history = []
        self.buf = _Builder()
        self.run = _Builder()

    def close(self, end: int) -> None:
        self.flush()
        buf = self.buf
        text = buf.text()
        if text.strip():
            scope: tuple[str, ...] = PARAGRAPH
            for tag in self.history:
                if tag == "li":
                    scope = LIST
                elif tag == "blockquote":
                    scope = QUOTE
                elif tag == "th":
                    scope = HEADER
                elif tag == "td":
                    scope = CELL
                elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
                    scope = ("text", "heading", tag)
                else:
                    continue
                break
            counts = self.m.counts
            blk = buf.block(scope, end)
            if scope is not PARAGRAPH:
                key = "heading." + scope[2] if scope[1] == "heading" else \
                    ".".join(scope[1:])
                counts[key] = counts.get(key, 0) + 1
                # Vale strips the leading spaces of these (lint/ast.go lintScope).
                lead = len(text) - len(text.lstrip(" "))
                if lead:
                    blk = blk.sub(lead, len(text), scope)
                    blk.end = end
            self.m.blocks.append(blk)
            if scope is PARAGRAPH or scope is LIST or scope is QUOTE:
                self.m._summary_parts.append(blk)
        self.reset()

    # --- runs -----------------------------------------------------------------------
    def flush(self) -> None:
        """End the current run: stripped, joined to the block as Vale joins runs."""
        run = self.run
        if not run.n:
            return
        text = run.text()
        body = text.strip()
        if body:
            lead = len(text) - len(text.lstrip())
            self._join(body[0] in _STARTERS, _src_of(run, lead))
            _copy(self.buf, run, lead, lead + len(body))
        self.run = _Builder()

    def _join(self, starter: bool, at: int) -> None:
        h = self.history
        nested = (len(h) > 3 and h[-1] == "li" and h[-2] in ("ul", "ol") and h[-3] == "li")
        if (self.inline_seen and not starter) or (nested and not self.inline_seen
                                                  and self.buf.n):
            self.buf.add(" ", at)

    def masked(self, length: int, at: int) -> None:
        """A run shown as `*` characters (code, a URL shown as itself)."""
        self.flush()
        self.inline_seen = True
        if length > 0:
            self._join(False, at)
            self.buf.add("*" * length, at)

    # --- inline content -------------------------------------------------------------
    def plain(self, content: str, b: _Builder) -> None:
        self.text(content, b, 0, len(content))

    def text(self, content: str, b: _Builder, start: int, end: int) -> None:
        """Plain text content[start:end]: URLs (linkified, as GitHub's Markdown does)
        and mentions become masked pieces, the rest goes to the run."""
        seg = content[start:end]
        marks = _marks(seg, self.m.mentions)
        if not marks:
            _copy(self.run, b, start, end)
            return
        pos = 0
        for a, z in sorted(marks):
            _copy(self.run, b, start + pos, start + a)
            self.masked(z - a, _src_of(b, start + a))
            pos = z
        _copy(self.run, b, start + pos, end)

    def inline(self, content: str, b: _Builder) -> None:
        """Inline Markdown, parsed by markdown-it's inline rules; each child token's
        text is found in `content` in order (it is written there)."""
        if not _INLINE_SYNTAX.search(content):
            self.text(content, b, 0, len(content))
            return
        from smm.checks.voice._md import inline_tokens

        cur = 0
        hrefs: list[str | None] = []
        first_in_link = False
        for tok in inline_tokens(content):
            t = tok.type
            if t == "text":
                s = tok.content
                i = content.find(s, cur)
                i = cur if i < 0 else i
                if first_in_link and hrefs and hrefs[-1] == s:
                    self.masked(len(s), _src_of(b, i))
                else:
                    self.text(content, b, i, i + len(s))
                cur = i + len(s)
                first_in_link = False
            elif t == "softbreak":
                i = content.find("\n", cur)
                i = cur if i < 0 else i
                _copy(self.run, b, i, i + 1)
                cur = i + 1
            elif t == "hardbreak":
                i = content.find("\n", cur)
                cur = cur if i < 0 else i + 1
                self.flush()
                self.inline_seen = True
            elif t == "text_special":  # an escape or an entity
                markup = tok.markup or tok.content
                i = content.find(markup, cur)
                i = cur if i < 0 else i
                if tok.info == "escape":
                    _copy(self.run, b, i + 1, i + len(markup))
                else:
                    self.run.add(tok.content, _src_of(b, i))
                cur = i + len(markup)
            elif t == "code_inline":
                i = content.find(tok.markup, cur)
                i = cur if i < 0 else i
                j = i + len(tok.markup)
                k = content.find(tok.markup, j)
                k = j + len(tok.content) if k < 0 else k
                inner = content[j:k]
                lead = len(inner) - len(inner.lstrip(" ")) if inner.strip() else 0
                at = _src_of(b, j + min(lead, 1))
                self.masked(len(tok.content), at)
                if tok.content.strip():
                    self.m.extra.append(Block(tok.content, CODE, [0], [at],
                                              at + len(tok.content)))
                cur = k + len(tok.markup)
            elif t == "image":
                i = content.find("![", cur)
                i = cur if i < 0 else i
                self.flush()
                self.inline_seen = True
                self._alt(tok, content, b, i + 2)
                j = content.find("](", i)
                z = _link_end(content, j) if j >= 0 else -1
                cur = z + 1 if z >= 0 else cur
            elif t == "html_inline":
                i = content.find(tok.content, cur)
                i = cur if i < 0 else i
                self.flush()
                if tok.content.startswith("<!--"):
                    self.m._html(tok.content, _src_of(b, i))
                else:
                    self.inline_seen = True
                cur = i + len(tok.content)
            elif t.startswith("link_"):
                self.flush()
                self.inline_seen = True
                auto = tok.markup == "autolink"
                if t == "link_open":
                    href = tok.attrGet("href")
                    hrefs.append(None if href is None else str(href))
                    first_in_link = True
                    j = content.find("<" if auto else "[", cur)
                    cur = cur if j < 0 else j + 1
                else:
                    if hrefs:
                        hrefs.pop()
                    first_in_link = False
                    if auto:
                        j = content.find(">", cur)
                    else:
                        j = content.find("](", cur)
                        j = _link_end(content, j) if j >= 0 else -1
                    cur = cur if j < 0 else j + 1
            elif t.endswith("_open") or t.endswith("_close"):
                self.flush()
                self.inline_seen = True
                if tok.markup:
                    j = content.find(tok.markup, cur)
                    cur = cur if j < 0 else j + len(tok.markup)
        self.flush()

    def _alt(self, tok: Token, content: str, b: _Builder, at: int) -> None:
        """An image's alt text (its rendered children) as an `alt` block."""
        alt = _Builder()
        cur = at
        for child in tok.children or ():
            s = child.content
            if child.type in ("text", "code_inline") and s:
                i = content.find(s, cur)
                i = cur if i < 0 else i
                _copy(alt, b, i, i + len(s))
                cur = i + len(s)
            elif child.type == "text_special" and s:
                i = content.find(child.markup or s, cur)
                i = cur if i < 0 else i
                alt.add(s, _src_of(b, i))
                cur = i + len(child.markup or s)
        text = alt.text()
        if text.strip():
            blk = alt.block(ALT, -1)
            lead = len(text) - len(text.lstrip())
            if lead or text != text.rstrip():
                blk = blk.sub(lead, lead + len(text.strip()), ALT)
            self.m.blocks.append(blk)


def _marks(seg: str, mentions: bool) -> list[tuple[int, int]]:
    """Spans of the links (and, unless `mentions`, the @mentions) in plain text."""
    marks: list[tuple[int, int]] = []
    if "://" in seg or "www." in seg or "/" in seg:
        for m in _URL.finditer(seg):
            a, z = m.span()
            while z > a and seg[z - 1] in _URL_TAIL:
                z -= 1
            if z > a:
                marks.append((a, z))
    if not mentions and "@" in seg:
        marks += [m.span() for m in _MENTION.finditer(seg)
                  if not any(a <= m.start() < z for a, z in marks)]
    return sorted(marks)


def _mask_in_place(content: str, marks: list[tuple[int, int]]) -> str | None:
    """`content` with each mark as `*` characters, when that is the text Vale's walk
    gives (the runs around a mark trimmed and joined by one space, or none before
    punctuation): each mark after one space that follows no white space, and before
    the end, one space and a non-space, or punctuation. None otherwise."""
    n = len(content)
    parts: list[str] = []
    pos = 0
    for a, z in marks:
        if a < 2 or content[a - 1] != " " or content[a - 2].isspace():
            return None
        if z < n and not (content[z] in _STARTERS or (
                content[z] == " " and z + 1 < n and not content[z + 1].isspace())):
            return None
        parts += (content[pos:a], "*" * (z - a))
        pos = z
    parts.append(content[pos:])
    return "".join(parts)


def _link_end(content: str, j: int) -> int:
    """The `)` closing the destination that starts at content[j:] == "](", or -1."""
    depth = 0
    i = j + 2
    while i < len(content):
        c = content[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return -1


def _src_of(b: _Builder, i: int) -> int:
    k = bisect_right(b.tpos, i) - 1
    if k < 0:
        return b.spos[0] if b.spos else 0
    return b.spos[k] + (i - b.tpos[k])


def _copy(buf: _Builder, b: _Builder, start: int, end: int) -> None:
    """Append b's text[start:end] to buf with its source map."""
    if end <= start:
        return
    text = b.text()
    tpos, spos = b.tpos, b.spos
    k = max(0, bisect_right(tpos, start) - 1)
    i = start
    while i < end:
        stop = min(tpos[k + 1] if k + 1 < len(tpos) else end, end)
        if stop > i:
            buf.add(text[i:stop], spos[k] + (i - tpos[k]))
        i = stop
        k += 1


def _content_map(tok: Token, text: str, starts: list[int], base: int) -> _Builder:
    """The inline token's content with the source offset of each character: each of
    its lines is found, in order, in the source lines the token spans."""
    b = _Builder()
    content = tok.content
    first = tok.map[0] if tok.map else 0
    last_line = (tok.map[1] if tok.map else len(starts) - 1) - 1
    cursor = starts[min(first, len(starts) - 1)]
    lines = content.split("\n")
    for k, cl in enumerate(lines):
        ln = min(first + k, last_line, len(starts) - 2)
        line_start, line_end = starts[ln], starts[ln + 1] - 1
        lo = max(cursor, line_start)
        i = text.find(cl, lo, line_end) if cl else lo
        if i < 0:
            i = max(lo, line_end - len(cl))
        if k:
            b.add("\n", base + max(line_start - 1, 0))
        b.add(cl, base + i)
        cursor = i + len(cl)
    return b


_SENT_END = re.compile(r"[.!?…]+[\"'’”»)\]]*(?=\s|$)")
_ABBREV = frozenset({"mr", "mrs", "ms", "dr", "st", "vs", "etc", "jr", "sr", "inc", "ltd",
                     "co", "no", "e.g", "i.e", "cf", "approx", "mt", "p", "pp", "fig"})


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of a block: cut after `.`, `!`, `?` or `…` (closing quotes and
    brackets kept) that white space follows; line breaks inside a paragraph do not
    end a sentence (Vale reads soft-wrapped lines as one paragraph). Common
    abbreviations and initials do not end one."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        if m.group()[0] == ".":
            w = text[max(0, m.start() - 8):m.start()].rsplit(None, 1)
            word = w[-1].lower() if w and not text[m.start() - 1:m.start()].isspace() \
                else ""
            if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                continue
        end = m.end()
        _span(out, text, pos, end)
        pos = end
    _span(out, text, pos, len(text))
    return out


def _span(out: list[tuple[int, int]], text: str, a: int, z: int) -> None:
    chunk = text[a:z]
    body = chunk.strip()
    if body:
        lead = len(chunk) - len(chunk.lstrip())
        out.append((a + lead, a + lead + len(body)))
