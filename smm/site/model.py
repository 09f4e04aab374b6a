"""The site's view of the project: each post with its schedule and per-channel status.

The status of a post on a channel is smm.status's (the one model `smm status`, `smm
publish` and the pull-request comment read): draft, scheduled, due, publishing,
published, failed, unknown, missed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar
from urllib.parse import urlsplit

from smm import status
from smm.content import Post
from smm.project import Project
from smm.site import urls
from smm.site.sources import Record, Sources

STATUSES = status.STATES
_V = TypeVar("_V")


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: only such links reach an href."""
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


_MD_LINK = re.compile(r"@?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"\*\*|`")


def display_title(title: str) -> str:
    """A post's title as a reader sees it: its first line without Markdown furniture
    (link and mention syntax, emphasis marks). Still plain text: escaped where shown."""
    return _MD_MARK.sub("", _MD_LINK.sub(r"\1", title)).strip() or title


@dataclass
class ChannelState:
    id: str
    platform: str
    status: str
    record: Record | None = None
    metrics: dict[str, tuple[dt.date, float]] = field(default_factory=dict)
    attention: bool = False
    blocked: str | None = None  # the validation error that keeps it from going out

    @cached_property  # read by the post page and calendar.ics: parsed once
    def url(self) -> str | None:
        return safe_url(self.record.url if self.record else None)


@dataclass
class Entry:
    post: Post
    src: str  # the post page's source path in the docs folder
    when: dt.datetime | None  # in the team's timezone
    channels: list[ChannelState]

    @property
    def title(self) -> str:
        return display_title(self.post.title)

    @property
    def campaign(self) -> str | None:
        c = self.post.get("campaign")
        return c if isinstance(c, str) else None

    @property
    def status(self) -> str:
        if not self.channels:
            return "draft" if self.post.draft else "scheduled"
        return status.overall(c.status for c in self.channels)

    @property
    def attention(self) -> bool:
        return any(c.attention for c in self.channels)

    @property
    def statuses(self) -> list[str]:
        return sorted({c.status for c in self.channels})

    @property
    def day(self) -> dt.date | None:
        return self.when.date() if self.when else None


def entries(project: Project, posts: list[Post], sources: Sources,
            now: dt.datetime, *, renames: dict[str, list[str]] | None = None,
            blocked: dict[str, str] | None = None) -> list[Entry]:
    """Every post, sorted by time (unscheduled last), with its per-channel status as
    smm.status decides it. `renames` and `blocked` as smm.status.classify takes them."""
    found = status.classify(project, posts, lambda ids, ch: _first(sources.records, ids, ch),
                            now, renames=renames, blocked=blocked)
    by_post: dict[int, list[status.Status]] = {}
    for st in found:
        by_post.setdefault(id(st.post), []).append(st)
    out: list[Entry] = []
    taken: set[str] = set()
    for post in posts:
        when = post.publish_at.astimezone(project.timezone) if post.publish_at else None
        ids = tuple(status.ids_of(post, renames))
        chans = [ChannelState(st.channel, project.channels[st.channel].platform, st.state,
                              st.record, _first(sources.latest, ids, st.channel) or {},
                              st.attention, st.blocked)
                 for st in sorted(by_post.get(id(post), []),
                                  key=lambda st: post.channels.index(st.channel))]
        src = urls.post_src(post.id)
        if src in taken:  # two ids that slug alike: keep both pages
            src = src[:-3] + "-" + str(len(taken)) + ".md"
        taken.add(src)
        out.append(Entry(post, src, when, chans))
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    out.sort(key=lambda e: (e.when or far, e.post.id))
    return out


def _first(table: Mapping[tuple[str, str], _V], ids: Sequence[str], channel: str
           ) -> _V | None:
    for pid in ids:
        hit = table.get((pid, channel))
        if hit is not None:
            return hit
    return None
