"""Each channel's view of a post: rendered thread parts, their counts, media.

The one place where a post meets a platform. The length checks, `smm preview`, the
pull-request comment and the site all read these views, so they always agree.
"""

from __future__ import annotations

import weakref
from typing import Any

from smm import platforms
from smm.content import Media, Part, Post
from smm.platforms._common import BasePlatform
from smm.platforms._value import Record
from smm.platforms.base import Count, Platform, TextIssue
from smm.project import Channel, Project
from smm.render import RENDERS_OWN_WAY, Rendered, _render, render


class PartView(Record):
    __slots__ = _fields = ("index", "line", "markdown", "rendered", "counts", "issues")
    index: int  # 0-based position in the thread
    line: int  # file line where this part's Markdown starts
    markdown: str
    rendered: Rendered
    counts: list[Count]
    issues: list[TextIssue]

    def __init__(self, index: int, line: int, markdown: str, rendered: Rendered,
                 counts: list[Count], issues: list[TextIssue]) -> None:
        self.index = index
        self.line = line
        self.markdown = markdown
        self.rendered = rendered
        self.counts = counts
        self.issues = issues

    @property
    def valid(self) -> bool:
        return all(c.valid for c in self.counts) and not any(
            i.severity == "error" for i in self.issues
        ) and not self.rendered.text.isspace() and self.rendered.text != ""


class ChannelView(Record):
    __slots__ = _fields = ("channel", "label", "parts", "media", "limits", "is_variant")
    channel: Channel
    label: str
    parts: list[PartView]
    media: list[Media]
    limits: dict[str, Any]
    is_variant: bool

    def __init__(self, channel: Channel, label: str, parts: list[PartView],
                 media: list[Media], limits: dict[str, Any], is_variant: bool) -> None:
        self.channel = channel
        self.label = label
        self.parts = parts
        self.media = media
        self.limits = limits
        self.is_variant = is_variant

    @property
    def text(self) -> str:
        return "\n\n".join(p.rendered.text for p in self.parts)

    @property
    def valid(self) -> bool:
        return all(p.valid for p in self.parts)


# What a view needs of its channel (the Channel itself, its platform and limits) is
# looked up once per project and channel, not once per post: a validate run builds
# tens of thousands of views over a handful of channels.
class _Setup:
    __slots__ = ("channel", "platform", "limits", "name", "label", "threads", "count",
                 "check_text", "own_way", "quiet", "tagger")

    def __init__(self, ch: Channel, plat: Platform, limits: dict[str, Any]) -> None:
        self.channel = ch
        self.platform = plat
        self.limits = limits
        self.name = ch.platform
        self.label = plat.label
        self.threads = plat.threads
        self.count = plat.count
        # None for the platforms without text rules (BasePlatform's check_text: no issue).
        self.check_text = None if getattr(type(plat), "check_text", None) is \
            BasePlatform.check_text else plat.check_text
        self.own_way = self.name in RENDERS_OWN_WAY  # else rendered as on X: see render()
        # Whether smm.checks' field and media checks find nothing in a view of a post
        # without media: no field beyond the text counted (YouTube's title and tags) and
        # no media rule that a post without media breaks (see smm.checks.media.check).
        rules = limits.get("media") or {}
        most = rules.get("max_items")
        self.quiet = not (hasattr(plat, "count_title") or hasattr(plat, "count_tags")
                          or rules.get("required") or isinstance(most, int) and most < 0)
        self.tagger: Any = None  # smm.utm.Tagger when strategy.yaml has `utm:`


_setups: dict[int, dict[str, _Setup]] = {}


def _setup(project: Project, channel_id: str) -> _Setup:
    ch = project.channels[channel_id]
    known = _setups.get(id(project))
    if known is None:
        known = _setups[id(project)] = {}
        weakref.finalize(project, _setups.pop, id(project), None)
    got = known.get(channel_id)
    if got is None or got.channel is not ch:
        got = known[channel_id] = _Setup(ch, platforms.get(ch.platform),
                                         project.limits(channel_id))
        if "utm" in project.strategy:  # a brand without UTM tags never imports smm.utm
            from smm.utm import tagger

            got.tagger = tagger(project, channel_id)
    return got


def channel_view(project: Project, post: Post, channel_id: str) -> ChannelView:
    return _view(_setup(project, channel_id), post, channel_id, project)


def channel_views(project: Project, post: Post) -> list[ChannelView]:
    known = _setups.get(id(project))
    chans = project.channels
    out = []
    for c in post.channels:
        s = known.get(c) if known is not None else None
        if s is None or s.channel is not chans[c]:
            s = _setup(project, c)
        out.append(_view(s, post, c, project))
    return out


def checked_views(project: Project, post: Post) -> list[ChannelView | tuple[Channel, str]]:
    """Each channel's view of the post; or, when smm.checks' length, field and media
    checks can find nothing in it (every count valid, no text issue, no media, no field
    or media rule in play: most views), only its channel and its text, without the view
    objects. tests/test_checked_view.py holds check_post's use of it to the views.
    With UTM tags (smm.utm) the counts see the tagged text, and the text handed back is
    the untagged one: the voice reads no link (it blanks them), and one text for all of
    a post's channels lets its memo serve them all."""
    known = _setups.get(id(project))
    chans = project.channels
    variants, shared, media = post.variants, post.shared, post.media
    out: list[ChannelView | tuple[Channel, str]] = []
    for c in post.channels:
        s = known.get(c) if known is not None else None
        if s is None or s.channel is not chans[c]:
            s = _setup(project, c)
        if media or not s.quiet:
            out.append(_view(s, post, c, project))
            continue
        raw_parts = variants.get(c) or shared
        if len(raw_parts) > 1 and not s.threads:
            raw_parts = [Part("\n\n".join(p.text for p in raw_parts), raw_parts[0].line)]
        limits, count, check_text, tag = s.limits, s.count, s.check_text, s.tagger
        params = None
        texts = []
        for part in raw_parts:
            md = part.text
            r = render(md, s.name) if s.own_way else _render(md, "x")
            plain = text = r.text
            if tag is not None and r.spans:  # UTM tags: made for a part with links only
                if params is None:
                    params = tag.params(post, _lang(post, project))
                text = tag.apply(r, params).text
            for x in count(text, limits):
                if not x.valid:
                    break
            else:
                if text and not text.isspace() and (
                        check_text is None or not check_text(text, limits)):
                    texts.append(plain)
                    continue
            out.append(_view(s, post, c, project))  # a finding: the checks read it all
            break
        else:
            out.append((s.channel, texts[0] if len(texts) == 1 else "\n\n".join(texts)))
    return out


def _lang(post: Post, project: Project) -> str:
    v = post.get("lang")
    return v if isinstance(v, str) else project.lang


def _view(s: _Setup, post: Post, channel_id: str, project: Project) -> ChannelView:
    variants = post.variants
    raw_parts = variants.get(channel_id) or post.shared  # as post.parts(channel_id)
    if len(raw_parts) > 1 and not s.threads:
        # Platforms without reply chains get the whole body as one text.
        raw_parts = [Part("\n\n".join(p.text for p in raw_parts), raw_parts[0].line)]
    name, limits, count, check_text, own_way = s.name, s.limits, s.count, s.check_text, \
        s.own_way
    tag = s.tagger
    params = None
    views = []
    for i, part in enumerate(raw_parts):
        md = part.text
        r = render(md, name) if own_way else _render(md, "x")
        if tag is not None and r.spans:  # UTM tags: made for a part with links only
            if params is None:
                params = tag.params(post, _lang(post, project))
            r = tag.apply(r, params)
        text = r.text
        views.append(PartView(i, part.line, md, r, count(text, limits),
                              check_text(text, limits) if check_text else []))
    return ChannelView(s.channel, s.label, views,
                       post.media_for(channel_id) if post.media else [], limits,
                       channel_id in variants)
