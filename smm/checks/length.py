"""Length and platform text rules, per channel and per thread part."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from smm.content import Post
from smm.diagnostics import Diagnostic
from smm.preview import ChannelView


def check(post: Post, view: ChannelView) -> Iterator[Diagnostic]:
    ch = view.channel
    many = len(view.parts) > 1
    for part in view.parts:
        where = f" (thread part {part.index + 1})" if many else ""
        for c in part.counts:
            if c.valid:
                continue
            over = c.length - c.limit
            if c.length > c.limit:
                how = "shorten it"
                if view.parts and _threads(ch.platform):
                    how += " or split it into a thread with a line `---`"
                msg = (f"{view.label}: {c.field} is {c.length} {c.unit} of {c.limit}{where}, "
                       f"{over} over: {how}")
            else:
                msg = f"{view.label}: {c.field} is not valid{where}: remove the invisible " \
                      "characters (U+FEFF, U+FFFE, U+FFFF) it holds"
            if c.note:
                msg += f" ({c.note})"
            yield Diagnostic(post.rel, part.line, 1, "error", f"length.{ch.platform}", msg, ch.id)
        for issue in part.issues:
            yield Diagnostic(post.rel, _line_of(part.markdown, part.rendered.text, issue.offset,
                                                part.line),
                             1, issue.severity, issue.rule, f"{view.label}: {issue.message}",
                             ch.id)


def check_fields(post: Post, view: ChannelView) -> Iterator[Diagnostic]:
    """Fields beyond the text where a platform counts them: YouTube's title and tags."""
    from smm import platforms

    plat: Any = platforms.get(view.channel.platform)
    ch = view.channel
    if hasattr(plat, "count_title"):
        line = post.pos("title")[0] if "title" in post.meta else 1
        if "title" not in post.meta:
            yield Diagnostic(post.rel, 1, 1, "warning", f"length.{ch.platform}.title",
                             f"{view.label}: no `title:`; the first line is used: "
                             f"{post.title!r}", ch.id)
        c = plat.count_title(post.title, view.limits)
        if not c.valid:
            yield Diagnostic(post.rel, line, 1, "error", f"length.{ch.platform}.title",
                             f"{view.label}: title is {c.length} {c.unit} of {c.limit}: "
                             "shorten it", ch.id)
        for issue in plat.check_title(post.title):
            yield Diagnostic(post.rel, line, 1, issue.severity, issue.rule,
                             f"{view.label}: title: {issue.message}", ch.id)
    tags = post.get("tags")
    if hasattr(plat, "count_tags") and isinstance(tags, list):
        c = plat.count_tags([str(t) for t in tags], view.limits)
        if not c.valid:
            yield Diagnostic(post.rel, post.pos("tags")[0], 1, "error",
                             f"length.{ch.platform}.tags",
                             f"{view.label}: tags are {c.length} {c.unit} in all, at most "
                             f"{c.limit}: remove some", ch.id)


def _threads(platform: str) -> bool:
    from smm import platforms

    return platforms.get(platform).threads


def _line_of(markdown: str, text: str, offset: int | None, first: int) -> int:
    """The source line of a rendered offset: find the word there in the Markdown."""
    if offset is None or not (0 <= offset < len(text)):
        return first
    word = text[offset:offset + 12].split()
    if word:
        at = markdown.find(word[0])
        if at >= 0:
            return first + markdown.count("\n", 0, at)
    return first
