"""Markdown -> the plain text each platform shows, with link, mention and tag spans.

Platforms do not render Markdown, so smm does: the length checks count this text, the
publishers send it (Bluesky facets come from the spans), and the site previews it.
The input is one thread part of a post body, already split, without front-matter.

Choices, and why:

- Paragraphs are separated by one blank line; soft and hard line breaks both become a
  newline, because people write posts line by line.
- Emphasis, strong, strikethrough and code lose their markers and keep their text: no
  Unicode "bold" letters, which screen readers spell out or skip.
- Headings are their text as a paragraph. Bullet items are "• item", ordered items
  "1. item" (numbering from the list's start); nested lists and continuation lines
  are indented two spaces. Loose lists keep blank lines between items.
- Block quotes are prefixed "> " on every line: the text stays visibly a quotation
  (attribution matters to brand and legal reviewers) and the prefix is plain ASCII.
- Images in the body show nothing (media belong in front-matter); HTML comments such
  as `<!-- vale off -->` vanish; any other raw HTML is shown literally, as platforms
  would show it; thematic breaks show nothing.
- `[text](url)`: on Bluesky the text alone, with a link span carrying the full URI
  (a facet). Everywhere else "text (url)", the span covering the URL: parentheses
  read naturally mid-sentence, and every platform's linkifier (twitter-text,
  Mastodon) handles balanced parentheses. Instagram too: its captions do not link,
  a separate check warns. When the text only repeats the URL (or for `<url>`), the
  URL alone. Links without a scheme (relative links) show their text, no span.
- Bare http(s) URLs are found by an inline rule that runs before emphasis, so
  underscores and asterisks inside URLs survive; trailing sentence punctuation and
  unbalanced closing brackets stay outside. On Bluesky a URL's visible text is
  shortened the way the Bluesky app does it (host + 13 characters + "..."), its span
  keeps the full URI.
- Tags: `#` then letters, marks, digits, `_`, with at least one letter, not after a
  word character. Mentions: `@name`, `@user@domain`, `@alice.bsky.social`, value as
  written. On Bluesky only domain handles are mentions (a facet needs a resolvable
  handle); on LinkedIn and Facebook "@name" is plain text, so no mention span there.
  LinkedIn's `@[Name](urn:li:...)` shows "Name": on LinkedIn a mention span with the
  URN; elsewhere no span and no "@", which would tag an unrelated account.
- Escaped characters, code and raw HTML are literal: `\\#launch` shows "#launch" but is
  no tag span; nothing inside link text or a URL becomes a tag or mention.
- Output has no trailing whitespace and no trailing newline.

Speed: a body with no Markdown syntax at all, or with only the inline syntax posts use
(emphasis, inline links, code, escapes) in plain paragraphs, takes a fast path that
skips markdown-it (the tests check that the paths agree); results are cached by (markdown, platform)
because a validate run and a preview render the same parts again. markdown-it and
`regex` are imported on the first render, not with this module.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from smm.platforms import _value

PLATFORMS = frozenset(
    {"x", "linkedin", "facebook", "instagram", "threads", "youtube", "tiktok",
     "mastodon", "bluesky", "webhook"}
)


class Span(NamedTuple):
    start: int  # str index into Rendered.text (code points), inclusive
    end: int  # exclusive
    kind: str  # "link" | "mention" | "tag"
    value: str  # link: full URI; mention: handle or URN without '@'; tag: without '#'


_value.strict(Span)


class Rendered(NamedTuple):
    text: str
    spans: tuple[Span, ...]

    def byte_spans(self) -> list[tuple[int, int, Span]]:
        """Each span with UTF-8 byte offsets into `text`, as Bluesky facets need them."""
        out: list[tuple[int, int, Span]] = []
        pos = byte = 0
        for s in self.spans:  # sorted by start: count each stretch of text once
            byte += len(self.text[pos : s.start].encode("utf-8", "surrogatepass"))
            pos = s.start
            width = len(self.text[s.start : s.end].encode("utf-8", "surrogatepass"))
            out.append((byte, byte + width, s))
        return out


_value.strict(Rendered)


# The platforms whose rendering differs from X's (Bluesky shortens links and keeps only
# domain handles, LinkedIn writes links its own way, neither LinkedIn nor Facebook
# links a typed @mention). Every other platform shows a body exactly as X does, so a
# post sent to x, threads and mastodon is rendered once; tests/test_render.py checks
# that the renderers agree on it.
RENDERS_OWN_WAY = frozenset({"bluesky", "linkedin", "facebook"})


def render(markdown: str, platform: str) -> Rendered:
    """`markdown` (one thread part) as `platform` shows it; unknown platforms render like X."""
    if platform in RENDERS_OWN_WAY and _differs(markdown, platform):
        return _render(markdown, platform)
    return _render(markdown, "x")


def _differs(markdown: str, platform: str) -> bool:
    """Whether `markdown` may render on `platform` (one of RENDERS_OWN_WAY) otherwise than
    on X. A body without the constructs where they differ is rendered once for both (a
    post to LinkedIn and Facebook, or to Bluesky without a link); tests/test_render.py
    checks that the renderings agree. An entity (`&`) could spell any of them."""
    if "@" in markdown or "&" in markdown:
        return True  # mentions differ on all three
    if platform == "bluesky":
        return ":" in markdown  # URLs (bare, autolinks, links): short text, facets
    if platform == "linkedin":  # a link to urn:li:... is a mention there
        return ":" in markdown and "urn" in markdown.lower()
    return False


@lru_cache(maxsize=4096)
def _render(markdown: str, platform: str) -> Rendered:
    fast = (_fast or _load_fast())(markdown, platform)
    if fast is None:
        from smm._render_md import render_md

        fast = render_md(markdown, platform)
    text, spans = fast
    return _new(Rendered, (text.rstrip(), tuple(spans)))


_new = tuple.__new__  # Rendered(...) without its __new__'s call
_fast: Callable[[str, str], tuple[str, list[Span]] | None] | None = None


def _load_fast() -> Callable[[str, str], tuple[str, list[Span]] | None]:
    """smm._render_text.fast, imported on the first render (not with this module) and
    then kept here: an import statement per render costs a call into importlib."""
    global _fast
    from smm._render_text import fast

    _fast = fast
    return fast
