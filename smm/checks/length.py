"""Length and platform text rules, per channel and per thread part."""

from __future__ import annotations

from typing import Any

from smm.content import Post
from smm.diagnostics import Diagnostic
from smm.preview import ChannelView


def check(post: Post, view: ChannelView) -> list[Diagnostic]:
    """The counts over their limits and the platform's text rules, per thread part.
    (Lists, not generators: most views have nothing to report, and check_post runs
    these for every view.)"""
    out: list[Diagnostic] = []
    parts = view.parts
    for part in parts:
        text = part.rendered.text
        if not text or text.isspace():
            out.append(Diagnostic(post.rel, part.line, 1, "error", "body.empty",
                                  f"{view.label}: the text is empty once rendered (comments "
                                  "or markup alone): write what the post says",
                                  view.channel.id))
        for c in part.counts:
            if not c.valid:
                out.append(_over(post, view, part.index, part.line, c))
        for issue in part.issues:
            out.append(Diagnostic(post.rel, _line_of(part.markdown, part.rendered.text,
                                                     issue.offset, part.line),
                                  1, issue.severity, issue.rule,
                                  f"{view.label}: {issue.message}", view.channel.id))
    return out


def _over(post: Post, view: ChannelView, index: int, line: int, c: Any) -> Diagnostic:
    ch = view.channel
    where = f" (thread part {index + 1})" if len(view.parts) > 1 else ""
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
    return Diagnostic(post.rel, line, 1, "error", f"length.{ch.platform}", msg, ch.id)


# Per platform name: the platform object when it counts fields beyond the text, with
# whether it has a title and tags; None when it has neither (most platforms).
_field_counters: dict[str, tuple[Any, bool, bool] | None] = {}


def _fields_of(name: str) -> tuple[Any, bool, bool] | None:
    if name not in _field_counters:
        from smm import platforms

        plat = platforms.get(name)
        title, tags = hasattr(plat, "count_title"), hasattr(plat, "count_tags")
        _field_counters[name] = (plat, title, tags) if title or tags else None
    return _field_counters[name]


def check_fields(post: Post, view: ChannelView) -> list[Diagnostic]:
    """Fields beyond the text where a platform counts them: YouTube's title and tags."""
    ch = view.channel
    known = _fields_of(ch.platform)
    if known is None:
        return []
    plat, has_title, has_tags = known
    out = []
    if has_title:
        line = post.pos("title")[0] if "title" in post.meta else 1
        if "title" not in post.meta:
            out.append(Diagnostic(post.rel, 1, 1, "warning", f"length.{ch.platform}.title",
                                  f"{view.label}: no `title:`; the first line is used: "
                                  f"{post.title!r}", ch.id))
        c = plat.count_title(post.title, view.limits)
        if not c.valid:
            out.append(Diagnostic(post.rel, line, 1, "error", f"length.{ch.platform}.title",
                                  f"{view.label}: title is {c.length} {c.unit} of {c.limit}: "
                                  "shorten it", ch.id))
        for issue in plat.check_title(post.title):
            out.append(Diagnostic(post.rel, line, 1, issue.severity, issue.rule,
                                  f"{view.label}: title: {issue.message}", ch.id))
    tags = post.get("tags")
    if has_tags and isinstance(tags, list):
        c = plat.count_tags([str(t) for t in tags], view.limits)
        if not c.valid:
            out.append(Diagnostic(post.rel, post.pos("tags")[0], 1, "error",
                                  f"length.{ch.platform}.tags",
                                  f"{view.label}: tags are {c.length} {c.unit} in all, at "
                                  f"most {c.limit}: remove some", ch.id))
    return out


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
