"""What one post sends to one channel: rendered thread parts, media, metadata.

Built once a post and channel, used by the dry run (shown), the clients (sent) and the
ledger (fingerprinted), so what a dry run shows is exactly what a real run sends.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smm.content import Post
from smm.project import Project
from smm.publish.ledger import content_hash
from smm.render import Rendered, render


@dataclass(frozen=True)
class MediaItem:
    path: Path
    rel: str  # brand-relative, as a public media URL would end
    alt: str | None
    kind: str  # image | gif | video
    title: str | None = None

    @property
    def mime(self) -> str:
        return mimetypes.guess_type(self.path.name)[0] or "application/octet-stream"


@dataclass
class PostView:
    post_id: str
    channel: str
    platform: str
    parts: list[Rendered]
    media: list[MediaItem]
    lang: str
    title: str
    publish_at: dt.datetime | None
    meta: dict[str, Any] = field(default_factory=dict)  # link, tags, content_warning

    @property
    def texts(self) -> list[str]:
        return [p.text for p in self.parts]

    @property
    def hash(self) -> str:
        return content_hash(self.texts, [(m.rel, m.alt) for m in self.media])

    def joined(self, sep: str = "\n\n") -> str:
        """All parts as one text, for platforms without reply chains."""
        return sep.join(t for t in self.texts if t)


def build(project: Project, post: Post, channel: str, *, tags: bool = True) -> PostView:
    """`tags=False`: without UTM tags (what a post published before `utm:` was set sent)."""
    platform = project.channels[channel].platform
    parts = [render(p.text, platform) for p in post.parts(channel)]
    tag = None
    if tags and "utm" in project.strategy:  # UTM tags, as the checks and previews count them
        from smm.utm import tagger

        tag = tagger(project, channel)
    params = tag.params(post, post.lang(project)) if tag is not None else ()
    if tag is not None and params:
        parts = [tag.apply(p, params) for p in parts]
    parts = [p for p in parts if p.text.strip()] or parts[:1]
    media = []
    for m in post.media_for(channel):
        try:
            rel = m.path.resolve().relative_to(project.root.resolve()).as_posix()
        except ValueError:
            rel = m.path.name
        media.append(MediaItem(m.path, rel, m.alt, m.kind, getattr(m, "title", None)))
    meta = {k: post.get(k) for k in ("link", "tags", "content_warning") if post.get(k)}
    if tag is not None and params and isinstance(meta.get("link"), str):
        meta["link"] = tag.url(meta["link"], params)
    return PostView(post.id, channel, platform, parts, media, post.lang(project),
                    post.title, post.publish_at, meta)
